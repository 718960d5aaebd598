package org.nestsim.bench;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.nestsim.cpu.Interpreter;
import org.nestsim.cpu.VcpuState;
import org.nestsim.gsb.GsbRequest;
import org.nestsim.gsb.GsbSnapshot;
import org.nestsim.gsb.GsbWriter;
import org.nestsim.gsb.Gsid;
import org.nestsim.hcall.HcallResult;
import org.nestsim.l0.GsbScratch;
import org.nestsim.l0.GuestState;
import org.nestsim.l0.OutputBuffer;
import org.nestsim.l0.Profile;
import org.nestsim.l0.StateBuffers;
import org.nestsim.l0.VcpuRecord;
import org.nestsim.memory.RadixTreeBuilder;
import org.nestsim.memory.SparseMemory;
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
 * The breakdown of {@link L0RoundTripBenchmark#runViaRoute}: the work the {@code Vcpu} actor does for
 * one {@code H_GUEST_RUN_VCPU} to {@code sc 1}, on one thread, without actors, in the steps of {@code
 * RunEntry.check} and {@code Vcpu.exit} (same public pieces, same order), so that each step's share is
 * measured in one run:
 *
 * <ul>
 *   <li>{@link #copyInput}: the run input buffer copied out of L1 memory ({@link GsbScratch#load}) —
 *       the registered size, 4096 bytes as in the L0's test rig, or 128 (the smallest allowed);
 *   <li>{@link #applyInput}: {@link StateBuffers#set} of the buffer (one element, NIA);
 *   <li>{@link #runFlushed}: {@link Interpreter#stateChanged()} (drops every cached translation), then
 *       one slice to the {@code sc 1} exit: the fetch walks the radix tree again. This is what every
 *       run with a non-empty input buffer did before {@code RunEntry} kept the translations unless
 *       PIDR, AMR, IAMR or LPCR changed;
 *   <li>{@link #runKept}: the same slice with cached translations kept (what {@code RunEntry} does
 *       now; {@code runSlice} recomputes the fetch cache and the event schedule itself);
 *   <li>{@link #exitOutput}: the output buffer written, copied into L1 memory, and snapshot;
 *   <li>{@link #wholeFlushed4096}, {@link #wholeKept4096}, {@link #wholeKept128}: all of it.
 * </ul>
 *
 * <p>Usage: {@code java -cp "target/classes:target/lib/*" org.openjdk.jmh.Main L0RunWorkBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class L0RunWorkBenchmark {
  static final long RUN_IN = 0x20_0000;
  static final long RUN_IN_SMALL = 0x20_1000;
  static final long RUN_OUT = 0x21_0000;
  static final long TABLES = 0x100_0000;
  static final long L2_RAM = 0x200_0000;
  static final long ENTRY = 0x100;

  private final SparseMemory memory = new SparseMemory(64L << 20);
  private final GsbScratch scratch = new GsbScratch();
  private final OutputBuffer out = new OutputBuffer();
  private final VcpuRecord record = new VcpuRecord();
  private VcpuState state;
  private Interpreter cpu;
  private int inputLength;

  @Setup
  public void setUp() {
    RadixTreeBuilder tree = new RadixTreeBuilder(memory, 0, TABLES, TABLES + 0x10_0000);
    for (long a = 0; a < 0x10_0000; a += 0x1_0000) {
      tree.map(a, L2_RAM + a, RadixTreeBuilder.SHIFT_64K, RadixTreeBuilder.LINUX_WRITABLE);
    }
    GuestState guest = new GuestState(0x0F00_0006L);
    guest.setPartitionTable(tree.root(), 52, 0x1_0000);
    guest.setProcessTable(0, 4096);
    state = new VcpuState();
    cpu = new Interpreter(state, memory, 1);
    cpu.setPartitionTable(guest.pateDw0(), guest.pateDw1());
    state.set(Gsid.MSR, 0x8000_0000_0000_0000L);
    state.set(Gsid.HDEC_EXPIRY_TB, -1L);
    state.set(Gsid.DEC_EXPIRY_TB, -1L);
    cpu.stateChanged();
    memory.writeInt(L2_RAM + ENTRY, L0RoundTripBenchmark.SC_1);
    ByteBuffer b = ByteBuffer.allocate(4096);
    GsbWriter w = new GsbWriter().wrap(b, 0, 4096).putBe64(Gsid.NIA, ENTRY);
    inputLength = w.length();
    memory.write(RUN_IN, b.array(), 0, inputLength);
    memory.write(RUN_IN_SMALL, b.array(), 0, inputLength);
    if (wholeFlushed4096().length() == 0 || wholeKept128().length() == 0 || state.nia != ENTRY + 4) {
      throw new IllegalStateException("the run did not exit at sc 1");
    }
  }

  private HcallResult apply(ByteBuffer buffer, int length) {
    HcallResult r = StateBuffers.set(Profile.SPEC, GsbRequest.RUN_INPUT, scratch.reader(), buffer, 0, length,
        null, state, record);
    if (r != StateBuffers.OK) {
      throw new IllegalStateException("input buffer refused: " + r);
    }
    return r;
  }

  private int run() {
    int vector = cpu.runSlice(2_000, Long.MAX_VALUE);
    if (vector != 0xC00) {
      throw new IllegalStateException("exit " + vector);
    }
    return vector;
  }

  private GsbSnapshot exit(int vector) {
    out.write(vector, state);
    out.copyTo(memory, RUN_OUT);
    return out.snapshot();
  }

  private GsbSnapshot whole(long address, int size, boolean flush) {
    ByteBuffer buffer = scratch.load(memory, address, size);
    apply(buffer, size);
    if (flush) {
      cpu.stateChanged();
    }
    // Kept: runSlice recomputes the fetch cache and the event schedule itself.
    return exit(run());
  }

  @Benchmark
  public ByteBuffer copyInput4096() {
    return scratch.load(memory, RUN_IN, 4096);
  }

  @Benchmark
  public ByteBuffer copyInput128() {
    return scratch.load(memory, RUN_IN_SMALL, 128);
  }

  @Benchmark
  public HcallResult applyInput() {
    ByteBuffer buffer = scratch.load(memory, RUN_IN_SMALL, inputLength);
    return apply(buffer, inputLength);
  }

  @Benchmark
  public int runFlushed() {
    state.nia = ENTRY;
    cpu.stateChanged();
    return run();
  }

  @Benchmark
  public int runKept() {
    state.nia = ENTRY;
    return run();
  }

  @Benchmark
  public GsbSnapshot exitOutput() {
    return exit(0xC00);
  }

  @Benchmark
  public GsbSnapshot wholeFlushed4096() {
    return whole(RUN_IN, 4096, true);
  }

  @Benchmark
  public GsbSnapshot wholeKept4096() {
    return whole(RUN_IN, 4096, false);
  }

  @Benchmark
  public GsbSnapshot wholeKept128() {
    return whole(RUN_IN_SMALL, 128, false);
  }
}
