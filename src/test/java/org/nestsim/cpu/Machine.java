package org.nestsim.cpu;

import java.nio.ByteOrder;
import org.nestsim.cpu.asm.AsmException;
import org.nestsim.cpu.asm.Assembler;
import org.nestsim.cpu.asm.Assembly;
import org.nestsim.memory.RadixTreeBuilder;
import org.nestsim.memory.SparseMemory;

/**
 * A test rig: one L2 vCPU over L1 memory with the trees a Linux L1 and a Linux L2 would build.
 *
 * <pre>
 *   L1 real memory (256 MiB)
 *     0x0100_0000 – 0x0140_0000   L2 RAM: guest real [0, 4 MiB), 4 KiB pages, R|C|RWX
 *     0x0800_0000 – 0x0900_0000   the partition-scoped tree's tables
 *   L2 guest real memory
 *     0x0000_0000                 the program (assembled at 0)
 *     0x0020_0000                 the L2's process table (4 KiB: PID 0 and PID 1)
 *     0x0030_0000 – 0x0040_0000   the L2's process-scoped tree tables
 *   Process scope (relocation on): EA 0xC000_0000_0000_0000 + x (quadrant 3, PID 0) and, for PID 1,
 *   EA x (quadrant 0) both map guest real x for x in [0, 2 MiB), RWX; user pages are not privileged.
 * </pre>
 */
final class Machine {
  static final long L2_RAM = 0x0100_0000L;
  static final long L2_RAM_SIZE = 0x0040_0000L;
  static final long KERNEL = 0xC000_0000_0000_0000L;
  static final long PROCESS_TABLE = 0x20_0000L;

  final SparseMemory memory = new SparseMemory(256L << 20);
  final RadixTreeBuilder partition = new RadixTreeBuilder(memory, 0, 0x0800_0000L, 0x0900_0000L);
  final RadixTreeBuilder kernelTree;
  final RadixTreeBuilder userTree;
  final VcpuState s = new VcpuState();
  final Interpreter cpu;
  Assembly program;

  Machine() {
    this(1);
  }

  Machine(int ticksPerInstruction) {
    for (long gra = 0; gra < L2_RAM_SIZE; gra += 0x1000) {
      partition.map(gra, L2_RAM + gra, RadixTreeBuilder.SHIFT_4K, RadixTreeBuilder.LINUX_WRITABLE);
    }
    kernelTree = new RadixTreeBuilder(memory, L2_RAM, 0x30_0000L, 0x38_0000L);
    userTree = new RadixTreeBuilder(memory, L2_RAM, 0x38_0000L, 0x40_0000L);
    long rwx = RadixTreeBuilder.READ | RadixTreeBuilder.READ_WRITE | RadixTreeBuilder.EXEC
        | RadixTreeBuilder.R | RadixTreeBuilder.C;
    for (long x = 0; x < 0x20_0000L; x += 0x1000) {
      kernelTree.map(x, x, RadixTreeBuilder.SHIFT_4K, rwx | RadixTreeBuilder.PRIV);
      userTree.map(x, x, RadixTreeBuilder.SHIFT_4K, rwx);
    }
    memory.writeLong(L2_RAM + PROCESS_TABLE, kernelTree.prteDw0());
    memory.writeLong(L2_RAM + PROCESS_TABLE + 16, userTree.prteDw0());
    cpu = new Interpreter(s, memory, ticksPerInstruction);
    cpu.setPartitionTable(partition.pateDw0(), RadixTreeBuilder.pateDw1(PROCESS_TABLE, 0x1000));
    s.msr = Msr.SF | Msr.ME;
    s.reg[VcpuState.R_HDEC_EXPIRY_TB] = -1L;
    s.reg[VcpuState.R_DEC_EXPIRY_TB] = 0x7FFF_FFFFL;
    s.reg[VcpuState.R_HFSCR] = -1L >>> 8;
    s.reg[VcpuState.R_FSCR] = -1L >>> 8;
  }

  /** Assembles {@code source} at guest real 0 (big-endian unless MSR[LE] is set) and points NIA at "start". */
  Machine load(String source) {
    boolean le = (s.msr & Msr.LE) != 0;
    try {
      program = Assembler.assemble(source, "test.s", 0, le ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    } catch (AsmException e) {
      throw new AssertionError(e.getMessage(), e);
    }
    byte[] bytes = program.bytes();
    memory.write(L2_RAM + program.origin(), bytes, 0, bytes.length);
    s.nia = program.labels().containsKey("start") ? program.address("start") : 0;
    cpu.stateChanged();
    return this;
  }

  long label(String name) {
    return program.address(name);
  }

  /** Runs until the next exit (at most a million instructions). */
  int run() {
    int vector = cpu.runSlice(1_000_000, Long.MAX_VALUE);
    if (vector == Interpreter.SLICE_OVER) {
      throw new AssertionError("no exit within a million instructions; NIA 0x" + Long.toHexString(s.nia));
    }
    return vector;
  }

  /** Reads a doubleword of L2 memory at guest real address {@code gra}. */
  long l2Long(long gra) {
    return memory.readLong(L2_RAM + gra);
  }

  void setL2Long(long gra, long value) {
    memory.writeLong(L2_RAM + gra, value);
  }
}
