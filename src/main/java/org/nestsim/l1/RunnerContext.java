package org.nestsim.l1;

import org.apache.pekko.actor.typed.ActorRef;
import org.nestsim.l0.L0Protocol;
import org.nestsim.memory.L1Memory;
import org.nestsim.sched.Clock;

/**
 * What a {@link VcpuRunner} is given: its vCPU, and the actors and memory it works with. Immutable.
 *
 * @param guest the guest's plan
 * @param guestId the id the L0 gave the guest
 * @param vcpu the vCPU id
 * @param l0 the L0 (its supervisor), until the first exit names the vCPU's own route
 * @param clock the run's clock
 * @param host the L1 that started the runner
 * @param guestManager the guest's shared state
 * @param memory L1 memory
 * @param seed the run's seed
 * @param trace where trace events go
 * @param bug the planted L1 bug
 * @param oracle whether the runner checks itself against the L0 (stress)
 * @param runFlags whether interrupts are injected with RUN flags ({@link L1Plan#runFlags()})
 * @param serial the runner's number in spawn order, unique in the run ({@link KvmL1#RUNNER_KEYS})
 * @param monitor what the edge watches (counts, exit latency); {@link RunMonitor#NONE} in scenario runs
 */
record RunnerContext(GuestPlan guest, long guestId, int vcpu, ActorRef<L0Protocol.Request> l0,
    ActorRef<Clock.Command> clock, ActorRef<KvmL1.Command> host, ActorRef<GuestManager.Command> guestManager,
    L1Memory memory, long seed, TraceSink trace, L1Bug bug, boolean oracle, boolean runFlags, int serial,
    RunMonitor monitor) {

  /** The L1 CPU's name in traces: {@code web.0/1}. */
  String cpuName() {
    return guest.name() + "/" + vcpu;
  }
}
