package org.nestsim.l0;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.nestsim.cpu.Interpreter;
import org.nestsim.cpu.VcpuState;
import org.nestsim.gsb.GsbWriter;
import org.nestsim.gsb.Gsid;
import org.nestsim.gsb.Scope;
import org.nestsim.memory.SparseMemory;

/** Guest-wide state: the PATE encoding of spec §5.1 and how the values reach the vCPUs. */
class GuestStateTest {

  @Test
  void shouldEncodeTheSpecsPartitionTableExample() {
    assertEquals(0xC000_0000_0100_00ADL, GuestState.encodePartitionTable(0x0100_0000L, 52, 0x10000));
  }

  @Test
  void shouldEncodeTheProcessTableSizesQemuAccepts() {
    assertEquals(0x0000_0000_0200_0000L, GuestState.encodeProcessTable(0x0200_0000L, 4096));
    assertEquals(0x0000_0000_0200_000CL, GuestState.encodeProcessTable(0x0200_0000L, 16L << 20));
  }

  @Test
  void shouldGiveEveryVcpuTheCurrentValuesAtItsNextEntry() {
    GuestState guest = new GuestState(0x0F00_0006L);
    SparseMemory memory = new SparseMemory(64L << 20);
    Interpreter early = new Interpreter(new VcpuState(), memory, 1);
    VcpuRecord earlyRecord = new VcpuRecord();
    assertTrue(guest.guestWide().loadInto(earlyRecord, early));
    assertFalse(guest.guestWide().partitionTableSet());

    guest.setTbOffset(0x4000);
    guest.setLogicalPvr(0x0F00_0005L);
    guest.setPartitionTable(0x0100_0000L, 52, 0x10000);
    GuestWide current = guest.guestWide();
    assertSame(current, guest.guestWide());
    assertTrue(current.partitionTableSet());

    // A vCPU created after the SET gets the values too (QEMU would give it TB offset 0, §9 item 12).
    Interpreter late = new Interpreter(new VcpuState(), memory, 1);
    VcpuRecord lateRecord = new VcpuRecord();
    for (Interpreter i : new Interpreter[] {early, late}) {
      assertTrue(current.loadInto(i == early ? earlyRecord : lateRecord, i));
      assertEquals(0x4000, i.state().tbOffset);
      assertEquals(0x0F00_0005L, i.state().pvr);
    }
    assertFalse(current.loadInto(lateRecord, late));
  }

  @Test
  void shouldCountOnlyChanges() {
    GuestState guest = new GuestState(0x0F00_0006L);
    long before = guest.generation();
    ByteBuffer b = ByteBuffer.allocate(64);
    new GsbWriter().wrap(b, 0, 64).putBe64(Gsid.RUN_OUTPUT_MIN_SIZE, 0);
    StateBuffers.get(Profile.SPEC, StateBuffers.getRequest(Scope.GUEST), new org.nestsim.gsb.GsbReader(), b, 0,
        64, guest, null, null, null);
    assertEquals(before, guest.generation());
    guest.setProcessTable(0, 4096);
    assertEquals(before + 1, guest.generation());
  }

  @Test
  void shouldCopyBuffersBetweenL1MemoryAndScratch() {
    SparseMemory memory = new SparseMemory(16L << 20);
    memory.writeInt(0x10000, 1);
    memory.writeInt(0x10004, 0x0002_0008);
    GsbScratch scratch = new GsbScratch();
    ByteBuffer b = scratch.load(memory, 0x10000, 10_000);
    GuestState guest = new GuestState(0);
    assertSame(StateBuffers.OK, StateBuffers.get(Profile.SPEC, StateBuffers.getRequest(Scope.GUEST),
        scratch.reader(), b, 0, 10_000, guest, null, null, null));
    scratch.store(memory, 0x10000, 10_000);
    assertEquals(0x80, memory.readLong(0x10008));
  }
}
