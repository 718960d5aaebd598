package org.nestsim.cpu.asm;

/**
 * The operand kinds of the instruction table: where each sits in the 32-bit word, how it is written in
 * source and printed by the {@link Disassembler}, and its range. The constants mirror the operand table
 * of GNU binutils ({@code opcodes/ppc-opc.c}), so that what GNU {@code as} accepts and what {@code
 * objdump} prints can be matched one operand at a time.
 *
 * <p>Most operands are a plain bit field ({@code bits} wide, {@code shift} bits above the least
 * significant bit). The others say why they are special: split fields (spr, sh, mb), branch targets
 * relative to the instruction, update-form base registers with their invalid forms, and <em>derived</em>
 * operands that are not written in source but computed from fields inserted before them (the {@code RB
 * = RS} of {@code mr}, the {@code ME = 31 - SH} of {@code slwi}); when disassembling, a derived operand
 * whose relation does not hold rejects the extended mnemonic so that the next table entry is tried.
 */
public enum Operand {
  RT("rT", Kind.GPR, 5, 21, 0),
  RS("rS", Kind.GPR, 5, 21, 0),
  RA("rA", Kind.GPR, 5, 16, 0),
  RB("rB", Kind.GPR, 5, 11, 0),
  /** (RA|0) of an indexed load or store: printed {@code 0} when zero. */
  RA0("rA", Kind.GPR0, 5, 16, 0),
  /** (RA|0) as the base of {@code D(rA)}. */
  RA0_PARENS("rA", Kind.GPR0, 5, 16, Flag.PARENS),
  /** Base of an indexed load with update: neither 0 nor RT. */
  RA_LOAD_UPDATE("rA", Kind.GPR, 5, 16, 0),
  RA_LOAD_UPDATE_PARENS("rA", Kind.GPR, 5, 16, Flag.PARENS),
  /** Base of an indexed store (or FP load) with update: not 0. */
  RA_STORE_UPDATE("rA", Kind.GPR, 5, 16, 0),
  RA_STORE_UPDATE_PARENS("rA", Kind.GPR, 5, 16, Flag.PARENS),
  /** Derived: RB = RS ({@code mr}, {@code not}). */
  RB_IS_RS("", Kind.DERIVED, 5, 11, 0),
  FRT("frT", Kind.FPR, 5, 21, 0),
  FRS("frS", Kind.FPR, 5, 21, 0),
  BF("BF", Kind.CR_FIELD, 3, 23, 0),
  BF_OPTIONAL("BF", Kind.CR_FIELD, 3, 23, Flag.OPTIONAL),
  BFA("BFA", Kind.CR_FIELD, 3, 18, 0),
  /** The CR field of an extended conditional branch: the high three bits of BI. */
  CR("crN", Kind.CR_FIELD, 3, 18, Flag.OPTIONAL),
  BT("BT", Kind.CR_BIT, 5, 21, 0),
  BA("BA", Kind.CR_BIT, 5, 16, 0),
  BB("BB", Kind.CR_BIT, 5, 11, 0),
  BI("BI", Kind.CR_BIT, 5, 16, 0),
  BC("BC", Kind.CR_BIT, 5, 6, 0),
  /** Derived: BA = BT ({@code crset}, {@code crclr}). */
  BA_IS_BT("", Kind.DERIVED, 5, 16, 0),
  /** Derived: BB = BT. */
  BB_IS_BT("", Kind.DERIVED, 5, 11, 0),
  /** Derived: BB = BA ({@code crnot}, {@code crmove}). */
  BB_IS_BA("", Kind.DERIVED, 5, 11, 0),
  /** BO of {@code bc} and {@code bclr}: the encodings GNU as accepts for POWER4 and later. */
  BO("BO", Kind.UNSIGNED, 5, 21, 0),
  /** BO of {@code bcctr}: as {@link #BO}, and it must not decrement CTR. */
  BO_NO_CTR("BO", Kind.UNSIGNED, 5, 21, 0),
  BH("BH", Kind.UNSIGNED, 2, 11, Flag.OPTIONAL),
  /** 14-bit word displacement, written as the target address. */
  BD("target", Kind.RELATIVE, 14, 2, 0),
  BD_ABSOLUTE("target", Kind.ABSOLUTE, 14, 2, 0),
  /** 24-bit word displacement, written as the target address. */
  LI("target", Kind.RELATIVE, 24, 2, 0),
  LI_ABSOLUTE("target", Kind.ABSOLUTE, 24, 2, 0),
  SI("SI", Kind.SIGNED, 16, 0, 0),
  /** {@code addis}/{@code lis}: signed, or an unsigned 16-bit value. */
  SI_OR_UI("SI", Kind.SIGNED, 16, 0, 0),
  UI("UI", Kind.UNSIGNED, 16, 0, 0),
  /** {@code cmpli}: unsigned, or a negative 16-bit value. */
  UI_OR_SI("UI", Kind.UNSIGNED, 16, 0, 0),
  /** {@code subi}: the negation goes into SI. */
  NEGATED_SI("SI", Kind.SIGNED, 16, 0, 0),
  /** {@code subis}: the negation goes into SI, unsigned values allowed. */
  NEGATED_SI_OR_UI("SI", Kind.SIGNED, 16, 0, 0),
  D("D", Kind.SIGNED, 16, 0, 0),
  /** A displacement that is a multiple of 4 (DS form). */
  DS("DS", Kind.SIGNED, 14, 2, 0),
  SH("SH", Kind.UNSIGNED, 5, 11, 0),
  MB("MB", Kind.UNSIGNED, 5, 6, 0),
  ME("ME", Kind.UNSIGNED, 5, 1, 0),
  /** {@code clrrwi n}: ME = 31 - n. */
  ME_CLEAR_RIGHT("n", Kind.UNSIGNED, 5, 1, 0),
  /** Derived for {@code slwi}: ME = 31 - SH. */
  ME_IS_31_MINUS_SH("", Kind.DERIVED, 5, 1, 0),
  /** Derived for {@code srwi}: SH = 32 - MB (mod 32). */
  SH_IS_32_MINUS_MB("", Kind.DERIVED, 5, 11, 0),
  /** 6-bit shift of the MD and XS forms: low five bits in 16:20, the sixth in bit 30. */
  SH6("SH", Kind.UNSIGNED, 6, 0, 0),
  /** 6-bit mask begin of the MD and MDS forms: low five bits in 21:25, the sixth in bit 26. */
  MB6("MB", Kind.UNSIGNED, 6, 0, 0),
  /** 6-bit mask end, encoded as {@link #MB6}. */
  ME6("ME", Kind.UNSIGNED, 6, 0, 0),
  /** {@code clrrdi n}: ME = 63 - n. */
  ME6_CLEAR_RIGHT("n", Kind.UNSIGNED, 6, 0, 0),
  /** {@code extldi n}: ME = n - 1, n in 1..64. */
  ME6_LENGTH("n", Kind.UNSIGNED, 6, 0, 0),
  /** Derived for {@code sldi}: ME = 63 - SH. */
  ME6_IS_63_MINUS_SH("", Kind.DERIVED, 6, 0, 0),
  /** Derived for {@code srdi}: SH = 64 - MB (mod 64). */
  SH6_IS_64_MINUS_MB("", Kind.DERIVED, 6, 0, 0),
  TO("TO", Kind.UNSIGNED, 5, 21, 0),
  /** L of the compares: 0 = word, 1 = doubleword. */
  L("L", Kind.UNSIGNED, 1, 21, 0),
  /** L of {@code mtmsrd} (IBM bit 15). */
  L_MTMSRD("L", Kind.UNSIGNED, 1, 16, Flag.OPTIONAL),
  /** L of {@code sync}: 0 = hwsync, 1 = lwsync, 2 = ptesync. */
  L_SYNC("L", Kind.UNSIGNED, 2, 21, Flag.OPTIONAL),
  LEV("LEV", Kind.UNSIGNED, 7, 5, Flag.OPTIONAL),
  FXM("FXM", Kind.UNSIGNED, 8, 12, 0),
  /** FXM of {@code mtocrf}/{@code mfocrf}: exactly one bit set. */
  FXM_ONE_FIELD("FXM", Kind.UNSIGNED, 8, 12, 0),
  /** SPR number 0..1023, its two 5-bit halves swapped in the word (spec §10.8.1). */
  SPR("SPR", Kind.UNSIGNED, 10, 11, 0),
  /** The time base of {@code mftb rT,TBR}: 268 (TB) or 269 (TBU), encoded as an SPR number. */
  TBR("TBR", Kind.UNSIGNED, 10, 11, 0),
  /** n of {@code mfsprg rT,n} (SPR 272 + n): the low two bits of the spr field. */
  SPRG("n", Kind.UNSIGNED, 2, 16, 0),
  /** n of {@code mfibatu rT,n} and the other BATs (SPR 528 + 2n, ...). */
  BAT("n", Kind.UNSIGNED, 2, 17, 0);

  /** How an operand is written and printed. */
  enum Kind {
    GPR, GPR0, FPR, CR_FIELD, CR_BIT, SIGNED, UNSIGNED, RELATIVE, ABSOLUTE, DERIVED
  }

  /** Operand flags. */
  static final class Flag {
    private Flag() {}

    /** Written in parentheses after the previous operand: {@code D(rA)}. */
    static final int PARENS = 1;
    /** May be omitted; it is then 0. */
    static final int OPTIONAL = 2;
  }

  private final String syntax;
  private final Kind kind;
  private final int bits;
  private final int shift;
  private final int flags;

  Operand(String syntax, Kind kind, int bits, int shift, int flags) {
    this.syntax = syntax;
    this.kind = kind;
    this.bits = bits;
    this.shift = shift;
    this.flags = flags;
  }

  /** The name used in syntax summaries, e.g. {@code rT} or {@code SI}. */
  public String syntax() {
    return syntax;
  }

  Kind kind() {
    return kind;
  }

  boolean inParens() {
    return (flags & Flag.PARENS) != 0;
  }

  boolean optional() {
    return (flags & Flag.OPTIONAL) != 0;
  }

  /** Not written in source: computed from the fields inserted before it. */
  boolean derived() {
    return kind == Kind.DERIVED;
  }

  /** The bits of the word this operand writes. */
  int fieldMask() {
    return switch (this) {
      case SH6 -> 0x0000F802;
      case MB6, ME6, ME6_CLEAR_RIGHT, ME6_LENGTH, ME6_IS_63_MINUS_SH -> 0x000007E0;
      case SH6_IS_64_MINUS_MB -> 0x0000F802;
      case SPR, TBR -> 0x001FF800;
      default -> (int) (((1L << bits) - 1) << shift);
    };
  }

  /** The smallest value accepted in source. */
  long min() {
    return switch (this) {
      case SI, D, SI_OR_UI, UI_OR_SI -> -0x8000;
      case NEGATED_SI -> -0x7FFF;
      case NEGATED_SI_OR_UI -> -0xFFFF;
      case DS -> -0x8000;
      case ME6_LENGTH -> 1;
      default -> 0;
    };
  }

  /** The largest value accepted in source. */
  long max() {
    return switch (this) {
      case SI, D -> 0x7FFF;
      case SI_OR_UI, UI, UI_OR_SI -> 0xFFFF;
      case NEGATED_SI, NEGATED_SI_OR_UI -> 0x8000;
      case DS -> 0x7FFC;
      case ME6_LENGTH -> 64;
      case L_SYNC -> 2;
      case SPRG, BAT -> 3;
      default -> (1L << bits) - 1;
    };
  }

  /**
   * Writes {@code value} into {@code word}; {@code address} is the instruction's own address (for
   * relative branches). Throws {@link IllegalArgumentException} with a user-facing reason when the value
   * does not fit or makes an invalid form.
   */
  int insert(int word, long value, long address) {
    switch (kind) {
      case RELATIVE, ABSOLUTE -> {
        return insertTarget(word, value, address);
      }
      case DERIVED -> {
        return insertDerived(word);
      }
      default -> { }
    }
    if (value > max() && (kind == Kind.SIGNED || this == UI_OR_SI) && value - (1L << 32) >= min()
        && value - (1L << 32) <= max()) {
      value -= 1L << 32; // GNU as accepts a negative value sign-extended by hand to 32 bits only
    }
    if (value < min() || value > max()) {
      throw new IllegalArgumentException(outOfRange(value));
    }
    int v = (int) value;
    switch (this) {
      case RA_LOAD_UPDATE, RA_LOAD_UPDATE_PARENS -> {
        if (v == 0 || v == ((word >>> 21) & 31)) {
          throw new IllegalArgumentException(
              "invalid update form: rA must be neither 0 nor the target register rT");
        }
      }
      case RA_STORE_UPDATE, RA_STORE_UPDATE_PARENS -> {
        if (v == 0) {
          throw new IllegalArgumentException("invalid update form: rA must not be 0");
        }
      }
      case BO -> checkBo(v, false);
      case BO_NO_CTR -> checkBo(v, true);
      case DS -> {
        if ((v & 3) != 0) {
          throw new IllegalArgumentException("displacement " + v + " is not a multiple of 4");
        }
        return word | (v & 0xFFFC);
      }
      case NEGATED_SI, NEGATED_SI_OR_UI -> {
        return word | (-v & 0xFFFF);
      }
      case FXM_ONE_FIELD -> {
        if (Integer.bitCount(v) != 1) {
          throw new IllegalArgumentException("the field mask must select exactly one CR field, got " + v);
        }
      }
      case SH6 -> {
        return word | ((v & 31) << 11) | ((v >> 5) << 1);
      }
      case MB6, ME6 -> {
        return word | Fields.mb6(v);
      }
      case ME6_CLEAR_RIGHT -> {
        return word | Fields.mb6(63 - v);
      }
      case ME6_LENGTH -> {
        return word | Fields.mb6(v - 1);
      }
      case ME_CLEAR_RIGHT -> {
        return word | ((31 - v) << 1);
      }
      case SPR -> {
        return word | Fields.spr(v);
      }
      case TBR -> {
        if (v != 268 && v != 269) {
          throw new IllegalArgumentException("invalid time base register " + v + " (268 = TB or 269 = TBU)");
        }
        return word | Fields.spr(v);
      }
      default -> { }
    }
    return word | ((v & ((1 << bits) - 1)) << shift);
  }

  private static void checkBo(int bo, boolean noCtr) {
    if (!Fields.validBo(bo)) {
      throw new IllegalArgumentException("invalid BO value " + bo + " (a reserved bit is set)");
    }
    if (noCtr && (bo & 4) == 0) {
      throw new IllegalArgumentException("invalid BO value " + bo + ": bcctr cannot decrement CTR");
    }
  }

  private int insertTarget(int word, long target, long address) {
    long offset = kind == Kind.RELATIVE ? target - address : target;
    long limit = 1L << (bits + 1);
    if (kind == Kind.ABSOLUTE && offset >= limit && offset - (1L << 32) >= -limit) {
      offset -= 1L << 32; // a negative address written in 32 bits, as objdump prints it
    }
    String what = (kind == Kind.RELATIVE ? "branch target 0x" : "absolute branch target 0x")
        + Long.toHexString(target);
    if ((offset & 3) != 0) {
      throw new IllegalArgumentException(what + " is not a multiple of 4");
    }
    if (offset < -limit || offset >= limit) {
      String reach = limit >= 0x100000 ? (limit >> 20) + " MiB" : (limit >> 10) + " KiB";
      throw new IllegalArgumentException(what + " is out of reach ("
          + (kind == Kind.RELATIVE ? "offset " + offset + ", " : "") + "limit ±" + reach + ")");
    }
    return word | ((int) offset & (int) (((1L << bits) - 1) << 2));
  }

  private int insertDerived(int word) {
    return switch (this) {
      case RB_IS_RS -> word | (((word >>> 21) & 31) << 11);
      case BA_IS_BT -> word | (((word >>> 21) & 31) << 16);
      case BB_IS_BT -> word | (((word >>> 21) & 31) << 11);
      case BB_IS_BA -> word | (((word >>> 16) & 31) << 11);
      case ME_IS_31_MINUS_SH -> word | ((31 - ((word >>> 11) & 31)) << 1);
      case SH_IS_32_MINUS_MB -> word | (((32 - ((word >>> 6) & 31)) & 31) << 11);
      case ME6_IS_63_MINUS_SH -> word | Fields.mb6(63 - Fields.sh6(word));
      case SH6_IS_64_MINUS_MB -> {
        int sh = (64 - Fields.mb6Of(word)) & 63;
        yield word | ((sh & 31) << 11) | ((sh >> 5) << 1);
      }
      default -> throw new IllegalStateException(name() + " is not derived");
    };
  }

  /**
   * The operand's value in {@code word}: a register number, an immediate (sign-extended where
   * signed), or for branches the target address.
   */
  long extract(int word, long address) {
    return switch (this) {
      case BD, LI -> address + Fields.signExtend((word >>> shift) & ((1 << bits) - 1), bits) * 4L;
      case BD_ABSOLUTE, LI_ABSOLUTE -> Fields.signExtend((word >>> shift) & ((1 << bits) - 1), bits) * 4L;
      case SI, SI_OR_UI, D -> (short) word;
      case NEGATED_SI, NEGATED_SI_OR_UI -> -(short) word;
      case DS -> (short) (word & 0xFFFC);
      case SH6 -> Fields.sh6(word);
      case MB6, ME6 -> Fields.mb6Of(word);
      case ME6_CLEAR_RIGHT -> 63 - Fields.mb6Of(word);
      case ME6_LENGTH -> Fields.mb6Of(word) + 1;
      case ME_CLEAR_RIGHT -> 31 - ((word >>> 1) & 31);
      case SPR, TBR -> ((word >>> 16) & 31) | (((word >>> 11) & 31) << 5);
      default -> (word >>> shift) & ((1 << bits) - 1);
    };
  }

  /** Whether the operand's field in {@code word} is one this operand can have produced. */
  boolean valid(int word) {
    int rt = (word >>> 21) & 31;
    int ra = (word >>> 16) & 31;
    return switch (this) {
      case RA_LOAD_UPDATE, RA_LOAD_UPDATE_PARENS -> ra != 0 && ra != rt;
      case RA_STORE_UPDATE, RA_STORE_UPDATE_PARENS -> ra != 0;
      case BO -> Fields.validBo(rt);
      case BO_NO_CTR -> Fields.validBo(rt) && (rt & 4) != 0;
      case FXM_ONE_FIELD -> Integer.bitCount((word >>> 12) & 0xFF) == 1;
      case L_SYNC -> rt != 3;
      case TBR -> {
        int n = (int) extract(word, 0);
        yield n == 268 || n == 269;
      }
      case RB_IS_RS -> ((word >>> 11) & 31) == rt;
      case BA_IS_BT -> ra == rt;
      case BB_IS_BT -> ((word >>> 11) & 31) == rt;
      case BB_IS_BA -> ((word >>> 11) & 31) == ra;
      case ME_IS_31_MINUS_SH -> ((word >>> 1) & 31) == 31 - ((word >>> 11) & 31);
      case SH_IS_32_MINUS_MB -> ((word >>> 11) & 31) == ((32 - ((word >>> 6) & 31)) & 31);
      case ME6_IS_63_MINUS_SH -> Fields.mb6Of(word) == 63 - Fields.sh6(word);
      case SH6_IS_64_MINUS_MB -> Fields.sh6(word) == ((64 - Fields.mb6Of(word)) & 63);
      default -> true;
    };
  }

  /** The operand as {@code objdump} prints it. */
  String format(long value) {
    return switch (kind) {
      case GPR -> "r" + value;
      case GPR0 -> value == 0 ? "0" : "r" + value;
      case FPR -> "f" + value;
      case CR_FIELD -> "cr" + value;
      case CR_BIT -> Fields.crBit((int) value);
      case RELATIVE -> "0x" + Long.toHexString(value);
      case ABSOLUTE -> "0x" + Long.toHexString(value & 0xFFFF_FFFFL); // as objdump prints it
      default -> Long.toString(value);
    };
  }

  String outOfRange(long value) {
    return "operand " + value + " is out of range " + min() + ".." + max();
  }
}
