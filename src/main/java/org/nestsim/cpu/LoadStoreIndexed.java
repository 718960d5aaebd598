package org.nestsim.cpu;

/**
 * The X-form (indexed) loads and stores of opcode 31, including update, algebraic, byte-reversed and
 * floating-point forms: EA = (RA|0) + (RB).
 */
final class LoadStoreIndexed {
  private LoadStoreIndexed() {}

  private static final int LOAD = 0;
  private static final int LOAD_ALGEBRAIC = 1;
  private static final int LOAD_REVERSED = 2;
  private static final int STORE = 3;
  private static final int STORE_REVERSED = 4;

  /** Executes {@code w}, whose extended opcode is an indexed load or store. */
  static void execute(Interpreter it, int w, int xo) {
    switch (xo) {
      case 23 -> access(it, w, 4, LOAD, false);
      case 55 -> access(it, w, 4, LOAD, true);
      case 87 -> access(it, w, 1, LOAD, false);
      case 119 -> access(it, w, 1, LOAD, true);
      case 279 -> access(it, w, 2, LOAD, false);
      case 311 -> access(it, w, 2, LOAD, true);
      case 343 -> access(it, w, 2, LOAD_ALGEBRAIC, false);
      case 375 -> access(it, w, 2, LOAD_ALGEBRAIC, true);
      case 341 -> access(it, w, 4, LOAD_ALGEBRAIC, false);
      case 373 -> access(it, w, 4, LOAD_ALGEBRAIC, true);
      case 21 -> access(it, w, 8, LOAD, false);
      case 53 -> access(it, w, 8, LOAD, true);
      case 151 -> access(it, w, 4, STORE, false);
      case 183 -> access(it, w, 4, STORE, true);
      case 215 -> access(it, w, 1, STORE, false);
      case 247 -> access(it, w, 1, STORE, true);
      case 407 -> access(it, w, 2, STORE, false);
      case 439 -> access(it, w, 2, STORE, true);
      case 149 -> access(it, w, 8, STORE, false);
      case 181 -> access(it, w, 8, STORE, true);
      case 790 -> access(it, w, 2, LOAD_REVERSED, false);
      case 534 -> access(it, w, 4, LOAD_REVERSED, false);
      case 532 -> access(it, w, 8, LOAD_REVERSED, false);
      case 918 -> access(it, w, 2, STORE_REVERSED, false);
      case 662 -> access(it, w, 4, STORE_REVERSED, false);
      case 660 -> access(it, w, 8, STORE_REVERSED, false);
      case 599 -> floatAccess(it, w, false, false);
      case 631 -> floatAccess(it, w, false, true);
      case 727 -> floatAccess(it, w, true, false);
      case 759 -> floatAccess(it, w, true, true);
      default -> it.emulationAssist(w);
    }
  }

  private static void access(Interpreter it, int w, int size, int kind, boolean update) {
    VcpuState s = it.s;
    int rt = Execute.rt(w);
    int ra = Execute.ra(w);
    boolean load = kind <= LOAD_REVERSED;
    if (update && (ra == 0 || (load && ra == rt))) {
      it.emulationAssist(w);
      return;
    }
    long ea = it.ea((ra == 0 ? 0 : s.gpr[ra]) + s.gpr[Execute.rb(w)]);
    if (load) {
      long v = kind == LOAD_REVERSED ? it.loadReversed(ea, size) : it.load(ea, size);
      if (it.fault) {
        return;
      }
      s.gpr[rt] = kind == LOAD_ALGEBRAIC ? Execute.signExtend(v, size) : v;
    } else if (!it.store(ea, size, s.gpr[rt], kind == STORE_REVERSED)) {
      return;
    }
    if (update) {
      s.gpr[ra] = ea;
    }
  }

  private static void floatAccess(Interpreter it, int w, boolean store, boolean update) {
    if (!Execute.floatUsable(it, w, update)) {
      return;
    }
    VcpuState s = it.s;
    int ra = Execute.ra(w);
    long ea = it.ea(Execute.base(it, w) + s.gpr[Execute.rb(w)]);
    int frt = Execute.rt(w);
    if (store) {
      if (!it.store(ea, 8, s.fpr(frt), false)) {
        return;
      }
    } else {
      long v = it.load(ea, 8);
      if (it.fault) {
        return;
      }
      s.setFpr(frt, v);
    }
    if (update) {
      s.gpr[ra] = ea;
    }
  }

}
