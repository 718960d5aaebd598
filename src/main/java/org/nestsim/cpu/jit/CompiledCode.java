package org.nestsim.cpu.jit;

import org.nestsim.cpu.VcpuState;

/**
 * The entry point of one compiled region: a hidden class written by {@link RegionCompiler}.
 *
 * <p>{@code run} executes at most {@code budget} instructions from the region's entry, with the guest
 * registers in locals, and returns {@code (budget left << 2) | exit kind} ({@link #EXIT_EVENT}, {@link
 * #EXIT_STEP}, {@link #EXIT_BRANCH}) with NIA and every register it changed written back to {@code s}.
 * The local time is the caller's to advance: {@code (budget - left) × ticks per instruction}.
 */
public interface CompiledCode {
  /** The next block would not finish before the next event: the interpreter takes over at NIA. */
  int EXIT_EVENT = 0;
  /** The instruction at NIA is one the region does not execute (now): the interpreter executes it. */
  int EXIT_STEP = 1;
  /** The region branched out of itself, or stored into its own words: look NIA up again. */
  int EXIT_BRANCH = 2;

  /**
   * Runs the region.
   *
   * @param tags the translation cache's tags
   * @param permissions its permissions
   * @param pages its pages
   * @param dataContext the tag bits of data accesses in the current MSR
   * @param pageBase the effective address of the page the region's code is fetched from
   * @param budget how many instructions may start before the next event
   * @param codePage the page array the region's code is in (a store into it may rewrite the region)
   */
  long run(VcpuState s, long[] tags, byte[] permissions, byte[][] pages, long dataContext, long pageBase,
      long budget, byte[] codePage);
}
