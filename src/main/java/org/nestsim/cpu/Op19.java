package org.nestsim.cpu;

/**
 * Opcode 19 (XL form): branches to LR and CTR, CR logical operations, {@code mcrf}, {@code isync} and
 * {@code rfid} (spec §10.8.2, §10.3.5).
 */
final class Op19 {
  private Op19() {}

  static void execute(Interpreter it, int w) {
    VcpuState s = it.s;
    int bt = Execute.rt(w);
    int ba = Execute.ra(w);
    int bb = Execute.rb(w);
    switch ((w >>> 1) & 0x3FF) {
      case 0 -> { // mcrf
        if ((w & 0x0063_F801) != 0) {
          it.emulationAssist(w);
          return;
        }
        int bfa = (w >>> 18) & 7;
        Alu.setCrField(s, (w >>> 23) & 7, (s.cr >>> (28 - 4 * bfa)) & 0xF);
      }
      case 16 -> { // bclr
        long target = s.lr & ~3L;
        boolean taken = Execute.condition(s, bt, ba, true);
        if ((w & 1) != 0) {
          s.lr = it.pc + 4;
        }
        if (taken) {
          s.nia = it.ea(target);
        }
      }
      case 528 -> { // bcctr
        if ((bt & 4) == 0) {
          it.emulationAssist(w);
          return;
        }
        long target = s.ctr & ~3L;
        boolean taken = Execute.condition(s, bt, ba, false);
        if ((w & 1) != 0) {
          s.lr = it.pc + 4;
        }
        if (taken) {
          s.nia = it.ea(target);
        }
      }
      case 18 -> returnFromInterrupt(it);
      case 150 -> { } // isync: the interpreter is always synchronised
      case 274 -> it.program(Srr1.PROGPRIV); // hrfid: hypervisor-only
      case 257 -> crLogical(s, bt, ba, bb, 0b1000); // crand
      case 129 -> crLogical(s, bt, ba, bb, 0b0100); // crandc
      case 289 -> crLogical(s, bt, ba, bb, 0b1001); // creqv
      case 225 -> crLogical(s, bt, ba, bb, 0b0111); // crnand
      case 33 -> crLogical(s, bt, ba, bb, 0b0001); // crnor
      case 449 -> crLogical(s, bt, ba, bb, 0b1110); // cror
      case 417 -> crLogical(s, bt, ba, bb, 0b1101); // crorc
      case 193 -> crLogical(s, bt, ba, bb, 0b0110); // crxor
      default -> it.emulationAssist(w);
    }
  }

  /**
   * A CR logical operation given by its truth table: bit (2a + b) of {@code table} is the result for
   * inputs a, b (so 0b1000 is AND, 0b1110 is OR).
   */
  private static void crLogical(VcpuState s, int bt, int ba, int bb, int table) {
    int a = (s.cr >>> (31 - ba)) & 1;
    int b = (s.cr >>> (31 - bb)) & 1;
    int r = (table >>> (2 * a + b)) & 1;
    int mask = 1 << (31 - bt);
    s.cr = r != 0 ? s.cr | mask : s.cr & ~mask;
  }

  /** MSR bits 33:36 and 42:47, which hold an interrupt's reason in SRR1 (spec §10.3.1); rfid never writes them. */
  private static final long RFID_UNCHANGED = 0x0000_0000_783F_0000L;

  /**
   * {@code rfid} (spec §10.3.5): MSR from SRR1 — HV and S never set, ME and bits 33:36 and 42:47
   * unchanged (the ISA pseudocode copies only the other ranges), EE/IR/DR forced on when returning to
   * problem state — and NIA from SRR0.
   */
  private static void returnFromInterrupt(Interpreter it) {
    if (!it.privileged()) {
      return;
    }
    VcpuState s = it.s;
    long srr1 = s.reg[VcpuState.R_SRR1];
    long kept = Msr.ME | RFID_UNCHANGED;
    long msr = (srr1 & ~(Msr.HV | Msr.S | kept)) | (s.msr & kept);
    if ((msr & Msr.PR) != 0) {
      msr |= Msr.EE | Msr.IR | Msr.DR;
    }
    s.msr = msr;
    s.nia = s.reg[VcpuState.R_SRR0] & ~3L;
    if ((msr & Msr.SF) == 0) {
      s.nia &= 0xFFFF_FFFFL;
    }
    it.msrChanged();
  }
}
