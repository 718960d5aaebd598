package org.nestsim.l0;

import org.apache.pekko.actor.typed.ActorRef;
import org.nestsim.memory.L1Memory;
import org.nestsim.sched.Clock;

/**
 * What every actor of one L0 shares, all of it immutable or, for L1 memory, the one simulated memory
 * DESIGN.md lets actors share.
 *
 * @param config the L0's configuration
 * @param memory the L1's real memory, where GSBs, run buffers, page tables and L2 RAM live
 * @param clock the run's simulated clock
 * @param supervisor the L0's supervisor, to which a vCPU hands requests that are not its own
 */
record L0Runtime(L0Config config, L1Memory memory, ActorRef<Clock.Command> clock,
    ActorRef<L0Protocol.Command> supervisor) {

  Profile profile() {
    return config.profile();
  }
}
