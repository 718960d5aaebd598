package org.nestsim.l0;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An immutable map of register element IDs to values, over two arrays: what an {@link
 * L0Protocol.Inspection} carries. The stress oracle inspects the L0 after every exit, and a {@code
 * HashMap} copied into {@code Map.copyOf} — boxed keys and values, a node per entry, two tables — was
 * the largest cost of an MMIO run with the oracle on. A lookup is a scan of a few dozen IDs at most.
 */
final class Registers extends AbstractMap<Integer, Long> {
  private final int[] ids;
  private final long[] values;

  /** The first {@code n} IDs and values of the arrays, which the map owns from now on (IDs distinct). */
  Registers(int[] ids, long[] values, int n) {
    if (n > ids.length || n > values.length) {
      throw new IllegalArgumentException(n + " registers, arrays of " + ids.length + " and " + values.length);
    }
    this.ids = ids.length == n ? ids : java.util.Arrays.copyOf(ids, n);
    this.values = values.length == n ? values : java.util.Arrays.copyOf(values, n);
  }

  private int indexOf(Object key) {
    if (key instanceof Integer) {
      int id = (Integer) key;
      for (int i = 0; i < ids.length; i++) {
        if (ids[i] == id) {
          return i;
        }
      }
    }
    return -1;
  }

  @Override
  public Long get(Object key) {
    int i = indexOf(key);
    return i < 0 ? null : values[i];
  }

  @Override
  public boolean containsKey(Object key) {
    return indexOf(key) >= 0;
  }

  @Override
  public int size() {
    return ids.length;
  }

  @Override
  public Set<Map.Entry<Integer, Long>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<Integer, Long>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < ids.length;
          }

          @Override
          public Map.Entry<Integer, Long> next() {
            if (next >= ids.length) {
              throw new NoSuchElementException();
            }
            int i = next++;
            return Map.entry(ids[i], values[i]);
          }
        };
      }

      @Override
      public int size() {
        return ids.length;
      }
    };
  }
}
