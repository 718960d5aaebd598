package org.nestsim.cpu.jit;

import java.lang.invoke.MethodHandles;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.nestsim.memory.L1Memory;

/**
 * The compiled code of every vCPU over one L1 memory: {@link CodePage}s by physical page (the page's
 * array, which is the page's identity in {@link L1Memory}) and mode, a table of entry counts that
 * decides what is hot, and a bound on the regions installed, past which the pages compiled first are
 * emptied (their regions are compiled again, or found in the {@link RegionTable}, when they are hot
 * again).
 *
 * <p>Options (system properties): {@code nestsim.jit=false} turns compilation off for interpreters
 * created afterwards; {@code nestsim.jit.threshold} (default {@value #DEFAULT_THRESHOLD}) is how many
 * entries make an address hot; {@code nestsim.jit.maxRegions} (default 4096) bounds the regions
 * installed per memory; {@code nestsim.jit.warmEntries} (default 2000) is how many entries of a new
 * region run with a budget of {@link Region#WARM_BUDGET} instructions.
 *
 * <p>Shared by the vCPUs of one memory, which may run on several threads: the pages map is
 * concurrent, compilation is serialised by the cache's lock, and entry counts race harmlessly (they
 * only decide when to compile, never what a program computes).
 */
public final class CodeCache {
  /** Mode bit: MSR[SF] (64-bit mode). */
  public static final int MODE_SF = 2;
  /** Mode bit: MSR[LE]. */
  public static final int MODE_LE = 1;

  static final int DEFAULT_THRESHOLD = 1000;
  /** Instructions in one region at most (fewer when its bytecode would be too large). */
  static final int MAX_INSTRUCTIONS = 192;

  /** Entries of the table of entry counts (shared by all pages, indexed by a hash). */
  public static final int HEAT_MASK = (1 << 16) - 1;

  private static final Map<L1Memory, CodeCache> BY_MEMORY = new WeakHashMap<>();

  private final MethodHandles.Lookup lookup;
  private final ConcurrentHashMap<byte[], CodePage[]> pages = new ConcurrentHashMap<>();
  /** Entry counts by hash of (page, word offset). */
  public final int[] heat = new int[HEAT_MASK + 1];
  private int maxRegions = Integer.getInteger("nestsim.jit.maxRegions", 4096);
  private volatile int warmEntries = Integer.getInteger("nestsim.jit.warmEntries", 2000);
  private final ArrayDeque<CodePage> order = new ArrayDeque<>();
  private int installed;
  private long compiled;
  private long discarded;
  private long evicted;

  private CodeCache(MethodHandles.Lookup lookup) {
    this.lookup = lookup;
  }

  /** Whether interpreters compile (the {@code nestsim.jit} property, default on). */
  public static boolean enabled() {
    return !"false".equalsIgnoreCase(System.getProperty("nestsim.jit"));
  }

  /** The default number of entries that make an address hot. */
  public static int defaultThreshold() {
    return Math.max(1, Integer.getInteger("nestsim.jit.threshold", DEFAULT_THRESHOLD));
  }

  /**
   * The cache of {@code memory}, created on first use; {@code lookup} (full privilege in {@code
   * org.nestsim.cpu}) defines the regions' hidden classes there.
   */
  public static synchronized CodeCache of(L1Memory memory, MethodHandles.Lookup lookup) {
    return BY_MEMORY.computeIfAbsent(memory, m -> new CodeCache(lookup));
  }

  /** The compiled regions of {@code page} in {@code mode}, or null if there are none. */
  public CodePage lookup(byte[] page, int mode) {
    CodePage[] byMode = pages.get(page);
    return byMode == null ? null : byMode[mode];
  }

  /**
   * Installs and returns the region entered at {@code offset} of {@code page} in {@code mode} (one
   * another vCPU installed meanwhile, one the {@link RegionTable} knows, or one compiled now), or null
   * when its first instruction is not compiled.
   */
  public synchronized Region compile(byte[] page, int mode, int offset) {
    CodePage cp = lookup(page, mode);
    if (cp != null && cp.entries[offset >>> 2] != null) {
      return cp.entries[offset >>> 2];
    }
    // Compile from a copy: the words compared before each entry are those the code was made from.
    Region r = RegionTable.regionOf(lookup, page.clone(), mode, offset);
    if (r == null || r.unprofitable()) {
      return null;
    }
    if (cp == null) {
      cp = new CodePage(page, mode);
      pages.computeIfAbsent(page, p -> new CodePage[4])[mode] = cp;
    }
    cp.entries[offset >>> 2] = r;
    cp.count++;
    installed++;
    compiled++;
    if (!cp.queued) {
      cp.queued = true;
      order.addLast(cp);
    }
    while (installed > maxRegions && order.size() > 1) {
      evict(order.pollFirst());
    }
    return r;
  }

  /**
   * Drops the region at {@code index} of {@code cp} — its words changed, or it is not worth entering —
   * if it is still {@code r}.
   */
  public synchronized void discard(CodePage cp, int index, Region r) {
    if (cp.entries[index] == r) {
      cp.entries[index] = null;
      cp.count--;
      installed--;
      discarded++;
    }
  }

  private void evict(CodePage cp) {
    cp.queued = false;
    installed -= cp.count;
    evicted += cp.count;
    cp.count = 0;
    Arrays.fill(cp.entries, null);
    CodePage[] byMode = pages.get(cp.page);
    if (byMode != null && byMode[cp.mode] == cp) {
      byMode[cp.mode] = null;
      if (byMode[0] == null && byMode[1] == null && byMode[2] == null && byMode[3] == null) {
        pages.remove(cp.page);
      }
    }
  }

  /** Bounds the regions installed (the {@code nestsim.jit.maxRegions} option, for this memory). */
  public synchronized void limitRegions(int regions) {
    maxRegions = Math.max(1, regions);
  }

  /**
   * How many entries of a new region run with a small budget ({@link Region#isNew}); 0 runs every
   * entry with the whole budget.
   */
  public int warmEntries() {
    return warmEntries;
  }

  public void setWarmEntries(int entries) {
    warmEntries = Math.max(0, entries);
  }

  /** Region classes defined in this JVM (regions found by content in the shared table are not). */
  public static long classesDefined() {
    return RegionTable.defined();
  }

  /** Regions installed now. */
  public synchronized int installed() {
    return installed;
  }

  /** Regions installed since creation. */
  public synchronized long compiled() {
    return compiled;
  }

  /** Regions dropped because their words changed. */
  public synchronized long discarded() {
    return discarded;
  }

  /** Regions dropped to stay within the bound. */
  public synchronized long evicted() {
    return evicted;
  }
}
