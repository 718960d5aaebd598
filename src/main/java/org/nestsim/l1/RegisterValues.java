package org.nestsim.l1;

import java.util.Arrays;

/**
 * The values a {@link StateCache} holds, keyed by flattened element ID (0…181, spec §4.6): sorted
 * parallel arrays that grow as needed. An L1's cache holds a few dozen values at most at once (an
 * exit's output buffer, what a handler sets or fetches), so this costs a few hundred bytes per vCPU
 * where a slot for every cacheable ID cost 848 (DESIGN.md's memory budget). Lookups are a binary search.
 */
final class RegisterValues {
  private static final int INITIAL = 16;

  private short[] bits = new short[INITIAL];
  private long[] values = new long[INITIAL];
  private int size;

  /** Sets the value of flattened ID {@code bit}. */
  void put(int bit, long value) {
    int i = Arrays.binarySearch(bits, 0, size, (short) bit);
    if (i >= 0) {
      values[i] = value;
      return;
    }
    int at = -i - 1;
    if (size == bits.length) {
      bits = Arrays.copyOf(bits, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    System.arraycopy(bits, at, bits, at + 1, size - at);
    System.arraycopy(values, at, values, at + 1, size - at);
    bits[at] = (short) bit;
    values[at] = value;
    size++;
  }

  /**
   * The value of flattened ID {@code bit}.
   *
   * @throws IllegalStateException if it has none (a NestSim bug: the cache's bitmaps say what is held)
   */
  long get(int bit) {
    int i = Arrays.binarySearch(bits, 0, size, (short) bit);
    if (i < 0) {
      throw new IllegalStateException("no value held for flattened ID " + bit);
    }
    return values[i];
  }

  /** Whether flattened ID {@code bit} has a value. */
  boolean contains(int bit) {
    return Arrays.binarySearch(bits, 0, size, (short) bit) >= 0;
  }

  /** The number of values held. */
  int size() {
    return size;
  }

  /** Drops every value. */
  void clear() {
    size = 0;
  }

  /** Drops every value whose flattened ID {@code keep} rejects, keeping the rest in order. */
  void retainIf(java.util.function.IntPredicate keep) {
    int n = 0;
    for (int i = 0; i < size; i++) {
      if (keep.test(bits[i])) {
        bits[n] = bits[i];
        values[n] = values[i];
        n++;
      }
    }
    size = n;
  }
}
