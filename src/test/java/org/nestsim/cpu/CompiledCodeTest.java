package org.nestsim.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nestsim.cpu.asm.AsmException;
import org.nestsim.cpu.asm.Assembler;
import org.nestsim.cpu.jit.CodeCache;
import org.nestsim.memory.RadixTreeBuilder;
import org.nestsim.memory.SparseMemory;

/**
 * The block compiler's contract beyond single instructions: code rewritten under a compiled region (by
 * the L1 through L1 memory, by the L2's stores into another page), regions at a page's end, a
 * translation change between slices, sharing between vCPUs and between memories, the bound on the
 * regions installed, and the switch that turns compilation off. Each case runs compiled (everything
 * hot at its first entry) next to an interpreter-only vCPU and both must agree.
 */
class CompiledCodeTest {
  private static final int HCALL = 0xC00;

  private static Machine machine(boolean compiled, String source) {
    Machine m = new Machine();
    m.cpu.setCompilation(compiled);
    m.cpu.setCompileThreshold(1);
    return m.load(source);
  }

  private static int word(String instruction, long address) {
    try {
      return Assembler.assembleOne(instruction, address);
    } catch (AsmException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void shouldRunWhatTheL1WroteOverACompiledLoopBetweenSlices() {
    String source = "start:\n li r3, 0\n li r5, 1000\n mtctr r5\nloop:\n addi r3, r3, 1\n bdnz loop\n sc 1\n";
    long[] results = new long[2];
    for (int c = 0; c < 2; c++) {
      Machine m = machine(c == 1, source);
      assertEquals(Interpreter.SLICE_OVER, m.cpu.runSlice(203, Long.MAX_VALUE)); // 100 iterations
      // The L1 rewrites the loop body through L1 memory, telling nobody.
      m.memory.writeInt(Machine.L2_RAM + m.label("loop"), word("addi r3, r3, 100", 0));
      assertEquals(HCALL, m.cpu.runSlice(1_000_000, Long.MAX_VALUE));
      assertEquals(100 + 100 * 900, m.s.gpr[3], "the rewritten body ran from the next entry on");
      // And again from the start, whose region was compiled from the first words.
      m.memory.writeInt(Machine.L2_RAM + m.label("loop"), word("addi r3, r3, 2", 0));
      m.s.nia = m.label("start");
      assertEquals(HCALL, m.cpu.runSlice(1_000_000, Long.MAX_VALUE));
      results[c] = m.s.gpr[3];
      if (c == 1) {
        assertTrue(m.cpu.codeCache().discarded() >= 1, "the stale region was dropped");
      }
    }
    assertEquals(2 * 1000, results[0], "li r3, 0 at the start");
    assertEquals(results[0], results[1]);
  }

  @Test
  void shouldRunWhatTheL2StoredIntoAnotherPagesCompiledCode() {
    // The loop at 0x100 calls f at 0x2000 (another page), and after 50 calls rewrites f's addi.
    String source = """
        start:
         li r3, 0
         li r5, 100
         mtctr r5
         lis r9, 0x3880
         ori r9, r9, 0x0007       # li r4, 7: f's new first word
        loop:
         bl f
         add r3, r3, r4
         cmpdi r3, 50
         bne 1f
         stw r9, 0x2000(0)        # rewrites f while f is compiled
        1:
         bdnz loop
         sc 1
         .org 0x2000
        f:
         li r4, 1
         blr
        """;
    long[] results = new long[2];
    for (int c = 0; c < 2; c++) {
      Machine m = machine(c == 1, source);
      assertEquals(HCALL, m.cpu.runSlice(1_000_000, Long.MAX_VALUE));
      results[c] = m.s.gpr[3];
      if (c == 1) {
        assertTrue(m.cpu.codeCache().discarded() >= 1, "f's stale region was dropped");
      }
    }
    assertEquals(50 + 50 * 7, results[0]);
    assertEquals(results[0], results[1]);
  }

  @Test
  void shouldRunALoopThatCrossesAPageBoundary() {
    String source = """
         .org 0x0ff0
        start:
         li r5, 300
         mtctr r5
        loop:
         addi r3, r3, 1           # 0xff8
         addi r4, r4, 2           # 0xffc: the last word of the page
         addi r6, r6, 3           # 0x1000: the next page
         add r7, r3, r4
         bdnz loop
         sc 1
        """;
    Machine compiled = machine(true, source);
    Machine interpreted = machine(false, source);
    for (int slice : new int[] {1, 2, 3, 7, 1000, 100_000}) {
      int a = compiled.cpu.runSlice(slice, Long.MAX_VALUE);
      int b = interpreted.cpu.runSlice(slice, Long.MAX_VALUE);
      assertEquals(b, a);
      assertEquals(interpreted.s.nia, compiled.s.nia);
      assertEquals(interpreted.s.now, compiled.s.now);
    }
    assertEquals(300, compiled.s.gpr[3]);
    assertEquals(900, compiled.s.gpr[6]);
    assertEquals(900, compiled.s.gpr[7]);
    assertEquals(interpreted.s.instructions, compiled.s.instructions);
    assertTrue(compiled.cpu.codeCache().compiled() >= 2, "a region on each page");
  }

  @Test
  void shouldRunTheOtherProcessesCodeAfterAPidChange() {
    long[] results = new long[2];
    for (int c = 0; c < 2; c++) {
      Machine m = new Machine();
      m.cpu.setCompilation(c == 1);
      m.cpu.setCompileThreshold(1);
      // PID 2's tree maps EA 0x40000 to guest real 0x50000; PID 0's maps it to 0x40000.
      RadixTreeBuilder pid2 = new RadixTreeBuilder(m.memory, Machine.L2_RAM, 0x3C_0000L, 0x40_0000L);
      long rwx = RadixTreeBuilder.READ | RadixTreeBuilder.READ_WRITE | RadixTreeBuilder.EXEC
          | RadixTreeBuilder.R | RadixTreeBuilder.C | RadixTreeBuilder.PRIV;
      pid2.map(0x40000, 0x50000, RadixTreeBuilder.SHIFT_4K, rwx);
      m.setL2Long(Machine.PROCESS_TABLE + 32, pid2.prteDw0());
      m.memory.writeInt(Machine.L2_RAM + 0x40000, word("addi r3, r3, 1", 0x40000));
      m.memory.writeInt(Machine.L2_RAM + 0x40004, word("bdnz 0x40000", 0x40004));
      m.memory.writeInt(Machine.L2_RAM + 0x40008, word("sc 1", 0x40008));
      m.memory.writeInt(Machine.L2_RAM + 0x50000, word("addi r3, r3, 100", 0x40000));
      m.memory.writeInt(Machine.L2_RAM + 0x50004, word("bdnz 0x40000", 0x40004));
      m.memory.writeInt(Machine.L2_RAM + 0x50008, word("sc 1", 0x40008));
      m.s.msr = Msr.SF | Msr.ME | Msr.IR | Msr.DR;
      m.s.nia = 0x40000;
      m.s.ctr = 1000;
      m.cpu.stateChanged();
      assertEquals(HCALL, m.cpu.runSlice(1_000_000, Long.MAX_VALUE));
      // The L1 switches the vCPU to PID 2 (SET_STATE of PIDR, as the L0 applies it).
      m.s.reg[VcpuState.R_PIDR] = 2;
      m.s.nia = 0x40000;
      m.s.ctr = 10;
      m.cpu.stateChanged();
      assertEquals(HCALL, m.cpu.runSlice(1_000_000, Long.MAX_VALUE));
      results[c] = m.s.gpr[3];
    }
    assertEquals(1000 + 10 * 100, results[0]);
    assertEquals(results[0], results[1]);
  }

  @Test
  void shouldShareCompiledCodeBetweenVcpusOfOneMemoryAndBetweenMemories() {
    SparseMemory memory = new SparseMemory(1 << 20);
    int[] program = {word("addi r3, r3, 1", 0x1000), word("bdnz 0x1000", 0x1004), word("sc 1", 0x1008)};
    for (int i = 0; i < program.length; i++) {
      memory.writeInt(0x1000 + 4L * i, program[i]);
    }
    Interpreter first = flat(memory);
    Interpreter second = flat(memory);
    assertSame(first.codeCache(), second.codeCache(), "one cache per memory");
    assertEquals(HCALL, first.runSlice(100_000, Long.MAX_VALUE));
    long installed = first.codeCache().compiled();
    long defined = CodeCache.classesDefined();
    assertEquals(HCALL, second.runSlice(100_000, Long.MAX_VALUE));
    assertEquals(installed, second.codeCache().compiled(), "the second vCPU runs the first one's regions");

    SparseMemory other = new SparseMemory(1 << 20);
    for (int i = 0; i < program.length; i++) {
      other.writeInt(0x1000 + 4L * i, program[i]);
    }
    Interpreter third = flat(other);
    assertEquals(HCALL, third.runSlice(100_000, Long.MAX_VALUE));
    assertEquals(defined, CodeCache.classesDefined(), "the same words at the same offset: no new class");
    assertEquals(1000, third.state().gpr[3]);
  }

  private static Interpreter flat(SparseMemory memory) {
    VcpuState s = new VcpuState();
    s.nia = 0x1000;
    s.msr = Msr.SF;
    s.ctr = 1000;
    s.reg[VcpuState.R_HDEC_EXPIRY_TB] = -1L;
    Interpreter cpu = new Interpreter(s, memory, 1);
    cpu.setFlatMemory();
    cpu.setCompilation(true);
    cpu.setCompileThreshold(1);
    return cpu;
  }

  @Test
  void shouldEvictPastTheBoundAndStillComputeTheSame() {
    // Four loops on four pages, called in turn, with room for two regions.
    String source = """
        start:
         li r20, 20
        outer:
         bl p1
         bl p2
         bl p3
         bl p4
         addic. r20, r20, -1
         bne outer
         sc 1
         .org 0x1000
        p1: li r5, 10
         mtctr r5
        1: addi r3, r3, 1
         bdnz 1b
         blr
         .org 0x2000
        p2: li r5, 10
         mtctr r5
        1: addi r4, r4, 2
         bdnz 1b
         blr
         .org 0x3000
        p3: li r5, 10
         mtctr r5
        1: addi r6, r6, 3
         bdnz 1b
         blr
         .org 0x4000
        p4: li r5, 10
         mtctr r5
        1: addi r7, r7, 4
         bdnz 1b
         blr
        """;
    Machine m = machine(true, source);
    m.cpu.codeCache().limitRegions(2);
    assertEquals(HCALL, m.run());
    assertTrue(m.cpu.codeCache().evicted() > 0, "regions were evicted");
    assertEquals(200, m.s.gpr[3]);
    assertEquals(400, m.s.gpr[4]);
    assertEquals(600, m.s.gpr[6]);
    assertEquals(800, m.s.gpr[7]);
  }

  @Test
  void shouldOnlyInterpretWhenCompilationIsSwitchedOff() {
    String previous = System.getProperty("nestsim.jit");
    System.setProperty("nestsim.jit", "false");
    try {
      Interpreter cpu = new Interpreter(new VcpuState(), new SparseMemory(1 << 20), 1);
      assertNull(cpu.codeCache(), "-Dnestsim.jit=false: no compiler");
    } finally {
      if (previous == null) {
        System.clearProperty("nestsim.jit");
      } else {
        System.setProperty("nestsim.jit", previous);
      }
    }
  }

  @Test
  void shouldRunLittleEndianCodeCompiled() {
    Machine m = new Machine();
    m.cpu.setCompilation(true);
    m.cpu.setCompileThreshold(1);
    m.s.msr |= Msr.LE;
    m.load("start:\n li r5, 64\n mtctr r5\nloop:\n addi r3, r3, 3\n std r3, 0x800(0)\n ld r4, 0x800(0)\n"
        + " bdnz loop\n sc 1\n");
    assertEquals(HCALL, m.run());
    assertEquals(192, m.s.gpr[4]);
    assertEquals(192L, Long.reverseBytes(m.l2Long(0x800)), "stored little-endian");
  }
}
