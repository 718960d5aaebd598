package org.nestsim.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nestsim.gsb.Gsid;
import org.nestsim.memory.Dsisr;

/**
 * Interrupts the L2 takes itself, without an exit (spec §10.3): SRR0, SRR1, the new MSR and NIA of
 * each, and when asynchronous ones are taken. Each handler saves SRR0, SRR1 and the MSR it runs with
 * in r20–r22, then ends the run with {@code sc 1}.
 */
class InterruptsTest {
  private static final String SAVE = "\n mfsrr0 r20\n mfsrr1 r21\n mfmsr r22\n sc 1\n";

  private static String handler(int vector) {
    return String.format(".org 0x%x%s", vector, SAVE);
  }

  /** User code at EA 0x1000 (quadrant 0, PID 1) entered with rfid: MSR = SF|PR|IR|DR|RI (+EE). */
  private static final String ENTER_USER = """
      .org 0x2000
      start:
        li r4, 0x1000
        mtsrr0 r4
        li r5, 1
        sldi r5, r5, 63
        ori r5, r5, 0x4032
        mtsrr1 r5
        rfid
      """;

  private static Machine user(String userCode, int vector) {
    Machine m = new Machine();
    m.s.reg[VcpuState.index(Gsid.PIDR)] = 1;
    return m.load(handler(vector) + ".org 0x1000\n" + userCode + "\n" + ENTER_USER);
  }

  @Test
  void shouldDeliverSc0ToTheL2() {
    Machine m = new Machine().load(".org 0x100\nstart:\n li r3, 5\n sc\n" + handler(0xC00));
    m.s.msr |= Msr.EE;
    assertEquals(0xC00, m.run());
    assertEquals(0x108, m.s.gpr[20], "SRR0 = the instruction after sc");
    assertEquals(Msr.SF | Msr.ME | Msr.EE, m.s.gpr[21], "SRR1 = the MSR");
    assertEquals(Msr.SF | Msr.ME, m.s.gpr[22], "new MSR: SF, and ME kept; EE off");
    assertEquals(5, m.s.gpr[3]);
  }

  @Test
  void shouldEnterInterruptsLittleEndianWhenLpcrIleIsSet() {
    // The handler at 0x700 is the little-endian word of sc 1.
    Machine m = new Machine().load(".org 0x100\nstart:\n trap\n .org 0x700\n .long 0x22000044\n");
    m.s.reg[VcpuState.R_LPCR] = Lpcr.ILE;
    assertEquals(0xC00, m.run());
    assertEquals(Msr.SF | Msr.ME | Msr.LE, m.s.msr);
    assertEquals(0x704, m.s.nia);
  }

  @Test
  void shouldTakeAProgramInterruptOnATrap() {
    Machine m = new Machine().load(".org 0x100\nstart:\n li r3, 3\n tw 4, r3, r3\n" + handler(0x700));
    assertEquals(0xC00, m.run());
    assertEquals(0x104, m.s.gpr[20], "SRR0 = the trap instruction");
    assertEquals(Msr.SF | Msr.ME | Srr1.PROGTRAP, m.s.gpr[21]);
  }

  @Test
  void shouldNotTakeSrr1ReasonBitsIntoTheMsrOnRfid() {
    // The handler returns past the trap with SRR1 as the interrupt left it (SRR1_PROGTRAP, bit 46):
    // rfid copies MSR bits 33:36 and 42:47 from nowhere (spec §10.3.5, the ISA pseudocode).
    Machine m = new Machine().load(".org 0x100\nstart:\n li r3, 3\n tw 4, r3, r3\n mfmsr r22\n sc 1\n"
        + ".org 0x700\n mfsrr0 r9\n addi r9, r9, 4\n mtsrr0 r9\n mfsrr1 r21\n rfid\n");
    assertEquals(0xC00, m.run());
    assertEquals(Msr.SF | Msr.ME | Srr1.PROGTRAP, m.s.gpr[21], "SRR1 carries the reason");
    assertEquals(Msr.SF | Msr.ME, m.s.gpr[22], "the MSR after rfid does not");
  }

  @Test
  void shouldNotTrapWhenTheConditionIsFalse() {
    Machine m = new Machine().load(".org 0x100\nstart:\n li r3, 3\n tw 24, r3, r3\n sc 1\n" + handler(0x700));
    assertEquals(0xC00, m.run());
    assertEquals(0x10C, m.s.nia);
  }

  @Test
  void shouldTakeAPrivilegedProgramInterruptForHypervisorSprs() {
    Machine m = new Machine().load(".org 0x100\nstart:\n mtspr 318, r3\n" + handler(0x700));
    assertEquals(0xC00, m.run());
    assertEquals(0x100, m.s.gpr[20]);
    assertEquals(Srr1.PROGPRIV, m.s.gpr[21] & Srr1.PROGPRIV);
  }

  @Test
  void shouldTreatUndefinedSprsAsQemuDoes() {
    Machine noop = new Machine().load("start:\n li r3, 9\n mfspr r3, 31\n sc 1\n");
    assertEquals(0xC00, noop.run(), "an undefined SPR with bit 0x10 is a no-op in supervisor state");
    assertEquals(9, noop.s.gpr[3]);

    Machine hea = new Machine().load("start:\n mfspr r3, 0\n");
    assertEquals(0xE40, hea.run(), "mfspr 0 is emulation assistance");
  }

  @Test
  void shouldTrapPrivilegedInstructionsInProblemState() {
    Machine m = user("mfmsr r3", 0x700);
    assertEquals(0xC00, m.run());
    assertEquals(0x1000, m.s.gpr[20], "SRR0 = the privileged instruction");
    long srr1 = m.s.gpr[21];
    assertEquals(Srr1.PROGPRIV, srr1 & Srr1.PROGPRIV);
    assertEquals(Msr.PR | Msr.EE | Msr.IR | Msr.DR | Msr.ME, srr1 & (Msr.PR | Msr.EE | Msr.IR | Msr.DR | Msr.ME),
        "rfid to problem state forced EE, IR and DR on and kept ME");
  }

  @Test
  void shouldTurnSc1FromProblemStateIntoAPrivilegedProgramInterrupt() {
    Machine m = user("sc 1", 0x700);
    assertEquals(0xC00, m.run(), "only the handler's own sc 1 exits");
    assertEquals(0x1004, m.s.gpr[20], "SRR0 = the instruction after the sc");
    assertEquals(Srr1.PROGPRIV, m.s.gpr[21] & Srr1.PROGPRIV);
  }

  @Test
  void shouldRaiseFacilityUnavailableInProblemStateWhenFscrDisablesIt() {
    Machine m = user("mfspr r3, 815", 0xF60);
    m.s.reg[VcpuState.R_FSCR] = ~Facility.bit(Facility.TAR) & (-1L >>> 8);
    assertEquals(0xC00, m.run());
    assertEquals(0x1000, m.s.gpr[20]);
    assertEquals(Facility.TAR, m.s.reg[VcpuState.R_FSCR] >>> 56);
  }

  @Test
  void shouldDeliverTheDecrementerWhenEnabledAndKeepItLevelTriggered() {
    Machine m = new Machine().load("""
        .org 0x100
        start:
          li r3, 0
          ori r3, r3, 0x8000
          mtmsrd r3, 1
        loop:
          addi r4, r4, 1
          b loop
        .org 0x900
          addi r7, r7, 1
          cmpdi r7, 3
          beq done
          mfsrr1 r8
          ori r8, r8, 0x8000
          mtsrr1 r8
          rfid
        done:
          sc 1
        """);
    m.s.reg[VcpuState.R_DEC_EXPIRY_TB] = 50;
    m.s.reg[VcpuState.R_LPCR] = Lpcr.LD;
    assertEquals(0xC00, m.run());
    assertEquals(3, m.s.gpr[7], "taken again after rfid while DEC stays negative");
    assertTrue(m.s.gpr[4] <= 50, "the loop stopped running once DEC expired");
  }

  @Test
  void shouldHoldTheDecrementerWhileEeIsOff() {
    Machine m = new Machine().load(".org 0x100\nstart:\n"
        + " addi r4, r4, 1\n cmpdi r4, 100\n bne start\n li r3, 0\n ori r3, r3, 0x8000\n mtmsrd r3, 1\n nop\n" + handler(0x900));
    m.s.reg[VcpuState.R_DEC_EXPIRY_TB] = 10;
    assertEquals(0xC00, m.run());
    assertEquals(100, m.s.gpr[4]);
    assertEquals(0x118, m.s.gpr[20], "taken right after mtmsrd set EE");
  }

  @Test
  void shouldReadAndWriteTheDecrementerAgainstTheExpiry() {
    Machine m = new Machine().load("start:\n mfdec r3\n li r4, 1000\n mtdec r4\n sc 1\n");
    m.s.now = 100;
    m.s.reg[VcpuState.R_DEC_EXPIRY_TB] = 600;
    assertEquals(0xC00, m.run());
    assertEquals(500, m.s.gpr[3], "DEC = expiry - now");
    assertEquals(102 + 1000, m.s.reg[VcpuState.R_DEC_EXPIRY_TB], "mtdec moves the expiry to now + value");
  }

  @Test
  void shouldDeliverAnInjectedExternalInterruptOnlyOnceEeIsSet() {
    Machine m = new Machine().load("""
        .org 0x100
        start:
          li r3, 1
          li r3, 2
          li r4, 0
          ori r4, r4, 0x8000
          mtmsrd r4, 1
          li r3, 3
        """ + handler(0x500));
    m.s.externalPending = true;
    assertEquals(0xC00, m.run());
    assertEquals(2, m.s.gpr[3], "held while EE=0, taken right after mtmsrd");
    assertEquals(0x114, m.s.gpr[20]);
    assertFalse(m.s.externalPending, "an injected external is consumed by its delivery");
  }

  @Test
  void shouldDeliverTheMediatedExternalWhileLpcrMerIsSet() {
    Machine m = new Machine().load(".org 0x100\nstart:\n li r4, 0\n ori r4, r4, 0x8000\n mtmsrd r4, 1\n nop\n" + handler(0x500));
    m.s.reg[VcpuState.R_LPCR] = Lpcr.MER;
    assertEquals(0xC00, m.run());
    assertEquals(0x10C, m.s.gpr[20]);
  }

  @Test
  void shouldDeliverADoorbellFromDpdesAndClearIt() {
    Machine m = new Machine().load(".org 0x100\nstart:\n li r4, 0\n ori r4, r4, 0x8000\n mtmsrd r4, 1\n nop\n" + handler(0xA00));
    m.s.reg[VcpuState.R_DPDES] = 1;
    assertEquals(0xC00, m.run());
    assertEquals(0, m.s.reg[VcpuState.R_DPDES]);
    assertEquals(0x10C, m.s.gpr[20]);
  }

  @Test
  void shouldSendADoorbellToItselfOrToAnotherThread() {
    Machine m = new Machine().load("""
        .org 0x100
        start:
          lis r3, 0x2800
          ori r3, r3, 2
          msgsndp r3
          lis r3, 0x2800
          msgsndp r3
          li r4, 0
          ori r4, r4, 0x8000
          mtmsrd r4, 1
          nop
        """ + handler(0xA00));
    assertEquals(0xC00, m.run());
    assertEquals(1 << 2, m.s.doorbellsSent, "thread 2's doorbell is handed to the L0");
    assertEquals(0x120, m.s.gpr[20], "the doorbell to itself was taken once EE was set");
  }

  @Test
  void shouldDeliverAnInjectedSystemResetWhateverMsrEe() {
    Machine m = new Machine().load(handler(0x100) + ".org 0x200\nstart:\n nop\n");
    m.s.systemResetPending = true;
    assertEquals(0xC00, m.run());
    assertEquals(0x200, m.s.gpr[20], "SRR0 = the next instruction to execute");
  }

  @Test
  void shouldDeliverDataStorageInterruptsForProcessScopedFaults() {
    Machine m = new Machine().load(".org 0x100\nstart:\n ld r5, 0(r4)\n" + handler(0x300));
    m.s.gpr[4] = Machine.KERNEL | 0x30_0000;
    m.s.msr |= Msr.DR;
    assertEquals(0xC00, m.run());
    assertEquals(Machine.KERNEL | 0x30_0000, m.s.reg[VcpuState.R_DAR]);
    assertEquals(Dsisr.NOHPTE, m.s.reg[VcpuState.R_DSISR]);
    assertEquals(0x100, m.s.gpr[20]);
  }

  @Test
  void shouldApplyAilWhenTheInterruptedContextWasRelocated() {
    Machine m = new Machine().load(".org 0x100\nstart:\n ld r5, 0(r4)\n .org 0x4300\n mfmsr r22\n sc 1\n");
    m.s.gpr[4] = Machine.KERNEL | 0x30_0000;
    m.s.msr = Msr.SF | Msr.ME | Msr.IR | Msr.DR;
    m.s.nia = Machine.KERNEL | 0x100;
    m.s.reg[VcpuState.R_LPCR] = 3L << Lpcr.AIL_SHIFT;
    assertEquals(0xC00, m.run());
    assertEquals(0xC000_0000_0000_4308L, m.s.nia, "the DSI went to 0xc000000000004300");
    assertEquals(Msr.SF | Msr.ME | Msr.IR | Msr.DR, m.s.gpr[22], "and kept relocation on");
  }

  @Test
  void shouldRaiseFpUnavailableWhenMsrFpIsOff() {
    Machine m = new Machine().load(".org 0x100\nstart:\n lfd f1, 0(0)\n" + handler(0x800));
    assertEquals(0xC00, m.run());
    assertEquals(0x100, m.s.gpr[20]);
    assertFalse(m.s.hasVectorState());
  }

  @Test
  void shouldLoadAndStoreFloatingPointRegistersWhenEnabled() {
    Machine m = new Machine().load("start:\n lis r4, 0x8\n lfd f3, 0(r4)\n stfd f3, 8(r4)\n sc 1\n");
    m.s.msr |= Msr.FP;
    m.setL2Long(0x8_0000, 0x4009_21FB_5444_2D18L);
    assertEquals(0xC00, m.run());
    assertEquals(0x4009_21FB_5444_2D18L, m.s.fpr(3));
    assertEquals(0x4009_21FB_5444_2D18L, m.l2Long(0x8_0008));
  }

  @Test
  void shouldMoveMsrWithMtmsrdAsTheArchitectureSays() {
    Machine m = new Machine().load("""
        start:
          li r3, 2
          ori r3, r3, 0x8000
          mtmsrd r3, 1
          mfmsr r10
          li r4, 0
          mtmsrd r4, 0
          mfmsr r11
          sc 1
        """);
    assertEquals(0xC00, m.run());
    assertEquals(Msr.SF | Msr.ME | Msr.EE | Msr.RI, m.s.gpr[10], "L=1 copies EE and RI only");
    assertEquals(Msr.ME, m.s.gpr[11], "L=0 copies everything but HV, S, ME and LE");
  }

  @Test
  void shouldRunLittleEndianCodeAndData() {
    Machine m = new Machine();
    m.s.msr |= Msr.LE;
    m.load("start:\n lis r4, 0x8\n ld r5, 0(r4)\n lwz r6, 0(r4)\n lwbrx r7, 0, r4\n sc 1\n");
    m.setL2Long(0x8_0000, 0x0102_0304_0506_0708L);
    assertEquals(0xC00, m.run());
    assertEquals(0x0807_0605_0403_0201L, m.s.gpr[5]);
    assertEquals(0x0403_0201L, m.s.gpr[6]);
    assertEquals(0x0102_0304L, m.s.gpr[7]);
  }
}
