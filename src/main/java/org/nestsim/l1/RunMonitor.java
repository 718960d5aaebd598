package org.nestsim.l1;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * What the edge of a run (the command line of {@code nestsim stress}) watches while the KVM-like L1 runs,
 * and how it may end the run from outside. Every method is called from actors on dispatcher threads, many
 * at once in a parallel run: an implementation must be thread-safe and must never block, and it must not
 * feed anything back into the simulation — it only counts and measures, so a run behaves and traces the
 * same with any monitor. {@link #NONE} (every method empty) is what scenario runs get; the hooks cost a
 * call on an empty method then.
 *
 * <p>The one exception to "the model keeps no wall clock": {@link #runSent()} and {@link #exited(long)}
 * let an implementation measure the wall time of an exit round trip (from the runner's {@code
 * H_GUEST_RUN_VCPU} to the exit it gets back). The model only carries the value {@link #runSent()}
 * returned to {@link #exited(long)}; it never reads or compares it, so the measurement cannot change the
 * schedule or the trace.
 */
public interface RunMonitor {
  /** A monitor that watches nothing. */
  RunMonitor NONE = new RunMonitor() {};

  /**
   * The L1's host has started: {@code host} ends the run when told {@link KvmL1.EndRun} (the run then
   * ends as at a limit, {@code limits.requested}). Called once per run, from the host's actor.
   */
  default void hostStarted(ActorRef<KvmL1.EndRun> host) {}

  /**
   * A runner is about to send {@code H_GUEST_RUN_VCPU}; the value returned comes back, untouched, to
   * {@link #exited(long)} with the exit of that run. An implementation may return the wall clock here
   * ({@link System#nanoTime()}); {@link #NONE} returns 0.
   */
  default long runSent() {
    return 0;
  }

  /** A runner received an exit of the run {@link #runSent()} answered {@code sent} for. */
  default void exited(long sent) {}

  /** A runner started its vCPU (it runs until it halts or is stopped). */
  default void vcpuStarted() {}

  /** A started vCPU halted or its runner stopped. */
  default void vcpuEnded() {}

  /** The L1 carried out one of the plan's events (an injection, a kick, a delete, a kexec). */
  default void eventCarriedOut() {}

  /** The stress oracle saw one forbidden outcome. */
  default void violation() {}
}
