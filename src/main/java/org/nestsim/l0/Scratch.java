package org.nestsim.l0;

import org.nestsim.sched.WorkerLocal;

/**
 * The scratch space of one dispatcher thread (DESIGN.md, memory budget: never per vCPU): a GSB
 * buffer with its reader, and the output buffer an exit is written into. An actor uses it within one
 * message and keeps nothing from it.
 */
final class Scratch {
  private static final WorkerLocal<Scratch> PER_THREAD = WorkerLocal.withInitial(Scratch::new);

  final GsbScratch gsb = new GsbScratch();
  final OutputBuffer output = new OutputBuffer();

  private Scratch() {}

  static Scratch get() {
    return PER_THREAD.get();
  }
}
