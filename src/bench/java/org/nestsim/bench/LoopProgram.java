package org.nestsim.bench;

import org.nestsim.cpu.Interpreter;
import org.nestsim.cpu.Msr;
import org.nestsim.cpu.VcpuState;
import org.nestsim.memory.SparseMemory;

/**
 * The loop program the interpreter benchmarks run, as the same instruction words GNU as produces for
 * {@code src/bench/loop.s} (the program {@code qemu-ppc64} runs for the side-by-side comparison): eight
 * instructions per iteration — add, addi, rlwinm, xor, std, ld, cmpd, bdnz — ended by {@code sc 1}.
 */
final class LoopProgram {
  static final long CODE = 0x1000_00b0L;
  static final long DATA = 0x1001_00f0L;
  static final int INSTRUCTIONS_PER_ITERATION = 8;

  private static final int[] WORDS = {
    0x3c800000, // lis r4,ITERATIONS>>16 (patched)
    0x7c8903a6, // mtctr r4
    0x38600000, // li r3,0
    0x38a00001, // li r5,1
    0x3d201001, // lis r9,0x1001
    0x392900f0, // addi r9,r9,0xf0
    0x7c632a14, // loop: add r3,r3,r5
    0x38a50001, // addi r5,r5,1
    0x54671838, // slwi r7,r3,3
    0x7ce82a78, // xor r8,r7,r5
    0xf9090000, // std r8,0(r9)
    0xe9490000, // ld r10,0(r9)
    0x7c2a4000, // cmpd r10,r8
    0x4200ffe4, // bdnz loop
    0x44000022, // sc 1
  };

  private LoopProgram() {}

  /** A vCPU ready to run {@code iterations × 65536} loop iterations (plus 7 instructions). */
  static Interpreter create(int iterationsHigh) {
    return create(iterationsHigh, 3);
  }

  /**
   * The same with the {@code rlwinm}'s shift set to {@code shift} (0–31): other words, the same
   * registers at the end but r7.
   */
  static Interpreter create(int iterationsHigh, int shift) {
    SparseMemory memory = new SparseMemory(1L << 30);
    for (int i = 0; i < WORDS.length; i++) {
      int w = i == 0 ? WORDS[0] | (iterationsHigh & 0xFFFF) : WORDS[i];
      if (i == 8) {
        w = (w & ~(31 << 11)) | ((shift & 31) << 11);
      }
      memory.writeInt(CODE + 4L * i, w);
    }
    VcpuState s = new VcpuState();
    s.nia = CODE;
    s.msr = Msr.SF;
    s.reg[VcpuState.R_HDEC_EXPIRY_TB] = -1L;
    Interpreter cpu = new Interpreter(s, memory, 1);
    cpu.setFlatMemory();
    return cpu;
  }

  /**
   * Checks the registers after the loop: n iterations leave r3 = n(n+1)/2, r5 = n+1, r10 = r8 and
   * CR0 = EQ, so a fast but wrong engine does not pass as fast.
   */
  static void check(Interpreter cpu, int iterationsHigh) {
    VcpuState s = cpu.state();
    long n = (long) (iterationsHigh & 0xFFFF) << 16;
    if (s.gpr[3] != n * (n + 1) / 2 || s.gpr[5] != n + 1 || s.gpr[10] != s.gpr[8] || (s.cr >>> 28) != 2
        || s.instructions != n * INSTRUCTIONS_PER_ITERATION + 7) {
      throw new IllegalStateException("wrong result: r3 " + s.gpr[3] + ", r5 " + s.gpr[5] + ", instructions "
          + s.instructions);
    }
  }

  /** Runs to the hcall in slices of {@code slice} instructions; returns the instructions executed. */
  static long run(Interpreter cpu, int slice) {
    while (cpu.runSlice(slice, Long.MAX_VALUE) == Interpreter.SLICE_OVER) {
      // next slice
    }
    return cpu.state().instructions;
  }
}
