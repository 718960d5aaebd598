package org.nestsim.cpu;

/**
 * Opcode 31: X-, XO-, XFX-, XS- and A-form instructions (spec §10.8.2) — register arithmetic, logic,
 * shifts, counts, compares, traps, indexed and byte-reversed loads and stores, CR and MSR moves, SPR
 * access ({@link SprAccess}), doorbells, and the storage-control instructions an L2 may use.
 */
final class Op31 {
  private Op31() {}

  private static final byte ILLEGAL = 0;
  private static final byte ARITHMETIC = 1;
  private static final byte LOGICAL = 2;
  private static final byte LOAD_STORE = 3;
  private static final byte ISEL = 4;
  private static final byte SYSTEM = 5;

  /** What each 10-bit extended opcode is: one table load and a dense switch decide the group. */
  private static final byte[] KIND = new byte[1024];

  static {
    int[] arithmetic = {266, 10, 138, 234, 202, 40, 8, 136, 232, 200, 104, 235, 233, 75, 11, 73, 9, 491,
        459, 489, 457};
    for (int xo : arithmetic) {
      KIND[xo] = ARITHMETIC;
      KIND[xo | 512] = ARITHMETIC;
    }
    for (int xo : new int[] {28, 60, 444, 412, 316, 124, 476, 284, 26, 58, 538, 570, 122, 378, 506, 954,
        922, 986, 24, 536, 792, 824, 27, 539, 794, 826, 827}) {
      KIND[xo] = LOGICAL;
    }
    for (int xo : new int[] {23, 55, 87, 119, 279, 311, 343, 375, 341, 373, 21, 53, 151, 183, 215, 247,
        407, 439, 149, 181, 790, 534, 532, 918, 662, 660, 599, 631, 727, 759}) {
      KIND[xo] = LOAD_STORE;
    }
    for (int xo : new int[] {0, 32, 4, 68, 19, 144, 83, 146, 178, 339, 467, 371, 598, 854, 86, 54, 278,
        246, 982, 1014, 142, 174, 206, 238, 274, 306, 566, 498, 576, 265, 267, 777, 779}) {
      KIND[xo] = SYSTEM;
    }
    for (int xo = 15; xo < 1024; xo += 32) {
      KIND[xo] = ISEL;
    }
  }

  static void execute(Interpreter it, int w) {
    int xo = (w >>> 1) & 0x3FF;
    switch (KIND[xo]) {
      case ARITHMETIC -> arithmetic(it, w);
      case LOGICAL -> logical(it.s, w, Execute.rt(w), Execute.ra(w), Execute.rb(w));
      case LOAD_STORE -> LoadStoreIndexed.execute(it, w, xo);
      case ISEL -> {
        VcpuState s = it.s;
        int ra = Execute.ra(w);
        int bc = (w >>> 6) & 31;
        s.gpr[Execute.rt(w)] = ((s.cr >>> (31 - bc)) & 1) != 0 ? (ra == 0 ? 0 : s.gpr[ra]) : s.gpr[Execute.rb(w)];
      }
      case SYSTEM -> system(it, w, xo);
      default -> it.emulationAssist(w);
    }
  }

  private static void system(Interpreter it, int w, int xo) {
    VcpuState s = it.s;
    int rt = Execute.rt(w);
    int ra = Execute.ra(w);
    int rb = Execute.rb(w);
    switch (xo) {
      case 0 -> Alu.compare(s, (w >>> 23) & 7, s.gpr[ra], s.gpr[rb], (w & 0x0020_0000) != 0, true);
      case 32 -> Alu.compare(s, (w >>> 23) & 7, s.gpr[ra], s.gpr[rb], (w & 0x0020_0000) != 0, false);
      case 4 -> Execute.trap(it, rt, (int) s.gpr[ra], (int) s.gpr[rb]);
      case 68 -> Execute.trap(it, rt, s.gpr[ra], s.gpr[rb]);
      case 19 -> moveFromCr(s, w, rt);
      case 144 -> moveToCr(s, w, rt);
      case 83 -> {
        if (it.privileged()) {
          s.gpr[rt] = s.msr;
        }
      }
      case 146 -> moveToMsr(it, w, false);
      case 178 -> moveToMsr(it, w, true);
      case 339 -> SprAccess.read(it, w, rt);
      case 467 -> SprAccess.write(it, w, rt);
      case 371 -> SprAccess.readTimebase(it, w, rt);
      case 1014 -> zeroBlock(it, ra, rb);
      case 142 -> sendDoorbell(it, s.gpr[rb]);
      case 174 -> clearDoorbell(it, s.gpr[rb]);
      case 206, 238 -> it.program(Srr1.PROGPRIV); // msgsnd, msgclr: hypervisor-only
      case 274, 306 -> invalidate(it, w, xo == 306);
      case 566, 498 -> it.privileged(); // tlbsync, slbia
      case 576 -> Alu.setCrField(s, (w >>> 23) & 7, (s.ov << 3) | (s.ov32 << 2) | (s.ca << 1) | s.ca32);
      case 265, 267, 777, 779 -> s.gpr[rt] = modulo(xo, s.gpr[ra], s.gpr[rb]);
      default -> { } // sync, eieio, cache hints: no effect in this model
    }
  }

  // --- logical, counts, extends, shifts, modulo (X form, RS in the RT field, result to RA) ---------

  private static void logical(VcpuState s, int w, int rs, int ra, int rb) {
    long r = logicalValue(s, w, s.gpr[rs], s.gpr[rb]);
    s.gpr[ra] = r;
    if ((w & 1) != 0) {
      Alu.setCr0(s, r);
    }
  }

  /**
   * The result of the logical, count, extend or shift instruction {@code w} on RS = a and RB = b
   * (setting CA for the algebraic shifts); the one definition that the interpreter and compiled code
   * ({@link CompiledOps}) share.
   */
  static long logicalValue(VcpuState s, int w, long a, long b) {
    int rb = Execute.rb(w);
    return switch ((w >>> 1) & 0x3FF) {
      case 28 -> a & b;
      case 60 -> a & ~b;
      case 444 -> a | b;
      case 412 -> a | ~b;
      case 316 -> a ^ b;
      case 124 -> ~(a | b);
      case 476 -> ~(a & b);
      case 284 -> ~(a ^ b);
      case 26 -> Integer.numberOfLeadingZeros((int) a);
      case 58 -> Long.numberOfLeadingZeros(a);
      case 538 -> Integer.numberOfTrailingZeros((int) a);
      case 570 -> Long.numberOfTrailingZeros(a);
      case 122 -> Alu.popcntb(a);
      case 378 -> Alu.popcntw(a);
      case 506 -> Long.bitCount(a);
      case 954 -> (byte) a;
      case 922 -> (short) a;
      case 986 -> (int) a;
      case 24 -> (b & 0x20) != 0 ? 0 : (a << (b & 31)) & 0xFFFF_FFFFL;
      case 536 -> (b & 0x20) != 0 ? 0 : (a & 0xFFFF_FFFFL) >>> (b & 31);
      case 792 -> shiftRightAlgebraicWord(s, a, (int) (b & 0x3F));
      case 824 -> shiftRightAlgebraicWord(s, a, rb);
      case 27 -> (b & 0x40) != 0 ? 0 : a << (b & 63);
      case 539 -> (b & 0x40) != 0 ? 0 : a >>> (b & 63);
      case 794 -> shiftRightAlgebraic(s, a, (int) (b & 0x7F));
      default -> shiftRightAlgebraic(s, a, rb | ((w >>> 1) & 1) << 5); // sradi (826, 827)
    };
  }

  /**
   * {@code modud}, {@code moduw}, {@code modsd}, {@code modsw} (RT = RA mod RB). The undefined cases
   * (division by zero, the most negative value by −1) give 0, as QEMU computes them.
   */
  static long modulo(int xo, long a, long b) {
    return switch (xo) {
      case 265 -> b == 0 ? 0 : Long.remainderUnsigned(a, b);
      case 267 -> (int) b == 0 ? 0 : Integer.toUnsignedLong(Integer.remainderUnsigned((int) a, (int) b));
      case 777 -> b == 0 || (a == Long.MIN_VALUE && b == -1) ? 0 : a % b;
      default -> (int) b == 0 || ((int) a == Integer.MIN_VALUE && (int) b == -1) ? 0 : (int) a % (int) b;
    };
  }

  /** {@code sraw}/{@code srawi}: CA (and CA32) when a negative word shifts out any 1 bit. */
  private static long shiftRightAlgebraicWord(VcpuState s, long a, int n) {
    int word = (int) a;
    long r;
    boolean lost;
    if (n >= 32) {
      r = word < 0 ? -1 : 0;
      lost = word < 0;
    } else {
      r = word >> n;
      lost = word < 0 && (word & ((1 << n) - 1)) != 0;
    }
    s.ca = lost ? 1 : 0;
    s.ca32 = s.ca;
    return r;
  }

  /** {@code srad}/{@code sradi}. */
  private static long shiftRightAlgebraic(VcpuState s, long a, int n) {
    long r;
    boolean lost;
    if (n >= 64) {
      r = a < 0 ? -1 : 0;
      lost = a < 0;
    } else {
      r = a >> n;
      lost = a < 0 && (a & ((1L << n) - 1)) != 0;
    }
    s.ca = lost ? 1 : 0;
    s.ca32 = s.ca;
    return r;
  }

  // --- XO-form arithmetic -------------------------------------------------------------------------

  private static void arithmetic(Interpreter it, int w) {
    if (!arithmeticDefined(w)) {
      it.emulationAssist(w);
      return;
    }
    VcpuState s = it.s;
    long r = arithmeticValue(s, w, s.gpr[Execute.ra(w)], s.gpr[Execute.rb(w)]);
    s.gpr[Execute.rt(w)] = r;
    if ((w & 1) != 0) {
      Alu.setCr0(s, r);
    }
  }

  /** Whether an XO-form word of opcode 31 is an instruction: the high-product forms have no OE bit. */
  static boolean arithmeticDefined(int w) {
    return switch ((w >>> 1) & 0x1FF) {
      case 75, 11, 73, 9 -> (w & 0x400) == 0;
      case 266, 10, 138, 234, 202, 40, 8, 136, 232, 200, 104, 235, 233, 491, 459, 489, 457 -> true;
      default -> false;
    };
  }

  /**
   * The result of the defined ({@link #arithmeticDefined}) XO-form word {@code w} on RA = a and RB = b,
   * setting CA/CA32 and OV/OV32/SO as the form says; shared by the interpreter and compiled code.
   */
  static long arithmeticValue(VcpuState s, int w, long a, long b) {
    boolean oe = (w & 0x400) != 0;
    long r;
    switch ((w >>> 1) & 0x1FF) {
      case 266 -> r = oe ? Alu.add(s, a, b, 0, false, true) : a + b;
      case 10 -> r = Alu.add(s, a, b, 0, true, oe);
      case 138 -> r = Alu.add(s, a, b, s.ca, true, oe);
      case 234 -> r = Alu.add(s, a, -1, s.ca, true, oe);
      case 202 -> r = Alu.add(s, a, 0, s.ca, true, oe);
      case 40 -> r = oe ? Alu.add(s, ~a, b, 1, false, true) : b - a;
      case 8 -> r = Alu.add(s, ~a, b, 1, true, oe);
      case 136 -> r = Alu.add(s, ~a, b, s.ca, true, oe);
      case 232 -> r = Alu.add(s, ~a, -1, s.ca, true, oe);
      case 200 -> r = Alu.add(s, ~a, 0, s.ca, true, oe);
      case 104 -> r = Alu.add(s, ~a, 0, 1, false, oe);
      case 235 -> {
        r = (long) (int) a * (int) b;
        if (oe) {
          Alu.setOverflowBoth(s, r != (int) r);
        }
      }
      case 233 -> {
        r = a * b;
        if (oe) {
          Alu.setOverflowBoth(s, Math.multiplyHigh(a, b) != (r >> 63));
        }
      }
      case 75, 11, 73, 9 -> r = multiplyHigh((w >>> 1) & 0x1FF, a, b);
      case 491 -> {
        int x = (int) a;
        int y = (int) b;
        boolean undefined = y == 0 || (x == Integer.MIN_VALUE && y == -1);
        r = Integer.toUnsignedLong(undefined ? x : x / y);
        if (oe) {
          Alu.setOverflowBoth(s, undefined);
        }
      }
      case 459 -> {
        int x = (int) a;
        int y = (int) b;
        r = Integer.toUnsignedLong(y == 0 ? x : Integer.divideUnsigned(x, y));
        if (oe) {
          Alu.setOverflowBoth(s, y == 0);
        }
      }
      case 489 -> {
        boolean undefined = b == 0 || (a == Long.MIN_VALUE && b == -1);
        r = undefined ? a : a / b;
        if (oe) {
          Alu.setOverflowBoth(s, undefined);
        }
      }
      default -> { // 457
        r = b == 0 ? a : Long.divideUnsigned(a, b);
        if (oe) {
          Alu.setOverflowBoth(s, b == 0);
        }
      }
    }
    return r;
  }

  /**
   * {@code mulhw}, {@code mulhwu} (the high word, zero-extended, as QEMU leaves the undefined upper
   * half), {@code mulhd}, {@code mulhdu}.
   */
  private static long multiplyHigh(int xo, long a, long b) {
    return switch (xo) {
      case 75 -> ((long) (int) a * (int) b) >>> 32;
      case 11 -> ((a & 0xFFFF_FFFFL) * (b & 0xFFFF_FFFFL)) >>> 32;
      case 73 -> Math.multiplyHigh(a, b);
      default -> Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    };
  }

  // --- CR, MSR, doorbells, dcbz -----------------------------------------------------------------

  private static int fieldMask(int fxm) {
    int mask = 0;
    for (int i = 0; i < 8; i++) {
      if ((fxm & (0x80 >>> i)) != 0) {
        mask |= 0xF << (28 - 4 * i);
      }
    }
    return mask;
  }

  /** {@code mfcr}; {@code mfocrf} with one field copies that field and clears the rest. */
  private static void moveFromCr(VcpuState s, int w, int rt) {
    if ((w & 0x0010_0000) == 0) {
      s.gpr[rt] = Integer.toUnsignedLong(s.cr);
      return;
    }
    int fxm = (w >>> 12) & 0xFF;
    if (Integer.bitCount(fxm) == 1) {
      s.gpr[rt] = Integer.toUnsignedLong(s.cr & fieldMask(fxm));
    }
  }

  /** {@code mtcrf}; {@code mtocrf} changes nothing unless it names exactly one field. */
  private static void moveToCr(VcpuState s, int w, int rs) {
    int fxm = (w >>> 12) & 0xFF;
    if ((w & 0x0010_0000) != 0 && Integer.bitCount(fxm) != 1) {
      return;
    }
    int mask = fieldMask(fxm);
    s.cr = (s.cr & ~mask) | ((int) s.gpr[rs] & mask);
  }

  /**
   * {@code mtmsrd}/{@code mtmsr} (spec §10.3.5): L=1 copies EE and RI only; L=0 copies every bit but
   * HV, S, ME and LE and forces EE/IR/DR on in problem state. {@code mtmsr} changes the low word only.
   */
  private static void moveToMsr(Interpreter it, int w, boolean doubleword) {
    if (!it.privileged()) {
      return;
    }
    VcpuState s = it.s;
    long rs = s.gpr[Execute.rt(w)];
    long msr;
    if ((w & 0x0001_0000) != 0) {
      msr = (s.msr & ~(Msr.EE | Msr.RI)) | (rs & (Msr.EE | Msr.RI));
    } else {
      long keep = Msr.HV | Msr.S | Msr.ME | Msr.LE | (doubleword ? 0 : 0xFFFF_FFFF_0000_0000L);
      msr = (rs & ~keep) | (s.msr & keep);
      if ((msr & Msr.PR) != 0) {
        msr |= Msr.EE | Msr.IR | Msr.DR;
      }
    }
    s.msr = msr;
    it.msrChanged();
  }

  /**
   * {@code msgsndp}: a directed privileged doorbell (message type 5 in RB[32:36]; other types do
   * nothing) to thread RB[57:63] of this vCPU's core. HFSCR[MSGP] must allow it (else an HFAC exit the
   * L1 emulates). A doorbell to itself sets its own DPDES; others are handed to the L0, which delivers
   * them at the next quantum boundary.
   */
  private static void sendDoorbell(Interpreter it, long rb) {
    if (!it.privileged() || !it.facilityAvailable(Facility.MSGP)) {
      return;
    }
    if (!privilegedDoorbell(rb)) {
      return;
    }
    VcpuState s = it.s;
    int target = (int) (rb & 0x7F);
    if (target == s.thread) {
      s.reg[VcpuState.R_DPDES] |= 1;
      it.msrChanged();
    } else if (target < 32) {
      s.doorbellsSent |= 1 << target;
    }
  }

  /** {@code msgclrp}: clears the executing thread's pending doorbell (RB's TIR is not used). */
  private static void clearDoorbell(Interpreter it, long rb) {
    if (!it.privileged() || !it.facilityAvailable(Facility.MSGP)) {
      return;
    }
    if (privilegedDoorbell(rb)) {
      it.s.reg[VcpuState.R_DPDES] = 0;
    }
  }

  /**
   * {@code tlbiel}/{@code tlbie} (spec §10.4.4): an L2 may invalidate only process-scoped entries
   * (PRS=1); a partition-scoped form is a privileged-type program interrupt. {@code tlbie} is a
   * broadcast: the other vCPUs of the guest must drop their translations too, which the L0 does at the
   * next quantum boundary when it sees {@link VcpuState#translationsInvalidated}.
   */
  private static void invalidate(Interpreter it, int w, boolean broadcast) {
    if (!it.privileged()) {
      return;
    }
    if (((w >>> 17) & 1) == 0) {
      it.program(Srr1.PROGPRIV);
      return;
    }
    it.flushTranslations();
    if (broadcast) {
      it.s.translationsInvalidated = true;
    }
  }

  /** RB[32:36] of {@code msgsndp}/{@code msgclrp}: the message type; 5 is a directed privileged doorbell. */
  private static final int DOORBELL_PRIVILEGED = 5;

  private static boolean privilegedDoorbell(long rb) {
    return ((rb >>> 27) & 0x1F) == DOORBELL_PRIVILEGED;
  }

  /** {@code dcbz}: zeroes the 128-byte block holding the address. */
  private static void zeroBlock(Interpreter it, int ra, int rb) {
    VcpuState s = it.s;
    long ea = it.ea(((ra == 0 ? 0 : s.gpr[ra]) + s.gpr[rb]) & ~127L);
    for (int i = 0; i < 128; i += 8) {
      if (!it.store(ea + i, 8, 0, false)) {
        return;
      }
    }
  }
}
