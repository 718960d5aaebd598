package org.nestsim.bench;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.nestsim.gsb.GsbCatalog;
import org.nestsim.gsb.GsbElement;
import org.nestsim.gsb.GsbLayout;
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
 * Where {@link GsbCodecBenchmark}'s time goes, by factorial experiment on the same 40-element buffer
 * (the VM here has no hardware counters and no hsdis, so {@code -prof perfasm} is not available). Not
 * run by {@code src/bench/run-gsb-bench.sh}; see {@code docs/PERFORMANCE.md} for the command and what
 * the figures showed.
 *
 * <p>Decode: {@code walk} is {@link GsbReader#next()} alone; {@code walkLocals} the same walk with
 * locals; {@code walkPredicted} that walk with the common 8-byte advance taken by a predicted branch
 * instead of through the loaded size; {@code validate} and {@code decode} the two halves of {@code
 * validateAndDecode}; {@code fusedLocals} the validator's checks and the value reads in one walk; {@code
 * validateRecordThenApply[Predicted]} one validating walk that records value positions in an array,
 * then an apply pass over the array ("validate, then apply" kept, one walk of the chain). The
 * hand-written variants make the run-input checks of {@link GsbValidator} (known ID, size, writable,
 * thread scope) and are only models of a fix, not replacements.
 *
 * <p>Encode: {@code encode} as {@link GsbCodecBenchmark#encode}; {@code encodeTyped} with one catalog
 * look-up per element instead of {@code putRegister}'s two; {@code encodeLocals} hand-written, header
 * written once.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class GsbDecodeBreakdownBenchmark {
  private final RunInputBuffer elements = new RunInputBuffer();
  private final GsbReader reader = new GsbReader();
  private final GsbWriter writer = new GsbWriter();
  private final int[] positions = new int[RunInputBuffer.CAPACITY / GsbLayout.ELEMENT_HEADER_LENGTH];
  private final int[] sizes = new int[RunInputBuffer.CAPACITY / GsbLayout.ELEMENT_HEADER_LENGTH];
  private ByteBuffer input;
  private int length;
  private ByteBuffer encoded;
  private ByteBuffer copied;

  @Setup(Level.Trial)
  public void setUp() {
    input = ByteBuffer.allocate(RunInputBuffer.CAPACITY);
    encoded = ByteBuffer.allocate(RunInputBuffer.CAPACITY);
    copied = ByteBuffer.allocate(RunInputBuffer.CAPACITY);
    elements.write(writer.wrap(input, 0, RunInputBuffer.CAPACITY));
    length = writer.length();
    long expected = elements.expectedSum();
    if (walk() != RunInputBuffer.ELEMENTS || walkLocals() != walkPredicted()
        || validate() != RunInputBuffer.ELEMENTS || decode() != expected
        || validateAndDecode() != expected || fusedLocals() != expected
        || validateRecordThenApply() != expected || validateRecordThenApplyPredicted() != expected) {
      throw new IllegalStateException("a decode variant does not read the buffer back");
    }
    for (int variant = 0; variant < 3; variant++) {
      int written = variant == 0 ? encode() : variant == 1 ? encodeTyped() : encodeLocals();
      if (written != length || !encoded.slice(0, length).equals(input.slice(0, length))) {
        throw new IllegalStateException("encode variant " + variant + " does not write the buffer");
      }
      encoded.put(0, new byte[length]);
    }
  }

  @Benchmark
  public ByteBuffer copy() {
    return copied.put(0, input, 0, length);
  }

  @Benchmark
  public int walk() {
    GsbReader r = reader.wrap(input, 0, length);
    int n = 0;
    while (r.next()) {
      n++;
    }
    return n;
  }

  @Benchmark
  public int walkLocals() {
    ByteBuffer b = input;
    int count = b.getInt(0);
    int at = 4;
    int idSum = 0;
    for (int i = 0; i < count; i++) {
      int size = header(b, at);
      idSum += b.getShort(at);
      at += 4 + size;
    }
    return idSum;
  }

  @Benchmark
  public int walkPredicted() {
    ByteBuffer b = input;
    int count = b.getInt(0);
    int at = 4;
    int idSum = 0;
    for (int i = 0; i < count; i++) {
      int size = header(b, at);
      idSum += b.getShort(at);
      if (size == 8) {
        at += 12;
      } else {
        at += 4 + size;
      }
    }
    return idSum;
  }

  @Benchmark
  public int validate() {
    return GsbValidator.validate(reader.wrap(input, 0, length), GsbRequest.RUN_INPUT);
  }

  @Benchmark
  public long decode() {
    GsbReader r = reader.wrap(input, 0, length);
    long sum = 0;
    while (r.next()) {
      sum += r.size() == 16 ? r.be64(0) ^ r.be64(1) : r.register();
    }
    return sum;
  }

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

  @Benchmark
  public long fusedLocals() {
    ByteBuffer b = input;
    int count = b.getInt(0);
    int at = 4;
    long sum = 0;
    for (int i = 0; i < count; i++) {
      int size = header(b, at);
      check(b, at, size);
      sum += value(b, at + 4, size);
      at += 4 + size;
    }
    return sum;
  }

  @Benchmark
  public long validateRecordThenApply() {
    ByteBuffer b = input;
    int count = b.getInt(0);
    int at = 4;
    for (int i = 0; i < count; i++) {
      int size = header(b, at);
      check(b, at, size);
      positions[i] = at + 4;
      sizes[i] = size;
      at += 4 + size;
    }
    return apply(b, count);
  }

  @Benchmark
  public long validateRecordThenApplyPredicted() {
    ByteBuffer b = input;
    int count = b.getInt(0);
    int at = 4;
    for (int i = 0; i < count; i++) {
      int size = header(b, at);
      check(b, at, size);
      positions[i] = at + 4;
      sizes[i] = size;
      if (size == 8) {
        at += 12;
      } else {
        at += 4 + size;
      }
    }
    return apply(b, count);
  }

  @Benchmark
  public int encode() {
    GsbWriter w = writer.wrap(encoded, 0, RunInputBuffer.CAPACITY);
    elements.write(w);
    return w.length();
  }

  @Benchmark
  public int encodeTyped() {
    GsbWriter w = writer.wrap(encoded, 0, RunInputBuffer.CAPACITY);
    for (int i = 0; i < RunInputBuffer.ELEMENTS; i++) {
      int id = elements.ids[i];
      if (elements.kinds[i] == RunInputBuffer.KIND_VEC128) {
        w.putVec128(id, elements.highs[i], elements.lows[i]);
      } else if (GsbCatalog.byId(id).size() == 4) {
        w.putBe32(id, (int) elements.highs[i]);
      } else {
        w.putBe64(id, elements.highs[i]);
      }
    }
    return w.length();
  }

  @Benchmark
  public int encodeLocals() {
    ByteBuffer b = encoded;
    int at = 4;
    for (int i = 0; i < RunInputBuffer.ELEMENTS; i++) {
      int id = elements.ids[i];
      int size = GsbCatalog.byId(id).size();
      b.putShort(at, (short) id);
      b.putShort(at + 2, (short) size);
      if (size == 16) {
        b.putLong(at + 4, elements.highs[i]);
        b.putLong(at + 12, elements.lows[i]);
      } else if (size == 4) {
        b.putInt(at + 4, (int) elements.highs[i]);
      } else {
        b.putLong(at + 4, elements.highs[i]);
      }
      at += 4 + size;
    }
    b.putInt(0, RunInputBuffer.ELEMENTS);
    return at;
  }

  /** The element header's bounds checks, as {@link GsbReader#next()} makes them; returns the size. */
  private int header(ByteBuffer b, int at) {
    if (length - at < 4) {
      throw new IllegalStateException("element header overrun at " + at);
    }
    int size = Short.toUnsignedInt(b.getShort(at + 2));
    if (size > length - at - 4) {
      throw new IllegalStateException("element overrun at " + at);
    }
    return size;
  }

  /** The checks {@link GsbValidator} makes of a register in a run input buffer. */
  private static void check(ByteBuffer b, int at, int size) {
    GsbElement e = GsbCatalog.byId(Short.toUnsignedInt(b.getShort(at)));
    if (e == null || size != e.size() || !e.access().writable()
        || e.scope() != org.nestsim.gsb.Scope.THREAD) {
      throw new IllegalStateException("bad element at " + at);
    }
  }

  private static long value(ByteBuffer b, int v, int size) {
    return size == 16 ? b.getLong(v) ^ b.getLong(v + 8)
        : size == 4 ? Integer.toUnsignedLong(b.getInt(v)) : b.getLong(v);
  }

  private long apply(ByteBuffer b, int count) {
    long sum = 0;
    for (int i = 0; i < count; i++) {
      sum += value(b, positions[i], sizes[i]);
    }
    return sum;
  }
}
