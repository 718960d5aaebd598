package org.nestsim.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.nestsim.memory.RadixTreeBuilder.LINUX_READ_ONLY;
import static org.nestsim.memory.RadixTreeBuilder.LINUX_WRITABLE;
import static org.nestsim.memory.RadixTreeBuilder.SHIFT_4K;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The translation path allocates nothing, on success and on every kind of fault (STYLE.md, "the hot
 * loop"): HotSpot's per-thread allocation counter must not move over many translations. A JMH
 * {@code -prof gc} run would say the same with more ceremony.
 */
class RadixWalkerAllocationTest {
  private static final long OFFSET = 0x2000_0000L;
  private static final long PROCESS_TABLE = 0x0001_0000L;
  private static final long KERNEL_EA = 0xC000_0000_0010_0000L;

  @Test
  void shouldNotAllocateWhileTranslating() {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "HotSpot allocation counter");
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
    assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());

    SparseMemory memory = new SparseMemory(1L << 30);
    RadixTreeBuilder partition = new RadixTreeBuilder(memory, 0, 0x0100_0000L, 0x0200_0000L);
    RadixTreeBuilder kernel = new RadixTreeBuilder(memory, OFFSET, 0x0020_0000L, 0x0030_0000L);
    memory.writeLong(PROCESS_TABLE + OFFSET, kernel.prteDw0());
    kernel.map(0x0010_0000L, 0x0100_0000L, SHIFT_4K, 0x18F);
    partition.map(0x0100_0000L, 0x3000_0000L, SHIFT_4K, LINUX_WRITABLE);
    partition.map(PROCESS_TABLE, PROCESS_TABLE + OFFSET, SHIFT_4K, LINUX_READ_ONLY);
    for (long page = kernel.root(); page < kernel.allocatedEnd(); page += 0x1000) {
      partition.map(page, page + OFFSET, SHIFT_4K, LINUX_READ_ONLY);
    }
    long dw0 = partition.pateDw0();
    long dw1 = RadixTreeBuilder.pateDw1(PROCESS_TABLE, 4096);
    RadixWalker walker = new RadixWalker();

    // One of each outcome: translated, process-scoped fault, partition fault, segment, machine check.
    long[] eas = {KERNEL_EA | 0x18, 0xC000_0000_0020_0000L, 0x0000_0000_0010_0000L, 0xC010_0000_0000_0000L,
        0x4000_0000L};
    int[] expected = {RadixWalker.OK, RadixWalker.STORAGE, RadixWalker.STORAGE, RadixWalker.SEGMENT,
        RadixWalker.MACHINE_CHECK};
    boolean[] relocate = {true, true, true, true, false};
    partition.map(0x4000_0000L, 0x4000_0000L, SHIFT_4K, LINUX_WRITABLE);
    for (int i = 0; i < eas.length; i++) {
      assertEquals(expected[i], walker.translate(memory, dw0, dw1, eas[i], Access.STORE, relocate[i], false,
          i == 2 ? 1 : 0, 0, 0), "case " + i);
    }
    assertEquals(RadixWalker.PARTITION,
        walker.translate(memory, dw0, dw1, 0x0200_0000L, Access.LOAD, false, false, 0, 0, 0));

    long sink = run(walker, memory, dw0, dw1, eas, relocate, 20_000);
    long before = threads.getCurrentThreadAllocatedBytes();
    sink += run(walker, memory, dw0, dw1, eas, relocate, 100_000);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertTrue(allocated < 1024,
        "allocated " + allocated + " bytes over 600,000 translations (" + sink + ")");
  }

  private static long run(RadixWalker walker, L1Memory memory, long dw0, long dw1, long[] eas,
      boolean[] relocate, int rounds) {
    long sink = 0;
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < eas.length; i++) {
        sink += walker.translate(memory, dw0, dw1, eas[i], r % 3, relocate[i], false, i == 2 ? 1 : 0, 0, 0);
        sink += walker.realAddress() + walker.cause();
      }
      sink += walker.translate(memory, dw0, dw1, 0x0200_0000L, Access.FETCH, false, false, 0, 0, 0);
    }
    return sink;
  }
}
