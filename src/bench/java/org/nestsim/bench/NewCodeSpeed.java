package org.nestsim.bench;

import org.nestsim.cpu.Interpreter;

/**
 * What compiling costs when code is new: in a JVM whose interpreter is already warm, runs of
 * {@link LoopProgram} with ITERATIONS_HIGH × 65,536 iterations, each with other words (the
 * {@code rlwinm} shift varies, so every run compiles a new region, whose class the JVM has not seen),
 * compiled and interpreted in turn. Short runs show the fixed cost of a new region (planning, ASM, the
 * hidden class, the JVM's own warm-up of it). Usage: {@code NewCodeSpeed ITERATIONS_HIGH [RUNS]}.
 */
public final class NewCodeSpeed {
  private NewCodeSpeed() {}

  public static void main(String[] args) {
    int high = args.length > 0 ? Integer.decode(args[0]) : 1;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    for (int r = 0; r < 4; r++) {
      Interpreter cpu = LoopProgram.create(0x100, 0);
      cpu.setCompilation(false);
      LoopProgram.run(cpu, 10_000);
    }
    double[] total = new double[2];
    for (int k = 1; k <= runs; k++) {
      for (int c = 0; c < 2; c++) {
        Interpreter cpu = LoopProgram.create(high, k);
        cpu.setCompilation(c == 1);
        long t0 = System.nanoTime();
        long n = LoopProgram.run(cpu, 10_000);
        long t1 = System.nanoTime();
        LoopProgram.check(cpu, high);
        total[c] += (t1 - t0) / 1e9;
        System.err.printf("run %d %s: %.1f M instructions/s%n", k, c == 1 ? "compiled" : "interpreted",
            n / ((t1 - t0) / 1e3));
      }
    }
    System.out.printf("interpreted %.1f ms, compiled %.1f ms per run%n", 1e3 * total[0] / runs, 1e3 * total[1] / runs);
  }
}
