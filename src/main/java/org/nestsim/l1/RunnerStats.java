package org.nestsim.l1;

import java.util.Map;
import java.util.TreeMap;

/**
 * What one vCPU's runner counted: exits by vector, L2 instructions, L2 hcalls by return code, and how
 * the vCPU ended. Owned by the runner; sent once, as an immutable {@link Report}, when it stops. The
 * counts are primitive ({@link LongCounts}) and the oracle's violations are kept only once there is
 * one: every vCPU has one of these for the whole run (DESIGN.md's memory budget).
 */
public final class RunnerStats {
  private final String guest;
  private final int vcpu;
  private final LongCounts exits = new LongCounts();
  private final LongCounts l2Hcalls = new LongCounts();
  private long instructions;
  private String haltReason;
  private boolean fatal;
  private Long haltValue;
  /** The oracle's violations by outcome, null until the first. */
  private TreeMap<String, Long> violations;
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
    exits.increment(vector);
    instructions += runInstructions;
  }

  void l2Hcall(long opcode, long rc) {
    l2Hcalls.increment(rc);
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
    if (violations == null) {
      violations = new TreeMap<>();
    }
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
    return new Report(guest, vcpu, exits.snapshot(), l2Hcalls.snapshot(), instructions, haltReason, fatal, time,
        haltValue, violations == null ? Map.of() : Map.copyOf(violations), firstViolation);
  }

  /**
   * One vCPU's account.
   *
   * @param exits exits by vector, in ascending order of vector
   * @param l2Hcalls L2 hcalls served, by the return code the L1 gave, in ascending order
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
