package org.nestsim.cpu;

/**
 * Facility bits shared by FSCR and HFSCR, and their interrupt-cause codes (spec §10.5). The cause code
 * of a facility is its bit number from the least-significant end; on an unavailable-facility interrupt
 * it is written into the register's top byte.
 */
public final class Facility {
  private Facility() {}

  public static final int FP = 0;
  public static final int VECVSX = 1;
  public static final int DSCR = 2;
  public static final int PM = 3;
  public static final int BHRB = 4;
  public static final int TM = 5;
  public static final int EBB = 7;
  public static final int TAR = 8;
  public static final int STOP = 9;
  public static final int MSGP = 10;
  public static final int LM = 11;
  public static final int SCV = 12;
  public static final int PREFIX = 13;

  /** Mask of the interrupt-cause field, IBM bits 0:7. */
  public static final long IC_MASK = 0xFF00_0000_0000_0000L;
  public static final int IC_SHIFT = 56;

  /** The mask of facility {@code code} in FSCR/HFSCR. */
  public static long bit(int code) {
    return 1L << code;
  }

  /** The register with its cause field replaced by {@code code}. */
  public static long withCause(long register, int code) {
    return (register & ~IC_MASK) | ((long) code << IC_SHIFT);
  }
}
