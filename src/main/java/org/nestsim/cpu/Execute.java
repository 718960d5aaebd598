package org.nestsim.cpu;

/**
 * Executes the instructions of every primary opcode but 31 (spec §10.8.2): D-form arithmetic, logical
 * and compare immediates, branches, {@code sc}, word and doubleword rotates, D/DS-form loads and
 * stores, and the floating-point loads and stores. Opcode 31 is {@link Op31}, opcode 19 is {@link Op19}.
 *
 * <p>An opcode NestSim does not execute ends the run with Hypervisor Emulation Assistance (0xE40), as
 * an instruction the L0 does not emulate does on hardware.
 */
final class Execute {
  private Execute() {}

  static int rt(int w) {
    return (w >>> 21) & 31;
  }

  static int ra(int w) {
    return (w >>> 16) & 31;
  }

  static int rb(int w) {
    return (w >>> 11) & 31;
  }

  static void instruction(Interpreter it, int w) {
    VcpuState s = it.s;
    int rt = rt(w);
    int ra = ra(w);
    long si = (short) w;
    long ui = w & 0xFFFFL;
    switch (w >>> 26) {
      case 2 -> trap(it, rt, s.gpr[ra], si);
      case 3 -> trap(it, rt, (int) s.gpr[ra], si);
      case 7 -> s.gpr[rt] = s.gpr[ra] * si;
      case 8 -> s.gpr[rt] = Alu.add(s, ~s.gpr[ra], si, 1, true, false);
      case 10 -> Alu.compare(s, (w >>> 23) & 7, s.gpr[ra], ui, (w & 0x0020_0000) != 0, false);
      case 11 -> Alu.compare(s, (w >>> 23) & 7, s.gpr[ra], si, (w & 0x0020_0000) != 0, true);
      case 12 -> s.gpr[rt] = Alu.add(s, s.gpr[ra], si, 0, true, false);
      case 13 -> {
        s.gpr[rt] = Alu.add(s, s.gpr[ra], si, 0, true, false);
        Alu.setCr0(s, s.gpr[rt]);
      }
      case 14 -> s.gpr[rt] = (ra == 0 ? 0 : s.gpr[ra]) + si;
      case 15 -> s.gpr[rt] = (ra == 0 ? 0 : s.gpr[ra]) + (si << 16);
      case 16 -> branchConditional(it, w);
      case 17 -> systemCall(it, w);
      case 18 -> branch(it, w);
      case 19 -> Op19.execute(it, w);
      case 20 -> rotateWord(s, w, Alu.rotl32(s.gpr[rt], rb(w)), true);
      case 21 -> rotateWord(s, w, Alu.rotl32(s.gpr[rt], rb(w)), false);
      case 23 -> rotateWord(s, w, Alu.rotl32(s.gpr[rt], (int) (s.gpr[rb(w)] & 31)), false);
      case 24 -> s.gpr[ra] = s.gpr[rt] | ui;
      case 25 -> s.gpr[ra] = s.gpr[rt] | (ui << 16);
      case 26 -> s.gpr[ra] = s.gpr[rt] ^ ui;
      case 27 -> s.gpr[ra] = s.gpr[rt] ^ (ui << 16);
      case 28 -> {
        s.gpr[ra] = s.gpr[rt] & ui;
        Alu.setCr0(s, s.gpr[ra]);
      }
      case 29 -> {
        s.gpr[ra] = s.gpr[rt] & (ui << 16);
        Alu.setCr0(s, s.gpr[ra]);
      }
      case 30 -> rotateDoubleword(it, w);
      case 31 -> Op31.execute(it, w);
      case 32 -> loadD(it, w, 4, false, false);
      case 33 -> loadD(it, w, 4, false, true);
      case 34 -> loadD(it, w, 1, false, false);
      case 35 -> loadD(it, w, 1, false, true);
      case 36 -> storeD(it, w, 4, false, si);
      case 37 -> storeD(it, w, 4, true, si);
      case 38 -> storeD(it, w, 1, false, si);
      case 39 -> storeD(it, w, 1, true, si);
      case 40 -> loadD(it, w, 2, false, false);
      case 41 -> loadD(it, w, 2, false, true);
      case 42 -> loadD(it, w, 2, true, false);
      case 43 -> loadD(it, w, 2, true, true);
      case 44 -> storeD(it, w, 2, false, si);
      case 45 -> storeD(it, w, 2, true, si);
      case 50 -> loadFloat(it, w, false, si);
      case 51 -> loadFloat(it, w, true, si);
      case 54 -> storeFloat(it, w, false, si);
      case 55 -> storeFloat(it, w, true, si);
      case 58 -> {
        long ds = (short) (w & 0xFFFC);
        switch (w & 3) {
          case 0 -> loadWithDisplacement(it, w, 8, false, false, ds);
          case 1 -> loadWithDisplacement(it, w, 8, false, true, ds);
          case 2 -> loadWithDisplacement(it, w, 4, true, false, ds);
          default -> it.emulationAssist(w);
        }
      }
      case 62 -> {
        long ds = (short) (w & 0xFFFC);
        switch (w & 3) {
          case 0 -> storeD(it, w, 8, false, ds);
          case 1 -> storeD(it, w, 8, true, ds);
          default -> it.emulationAssist(w);
        }
      }
      default -> it.emulationAssist(w);
    }
  }

  // --- traps, branches and sc -------------------------------------------------------------------

  /** {@code tw}/{@code td} family: a program interrupt (trap type) when the condition holds. */
  static void trap(Interpreter it, int to, long a, long b) {
    if (Alu.trap(to, a, b)) {
      it.program(Srr1.PROGTRAP);
    }
  }

  /** BO/BI of {@code bc}, {@code bclr} and {@code bcctr} (spec §10.8.1): decrements CTR when asked. */
  static boolean condition(VcpuState s, int bo, int bi, boolean mayDecrement) {
    boolean ctrOk = true;
    if (mayDecrement && (bo & 4) == 0) {
      s.ctr--;
      long ctr = (s.msr & Msr.SF) != 0 ? s.ctr : s.ctr & 0xFFFF_FFFFL;
      ctrOk = (ctr != 0) == ((bo & 2) == 0);
    }
    boolean condOk = (bo & 16) != 0 || ((s.cr >>> (31 - bi)) & 1) == ((bo >>> 3) & 1);
    return ctrOk && condOk;
  }

  private static void branchConditional(Interpreter it, int w) {
    VcpuState s = it.s;
    boolean taken = condition(s, rt(w), ra(w), true);
    long bd = (short) (w & 0xFFFC);
    if ((w & 1) != 0) {
      s.lr = it.pc + 4;
    }
    if (taken) {
      s.nia = it.ea((w & 2) != 0 ? bd : it.pc + bd);
    }
  }

  private static void branch(Interpreter it, int w) {
    VcpuState s = it.s;
    long li = ((w & 0x03FF_FFFC) << 6) >> 6;
    if ((w & 1) != 0) {
      s.lr = it.pc + 4;
    }
    s.nia = it.ea((w & 2) != 0 ? li : it.pc + li);
  }

  /**
   * {@code sc LEV} (spec §10.7): LEV's low bit decides. {@code sc 0} is the L2's own system call
   * (0xC00 in the L2); {@code sc 1} in supervisor state is an hcall and ends the run through
   * SRR0/SRR1; {@code sc 1} in problem state gets a privileged-type program interrupt in the L2 (what
   * PowerVM does and the Linux L1 relies on). {@code scv} is not executed (0xE40).
   */
  private static void systemCall(Interpreter it, int w) {
    VcpuState s = it.s;
    if ((w & 3) != 2) {
      it.emulationAssist(w);
      return;
    }
    int lev = (w >>> 5) & 0x7F;
    long next = it.pc + 4;
    if ((lev & 1) == 0) {
      it.deliver(Vector.SYSTEM_CALL, next, (long) (lev & 3) << 20);
    } else if ((s.msr & Msr.PR) != 0) {
      it.deliver(Vector.PROGRAM, next, Srr1.PROGPRIV);
    } else {
      s.reg[VcpuState.R_SRR0] = next;
      s.reg[VcpuState.R_SRR1] = s.msr & ~Srr1.CLEARED;
      s.nia = next;
      s.exitMsr = s.reg[VcpuState.R_SRR1];
      it.exitVector = org.nestsim.hcall.ExitReason.HCALL.vector();
    }
  }

  // --- rotates ------------------------------------------------------------------------------------

  private static void rotateWord(VcpuState s, int w, long rotated, boolean insert) {
    int ra = ra(w);
    long m = Alu.mask(((w >>> 6) & 31) + 32, ((w >>> 1) & 31) + 32);
    long r = insert ? (rotated & m) | (s.gpr[ra] & ~m) : rotated & m;
    s.gpr[ra] = r;
    if ((w & 1) != 0) {
      Alu.setCr0(s, r);
    }
  }

  private static void rotateDoubleword(Interpreter it, int w) {
    VcpuState s = it.s;
    int ra = ra(w);
    long rs = s.gpr[rt(w)];
    int sh = ((w >>> 11) & 31) | ((w << 4) & 32);
    int mbe = ((w >>> 6) & 31) | (w & 32);
    long r;
    switch ((w >>> 2) & 7) {
      case 0 -> r = Long.rotateLeft(rs, sh) & Alu.mask(mbe, 63);
      case 1 -> r = Long.rotateLeft(rs, sh) & Alu.mask(0, mbe);
      case 2 -> r = Long.rotateLeft(rs, sh) & Alu.mask(mbe, 63 - sh);
      case 3 -> {
        long m = Alu.mask(mbe, 63 - sh);
        r = (Long.rotateLeft(rs, sh) & m) | (s.gpr[ra] & ~m);
      }
      case 4 -> {
        int n = (int) (s.gpr[rb(w)] & 63);
        switch ((w >>> 1) & 0xF) {
          case 8 -> r = Long.rotateLeft(rs, n) & Alu.mask(mbe, 63);
          case 9 -> r = Long.rotateLeft(rs, n) & Alu.mask(0, mbe);
          default -> {
            it.emulationAssist(w);
            return;
          }
        }
      }
      default -> {
        it.emulationAssist(w);
        return;
      }
    }
    s.gpr[ra] = r;
    if ((w & 1) != 0) {
      Alu.setCr0(s, r);
    }
  }

  // --- loads and stores ---------------------------------------------------------------------------

  static long signExtend(long v, int size) {
    return switch (size) {
      case 1 -> (byte) v;
      case 2 -> (short) v;
      case 4 -> (int) v;
      default -> v;
    };
  }

  private static void loadD(Interpreter it, int w, int size, boolean algebraic, boolean update) {
    loadWithDisplacement(it, w, size, algebraic, update, (short) w);
  }

  private static void loadWithDisplacement(Interpreter it, int w, int size, boolean algebraic,
      boolean update, long displacement) {
    VcpuState s = it.s;
    int rt = rt(w);
    int ra = ra(w);
    if (update && (ra == 0 || ra == rt)) {
      it.emulationAssist(w);
      return;
    }
    long ea = it.ea((ra == 0 ? 0 : s.gpr[ra]) + displacement);
    long v = it.load(ea, size);
    if (it.fault) {
      return;
    }
    s.gpr[rt] = algebraic ? signExtend(v, size) : v;
    if (update) {
      s.gpr[ra] = ea;
    }
  }

  private static void storeD(Interpreter it, int w, int size, boolean update, long displacement) {
    VcpuState s = it.s;
    int ra = ra(w);
    if (update && ra == 0) {
      it.emulationAssist(w);
      return;
    }
    long ea = it.ea((ra == 0 ? 0 : s.gpr[ra]) + displacement);
    if (it.store(ea, size, s.gpr[rt(w)], false) && update) {
      s.gpr[ra] = ea;
    }
  }

  /**
   * Floating point may be used: HFSCR[FP] (exit), FSCR[FP] in problem state (0xF60), MSR[FP] (0x800
   * in the L2), in that order.
   */
  static boolean floatingPointAvailable(Interpreter it) {
    if (!it.facilityAvailable(Facility.FP)) {
      return false;
    }
    if ((it.s.msr & Msr.FP) == 0) {
      it.deliver(Vector.FP_UNAVAILABLE, it.pc, 0);
      return false;
    }
    return true;
  }

  static void loadFloat(Interpreter it, int w, boolean update, long displacement) {
    if (!floatUsable(it, w, update)) {
      return;
    }
    long ea = it.ea(base(it, w) + displacement);
    long v = it.load(ea, 8);
    if (it.fault) {
      return;
    }
    it.s.setFpr(rt(w), v);
    if (update) {
      it.s.gpr[ra(w)] = ea;
    }
  }

  static void storeFloat(Interpreter it, int w, boolean update, long displacement) {
    if (!floatUsable(it, w, update)) {
      return;
    }
    long ea = it.ea(base(it, w) + displacement);
    if (it.store(ea, 8, it.s.fpr(rt(w)), false) && update) {
      it.s.gpr[ra(w)] = ea;
    }
  }

  /** (RA|0): the base register of a D-form access, or 0 when the RA field is 0. */
  static long base(Interpreter it, int w) {
    int ra = ra(w);
    return ra == 0 ? 0 : it.s.gpr[ra];
  }

  /**
   * The checks of a floating-point access before its address: an update form with RA = 0 is invalid
   * (HEA), then the facility checks. False when the instruction stopped.
   */
  static boolean floatUsable(Interpreter it, int w, boolean update) {
    if (update && ra(w) == 0) {
      it.emulationAssist(w);
      return false;
    }
    return floatingPointAvailable(it);
  }
}
