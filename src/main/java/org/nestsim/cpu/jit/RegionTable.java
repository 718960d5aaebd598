package org.nestsim.cpu.jit;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every region compiled in this JVM, by content: the mode, the entry offset, and the words at their
 * offsets. The same code at the same page offset — the same kernel in a thousand guests, the same
 * program in the next simulation — is compiled once and its class (already optimised by the JVM)
 * reused. Least recently compiled-or-reused first out past {@link #capacity} regions; a region still
 * installed in a {@link CodePage} stays usable there.
 */
final class RegionTable {
  private RegionTable() {}

  /** Regions kept for reuse. */
  static final int CAPACITY = Integer.getInteger("nestsim.jit.sharedRegions", 4096);

  private record Key(int mode, int entry, int[] runs, byte[] bytes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.mode == mode && k.entry == entry && Arrays.equals(k.runs, runs)
          && Arrays.equals(k.bytes, bytes);
    }

    @Override
    public int hashCode() {
      return (mode * 31 + entry) * 31 + Arrays.hashCode(runs) * 17 + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "region at 0x" + Integer.toHexString(entry) + " mode " + mode;
    }
  }

  private static final Map<Key, Region> REGIONS = new LinkedHashMap<>(64, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<Key, Region> eldest) {
      return size() > CAPACITY;
    }
  };

  private static long defined;

  /**
   * The region entered at {@code entry} of {@code page} in {@code mode}, compiled now unless the same
   * words were compiled before; null when its first word is not compiled.
   */
  static synchronized Region regionOf(MethodHandles.Lookup lookup, byte[] page, int mode, int entry) {
    boolean sf = (mode & CodeCache.MODE_SF) != 0;
    boolean le = (mode & CodeCache.MODE_LE) != 0;
    int limit = CodeCache.MAX_INSTRUCTIONS;
    while (true) {
      RegionPlan plan = RegionPlan.of(page, entry, sf, le, limit);
      if (plan == null) {
        return null;
      }
      int[] runs = plan.runs();
      Key key = new Key(mode, entry, runs, Region.bytesOf(page, runs));
      Region known = REGIONS.get(key);
      if (known != null) {
        return known;
      }
      RegionCompiler.Output out = RegionCompiler.compile(plan, sf, le);
      if (out.codeSize() > RegionCompiler.MAX_BYTECODE && limit > 8) {
        limit /= 2;
        continue;
      }
      Region r = new Region(define(lookup, out.classBytes()), entry, runs, key.bytes(), plan.instructions,
          out.codeSize());
      REGIONS.put(key, r);
      defined++;
      return r;
    }
  }

  /** Classes defined so far in this JVM. */
  static synchronized long defined() {
    return defined;
  }

  private static CompiledCode define(MethodHandles.Lookup lookup, byte[] classBytes) {
    try {
      MethodHandles.Lookup hidden = lookup.defineHiddenClass(classBytes, true);
      MethodHandle constructor = hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class));
      return (CompiledCode) constructor.invoke();
    } catch (Throwable e) {
      throw new IllegalStateException("the block compiler wrote a class the JVM refused", e);
    }
  }
}
