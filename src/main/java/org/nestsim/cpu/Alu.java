package org.nestsim.cpu;

/**
 * Fixed-point arithmetic with the side effects the ISA defines: XER[CA]/[CA32] for carrying
 * instructions, XER[OV]/[OV32]/[SO] for the {@code o} forms, CR0 for the record ({@code .}) forms,
 * compares, rotate masks and trap conditions. Static, allocation-free helpers over {@link VcpuState}.
 *
 * <p>All of NestSim's L2s run in 64-bit mode (MSR[SF]=1) unless they clear SF themselves; in 32-bit
 * mode CA and the CR0 comparison follow the low word, as the ISA says.
 */
final class Alu {
  private Alu() {}

  /**
   * {@code a + b + carryIn}, setting CA/CA32 when {@code setCarry} and OV/OV32/SO when {@code oe}.
   * Subtraction is {@code ~a + b + 1}.
   */
  static long add(VcpuState s, long a, long b, long carryIn, boolean setCarry, boolean oe) {
    long r = a + b + carryIn;
    if (setCarry) {
      long lowSum = (a & 0xFFFF_FFFFL) + (b & 0xFFFF_FFFFL) + carryIn;
      s.ca32 = (int) (lowSum >>> 32) & 1;
      if ((s.msr & Msr.SF) != 0) {
        // unsigned carry out of bit 0: compare as unsigned, taking the carry-in into account
        s.ca = Long.compareUnsigned(r, a) < 0 || (carryIn != 0 && r == a) ? 1 : 0;
      } else {
        s.ca = s.ca32;
      }
    }
    if (oe) {
      setOverflow(s, ((a ^ r) & (b ^ r)) < 0, (((a ^ r) & (b ^ r)) & 0x8000_0000L) != 0);
    }
    return r;
  }

  /** Sets OV and OV32 (and SO when either is set; SO is sticky). */
  static void setOverflow(VcpuState s, boolean ov64, boolean ov32) {
    boolean ov = (s.msr & Msr.SF) != 0 ? ov64 : ov32;
    s.ov = ov ? 1 : 0;
    s.ov32 = ov32 ? 1 : 0;
    if (ov) {
      s.so = 1;
    }
  }

  /** Sets OV, OV32 and SO to the same value (multiply and divide). */
  static void setOverflowBoth(VcpuState s, boolean ov) {
    s.ov = ov ? 1 : 0;
    s.ov32 = s.ov;
    if (ov) {
      s.so = 1;
    }
  }

  /** CR0 from a result: LT, GT or EQ against 0 (low word in 32-bit mode), and SO. */
  static void setCr0(VcpuState s, long result) {
    long v = (s.msr & Msr.SF) != 0 ? result : (int) result;
    int c = v < 0 ? 8 : v > 0 ? 4 : 2;
    setCrField(s, 0, c | s.so);
  }

  /** Sets CR field {@code bf} (0 = most significant) to the 4-bit value {@code bits}. */
  static void setCrField(VcpuState s, int bf, int bits) {
    int shift = 28 - 4 * bf;
    s.cr = (s.cr & ~(0xF << shift)) | ((bits & 0xF) << shift);
  }

  /** {@code cmp}/{@code cmpi} (signed) and {@code cmpl}/{@code cmpli} (unsigned) into CR field bf. */
  static void compare(VcpuState s, int bf, long a, long b, boolean doubleword, boolean signed) {
    int c;
    if (doubleword) {
      int r = signed ? Long.compare(a, b) : Long.compareUnsigned(a, b);
      c = r < 0 ? 8 : r > 0 ? 4 : 2;
    } else {
      int r = signed ? Integer.compare((int) a, (int) b) : Integer.compareUnsigned((int) a, (int) b);
      c = r < 0 ? 8 : r > 0 ? 4 : 2;
    }
    setCrField(s, bf, c | s.so);
  }

  /** A mask of IBM bits {@code mb}…{@code me} of a 64-bit value, wrapping when mb > me. */
  static long mask(int mb, int me) {
    long fromMb = -1L >>> mb;
    long toMe = -1L << (63 - me);
    return mb <= me ? fromMb & toMe : fromMb | toMe;
  }

  /** The low word replicated in both halves, as the 32-bit rotates rotate it. */
  static long rotl32(long v, int n) {
    long w = v & 0xFFFF_FFFFL;
    return Long.rotateLeft(w | (w << 32), n);
  }

  /** Whether a trap condition TO holds between a and b ({@code tw}: low words, sign-extended). */
  static boolean trap(int to, long a, long b) {
    return ((to & 0x10) != 0 && a < b)
        || ((to & 0x08) != 0 && a > b)
        || ((to & 0x04) != 0 && a == b)
        || ((to & 0x02) != 0 && Long.compareUnsigned(a, b) < 0)
        || ((to & 0x01) != 0 && Long.compareUnsigned(a, b) > 0);
  }

  /** popcntb: the population count of each byte, in that byte. */
  static long popcntb(long v) {
    long r = 0;
    for (int i = 0; i < 8; i++) {
      r |= (long) Long.bitCount((v >>> (8 * i)) & 0xFF) << (8 * i);
    }
    return r;
  }

  /** popcntw: the population count of each word, in that word. */
  static long popcntw(long v) {
    return ((long) Integer.bitCount((int) (v >>> 32)) << 32) | Integer.bitCount((int) v);
  }
}
