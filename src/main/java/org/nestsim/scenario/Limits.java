package org.nestsim.scenario;

/**
 * When a run stops at the latest ({@code limits}): the first limit reached ends it, then the
 * expectations are checked. Defaults: 1G L2 instructions over all vCPUs, 10M exits delivered to the L1,
 * and {@code time} 0, meaning no bound on simulated L1 timebase ticks.
 */
public record Limits(long instructions, long exits, long time) {
  /** The limits of a file that gives none. */
  public static final Limits DEFAULT = new Limits(1L << 30, 10L << 20, 0);
}
