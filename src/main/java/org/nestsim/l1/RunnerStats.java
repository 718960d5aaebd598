package org.nestsim.l1;

import java.util.Map;
import java.util.TreeMap;

/**
 * What one vCPU's runner counted: exits by vector, L2 instructions, L2 hcalls by return code, and how
 * the vCPU ended. Owned by the runner; sent once, as an immutable {@link Report}, when it stops.
 */
public final class RunnerStats {
  private final String guest;
  private final int vcpu;
  private final TreeMap<Long, Long> exits = new TreeMap<>();
  private final TreeMap<Long, Long> l2Hcalls = new TreeMap<>();
  private long instructions;
  private String haltReason;
  private boolean fatal;
  private Long haltValue;
  private final TreeMap<String, Long> violations = new TreeMap<>();
  private String firstViolation;
  /** Told of the first violation (outcome, detail), or null. */
  private java.util.function.BiConsumer<String, String> firstViolationListener;
  private final RunMonitor monitor;

  RunnerStats(String guest, int vcpu) {
    this(guest, vcpu, RunMonitor.NONE);
  }

  /** Counts of a runner watched by {@code monitor} (told of every violation). */
  RunnerStats(String guest, int vcpu, RunMonitor monitor) {
    this.guest = guest;
    this.vcpu = vcpu;
    this.monitor = monitor;
  }

  void exit(long vector, long runInstructions) {
    exits.merge(vector, 1L, Long::sum);
    instructions += runInstructions;
  }

  void l2Hcall(long opcode, long rc) {
    l2Hcalls.merge(rc, 1L, Long::sum);
  }

  void halted(String reason, boolean fatal) {
    this.haltReason = reason;
    this.fatal = fatal;
  }

  /** The R4 the L2 passed to {@code H_SIM_HALT} (the stress workloads' checksum, docs/ARCHITECTURE.md). */
  void haltValue(long r4) {
    this.haltValue = r4;
  }

  /** The oracle saw the forbidden outcome {@code outcome} ({@code stale-cache}, …); {@code detail} says how. */
  void violation(String outcome, String detail) {
    violations.merge(outcome, 1L, Long::sum);
    monitor.violation();
    if (firstViolation == null) {
      firstViolation = outcome + ": " + detail;
      if (firstViolationListener != null) {
        firstViolationListener.accept(outcome, detail);
      }
    }
  }

  /** {@code listener} is told of the first {@link #violation}. */
  void onFirstViolation(java.util.function.BiConsumer<String, String> listener) {
    this.firstViolationListener = listener;
  }

  Report report(long time) {
    return new Report(guest, vcpu, Map.copyOf(exits), Map.copyOf(l2Hcalls), instructions, haltReason, fatal, time,
        haltValue, Map.copyOf(violations), firstViolation);
  }

  /**
   * One vCPU's account.
   *
   * @param exits exits by vector
   * @param l2Hcalls L2 hcalls served, by the return code the L1 gave
   * @param haltReason why the vCPU stopped for good, or null if it did not
   * @param fatal whether that was an exit the L1 treats as fatal (not {@code H_SIM_HALT})
   * @param time the L1 timebase when the runner stopped
   * @param haltValue R4 at the vCPU's {@code H_SIM_HALT}, or null when it did not halt so (what a stress
   *     workload reports its checksum in; scenarios ignore it)
   * @param violations what the oracle saw, by forbidden outcome ({@code stale-cache}, {@code unflushed-dirty},
   *     {@code exit-storm}): how many times (empty without the oracle)
   * @param firstViolation the first of them, with its detail, or null
   */
  public record Report(String guest, int vcpu, Map<Long, Long> exits, Map<Long, Long> l2Hcalls, long instructions,
      String haltReason, boolean fatal, long time, Long haltValue, Map<String, Long> violations,
      String firstViolation) {}
}
