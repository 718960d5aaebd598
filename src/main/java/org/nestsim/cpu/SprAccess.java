package org.nestsim.cpu;

/**
 * {@code mfspr}, {@code mtspr} and {@code mftb} with the privilege rules of spec §10.4.3 (QEMU's, the
 * reference L0): a defined SPR not accessible in the current state is a privileged-type program
 * interrupt in the L2 (hypervisor SPRs included); undefined SPR numbers are no-ops, program
 * interrupts or Hypervisor Emulation Assistance according to their number; then the facility gates of
 * spec §10.5 (HFSCR, and FSCR in problem state).
 */
final class SprAccess {
  private SprAccess() {}

  private static final int R_PPR = VcpuState.index(org.nestsim.gsb.Gsid.PPR);
  private static final int R_BESCR = VcpuState.index(org.nestsim.gsb.Gsid.BESCR);

  static void read(Interpreter it, int w, int rt) {
    VcpuState s = it.s;
    int n = Spr.number(w);
    if (!permitted(it, w, n, false)) {
      return;
    }
    short target = Spr.TARGET[n];
    s.gpr[rt] = switch (target) {
      case Spr.T_XER -> s.xer();
      case Spr.T_LR -> s.lr;
      case Spr.T_CTR -> s.ctr;
      case Spr.T_DEC -> Decrementer.read(s);
      case Spr.T_TB -> s.now + s.tbOffset;
      case Spr.T_TBU -> (s.now + s.tbOffset) >>> 32;
      case Spr.T_PVR -> s.pvr;
      case Spr.T_AMR_USER, Spr.T_AMR_PRIV -> s.reg[VcpuState.R_AMR];
      case Spr.T_PIR -> s.pir;
      case Spr.T_PPR32 -> s.reg[R_PPR] >>> 32;
      case Spr.T_BESCR_SET, Spr.T_BESCR_RESET -> s.reg[R_BESCR];
      case Spr.T_BESCR_SET_UPPER, Spr.T_BESCR_RESET_UPPER -> s.reg[R_BESCR] >>> 32;
      case Spr.T_NONE, Spr.T_CTRL_WRITE -> 0;
      default -> s.reg[target];
    };
  }

  static void write(Interpreter it, int w, int rs) {
    VcpuState s = it.s;
    int n = Spr.number(w);
    if (!permitted(it, w, n, true)) {
      return;
    }
    long v = s.gpr[rs];
    short target = Spr.TARGET[n];
    switch (target) {
      case Spr.T_XER -> s.setXer(v);
      case Spr.T_LR -> s.lr = v;
      case Spr.T_CTR -> s.ctr = v;
      case Spr.T_DEC -> {
        Decrementer.write(s, v);
        it.msrChanged();
      }
      // Whichever number names it, an AMR write is masked by UAMOR in problem state and by AMOR
      // otherwise, as QEMU's spr_write_amr does.
      case Spr.T_AMR_USER, Spr.T_AMR_PRIV -> setAmr(it, v, (s.msr & Msr.PR) != 0
          ? s.reg[VcpuState.index(org.nestsim.gsb.Gsid.UAMOR)] : s.reg[VcpuState.index(org.nestsim.gsb.Gsid.AMOR)]);
      case Spr.T_PPR32 -> s.reg[R_PPR] = (v << 32) | (s.reg[R_PPR] & 0xFFFF_FFFFL);
      case Spr.T_BESCR_SET -> s.reg[R_BESCR] |= v;
      case Spr.T_BESCR_SET_UPPER -> s.reg[R_BESCR] |= v << 32;
      case Spr.T_BESCR_RESET -> s.reg[R_BESCR] &= ~v;
      case Spr.T_BESCR_RESET_UPPER -> s.reg[R_BESCR] &= ~(v << 32);
      case Spr.T_CTRL_WRITE -> s.reg[VcpuState.index(org.nestsim.gsb.Gsid.CTRL)] = v & 1;
      case Spr.T_NONE, Spr.T_TB, Spr.T_TBU, Spr.T_PVR, Spr.T_PIR -> { }
      default -> {
        s.reg[target] = VcpuState.isWordIndex(target) ? v & 0xFFFF_FFFFL : v;
        if (target == VcpuState.R_PIDR || target == VcpuState.R_IAMR) {
          it.translationContextChanged();
        } else if (target == VcpuState.R_FSCR) {
          it.msrChanged();
        }
      }
    }
  }

  /** {@code mftb}: TB (268) or TBU (269) of the L2's timebase; other numbers are not executed. */
  static void readTimebase(Interpreter it, int w, int rt) {
    int n = Spr.number(w);
    long tb = it.s.now + it.s.tbOffset;
    if (n == 268) {
      it.s.gpr[rt] = tb;
    } else if (n == 269) {
      it.s.gpr[rt] = tb >>> 32;
    } else {
      it.emulationAssist(w);
    }
  }

  /** AMR writes change only the bits the mask (UAMOR in problem state, AMOR otherwise) allows. */
  private static void setAmr(Interpreter it, long v, long mask) {
    VcpuState s = it.s;
    s.reg[VcpuState.R_AMR] = (s.reg[VcpuState.R_AMR] & ~mask) | (v & mask);
    it.translationContextChanged();
  }

  /** The privilege, undefined-number and facility rules; false when the instruction must stop. */
  private static boolean permitted(Interpreter it, int w, int n, boolean write) {
    boolean problem = (it.s.msr & Msr.PR) != 0;
    switch (Spr.accessClass(n, write)) {
      case Spr.NOOP -> {
        return false;
      }
      case Spr.UNDEFINED -> {
        undefined(it, w, n, write, problem);
        return false;
      }
      case Spr.HYP -> {
        it.program(Srr1.PROGPRIV);
        return false;
      }
      case Spr.PRIV -> {
        if (problem) {
          it.program(Srr1.PROGPRIV);
          return false;
        }
      }
      default -> { }
    }
    int facility = Spr.FACILITY[n];
    return facility < 0 || it.facilityAvailable(facility);
  }

  /** Spec §10.4.3 item 3: what QEMU does with an SPR number it does not define. */
  private static void undefined(Interpreter it, int w, int n, boolean write, boolean problem) {
    if ((n & 0x10) != 0) {
      if (problem) {
        it.program(Srr1.PROGPRIV);
      }
      return;
    }
    boolean assist = write ? problem || n == 0 : problem || n == 0 || n == 4 || n == 5 || n == 6;
    if (assist) {
      it.emulationAssist(w);
    }
  }
}
