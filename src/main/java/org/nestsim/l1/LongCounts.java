package org.nestsim.l1;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Counts by {@code long} key (exits by vector, L2 hcalls by return code) for one vCPU, as (key, count)
 * pairs in one primitive array sorted by key: a vCPU sees a handful of keys, and a million vCPUs each
 * holding a {@code TreeMap} of boxed keys and counts cost hundreds of bytes apiece (DESIGN.md's memory
 * budget). Not thread-safe: one runner owns it; {@link #snapshot()} is the immutable copy that leaves it.
 */
final class LongCounts {
  private static final long[] NONE = {};

  /** Key {@code i} at {@code 2i}, its count at {@code 2i + 1}, ascending keys, {@link #size} pairs used. */
  private long[] pairs = NONE;
  private int size;

  /** Adds one to the count of {@code key}. */
  void increment(long key) {
    int i = find(pairs, size, key);
    if (i >= 0) {
      pairs[2 * i + 1]++;
      return;
    }
    int at = -i - 1;
    if (2 * size == pairs.length) {
      pairs = Arrays.copyOf(pairs, Math.max(4, pairs.length * 2));
    }
    System.arraycopy(pairs, 2 * at, pairs, 2 * at + 2, 2 * (size - at));
    pairs[2 * at] = key;
    pairs[2 * at + 1] = 1;
    size++;
  }

  /** The count of {@code key}, 0 when it was never counted. */
  long get(long key) {
    int i = find(pairs, size, key);
    return i >= 0 ? pairs[2 * i + 1] : 0;
  }

  /** The number of keys counted. */
  int size() {
    return size;
  }

  /** An immutable copy as a map in ascending key order (an empty map shares one instance). */
  Map<Long, Long> snapshot() {
    return size == 0 ? Map.of() : new Frozen(Arrays.copyOf(pairs, 2 * size));
  }

  /** The pair index of {@code key} among the first {@code n} pairs, or {@code -(insertion point) - 1}. */
  private static int find(long[] pairs, int n, long key) {
    int lo = 0;
    int hi = n - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      long k = pairs[2 * mid];
      if (k < key) {
        lo = mid + 1;
      } else if (k > key) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -(lo + 1);
  }

  /** An unmodifiable map over an exact-size array of pairs: boxes only while someone reads it. */
  private static final class Frozen extends AbstractMap<Long, Long> {
    private final long[] pairs;

    Frozen(long[] pairs) {
      this.pairs = pairs;
    }

    @Override
    public int size() {
      return pairs.length / 2;
    }

    @Override
    public Long get(Object key) {
      if (!(key instanceof Long k)) {
        return null;
      }
      int i = find(pairs, size(), k);
      return i >= 0 ? pairs[2 * i + 1] : null;
    }

    @Override
    public boolean containsKey(Object key) {
      return get(key) != null;
    }

    @Override
    public Set<Map.Entry<Long, Long>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public int size() {
          return Frozen.this.size();
        }

        @Override
        public Iterator<Map.Entry<Long, Long>> iterator() {
          return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
              return next < pairs.length;
            }

            @Override
            public Map.Entry<Long, Long> next() {
              if (next >= pairs.length) {
                throw new NoSuchElementException();
              }
              next += 2;
              return Map.entry(pairs[next - 2], pairs[next - 1]);
            }
          };
        }
      };
    }
  }
}
