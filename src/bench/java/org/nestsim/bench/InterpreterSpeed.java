package org.nestsim.bench;

import org.nestsim.cpu.Interpreter;

/**
 * Instructions per second of the interpreter on {@link LoopProgram}, for the side-by-side comparison with
 * {@code qemu-ppc64} that {@code src/bench/run-interpreter-vs-qemu.sh} makes. Wall-clock timing is
 * right here: this is a benchmark, not part of the simulation.
 *
 * <p>Usage: {@code InterpreterSpeed ITERATIONS_HIGH [ROUNDS]}: runs the loop with ITERATIONS_HIGH × 65536
 * iterations ROUNDS times (the first ones warm the JIT up) and prints the best round. Every round's
 * final registers are checked. {@code -Dnestsim.jit=false} measures the interpreter alone.
 */
public final class InterpreterSpeed {
  private InterpreterSpeed() {}

  public static void main(String[] args) {
    int high = args.length > 0 ? Integer.decode(args[0]) : 0x1000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    double best = 0;
    long instructions = 0;
    for (int r = 0; r < rounds; r++) {
      Interpreter cpu = LoopProgram.create(high);
      long t0 = System.nanoTime();
      instructions = LoopProgram.run(cpu, 10_000);
      long t1 = System.nanoTime();
      LoopProgram.check(cpu, high);
      double ips = instructions / ((t1 - t0) / 1e9);
      System.err.printf("round %d: %d instructions in %.3f s = %.1f M instructions/s%n", r, instructions,
          (t1 - t0) / 1e9, ips / 1e6);
      best = Math.max(best, ips);
    }
    System.out.printf("nestsim %d %.0f%n", instructions, best);
  }
}
