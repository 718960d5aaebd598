package org.nestsim.bench;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.nestsim.cpu.Interpreter;
import org.nestsim.cpu.VcpuState;
import org.nestsim.gsb.GsbWriter;
import org.nestsim.gsb.Gsid;
import org.nestsim.hcall.HcallResult;
import org.nestsim.l0.L0Config;
import org.nestsim.l0.L0Protocol;
import org.nestsim.l0.L0Supervisor;
import org.nestsim.memory.SparseMemory;
import org.nestsim.sched.Clock;

/**
 * Heap per created, idle vCPU, actor included (docs/PERFORMANCE.md, "L0: memory per vCPU"). Goal from
 * the issue: 100,000 vCPUs at ≤ 4 KiB of heap each.
 *
 * <p>Starts an {@link ActorSystem} (default dispatcher of {@code config/application.conf}) and an L0
 * over a 64 MiB {@link SparseMemory}, negotiates capabilities, and creates one warm-up guest with one
 * vCPU (so that one-time costs — classes' static tables, the dispatcher's threads and their scratch
 * space — fall before the baseline). It then measures the used heap after full GCs, creates guests and
 * vCPUs until {@code vcpus} exist ({@code vcpus-per-guest} per guest), waits until each vCPU has
 * answered a thread-wide {@code H_GUEST_GET_STATE} (so its actor exists and has taken its {@code
 * Activate}), measures again and prints bytes per vCPU. The guests' own actors are included, spread
 * over the vCPUs.
 *
 * <p>The breakdown is the difference of two class histograms (the {@code GC.class_histogram}
 * diagnostic command, taken right after the two measurements), per vCPU; if JOL is on the class path
 * it also prints the graph sizes of a fresh {@link VcpuState} and {@link Interpreter}.
 *
 * <p>Usage: {@code L0Footprint [vcpus [vcpus-per-guest]]}, defaults 100000 and 2000. Run it with a heap
 * large enough for the vCPUs (e.g. {@code -Xmx2g}); nothing else may run in the JVM.
 */
public final class L0Footprint {
  static final Duration TIMEOUT = Duration.ofSeconds(120);
  static final long GSB = 0x10_0000;
  /** Rows of the class histogram difference to print ({@code -Dl0footprint.rows=N}). */
  static final int ROWS = Integer.getInteger("l0footprint.rows", 25);

  private final ActorSystem<SpawnProtocol.Command> system;
  private final ActorRef<L0Protocol.Command> l0;
  private final SparseMemory memory = new SparseMemory(64L << 20);
  private int getLength;

  private L0Footprint() throws Exception {
    system = ActorSystem.create(SpawnProtocol.create(), "l0-footprint");
    ActorRef<Clock.Command> clock = spawn(Clock.create(L0Config.DEFAULT.quantumTicks()), "clock");
    l0 = spawn(L0Supervisor.create(L0Config.DEFAULT, memory, clock), "l0");
  }

  public static void main(String[] args) throws Exception {
    int vcpus = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 100_000;
    int perGuest = args.length > 1 ? Integer.parseInt(args[1].replace("_", "")) : 2_000;
    if (vcpus < 1 || perGuest < 1 || perGuest > L0Config.DEFAULT.maxVcpus()) {
      throw new IllegalArgumentException("need vcpus >= 1 and 1 <= vcpus-per-guest <= "
          + L0Config.DEFAULT.maxVcpus());
    }
    int guests = (vcpus + perGuest - 1) / perGuest;
    if (guests + 1 > L0Config.DEFAULT.maxGuests()) {
      throw new IllegalArgumentException(guests + " guests needed, at most "
          + (L0Config.DEFAULT.maxGuests() - 1));
    }
    L0Footprint f = new L0Footprint();
    try {
      f.measure(vcpus, perGuest, guests);
    } finally {
      f.system.terminate();
      f.system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }

  private void measure(int vcpus, int perGuest, int guests) throws Exception {
    HcallResult caps = call(r -> new L0Protocol.GetCapabilities(0, r));
    expectSuccess(call(r -> new L0Protocol.SetCapabilities(0, caps.r4(), r)));
    ByteBuffer b = ByteBuffer.allocate(256);
    GsbWriter w = new GsbWriter().wrap(b, 0, 256).putBe64(Gsid.gpr(3), 0);
    getLength = w.length();
    memory.write(GSB, b.array(), 0, getLength);

    // Warm-up: one guest, one vCPU, everything once.
    long warm = createGuests(1)[0];
    createVcpus(new long[] {warm}, 1, 1);

    long before = usedHeapAfterGc();
    Map<String, long[]> histogramBefore = classHistogram();
    long t0 = System.nanoTime();
    long[] ids = createGuests(guests);
    createVcpus(ids, vcpus, perGuest);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    long after = usedHeapAfterGc();
    Map<String, long[]> histogramAfter = classHistogram();

    long delta = after - before;
    double perVcpu = (double) delta / vcpus;
    System.out.printf("vCPUs created: %d (%d guests x %d), in %.1f s, heap max %d MiB%n", vcpus, guests,
        perGuest, millis / 1000.0, Runtime.getRuntime().maxMemory() >> 20);
    System.out.printf("used heap after GC: before %,d B, after %,d B, delta %,d B%n", before, after, delta);
    System.out.printf("bytes per vCPU (actor included): %.0f%n", perVcpu);
    System.out.printf("goal <= 4096 B per vCPU: %s%n", perVcpu <= 4096 ? "met" : "NOT met");
    printBreakdown(histogramBefore, histogramAfter, vcpus, delta);
    printJol();
  }

  // ---- the L1's steps ----

  private long[] createGuests(int n) throws Exception {
    long[] ids = new long[n];
    for (int i = 0; i < n; i++) {
      HcallResult g = call(r -> new L0Protocol.CreateGuest(0, -1, r));
      expectSuccess(g);
      ids[i] = g.r4();
    }
    return ids;
  }

  /**
   * Creates {@code vcpus} vCPUs, {@code perGuest} in each guest of {@code guests}, all requests in
   * flight at once; then a thread-wide GET of GPR3 to each, which each vCPU's own actor answers.
   */
  private void createVcpus(long[] guests, int vcpus, int perGuest) throws Exception {
    CompletableFuture<Integer> created = new CompletableFuture<>();
    ActorRef<HcallResult> collector = spawn(collector(vcpus, created), "create-" + System.nanoTime());
    for (int i = 0; i < vcpus; i++) {
      l0.tell(new L0Protocol.CreateVcpu(0, guests[i / perGuest], i % perGuest, collector));
    }
    created.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    CompletableFuture<Integer> answered = new CompletableFuture<>();
    ActorRef<HcallResult> barrier = spawn(collector(vcpus, answered), "get-" + System.nanoTime());
    for (int i = 0; i < vcpus; i++) {
      l0.tell(new L0Protocol.GetState(0, guests[i / perGuest], i % perGuest, GSB, getLength, barrier));
    }
    answered.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    collector.unsafeUpcast().tell(STOP);
    barrier.unsafeUpcast().tell(STOP);
  }

  private static final Object STOP = new Object();

  /** Counts {@code n} successes, then completes {@code done}; fails it on the first failure. */
  private static Behavior<HcallResult> collector(int n, CompletableFuture<Integer> done) {
    int[] count = {0};
    return Behaviors.<Object>receive((context, m) -> {
      if (m == STOP) {
        return Behaviors.stopped();
      }
      HcallResult r = (HcallResult) m;
      if (!r.isSuccess()) {
        done.completeExceptionally(new IllegalStateException("answered " + r));
      } else if (++count[0] == n) {
        done.complete(n);
      }
      return Behaviors.same();
    }).narrow();
  }

  // ---- measuring ----

  private static long usedHeapAfterGc() throws InterruptedException {
    return StressFootprint.usedHeapAfterGc();
  }

  /** Class name → {instances, bytes} ({@link StressFootprint#classHistogram()}). */
  private static Map<String, long[]> classHistogram() {
    return StressFootprint.classHistogram();
  }

  private static void printBreakdown(Map<String, long[]> before, Map<String, long[]> after, int vcpus,
      long delta) {
    if (after.isEmpty()) {
      return;
    }
    List<Map.Entry<String, long[]>> rows = new ArrayList<>();
    for (Map.Entry<String, long[]> e : after.entrySet()) {
      long[] was = before.getOrDefault(e.getKey(), new long[2]);
      long[] d = {e.getValue()[0] - was[0], e.getValue()[1] - was[1]};
      if (d[1] != 0) {
        rows.add(Map.entry(e.getKey(), d));
      }
    }
    rows.sort((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]));
    long total = 0;
    for (Map.Entry<String, long[]> e : rows) {
      total += e.getValue()[1];
    }
    System.out.printf("%nclass histogram difference, per vCPU (sum %.0f B per vCPU; heap delta %.0f):%n",
        (double) total / vcpus, (double) delta / vcpus);
    StressFootprint.printClassRows(rows, total, vcpus, ROWS);
  }

  /** Graph sizes of a fresh vCPU engine, if JOL is on the class path (it is a test dependency). */
  private static void printJol() {
    try {
      Class<?> layout = Class.forName("org.openjdk.jol.info.GraphLayout");
      java.lang.reflect.Method parse = layout.getMethod("parseInstance", Object[].class);
      java.lang.reflect.Method total = layout.getMethod("totalSize");
      SparseMemory m = new SparseMemory(1 << 20);
      VcpuState state = new VcpuState();
      Interpreter cpu = new Interpreter(state, m, 1);
      long stateSize = (long) total.invoke(parse.invoke(null, (Object) new Object[] {state}));
      long all = (long) total.invoke(parse.invoke(null, (Object) new Object[] {cpu}));
      long shared = (long) total.invoke(parse.invoke(null, (Object) new Object[] {m}));
      System.out.printf("%nJOL, a fresh vCPU engine: VcpuState %d B; Interpreter with VcpuState, MMU, "
          + "walker, translation cache %d B (L1 memory excluded)%n", stateSize, all - shared);
    } catch (ClassNotFoundException e) {
      System.out.println("\n(JOL not on the class path: no JOL breakdown)");
    } catch (ReflectiveOperationException e) {
      System.out.println("\n(JOL failed: " + e + ")");
    }
  }

  // ---- helpers ----

  private <T> ActorRef<T> spawn(Behavior<T> behavior, String name) throws Exception {
    return AskPattern.<SpawnProtocol.Command, ActorRef<T>>ask(system,
        r -> new SpawnProtocol.Spawn<>(behavior, name, Props.empty(), r), TIMEOUT, system.scheduler())
        .toCompletableFuture().get();
  }

  private HcallResult call(Function<ActorRef<HcallResult>, L0Protocol.Command> request) throws Exception {
    return AskPattern.<L0Protocol.Command, HcallResult>ask(l0, request::apply, TIMEOUT, system.scheduler())
        .toCompletableFuture().get();
  }

  private static void expectSuccess(HcallResult r) {
    if (!r.isSuccess()) {
      throw new IllegalStateException("expected H_SUCCESS, got " + r);
    }
  }
}
