package org.nestsim.cpu.jit;

/**
 * The straight-line instructions a region compiles, by primary opcode: {@link FixedPoint}, {@link
 * Opcode31}, {@link LoadStore}, and the opcode-19 CR operations of {@link Branches}. Branches are the
 * region's structure ({@link RegionCompiler}), not instructions here.
 */
final class Instructions {
  private Instructions() {}

  /** Writes {@code w}; false, having written nothing, when it is not compiled. */
  static boolean emit(Emitter g, int w) {
    int op = w >>> 26;
    if (op == 31) {
      return Opcode31.emit(g, w);
    }
    if (op == 19) {
      return Branches.emitConditionRegister(g, w);
    }
    if ((op >= 32 && op <= 45) || op == 58 || op == 62) {
      return LoadStore.emitDisplacement(g, w);
    }
    return FixedPoint.emit(g, w);
  }
}
