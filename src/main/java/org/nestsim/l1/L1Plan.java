package org.nestsim.l1;

import java.util.List;

/**
 * What the KVM-like L1 runs: its guests, the events that happen to them, the run's seed and limits, and
 * the registers to read back at the end.
 *
 * @param guests every guest instance, in file order
 * @param events the scenario's events, in file order
 * @param seed the run's seed (the L2s' {@code H_RANDOM} streams derive from it)
 * @param instructionLimit stop once the clock granted enough quanta for this many L2 instructions
 * @param timeLimit stop at this simulated time (0: none)
 * @param exitLimit stop after this many exits delivered to the L1
 * @param ticksPerInstruction the L0's pace, for the instruction limit
 * @param registers the final register values to read, per vCPU
 * @param bug the planted L1 bug ({@link L1Bug#NONE}: the correct L1)
 * @param oracle whether the runners check their cache and input buffers against the L0 and watch for
 *     exit storms (the stress oracle; off in scenario runs); the first violation it sees ends the run
 * @param runFlags inject external interrupts, doorbells and system resets with {@code H_GUEST_RUN_VCPU}'s
 *     flags (spec §2.8) instead of by state (LPCR[MER], DPDES, SRR0/SRR1/NIA/MSR), which is what Linux
 *     does and the only way the qemu profile accepts
 * @param adversaries the adversary L1 CPUs that send requests alongside the runners ({@link Adversary})
 */
public record L1Plan(List<GuestPlan> guests, List<PlannedEvent> events, long seed, long instructionLimit,
    long timeLimit, long exitLimit, int ticksPerInstruction, List<RegisterQuery> registers, L1Bug bug,
    boolean oracle, boolean runFlags, Adversaries adversaries) {

  /** The correct L1, no oracle: what a scenario runs. */
  public L1Plan(List<GuestPlan> guests, List<PlannedEvent> events, long seed, long instructionLimit,
      long timeLimit, long exitLimit, int ticksPerInstruction, List<RegisterQuery> registers) {
    this(guests, events, seed, instructionLimit, timeLimit, exitLimit, ticksPerInstruction, registers, L1Bug.NONE,
        false, false, Adversaries.NONE);
  }

  /**
   * An event at simulated time {@code at}: an injection into a vCPU ({@code external-interrupt},
   * {@code doorbell}, {@code system-reset}, {@code kick}), the delete of a guest, its delete and boot
   * again ({@code recreate}, stress), or a kexec.
   *
   * @param kind the injection kind, {@code delete}, {@code recreate} or {@code kexec}
   * @param guest the guest instance name (null for kexec)
   * @param vcpu the vCPU id of an injection
   */
  public record PlannedEvent(long at, String kind, String guest, int vcpu) {}

  /**
   * Adversary L1 CPUs: {@code count} of them act at seeded simulated times before {@code until}.
   */
  public record Adversaries(int count, long until) {
    /** None. */
    public static final Adversaries NONE = new Adversaries(0, 0);
  }

  /** Element IDs whose final values to read from vCPU {@code vcpu} of guest {@code guest}. */
  public record RegisterQuery(String guest, int vcpu, List<Integer> ids) {}
}
