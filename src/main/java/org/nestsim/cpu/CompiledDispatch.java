package org.nestsim.cpu;

import org.nestsim.cpu.jit.CodeCache;
import org.nestsim.cpu.jit.CompiledCode;
import org.nestsim.cpu.jit.Region;

/**
 * The slice loop's side of the block compiler ({@link org.nestsim.cpu.jit}): which compiled code the
 * fetch page has, when an address is hot, and running a region with the budget of instructions that
 * may start before the next event. Static methods over the {@link Interpreter}'s fields, so that the
 * vCPU carries only a few references and counters for it.
 */
final class CompiledDispatch {
  private CompiledDispatch() {}

  /** {@link #enter}: no region ran (or it stopped at once for the next event): interpret. */
  static final int NOT_ENTERED = CompiledCode.EXIT_EVENT;

  /** Uses {@code cache} (or, when null, no compiled code) from the next fetch on. */
  static void setCompilation(Interpreter it, CodeCache cache) {
    it.codeCache = cache;
    it.heat = cache == null ? null : cache.heat;
    it.compilable = false;
    it.codePage = null;
    it.codeEntries = null;
    it.invalidateFetch();
  }

  /**
   * The compiled code of the new fetch page. A page never written (the zero page) has none; neither has
   * a page in 32-bit mode whose addresses do not fit in 32 bits, where a branch inside the page could
   * leave it (the interpreter handles that rare case).
   */
  static void fetchPageChanged(Interpreter it) {
    boolean sf = (it.s.msr & Msr.SF) != 0;
    it.fetchMode = (sf ? CodeCache.MODE_SF : 0) | (it.fetchLittleEndian ? CodeCache.MODE_LE : 0);
    it.compilable = it.fetchPage != Mmu.ZERO_PAGE
        && (sf || Long.compareUnsigned(it.fetchTag, 0xFFFF_F000L) <= 0);
    if (!it.compilable) {
      it.codePage = null;
    } else if (it.otherFetchPage == it.fetchPage && it.otherFetchMode == it.fetchMode && it.otherCodePage != null
        && it.otherCodePage.hasRegions()) {
      // The page fetched before the fetch cache was dropped (every run entry drops it): its code is known.
      // An eviction read late here only delays picking up code compiled since (compileAndRun looks again).
      it.codePage = it.otherCodePage;
    } else {
      it.codePage = it.codeCache.lookup(it.fetchPage, it.fetchMode);
    }
    it.codeEntries = it.codePage == null ? null : it.codePage.entries;
    it.heatBase = System.identityHashCode(it.fetchPage) * 0x9E37_79B1;
  }

  /**
   * Runs the compiled region at NIA if there is one whose words are still in memory, compiling it when
   * NIA has become hot. Returns how the region stopped ({@link CompiledCode#EXIT_BRANCH}: look NIA up
   * again; {@link CompiledCode#EXIT_STEP}: the next instruction goes through {@link Execute}) or
   * {@link #NOT_ENTERED}.
   */
  static int enter(Interpreter it) {
    int index = (int) (it.s.nia & 0xFFF) >>> 2;
    Region[] entries = it.codeEntries;
    Region region = entries == null ? null : entries[index];
    if (region == null) {
      int h = (it.heatBase + index) & CodeCache.HEAT_MASK;
      return ++it.heat[h] < it.compileThreshold ? NOT_ENTERED : compileAndRun(it, index, h);
    }
    return run(it, region, index);
  }

  /** NIA is hot: compiles its region (or finds it compiled) and runs it. */
  private static int compileAndRun(Interpreter it, int index, int h) {
    it.heat[h] = 0;
    Region region = it.codeCache.compile(it.fetchPage, it.fetchMode, index << 2);
    if (region == null) {
      it.heat[h] = backOff(it); // not compiled: do not try again soon
      return NOT_ENTERED;
    }
    it.codePage = it.codeCache.lookup(it.fetchPage, it.fetchMode);
    it.codeEntries = it.codePage == null ? null : it.codePage.entries;
    return run(it, region, index);
  }

  private static int run(Interpreter it, Region region, int index) {
    final VcpuState st = it.s;
    if (!region.matches(it.fetchPage)) {
      it.codeCache.discard(it.codePage, index, region);
      return NOT_ENTERED;
    }
    long gap = it.nextEvent - st.now;
    if (gap <= 0) {
      return NOT_ENTERED;
    }
    final int tpi = it.ticksPerInstruction;
    // Instruction k of the region starts at now + k × tpi, which must be before the next event.
    long allowed = tpi == 1 ? gap : (gap - 1) / tpi + 1;
    int warmEntries = it.codeCache.warmEntries();
    boolean warming = region.isNew(warmEntries);
    long budget = Math.min(allowed, warming ? Region.WARM_BUDGET : 1L << 40);
    TranslationCache tlb = it.mmu.cache;
    long r = region.code.run(st, tlb.tags, tlb.permissions, tlb.pages, it.mmu.dataContext, it.fetchTag,
        budget, it.fetchPage);
    long ran = budget - (r >>> 2);
    st.now += ran * tpi;
    if (warming && region.warmEntryRan(ran, warmEntries)) {
      // Too few instructions per entry to repay entering: interpret this address from now on.
      it.codeCache.discard(it.codePage, index, region);
      it.heat[(it.heatBase + index) & CodeCache.HEAT_MASK] = backOff(it);
    }
    return (int) r & 3;
  }

  /**
   * The entry count that makes an address whose region was not compiled, or not worth entering, hot
   * again only after 1,024 thresholds' worth of entries: late enough to cost nothing, early enough
   * that another address sharing its counter is not kept from compiling for long.
   */
  private static int backOff(Interpreter it) {
    return (int) Math.max(Integer.MIN_VALUE / 2, -1024L * it.compileThreshold);
  }

  /**
   * A taken branch in the interpreter's inline loop to {@code target}: whether the loop must stop
   * there because a compiled region starts there or the address has just become hot.
   */
  static boolean stopsAt(Interpreter it, long target, long tag) {
    if ((target & ~0xFFFL) != tag) {
      return false;
    }
    int index = (int) (target & 0xFFF) >>> 2;
    Region[] entries = it.codeEntries;
    return (entries != null && entries[index] != null)
        || ++it.heat[(it.heatBase + index) & CodeCache.HEAT_MASK] >= it.compileThreshold;
  }
}
