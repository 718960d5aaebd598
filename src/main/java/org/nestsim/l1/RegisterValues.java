package org.nestsim.l1;

import java.util.Arrays;
import org.nestsim.gsb.linux.LinuxGsid;

/**
 * The values a {@link StateCache} holds, keyed by flattened element ID (0…181, spec §4.6): parallel
 * arrays of the IDs held and their values, in the order first put, that grow as needed, and a byte per
 * flattened ID giving its place in them. An L1's cache holds a few dozen values at most at once (an
 * exit's output buffer, what a handler sets or fetches), so this costs a few hundred bytes per vCPU
 * where a {@code long} for every cacheable ID cost 848 (DESIGN.md's memory budget). Lookups are one
 * array read: a binary search over the sorted IDs was 15% of a stress run's samples (its branches
 * mispredict on every step).
 */
final class RegisterValues {
  private static final int INITIAL = 16;

  /** 1 + the index in {@link #bits}/{@link #values} of each flattened ID held, 0 for none (read unsigned). */
  private final byte[] place = new byte[LinuxGsid.IDEN_COUNT];
  private short[] bits = new short[INITIAL];
  private long[] values = new long[INITIAL];
  private int size;

  /** Sets the value of flattened ID {@code bit}. */
  void put(int bit, long value) {
    int i = (place[bit] & 0xFF) - 1;
    if (i >= 0) {
      values[i] = value;
      return;
    }
    if (size == bits.length) {
      bits = Arrays.copyOf(bits, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    bits[size] = (short) bit;
    values[size] = value;
    place[bit] = (byte) ++size;
  }

  /**
   * The value of flattened ID {@code bit}.
   *
   * @throws IllegalStateException if it has none (a NestSim bug: the cache's bitmaps say what is held)
   */
  long get(int bit) {
    int i = (place[bit] & 0xFF) - 1;
    if (i < 0) {
      throw new IllegalStateException("no value held for flattened ID " + bit);
    }
    return values[i];
  }

  /** Whether flattened ID {@code bit} has a value. */
  boolean contains(int bit) {
    return place[bit] != 0;
  }

  /** The number of values held. */
  int size() {
    return size;
  }

  /** Drops every value. */
  void clear() {
    for (int i = 0; i < size; i++) {
      place[bits[i]] = 0;
    }
    size = 0;
  }

  /** Drops every value whose flattened ID {@code keep} rejects, keeping the rest. */
  void retainIf(java.util.function.IntPredicate keep) {
    int n = 0;
    for (int i = 0; i < size; i++) {
      int bit = bits[i];
      if (keep.test(bit)) {
        bits[n] = (short) bit;
        values[n] = values[i];
        place[bit] = (byte) ++n;
      } else {
        place[bit] = 0;
      }
    }
    size = n;
  }
}
