package org.nestsim.l1;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.nestsim.memory.RadixTreeBuilder;

/**
 * The {@link KvmL1}'s record of one guest of the plan: its id at the L0 (it changes when the guest is
 * booted again after a kexec), its radix tree, its manager and runners, and which vCPUs halted in this
 * incarnation. Owned by the host.
 */
final class GuestRun {
  final GuestPlan plan;
  long id;
  RadixTreeBuilder tree;
  ActorRef<GuestManager.Command> manager;
  final List<ActorRef<VcpuRunner.Command>> runners = new ArrayList<>();
  final BitSet halted = new BitSet();
  boolean booted;
  boolean deleted;
  /** The L0 refused this incarnation's boot (what it had created of it is deleted). */
  boolean refused;
  long incarnation;

  GuestRun(GuestPlan plan) {
    this.plan = plan;
  }

  boolean allHalted() {
    return !booted || halted.cardinality() >= plan.vcpus();
  }

  /** Forgets the previous incarnation before a boot. */
  void reset() {
    id = 0;
    tree = null;
    manager = null;
    runners.clear();
    halted.clear();
    booted = false;
    deleted = false;
    refused = false;
    incarnation++;
  }
}
