package org.nestsim.bench;

import java.util.concurrent.TimeUnit;
import org.nestsim.cpu.Interpreter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One {@code runSlice} of 10,000 instructions of {@link LoopProgram} (whose CTR never runs out during a
 * run): the time per slice, and with {@code -prof gc} the allocation per slice, which must be 0.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class InterpreterBenchmark {
  /** Instructions per benchmark operation. */
  public static final int SLICE = 10_000;

  private Interpreter cpu;

  @Setup
  public void setUp() {
    cpu = LoopProgram.create(0x7FFF);
  }

  @Benchmark
  public int runSlice() {
    return cpu.runSlice(SLICE, Long.MAX_VALUE);
  }
}
