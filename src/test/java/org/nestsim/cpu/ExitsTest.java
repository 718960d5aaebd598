package org.nestsim.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nestsim.memory.Dsisr;
import org.nestsim.memory.RadixTreeBuilder;

/**
 * Every exit to the L1 with the registers behind its output elements (spec §6.3–§6.5, §10.2,
 * §10.4.4, §10.5, §10.6.4).
 */
class ExitsTest {

  @Test
  void shouldExitWithAnHcallThroughSrr0AndSrr1() {
    Machine m = new Machine().load("""
        start:
          li r3, 0x6f00
          li r4, 4
          li r12, 12
          sc 1
          nop
        """);
    assertEquals(0xC00, m.run());
    assertEquals(0x6f00, m.s.gpr[3]);
    assertEquals(4, m.s.gpr[4]);
    assertEquals(12, m.s.gpr[12]);
    assertEquals(0x10, m.s.nia, "NIA = the instruction after sc");
    assertEquals(0x10, m.s.reg[VcpuState.R_SRR0]);
    assertEquals(Msr.SF | Msr.ME, m.s.reg[VcpuState.R_SRR1]);
    assertEquals(Msr.SF | Msr.ME, m.s.exitMsr, "the MSR element is SRR1");
    assertEquals(Msr.SF | Msr.ME, m.s.msr, "an hcall does not change the L2's MSR");
  }

  @Test
  void shouldExitOnHdecExactlyAtItsDeadlineWhateverMsrEe() {
    Machine m = new Machine().load("""
        start:
          addi r3, r3, 1
          b start
        """);
    m.s.reg[VcpuState.R_HDEC_EXPIRY_TB] = 101;
    assertEquals(0x980, m.run());
    assertEquals(101, m.s.now);
    assertEquals(101, m.s.instructions);
    assertEquals(51, m.s.gpr[3], "instructions before the deadline ran, none after");
    assertEquals(4, m.s.nia, "NIA = the next instruction, not executed");
    assertEquals(Msr.SF | Msr.ME, m.s.exitMsr);
  }

  @Test
  void shouldExitAtOnceWhenHdecIsAlreadyDueAtEntry() {
    Machine m = new Machine().load("start: li r3, 1\n sc 1\n");
    m.s.now = 500;
    m.s.reg[VcpuState.R_HDEC_EXPIRY_TB] = 500;
    assertEquals(0x980, m.run());
    assertEquals(0, m.s.instructions);
    assertEquals(0, m.s.gpr[3]);
  }

  @Test
  void shouldTreatHdecExpiryAsAnUnsignedDeadline() {
    Machine m = new Machine().load("start: li r3, 1\n sc 1\n");
    m.s.reg[VcpuState.R_HDEC_EXPIRY_TB] = 0x8000_0000_0000_0000L;
    assertEquals(0xC00, m.run(), "an expiry beyond 2^63 is far in the future, not in the past");
  }

  @Test
  void shouldExitWithHdsiForAnUnmappedLoadInRealMode() {
    Machine m = new Machine().load("""
        start:
          lis r4, 0x80
          li r5, 7
          ld r5, 0x18(r4)
          sc 1
        """);
    assertEquals(0xE00, m.run());
    assertEquals(0x80_0018L, m.s.reg[VcpuState.R_HDAR]);
    assertEquals(Dsisr.NOHPTE, m.s.reg[VcpuState.R_HDSISR]);
    assertEquals(0x80_0018L, m.s.reg[VcpuState.R_ASDR]);
    assertEquals(8, m.s.nia, "NIA = the load, which did not complete");
    assertEquals(7, m.s.gpr[5], "the target register is unchanged");
    assertEquals(Msr.SF | Msr.ME, m.s.exitMsr);
  }

  @Test
  void shouldMarkStoresInHdsisr() {
    Machine m = new Machine().load("start:\n lis r4, 0x80\n stw r4, 0(r4)\n sc 1\n");
    assertEquals(0xE00, m.run());
    assertEquals(Dsisr.NOHPTE | Dsisr.ISSTORE, m.s.reg[VcpuState.R_HDSISR]);
  }

  @Test
  void shouldExitWithHdsiForAStoreToAReadOnlyPartitionPage() {
    Machine m = new Machine();
    m.partition.map(0x10_0000, Machine.L2_RAM + 0x10_0000, RadixTreeBuilder.SHIFT_4K, 0);
    m.partition.write(m.partition.leafAddress(0x10_0000), RadixTreeBuilder.V | RadixTreeBuilder.L
        | (Machine.L2_RAM + 0x10_0000) | RadixTreeBuilder.LINUX_READ_ONLY);
    m.cpu.flushTranslations();
    m.load("start:\n lis r4, 0x10\n ld r5, 8(r4)\n std r5, 8(r4)\n sc 1\n");
    assertEquals(0xE00, m.run());
    assertEquals(Dsisr.PROTFAULT | Dsisr.ISSTORE, m.s.reg[VcpuState.R_HDSISR]);
    assertEquals(0x10_0008L, m.s.reg[VcpuState.R_HDAR]);
    assertEquals(8, m.s.nia);
  }

  @Test
  void shouldExitWithHisiForAFetchFromAnUnmappedPage() {
    Machine m = new Machine().load("""
        start:
          lis r4, 0x80
          ori r4, r4, 0x40
          mtctr r4
          bctr
        """);
    m.s.reg[VcpuState.R_HDAR] = 0x1234;
    assertEquals(0xE20, m.run());
    assertEquals(0x80_0040L, m.s.nia, "NIA = the address fetched");
    assertEquals(0x80_0040L, m.s.reg[VcpuState.R_ASDR]);
    assertEquals(0x1234, m.s.reg[VcpuState.R_HDAR], "an HISI leaves HDAR as it was");
    assertEquals(Msr.SF | Msr.ME | Dsisr.NOHPTE, m.s.exitMsr, "the cause bits ride in the MSR element");
    assertEquals(Msr.SF | Msr.ME, m.s.msr);
  }

  @Test
  void shouldExitWithEmulationAssistanceForAnInstructionNotExecuted() {
    Machine m = new Machine().load("start:\n li r3, 1\n .long 0x7c601828\n sc 1\n"); // lwarx r3,0,r3
    assertEquals(0xE40, m.run());
    assertEquals(0x7c601828L, m.s.reg[VcpuState.R_HEIR]);
    assertEquals(4, m.s.nia);
    assertEquals(Msr.SF | Msr.ME, m.s.exitMsr);
  }

  @Test
  void shouldExitWithEmulationAssistanceForAnInvalidUpdateForm() {
    Machine m = new Machine().load("start:\n .long 0x84630000\n"); // lwzu r3,0(r3): RA = RT
    assertEquals(0xE40, m.run());
    assertEquals(0x84630000L, m.s.reg[VcpuState.R_HEIR]);
  }

  @Test
  void shouldExitWithHfacWhenHfscrDisablesDoorbells() {
    Machine m = new Machine().load("start:\n li r3, 0\n msgsndp r3\n sc 1\n");
    m.s.reg[VcpuState.R_HFSCR] = 0;
    assertEquals(0xF80, m.run());
    assertEquals(10, m.s.reg[VcpuState.R_HFSCR] >>> 56, "cause MSGP");
    assertEquals(4, m.s.nia);
  }

  @Test
  void shouldExitWithHfacForPerformanceMonitorAndFloatingPoint() {
    Machine pm = new Machine().load("start:\n mfspr r3, 787\n sc 1\n");
    pm.s.reg[VcpuState.R_HFSCR] = ~Facility.bit(Facility.PM) & (-1L >>> 8);
    assertEquals(0xF80, pm.run());
    assertEquals(Facility.PM, pm.s.reg[VcpuState.R_HFSCR] >>> 56);
    assertEquals(Facility.PM, (int) (pm.s.reg[VcpuState.R_HFSCR] >>> 56));

    Machine fp = new Machine().load("start:\n lfd f1, 0(0)\n sc 1\n");
    fp.s.msr |= Msr.FP;
    fp.s.reg[VcpuState.R_HFSCR] = 0x00FF_FFFF_FFFF_FFFEL;
    assertEquals(0xF80, fp.run());
    assertEquals(Facility.FP, fp.s.reg[VcpuState.R_HFSCR] >>> 56);
    assertEquals(0x00FF_FFFF_FFFF_FFFEL, fp.s.reg[VcpuState.R_HFSCR] & ~Facility.IC_MASK);
  }

  @Test
  void shouldExitWithMachineCheckForAnL1AddressBeyondMemory() {
    Machine m = new Machine();
    m.partition.map(0x10_0000, 0x4000_0000L, RadixTreeBuilder.SHIFT_4K, RadixTreeBuilder.LINUX_WRITABLE);
    m.load("start:\n lis r4, 0x10\n ld r5, 0(r4)\n sc 1\n");
    assertEquals(0x200, m.run());
    assertEquals(4, m.s.nia);
  }

  @Test
  void shouldExitWithHdsiWhenAnL2PageTableIsNotMappedByTheL1() {
    Machine m = new Machine();
    long tableEntryGra = m.kernelTree.entryAddress(0x10_0000, 3);
    m.partition.write(m.partition.leafAddress(tableEntryGra & ~0xFFFL), 0);
    m.load("start:\n ld r5, 0(r4)\n sc 1\n");
    long ea = Machine.KERNEL | 0x10_0000;
    m.s.gpr[4] = ea;
    m.s.msr |= Msr.DR;
    m.cpu.stateChanged();
    assertEquals(0xE00, m.run());
    assertEquals(Dsisr.NOHPTE | Dsisr.PRTABLE_FAULT, m.s.reg[VcpuState.R_HDSISR]);
    assertEquals(ea, m.s.reg[VcpuState.R_HDAR], "HDAR = the effective address of the access");
    assertEquals(tableEntryGra, m.s.reg[VcpuState.R_ASDR], "ASDR = the table entry's guest real address");
  }
}
