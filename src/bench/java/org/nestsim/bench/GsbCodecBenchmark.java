package org.nestsim.bench;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.nestsim.gsb.GsbReader;
import org.nestsim.gsb.GsbRequest;
import org.nestsim.gsb.GsbValidator;
import org.nestsim.gsb.GsbWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of a run input buffer (spec §6.2, §7.3) against the cost of copying its bytes, all three
 * measured in one JMH run so that their ratio holds on a shared, noisy machine:
 *
 * <ul>
 *   <li>{@link #validateAndDecode}: what the L0 does on {@code H_GUEST_RUN_VCPU}: wrap the reader,
 *       {@link GsbValidator#validate} the whole buffer as {@link GsbRequest#RUN_INPUT}, then one pass
 *       reading every value;
 *   <li>{@link #encode}: what the L1 does before every run: the same 40 elements written again with a
 *       reused {@link GsbWriter};
 *   <li>{@link #copy}: the baseline, one bulk {@link ByteBuffer} copy of the buffer's 488 used bytes.
 * </ul>
 *
 * <p>Goals (see {@code docs/PERFORMANCE.md}): validate+decode within 10× the copy, and 0 B/op under
 * {@code -prof gc}. Every object is made in {@link #setUp}; an operation only moves primitives through
 * the reused reader, writer and buffers. {@link #setUp} also checks that each benchmark does the work it
 * claims (same bytes, every value read), so that a broken benchmark fails instead of looking fast.
 *
 * <p>Many short measurement iterations, so that {@code run-gsb-bench.sh} can also report each
 * benchmark's least disturbed (fastest) iteration: on a shared 2-core machine another process's
 * build inflates the mean of whichever benchmark it overlaps, and the fastest iterations are the ones
 * it did not.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 20, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class GsbCodecBenchmark {
  /** Elements per buffer: {@code elements/s = ELEMENTS / (ns/op) × 1e9}. */
  public static final int ELEMENTS = RunInputBuffer.ELEMENTS;

  private final RunInputBuffer elements = new RunInputBuffer();
  private final GsbReader reader = new GsbReader();
  private final GsbWriter writer = new GsbWriter();

  /** The run input buffer the L1 sent: read by {@link #validateAndDecode}, the source of {@link #copy}. */
  private ByteBuffer input;
  /** Its used length: header and 40 elements. */
  private int length;
  /** Where {@link #encode} writes. */
  private ByteBuffer encoded;
  /** Where {@link #copy} writes. */
  private ByteBuffer copied;

  @Setup(Level.Trial)
  public void setUp() {
    input = ByteBuffer.allocate(RunInputBuffer.CAPACITY);
    encoded = ByteBuffer.allocate(RunInputBuffer.CAPACITY);
    copied = ByteBuffer.allocate(RunInputBuffer.CAPACITY);
    elements.write(writer.wrap(input, 0, RunInputBuffer.CAPACITY));
    length = writer.length();
    if (length != RunInputBuffer.LENGTH) {
      throw new IllegalStateException("the buffer is " + length + " bytes, not " + RunInputBuffer.LENGTH);
    }
    if (validateAndDecode() != elements.expectedSum()) {
      throw new IllegalStateException("validateAndDecode does not read back what was written");
    }
    if (encode() != length || !encoded.slice(0, length).equals(input.slice(0, length))) {
      throw new IllegalStateException("encode does not write the input buffer's bytes");
    }
    copy();
    if (!copied.slice(0, length).equals(input.slice(0, length))) {
      throw new IllegalStateException("copy does not copy the input buffer's bytes");
    }
  }

  /**
   * The L0 receiving the buffer: check it whole, then read every value. The sum stands for applying
   * them and is returned so that JMH consumes it.
   */
  @Benchmark
  public long validateAndDecode() {
    GsbReader r = reader.wrap(input, 0, length);
    GsbValidator.validate(r, GsbRequest.RUN_INPUT);
    long sum = 0;
    while (r.next()) {
      sum += r.size() == 16 ? r.be64(0) ^ r.be64(1) : r.register();
    }
    return sum;
  }

  /** The L1 filling its run input buffer again before the next run. */
  @Benchmark
  public int encode() {
    GsbWriter w = writer.wrap(encoded, 0, RunInputBuffer.CAPACITY);
    elements.write(w);
    return w.length();
  }

  /** The baseline: one bulk copy of the buffer's used bytes. */
  @Benchmark
  public ByteBuffer copy() {
    return copied.put(0, input, 0, length);
  }
}
