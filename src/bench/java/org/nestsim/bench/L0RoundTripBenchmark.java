package org.nestsim.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.nestsim.gsb.GsbWriter;
import org.nestsim.gsb.Gsid;
import org.nestsim.hcall.HcallFlags;
import org.nestsim.hcall.HcallResult;
import org.nestsim.l0.L0Config;
import org.nestsim.l0.L0Protocol;
import org.nestsim.l0.L0Protocol.GetState;
import org.nestsim.l0.L0Protocol.RunFailed;
import org.nestsim.l0.L0Protocol.RunVcpu;
import org.nestsim.l0.L0Protocol.VcpuExited;
import org.nestsim.l0.L0Supervisor;
import org.nestsim.memory.RadixTreeBuilder;
import org.nestsim.memory.SparseMemory;
import org.nestsim.sched.Clock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One hcall round trip through the L0's actors against a bare Pekko request/reply, all measured in one
 * JMH run (docs/PERFORMANCE.md, "L0: hcall round trip"). Goal from the issue: an hcall round trip
 * within 3× the bare one.
 *
 * <p>Each trial starts one {@link ActorSystem} with the default dispatcher of {@code
 * config/application.conf} (fork-join, sized to the cores, throughput 5), an L0 ({@link L0Supervisor}
 * and {@link Clock}) over a 64 MiB {@link SparseMemory}, one guest with L2 RAM mapped, and one idle
 * vCPU whose code at its entry is {@code sc 1}; the run input buffer, registered once, holds {@code
 * NIA = entry}, so every run executes exactly that one instruction and exits with {@code 0xC00}. A
 * driver actor plays the L1: it performs {@link #N} sequential round trips (send, wait for the answer,
 * send the next) and then completes a future the benchmark thread waits on. One JMH operation is one
 * round trip ({@link OperationsPerInvocation}), so scores are ns per round trip.
 *
 * <ul>
 *   <li>{@link #bare}: a ping actor answering each ping with a pong: two messages, two actors;
 *   <li>{@link #getStateViaSupervisor}: {@code H_GUEST_GET_STATE} of one thread-wide element (GPR3)
 *       of the idle vCPU, sent to the supervisor (supervisor → guest → vCPU → L1: four messages);
 *   <li>{@link #getStateViaRoute}: the same, sent to the route of an earlier {@link VcpuExited}
 *       (vCPU → L1: two messages);
 *   <li>{@link #runViaSupervisor}: {@code H_GUEST_RUN_VCPU}, each run sent to the supervisor;
 *   <li>{@link #runViaRoute}: the steady state: each next run sent to the route of the exit just
 *       answered, without a {@link L0Protocol.Release} in between (an L1 that runs the vCPU again
 *       keeps its place on the clock, so no clock messages except one grant per quantum).
 * </ul>
 *
 * <p>The driver checks every answer ({@code H_SUCCESS}, exit vector {@code 0xC00}) and fails the
 * future otherwise, so a broken L0 fails the benchmark instead of looking fast.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(L0RoundTripBenchmark.N)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class L0RoundTripBenchmark {
  /** Round trips per JMH operation. */
  public static final int N = 10_000;

  static final Duration TIMEOUT = Duration.ofSeconds(30);
  /** L1 real addresses, as in the L0's test rig. */
  static final long GSB = 0x10_0000;
  static final long RUN_IN = 0x20_0000;
  static final long RUN_OUT = 0x21_0000;
  static final long TABLES = 0x100_0000;
  static final long L2_RAM = 0x200_0000;
  static final long L2_RAM_SIZE = 0x10_0000;
  static final long ENTRY = 0x100;
  /** {@code sc 1}. */
  static final int SC_1 = 0x4400_0022;
  static final long EXIT_HCALL = 0xC00;

  /**
   * The size of the run input buffer the L1 registers (the L0 copies that many bytes out of L1
   * memory on every run); the buffer holds one element, NIA. 4096 as in the L0's test rig.
   */
  @Param({"4096"})
  public int runInputSize;

  /**
   * {@code default}: the default dispatcher of {@code config/application.conf} as it is (a fork-join
   * pool of one thread per core). {@code single}: the same pool limited to one thread, so that a round
   * trip costs no thread hand-off and the score is the CPU work of the messages and the L0 alone — a
   * diagnostic that a noisy 2-core machine disturbs much less.
   */
  @Param({"default"})
  public String dispatcher;

  private ActorSystem<SpawnProtocol.Command> system;
  private SparseMemory memory;
  private ActorRef<L0Protocol.Command> l0;
  private ActorRef<Ping> ponger;
  private ActorRef<Object> driver;
  private long guest;
  private int gsbLength;
  private ActorRef<L0Protocol.Request> route;

  /** What the driver repeats. */
  enum Kind { BARE, GET_SUPERVISOR, GET_ROUTE, RUN_SUPERVISOR, RUN_ROUTE }

  /** The bare request. */
  record Ping(int seq, ActorRef<Pong> replyTo) {}

  /** The bare answer. */
  record Pong(int seq) {}

  /** Tells the driver to perform {@code n} round trips of {@code kind} and then complete {@code done}. */
  record Start(Kind kind, int n, CompletableFuture<Integer> done) {}

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Config config = ConfigFactory.load();
    if (dispatcher.equals("single")) {
      config = ConfigFactory.parseString("pekko.actor.default-dispatcher.fork-join-executor {"
          + " parallelism-min = 1, parallelism-max = 1 }").withFallback(config);
    } else if (!dispatcher.equals("default")) {
      throw new IllegalArgumentException("dispatcher is default or single, not " + dispatcher);
    }
    system = ActorSystem.create(SpawnProtocol.create(), "l0-bench", config);
    memory = new SparseMemory(64L << 20);
    L0Config l0Config = L0Config.DEFAULT;
    ActorRef<Clock.Command> clock = spawn(Clock.create(l0Config.quantumTicks()), "clock");
    l0 = spawn(L0Supervisor.create(l0Config, memory, clock), "l0");
    ponger = spawn(Behaviors.receive(Ping.class)
        .onMessage(Ping.class, p -> {
          p.replyTo().tell(new Pong(p.seq()));
          return Behaviors.same();
        })
        .build(), "ponger");

    // The L1's steps of L0Rig.readyGuest, one vCPU.
    HcallResult caps = call(r -> new L0Protocol.GetCapabilities(0, r));
    expectSuccess(call(r -> new L0Protocol.SetCapabilities(0, caps.r4(), r)));
    HcallResult created = call(r -> new L0Protocol.CreateGuest(0, -1, r));
    expectSuccess(created);
    guest = created.r4();
    RadixTreeBuilder tree = new RadixTreeBuilder(memory, 0, TABLES, TABLES + 0x10_0000);
    for (long a = 0; a < L2_RAM_SIZE; a += 0x1_0000) {
      tree.map(a, L2_RAM + a, RadixTreeBuilder.SHIFT_64K, RadixTreeBuilder.LINUX_WRITABLE);
    }
    int wide = gsb(GSB, w -> w.putPartitionTable(tree.root(), 52, 0x1_0000).putProcessTable(0, 4096));
    expectSuccess(call(r -> new L0Protocol.SetState(HcallFlags.H_GUEST_FLAGS_WIDE, guest, 0, GSB, wide, r)));
    expectSuccess(call(r -> new L0Protocol.CreateVcpu(0, guest, 0, r)));
    int thread = gsb(GSB, w -> w.putBuffer(Gsid.RUN_INPUT, RUN_IN, runInputSize)
        .putBuffer(Gsid.RUN_OUTPUT, RUN_OUT, 0x1000)
        .putBe64(Gsid.NIA, ENTRY).putBe64(Gsid.MSR, 0x8000_0000_0000_0000L)
        .putBe64(Gsid.HDEC_EXPIRY_TB, -1L).putBe64(Gsid.DEC_EXPIRY_TB, -1L));
    expectSuccess(call(r -> new L0Protocol.SetState(0, guest, 0, GSB, thread, r)));
    memory.writeInt(L2_RAM + ENTRY, SC_1);
    gsb(RUN_IN, w -> w.putBe64(Gsid.NIA, ENTRY));
    // The GET of every GET_STATE benchmark: GPR3, answered into the same buffer each time.
    gsbLength = gsb(GSB, w -> w.putBe64(Gsid.gpr(3), 0));

    // One run, for the route; then release the clock, so that the vCPU is idle.
    L0Protocol.RunResult first = AskPattern.<L0Protocol.Command, L0Protocol.RunResult>ask(l0,
        r -> new RunVcpu(0, guest, 0, r), TIMEOUT, system.scheduler()).toCompletableFuture().get();
    if (!(first instanceof VcpuExited exit) || exit.vector() != EXIT_HCALL) {
      throw new IllegalStateException("the first run did not exit with sc 1: " + first);
    }
    route = exit.route();
    route.tell(new L0Protocol.Release(guest, 0));

    driver = spawn(Behaviors.<Object>setup(Driver::new), "driver");
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    l0.tell(new L0Protocol.Release(guest, 0));
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private int drive(Kind kind) throws Exception {
    CompletableFuture<Integer> done = new CompletableFuture<>();
    driver.tell(new Start(kind, N, done));
    return done.get(60, TimeUnit.SECONDS);
  }

  /** The baseline: a bare Pekko request/reply between two actors. */
  @Benchmark
  public int bare() throws Exception {
    return drive(Kind.BARE);
  }

  /** GET_STATE of GPR3, sent to the supervisor. */
  @Benchmark
  public int getStateViaSupervisor() throws Exception {
    return drive(Kind.GET_SUPERVISOR);
  }

  /** GET_STATE of GPR3, sent to the vCPU's route. */
  @Benchmark
  public int getStateViaRoute() throws Exception {
    return drive(Kind.GET_ROUTE);
  }

  /** RUN_VCPU to {@code sc 1}, each run sent to the supervisor. */
  @Benchmark
  public int runViaSupervisor() throws Exception {
    return drive(Kind.RUN_SUPERVISOR);
  }

  /** RUN_VCPU to {@code sc 1}, each next run sent to the route of the exit (steady state). */
  @Benchmark
  public int runViaRoute() throws Exception {
    return drive(Kind.RUN_ROUTE);
  }

  /** The L1: sequential round trips, each answer checked. */
  private final class Driver extends AbstractBehavior<Object> {
    private final ActorRef<Pong> pongs;
    private final ActorRef<HcallResult> results;
    private final ActorRef<L0Protocol.RunResult> runs;
    private Kind kind;
    private int left;
    private int seq;
    private CompletableFuture<Integer> done;
    private ActorRef<L0Protocol.Request> runRoute;

    Driver(ActorContext<Object> context) {
      super(context);
      this.pongs = context.getSelf().narrow();
      this.results = context.getSelf().narrow();
      this.runs = context.getSelf().narrow();
    }

    @Override
    public Receive<Object> createReceive() {
      return newReceiveBuilder().onAnyMessage(this::on).build();
    }

    private Behavior<Object> on(Object m) {
      if (m instanceof Pong) {
        answered();
      } else if (m instanceof HcallResult r) {
        if (r.isSuccess()) {
          answered();
        } else {
          fail("GET_STATE answered " + r);
        }
      } else if (m instanceof VcpuExited exit) {
        if (exit.vector() == EXIT_HCALL) {
          runRoute = exit.route();
          answered();
        } else {
          fail("the run exited with " + Long.toHexString(exit.vector()));
        }
      } else if (m instanceof RunFailed f) {
        fail("RUN_VCPU answered " + f.result());
      } else if (m instanceof Start s) {
        kind = s.kind();
        left = s.n();
        done = s.done();
        if (runRoute == null) {
          runRoute = route;
        }
        send();
      }
      return this;
    }

    private void answered() {
      if (--left > 0) {
        send();
      } else {
        CompletableFuture<Integer> d = done;
        done = null;
        d.complete(seq);
      }
    }

    private void fail(String why) {
      left = 0;
      CompletableFuture<Integer> d = done;
      done = null;
      if (d != null) {
        d.completeExceptionally(new IllegalStateException(why));
      }
    }

    private void send() {
      seq++;
      switch (kind) {
        case BARE -> ponger.tell(new Ping(seq, pongs));
        case GET_SUPERVISOR -> l0.tell(new GetState(0, guest, 0, GSB, gsbLength, results));
        case GET_ROUTE -> route.tell(new GetState(0, guest, 0, GSB, gsbLength, results));
        case RUN_SUPERVISOR -> l0.tell(new RunVcpu(0, guest, 0, runs));
        case RUN_ROUTE -> runRoute.tell(new RunVcpu(0, guest, 0, runs));
      }
    }
  }

  // ---- setup helpers ----

  private <T> ActorRef<T> spawn(Behavior<T> behavior, String name) throws Exception {
    CompletionStage<ActorRef<T>> spawned = AskPattern.ask(system,
        r -> new SpawnProtocol.Spawn<>(behavior, name, Props.empty(), r), TIMEOUT, system.scheduler());
    return spawned.toCompletableFuture().get();
  }

  private HcallResult call(Function<ActorRef<HcallResult>, L0Protocol.Command> request) throws Exception {
    return AskPattern.<L0Protocol.Command, HcallResult>ask(l0, request::apply, TIMEOUT, system.scheduler())
        .toCompletableFuture().get();
  }

  /** Writes a GSB at L1 address {@code address}; returns its length. */
  private int gsb(long address, java.util.function.Consumer<GsbWriter> elements) {
    ByteBuffer b = ByteBuffer.allocate(4096);
    GsbWriter w = new GsbWriter().wrap(b, 0, 4096);
    elements.accept(w);
    memory.write(address, b.array(), 0, w.length());
    return w.length();
  }

  static void expectSuccess(HcallResult r) {
    if (!r.isSuccess()) {
      throw new IllegalStateException("expected H_SUCCESS, got " + r);
    }
  }
}
