package org.nestsim.gsb.linux;

import java.util.Arrays;

/**
 * A bitmap over the 182 flattened element IDs ({@code struct kvmppc_gs_bitmap}): the L1's valid and
 * dirty sets. Iteration returns IDs in flattened-bit order and never returns {@code 0x0000}: the kernel's
 * loop stops when the next ID is 0, which is why {@link #fill()} clears bit 0.
 */
public final class LinuxGsBitmap {
  private static final int WORDS = (LinuxGsid.IDEN_COUNT + 63) / 64;

  private final long[] bits = new long[WORDS];

  /** {@code gsbm_set}. */
  public void set(int id) {
    int b = LinuxGsid.flatten(id);
    bits[b >>> 6] |= 1L << (b & 63);
  }

  /** {@code gsbm_clear}. */
  public void clear(int id) {
    int b = LinuxGsid.flatten(id);
    bits[b >>> 6] &= ~(1L << (b & 63));
  }

  /** {@code gsbm_test}. */
  public boolean test(int id) {
    int b = LinuxGsid.flatten(id);
    return (bits[b >>> 6] & (1L << (b & 63))) != 0;
  }

  /** Sets flattened bit {@code bit} (0…181): {@link #set(int)} without the flattening. */
  public void setBit(int bit) {
    bits[bit >>> 6] |= 1L << (bit & 63);
  }

  /** Clears flattened bit {@code bit}. */
  public void clearBit(int bit) {
    bits[bit >>> 6] &= ~(1L << (bit & 63));
  }

  /** Whether flattened bit {@code bit} is set. */
  public boolean testBit(int bit) {
    return (bits[bit >>> 6] & (1L << (bit & 63))) != 0;
  }

  /** The first set bit at or after flattened bit {@code from}, or -1: {@link #next(int)} without IDs. */
  public int nextBit(int from) {
    if (from >= LinuxGsid.IDEN_COUNT) {
      return -1;
    }
    int w = from >>> 6;
    long word = bits[w] & (-1L << (from & 63));
    while (word == 0) {
      if (++w == WORDS) {
        return -1;
      }
      word = bits[w];
    }
    return (w << 6) + Long.numberOfTrailingZeros(word);
  }

  /** Whether no bit is set. */
  public boolean isEmpty() {
    for (long w : bits) {
      if (w != 0) {
        return false;
      }
    }
    return true;
  }

  /** {@code gsbm_zero}. */
  public void zero() {
    Arrays.fill(bits, 0);
  }

  /** {@code gsbm_fill}: every bit, then bit 0 cleared. */
  public void fill() {
    Arrays.fill(bits, -1L);
    bits[WORDS - 1] &= (1L << (LinuxGsid.IDEN_COUNT - 64 * (WORDS - 1))) - 1;
    bits[0] &= ~1L;
  }

  /**
   * {@code gsbm_next}: the ID of the first set bit after {@code previousId}'s bit, or 0 when there is
   * none. An iteration starts with {@code next(0)}, which — as in the kernel — searches from bit 0
   * itself, so a bitmap with bit 0 set (BLANK, or an unknown ID) iterates nothing: that is why
   * {@link #fill()} clears bit 0.
   */
  public int next(int previousId) {
    int b = previousId == 0 ? 0 : LinuxGsid.flatten(previousId) + 1;
    if (b >= LinuxGsid.IDEN_COUNT) {
      return 0;
    }
    // Word at a time: the runners flush a few dirty bits of 182 before every run.
    int w = b >>> 6;
    long word = bits[w] & (-1L << (b & 63));
    while (word == 0) {
      if (++w == WORDS) {
        return 0;
      }
      word = bits[w];
    }
    return LinuxGsid.unflatten((w << 6) + Long.numberOfTrailingZeros(word));
  }

  /** The number of set bits. */
  public int cardinality() {
    int n = 0;
    for (long w : bits) {
      n += Long.bitCount(w);
    }
    return n;
  }

  /** Copies every bit of {@code other} into this bitmap. */
  public void copyFrom(LinuxGsBitmap other) {
    System.arraycopy(other.bits, 0, bits, 0, WORDS);
  }

  /** The bitmap's words, little-endian bit order within each word as in the kernel's unsigned longs. */
  public long[] words() {
    return bits.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LinuxGsBitmap other && Arrays.equals(bits, other.bits);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bits);
  }
}
