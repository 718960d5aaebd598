package org.nestsim.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nestsim.gsb.Gsid;
import org.nestsim.memory.Dsisr;
import org.nestsim.memory.RadixTreeBuilder;

/** Behaviours found missing in review, each pinned by a test. */
class ReviewFixesTest {

  @Test
  void shouldDropTranslationsWhenTheL1ChangesThePid() {
    Machine m = new Machine().load(".org 0x100\nstart:\n ld r5, 0(r4)\n sc 1\n .org 0x300\n sc 1\n");
    m.s.set(Gsid.PIDR, 1);
    m.s.gpr[4] = 0x1000;
    m.s.msr |= Msr.DR;
    m.setL2Long(0x1000, 0x1234);
    assertEquals(0xC00, m.run());
    assertEquals(0x1234, m.s.gpr[5]);
    m.s.set(Gsid.PIDR, 2); // PRTE 2 is all zero
    m.s.nia = 0x100;
    m.s.gpr[5] = 0;
    m.cpu.stateChanged();
    assertEquals(0xC00, m.run());
    assertEquals(0x304, m.s.nia, "the load took a DSI instead of using PID 1's cached translation");
    assertEquals(Dsisr.UNSUPP_MMU, m.s.reg[VcpuState.R_DSISR]);
  }

  @Test
  void shouldRefusePartitionScopedTlbieAndReportBroadcastOnes() {
    Machine m = new Machine().load(".org 0x100\nstart:\n .long 0x7C012264\n .org 0x700\n mfsrr1 r21\n sc 1\n");
    assertEquals(0xC00, m.run());
    assertEquals(Srr1.PROGPRIV, m.s.gpr[21] & Srr1.PROGPRIV, "tlbie with PRS=0 is privileged");

    Machine p = new Machine().load(".org 0x100\nstart:\n .long 0x7C032264\n sc 1\n"); // tlbie PRS=1 R=1
    assertEquals(0xC00, p.run());
    assertTrue(p.s.translationsInvalidated, "the L0 must flush the other vCPUs of the guest");
  }

  @Test
  void shouldIgnoreTheLowBitsOfNia() {
    Machine m = new Machine().load(".org 0x100\nstart:\n li r3, 7\n sc 1\n");
    m.s.nia = 0x102;
    assertEquals(0xC00, m.run());
    assertEquals(7, m.s.gpr[3]);
  }

  @Test
  void shouldClearItsOwnDoorbellWhateverThreadItIsAndOnlyForPrivilegedDoorbellMessages() {
    Machine m = new Machine().load(".org 0x100\nstart:\n lis r3, 0x2800\n msgclrp r3\n sc 1\n");
    m.s.thread = 1;
    m.s.reg[VcpuState.R_DPDES] = 1;
    assertEquals(0xC00, m.run());
    assertEquals(0, m.s.reg[VcpuState.R_DPDES]);

    Machine other = new Machine().load(".org 0x100\nstart:\n li r3, 0\n msgsndp r3\n sc 1\n");
    assertEquals(0xC00, other.run());
    assertEquals(0, other.s.reg[VcpuState.R_DPDES], "message type 0 is not a privileged doorbell");
  }

  @Test
  void shouldMaskAmrWritesByPrivilegeStateNotBySprNumber() {
    Machine m = new Machine().load(".org 0x100\nstart:\n lis r3, 0xc000\n sldi r3, r3, 32\n mtspr 13, r3\n sc 1\n");
    m.s.set(Gsid.AMOR, -1L);
    m.s.set(Gsid.UAMOR, 0);
    assertEquals(0xC00, m.run());
    assertEquals(0xC000_0000_0000_0000L, m.s.reg[VcpuState.R_AMR]);
  }

  @Test
  void shouldReadPirPpr32AndTheBescrAliases() {
    Machine m = new Machine().load("""
        .org 0x100
        start:
          mfspr r3, 1023
          li r4, 5
          mtspr 898, r4
          mfspr r5, 898
          li r6, 0x11
          mtspr 800, r6
          li r6, 0x01
          mtspr 802, r6
          mfspr r7, 806
          sc 1
        """);
    m.s.pir = 9;
    m.s.set(Gsid.PPR, 0x0000_0003_0000_0000L);
    assertEquals(0xC00, m.run());
    assertEquals(9, m.s.gpr[3]);
    assertEquals(0x0000_0005_0000_0000L, m.s.get(Gsid.PPR), "PPR32 is the upper word of PPR");
    assertEquals(5, m.s.gpr[5]);
    assertEquals(0x10, m.s.gpr[7], "BESCRS sets, BESCRR clears");
  }

  @Test
  void shouldNotAllocateMemoryForLoadsFromUntouchedPages() {
    Machine m = new Machine().load(".org 0x100\nstart:\n lis r4, 0x3f\n ld r5, 0(r4)\n ld r6, 0x1000(r4)\n sc 1\n");
    m.s.gpr[5] = 9;
    long before = m.memory.allocatedBytes();
    assertEquals(0xC00, m.run());
    assertEquals(0, m.s.gpr[5]);
    assertEquals(before, m.memory.allocatedBytes());
  }

  @Test
  void shouldTakeTheMachineCheckExitThroughSrr0AndSrr1() {
    Machine m = new Machine();
    m.partition.map(0x10_0000, 0x4000_0000L, RadixTreeBuilder.SHIFT_4K, RadixTreeBuilder.LINUX_WRITABLE);
    m.load(".org 0x100\nstart:\n lis r4, 0x10\n ld r5, 0(r4)\n sc 1\n");
    assertEquals(0x200, m.run());
    assertEquals(0x104, m.s.nia);
    assertEquals(0x104, m.s.reg[VcpuState.R_SRR0]);
    assertEquals(m.s.exitMsr, m.s.reg[VcpuState.R_SRR1]);
  }

  @Test
  void shouldExitWithEmulationAssistanceWhenRunningIntoMemoryNeverWritten() {
    Machine m = new Machine().load(".org 0x100\nstart:\n b 0x3f0000\n");
    long before = m.memory.allocatedBytes();
    assertEquals(0xE40, m.run());
    assertEquals(0x3F_0000L, m.s.nia);
    assertEquals(0, m.s.reg[VcpuState.R_HEIR], "the word fetched is 0");
    assertEquals(before, m.memory.allocatedBytes(), "fetching does not allocate");
  }
}
