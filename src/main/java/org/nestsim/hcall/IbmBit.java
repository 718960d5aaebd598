package org.nestsim.hcall;

/**
 * IBM bit numbering (spec §0.1): bit 0 is the most significant bit of a 64-bit register, bit 63 the
 * least significant. PAPR documents every flag this way; converting in one place keeps the tables
 * comparable with the documentation.
 */
public final class IbmBit {
  private IbmBit() {}

  /** The mask of IBM bit {@code n} (0…63) of a 64-bit register: {@code 1L << (63 - n)}. */
  public static long mask(int n) {
    if (n < 0 || n > 63) {
      throw new IllegalArgumentException("IBM bit number out of 0..63: " + n);
    }
    return 1L << (63 - n);
  }

  /** The IBM bit number of the lowest-order set bit of {@code value} (which must not be 0). */
  public static int ofLowestSetBit(long value) {
    if (value == 0) {
      throw new IllegalArgumentException("no bit set");
    }
    return 63 - Long.numberOfTrailingZeros(value);
  }
}
