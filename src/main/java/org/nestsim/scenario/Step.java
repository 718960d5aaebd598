package org.nestsim.scenario;

/**
 * One step of a script: an hcall to the L0, a direct write of L1 memory, a partition-scoped mapping
 * built in L1 memory, or a kick of a running vCPU. The runner issues steps in order and checks each
 * result before the next.
 */
public sealed interface Step permits HcallStep, MemoryStep, MapStep, KickStep {
  /** Where the step starts in the file. */
  Location location();
}
