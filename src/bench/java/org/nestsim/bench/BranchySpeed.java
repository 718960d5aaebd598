package org.nestsim.bench;

import org.nestsim.cpu.Interpreter;
import org.nestsim.cpu.Msr;
import org.nestsim.cpu.VcpuState;
import org.nestsim.memory.SparseMemory;

/**
 * Instructions per second on call-heavy code, where compiled regions are entered and left often: a
 * loop that calls a two-instruction function through {@code bl}/{@code blr}, the function in the
 * loop's page ({@code near}) or in the next page ({@code far}). Compare with {@code
 * -Dnestsim.jit=false}. Usage: {@code BranchySpeed near|far [ROUNDS]}.
 */
public final class BranchySpeed {
  private BranchySpeed() {}

  public static void main(String[] args) {
    boolean far = args.length > 0 && args[0].equals("far");
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
    long f = far ? 0x2000 : 0x1800;
    long iterations = 1 << 22;
    double best = 0;
    for (int r = 0; r < rounds; r++) {
      SparseMemory memory = new SparseMemory(1L << 24);
      memory.writeInt(0x1000, 0x3C800000 | (int) (iterations >>> 16)); // lis r4,iterations>>16
      memory.writeInt(0x1004, 0x7C8903A6); // mtctr r4
      memory.writeInt(0x1008, 0x48000001 | (int) (f - 0x1008)); // loop: bl f
      memory.writeInt(0x100C, 0x7C632A14); // add r3,r3,r5
      memory.writeInt(0x1010, 0x4200FFF8); // bdnz loop
      memory.writeInt(0x1014, 0x44000022); // sc 1
      memory.writeInt(f, 0x38A50001); // f: addi r5,r5,1
      memory.writeInt(f + 4, 0x4E800020); // blr
      VcpuState s = new VcpuState();
      s.nia = 0x1000;
      s.msr = Msr.SF;
      s.reg[VcpuState.R_HDEC_EXPIRY_TB] = -1L;
      Interpreter cpu = new Interpreter(s, memory, 1);
      cpu.setFlatMemory();
      long t0 = System.nanoTime();
      while (cpu.runSlice(10_000, Long.MAX_VALUE) == Interpreter.SLICE_OVER) {
        // next slice
      }
      long t1 = System.nanoTime();
      if (s.gpr[5] != iterations) {
        throw new IllegalStateException("wrong result " + s.gpr[5]);
      }
      double ips = s.instructions / ((t1 - t0) / 1e9);
      System.err.printf("round %d: %.1f M instructions/s%s%n", r, ips / 1e6, cpu.codeCache() == null ? "" : " (regions compiled " + cpu.codeCache().compiled() + ", dropped " + cpu.codeCache().discarded() + ")");
      best = Math.max(best, ips);
    }
    System.out.printf("%s %.0f%n", far ? "far" : "near", best);
  }
}
