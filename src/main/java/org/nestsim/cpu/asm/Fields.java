package org.nestsim.cpu.asm;

/**
 * Bit-field helpers shared by {@link Operand}, the tables and the disassembler: the split fields of
 * spec §10.8.1 (spr, sh and mb of the MD forms), the BO rules of GNU as, and the CR bit names.
 */
final class Fields {
  private Fields() {}

  /** {@code lt}, {@code gt}, {@code eq}, {@code so} for CR0, else {@code 4*crN+xx}. */
  static String crBit(int bit) {
    String name = switch (bit & 3) {
      case 0 -> "lt";
      case 1 -> "gt";
      case 2 -> "eq";
      default -> "so";
    };
    return bit < 4 ? name : "4*cr" + (bit >> 2) + "+" + name;
  }

  /**
   * The BO values GNU as accepts with {@code -mpower4} and later: the "z" bits must be 0, and the
   * at = 01 hint encoding is reserved.
   */
  static boolean validBo(int bo) {
    return switch (bo & 0x14) {
      case 0 -> (bo & 1) == 0;
      case 0x14 -> bo == 0x14;
      case 0x04 -> (bo & 3) != 1;
      default -> (bo & 9) != 1;
    };
  }

  /** The spr field of SPR {@code n}: its low five bits in IBM bits 11:15, its high five in 16:20. */
  static int spr(int n) {
    return ((n & 31) << 16) | ((n >> 5) << 11);
  }

  /** The MD-form mb/me field of {@code v}: low five bits in IBM bits 21:25, the sixth in bit 26. */
  static int mb6(int v) {
    return ((v & 31) << 6) | (v & 32);
  }

  /** The 6-bit mb/me value of an MD or MDS word. */
  static int mb6Of(int word) {
    return ((word >>> 6) & 31) | (word & 32);
  }

  /** The 6-bit sh value of an MD or XS word: bits 16:20, and bit 30 as the high bit. */
  static int sh6(int word) {
    return ((word >>> 11) & 31) | ((word << 4) & 32);
  }

  /** {@code v}'s low {@code bits} bits as a signed number. */
  static long signExtend(int v, int bits) {
    int s = 32 - bits;
    return (v << s) >> s;
  }
}
