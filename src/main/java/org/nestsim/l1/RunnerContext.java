package org.nestsim.l1;

import org.apache.pekko.actor.typed.ActorRef;
import org.nestsim.l0.L0Protocol;
import org.nestsim.memory.L1Memory;
import org.nestsim.sched.Clock;

/**
 * What the {@link VcpuRunner}s of one guest share: the guest, and the actors and memory they work with.
 * Immutable; one per guest boot, not per vCPU (DESIGN.md's memory budget).
 *
 * @param guest the guest's plan
 * @param guestId the id the L0 gave the guest
 * @param l0 the L0 (its supervisor), until the first exit names the vCPU's own route
 * @param clock the run's clock
 * @param host the L1 that started the runner
 * @param guestManager the guest's shared state
 * @param memory L1 memory
 * @param seed the run's seed
 * @param traced whether the run is traced (each runner's {@link TraceSink} sends events to the host)
 * @param bug the planted L1 bug
 * @param oracle whether the runner checks itself against the L0 (stress)
 * @param runFlags whether interrupts are injected with RUN flags ({@link L1Plan#runFlags()})
 * @param monitor what the edge watches (counts, exit latency); {@link RunMonitor#NONE} in scenario runs
 */
record RunnerContext(GuestPlan guest, long guestId, ActorRef<L0Protocol.Request> l0,
    ActorRef<Clock.Command> clock, ActorRef<KvmL1.Command> host, ActorRef<GuestManager.Command> guestManager,
    L1Memory memory, long seed, boolean traced, L1Bug bug, boolean oracle, boolean runFlags,
    RunMonitor monitor) {}
