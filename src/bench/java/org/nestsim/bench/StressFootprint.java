package org.nestsim.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.nestsim.l0.L0Protocol;
import org.nestsim.l0.L0Supervisor;
import org.nestsim.l1.KvmL1;
import org.nestsim.l1.L1Bug;
import org.nestsim.l1.L1Report;
import org.nestsim.memory.SparseMemory;
import org.nestsim.sched.Clock;
import org.nestsim.stress.StressPlan;

/**
 * The all-in heap of a stress run per vCPU, part by part (docs/PERFORMANCE.md, "Memory per vCPU at
 * 100,000"). DESIGN.md's budget is ≤ 8 KiB per vCPU, everything included.
 *
 * <p>Runs a {@code nestsim stress} plan (parallel mode, the fork-join dispatcher of {@code
 * config/application.conf}) as {@code KvmRunner} does — a clock, an L0 and the KVM-like L1 over a fresh
 * {@link SparseMemory} — but its root keeps every actor alive when the L1 reports: at that point every
 * L0 vCPU, every runner (stopped, with its cache and account), every guest manager, L1 memory with the
 * run buffers and backing pages, and the report of every vCPU are all reachable. It measures the used
 * heap after full GCs then, against the same measure before the run (a 1×1 warm-up run already done,
 * so that classes and one-time tables fall before it), and prints bytes per vCPU and the difference of
 * two class histograms grouped by owner (classes by package; arrays and JDK collections are attributed
 * by JOL graph sizes of L1 memory where JOL is on the class path, otherwise shown as they are).
 *
 * <p>Usage: {@code StressFootprint [guests [vcpus-per-guest [workload [seed]]]]}, defaults 100, 1000,
 * {@code hcall}, 1; the oracle is off as with {@code --no-oracle} ({@code -Dfootprint.oracle=true} turns
 * it on). Run it with a heap large enough (e.g. {@code -Xmx8g}); nothing else may run in the JVM.
 */
public final class StressFootprint {
  /** Rows of the class histogram difference to print ({@code -Dfootprint.rows=N}). */
  static final int ROWS = Integer.getInteger("footprint.rows", 40);

  /** The root's messages: the L1's report, and (from main) the order to stop. */
  private static final Object STOP = new Object();

  public static void main(String[] args) throws Exception {
    int guests = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 100;
    int perGuest = args.length > 1 ? Integer.parseInt(args[1].replace("_", "")) : 1000;
    String workload = args.length > 2 ? args[2] : "hcall";
    long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
    boolean oracle = Boolean.getBoolean("footprint.oracle");
    int n = guests * perGuest;

    StressPlan warm = plan(1, 1, workload, seed, oracle);
    ActorSystem<Object> system = ActorSystem.create(Behaviors.empty(), "stress-footprint");
    try {
      run(system, warm).report.get(120, TimeUnit.SECONDS);

      StressPlan plan = plan(guests, perGuest, workload, seed, oracle);
      long before = usedHeapAfterGc();
      Map<String, long[]> histogramBefore = classHistogram();
      long t0 = System.nanoTime();
      Running r = run(system, plan);
      L1Report report = r.report.get(3600, TimeUnit.SECONDS);
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      long after = usedHeapAfterGc();
      Map<String, long[]> histogramAfter = classHistogram();
      JolRows jol = JolRows.measure(r.memory.get());

      long halted = report.vcpus().stream().filter(v -> v.haltValue() != null).count();
      System.out.printf("stress %s: %d guests x %d vCPUs = %,d, seed %d, oracle %s; ended %s, %,d halted, "
          + "%.1f s; heap max %d MiB%n", workload, guests, perGuest, n, seed, oracle ? "on" : "off", report.end(),
          halted, millis / 1000.0, Runtime.getRuntime().maxMemory() >> 20);
      long delta = after - before;
      System.out.printf("used heap after GC with every actor alive: before %,d B, after %,d B, delta %,d B%n",
          before, after, delta);
      System.out.printf("bytes per vCPU, all in: %.0f (budget 8192: %s)%n", (double) delta / n,
          delta / n <= 8192 ? "met" : "NOT met");
      printBreakdown(histogramBefore, histogramAfter, n, jol);
      long planBytes = jolSize(plan);
      if (planBytes >= 0) {
        System.out.printf("%nJOL: the plan itself (images, programs, checksums; made before the baseline, so "
            + "not in the figures above): %.0f B per vCPU%n", (double) planBytes / n);
      }
      r.root.unsafeUpcast().tell(STOP);
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }
  }

  static StressPlan plan(int guests, int perGuest, String workload, long seed, boolean oracle) {
    return StressPlan.of(new StressPlan.Options(guests, perGuest, workload, 0, 0, false, seed, false, L1Bug.NONE,
        oracle));
  }

  /** A run in progress: its root, its L1 memory once made, and the L1's report once it came. */
  record Running(ActorRef<L1Report> root, CompletableFuture<SparseMemory> memory,
      CompletableFuture<L1Report> report) {}

  /** Spawns a run's root under the system's guardian (a system message from this thread is safe here). */
  private static Running run(ActorSystem<Object> system, StressPlan plan) throws Exception {
    CompletableFuture<SparseMemory> memory = new CompletableFuture<>();
    CompletableFuture<L1Report> report = new CompletableFuture<>();
    ActorRef<L1Report> root = system.systemActorOf(root(plan, memory, report), "run-" + System.nanoTime(),
        org.apache.pekko.actor.typed.Props.empty());
    return new Running(root, memory, report);
  }

  /** KvmRunner's root, except that it stays (with its children) until told to stop. */
  private static Behavior<L1Report> root(StressPlan plan, CompletableFuture<SparseMemory> memoryOut,
      CompletableFuture<L1Report> reportOut) {
    return Behaviors.<Object>setup(context -> {
      SparseMemory memory = new SparseMemory(plan.l1Memory());
      ActorRef<Clock.Command> clock = context.spawn(Clock.create(plan.l0().quantumTicks()), "clock");
      ActorRef<L0Protocol.Command> l0 = context.spawn(L0Supervisor.create(plan.l0(), memory, clock), "l0");
      context.spawn(KvmL1.create(plan.plan(), memory, l0.narrow(), clock, null, context.getSelf().narrow()), "l1");
      memoryOut.complete(memory);
      return Behaviors.receiveMessage(m -> {
        if (m == STOP) {
          return Behaviors.stopped();
        }
        reportOut.complete((L1Report) m);
        return Behaviors.same();
      });
    }).narrow();
  }

  // ---- measuring ----

  static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /**
   * Prints the first {@code limit} of {@code rows} (class → {instances, bytes}, largest first) per vCPU as
   * a Markdown table, then the rest of {@code total} in one row.
   */
  static void printClassRows(java.util.List<Map.Entry<String, long[]>> rows, long total, int vcpus, int limit) {
    System.out.println("| class | instances per vCPU | bytes per vCPU |");
    System.out.println("|---|---:|---:|");
    long shown = 0;
    for (int i = 0; i < rows.size() && i < limit; i++) {
      Map.Entry<String, long[]> e = rows.get(i);
      shown += e.getValue()[1];
      System.out.printf("| %s | %.2f | %.1f |%n", e.getKey(), (double) e.getValue()[0] / vcpus,
          (double) e.getValue()[1] / vcpus);
    }
    System.out.printf("| (the other %d classes) | | %.1f |%n", Math.max(0, rows.size() - limit),
        (double) (total - shown) / vcpus);
  }

  /** Class name → {instances, bytes}, from the {@code GC.class_histogram} diagnostic command. */
  static Map<String, long[]> classHistogram() {
    Map<String, long[]> h = new HashMap<>();
    try {
      String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
          new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
          new Object[] {new String[0]}, new String[] {String[].class.getName()});
      for (String line : text.split("\n")) {
        String[] f = line.trim().split("\\s+");
        if (f.length >= 4 && f[0].endsWith(":")) {
          h.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
        }
      }
    } catch (Exception | Error e) {
      System.out.println("(no class histogram: " + e + ")");
    }
    return h;
  }

  /** The JOL graph size of {@code o}, or -1 without JOL on the class path. */
  static long jolSize(Object o) {
    try {
      Class<?> layout = Class.forName("org.openjdk.jol.info.GraphLayout");
      Object graph = layout.getMethod("parseInstance", Object[].class).invoke(null, (Object) new Object[] {o});
      return (long) layout.getMethod("totalSize").invoke(graph);
    } catch (ReflectiveOperationException e) {
      return -1;
    }
  }

  /** Classes whose instances the JOL rows measure whole (shells and arrays), left out of the class rows. */
  static boolean inJolRow(String cls) {
    return cls.startsWith("org.nestsim.cpu.") || cls.equals("org.nestsim.memory.RadixWalker")
        || cls.equals("org.nestsim.l1.StateCache") || cls.equals("org.nestsim.gsb.linux.LinuxGsBitmap")
        || cls.equals("org.nestsim.memory.SparseMemory") || cls.startsWith("java.util.concurrent.atomic.");
  }

  /** The owner of a class's instances, for the classes the JOL rows do not cover (arrays: null). */
  static String owner(String cls) {
    if (cls.startsWith("[")) {
      return null;
    }
    if (cls.startsWith("org.nestsim.l1.RunnerStats") || cls.startsWith("org.nestsim.l1.LongCounts")
        || cls.equals("java.lang.Long") || cls.startsWith("java.util.Tree") || cls.startsWith("java.util.Immutable")) {
      return "L1 accounts kept to the end: RunnerStats, RunnerStats.Report, their counts (shells)";
    }
    if (cls.startsWith("org.nestsim.l0.") || cls.equals("org.nestsim.sched.VcpuKey")
        || cls.equals("org.nestsim.hcall.VcpuId")) {
      return "L0 vCPU actor state: Vcpu, VcpuRecord, Preemption, key and id";
    }
    if (cls.startsWith("org.nestsim.l1.") || cls.startsWith("java.util.SplittableRandom")) {
      return "L1 runner: VcpuRunner, RunnerContext, VcpuBuffers, TraceSink, its SplittableRandom";
    }
    if (cls.startsWith("org.nestsim.actor.")) {
      return "the two actors' bound receive tables (ReceiveTable.Bound)";
    }
    if (cls.startsWith("org.apache.pekko.") || cls.startsWith("scala.") || cls.equals("java.lang.String")) {
      return "Pekko, two actors: cells, contexts, mailboxes, paths, props, names, adapters, children maps, stash";
    }
    if (cls.startsWith("org.nestsim.")) {
      return "other NestSim objects";
    }
    return "other JDK objects";
  }

  /** JOL graph sizes per vCPU of a fresh L0 engine and L1 register cache, and of the run's L1 memory. */
  record JolRows(long engine, long cache, long memory) {
    static JolRows measure(SparseMemory runMemory) {
      SparseMemory m = new SparseMemory(1 << 20);
      long shared = jolSize(m);
      long engine = jolSize(new org.nestsim.cpu.Interpreter(new org.nestsim.cpu.VcpuState(), m, 1)) - shared;
      Object cache = newStateCache();
      return new JolRows(shared < 0 ? -1 : engine, cache == null ? -1 : jolSize(cache), jolSize(runMemory));
    }

    private static Object newStateCache() {
      try {
        java.lang.reflect.Constructor<?> c = Class.forName("org.nestsim.l1.StateCache").getDeclaredConstructor();
        c.setAccessible(true);
        return c.newInstance();
      } catch (ReflectiveOperationException e) {
        return null;
      }
    }
  }

  private static void printBreakdown(Map<String, long[]> before, Map<String, long[]> after, int vcpus, JolRows jol) {
    if (after.isEmpty()) {
      return;
    }
    List<Map.Entry<String, long[]>> rows = new ArrayList<>();
    Map<String, Long> byOwner = new LinkedHashMap<>();
    long total = 0;
    long arrays = 0;
    for (Map.Entry<String, long[]> e : after.entrySet()) {
      long[] was = before.getOrDefault(e.getKey(), new long[2]);
      long[] d = {e.getValue()[0] - was[0], e.getValue()[1] - was[1]};
      if (d[1] == 0) {
        continue;
      }
      rows.add(Map.entry(e.getKey(), d));
      total += d[1];
      String owner = owner(e.getKey());
      if (owner == null || inJolRow(e.getKey())) {
        arrays += d[1];
      } else {
        byOwner.merge(owner, d[1], Long::sum);
      }
    }
    rows.sort((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]));
    System.out.printf("%nclass histogram difference, per vCPU (sum %.0f B):%n", (double) total / vcpus);
    printClassRows(rows, total, vcpus, ROWS);

    System.out.printf("%nby owner, per vCPU (class histogram difference; JOL graph sizes where marked):%n");
    System.out.println("| owner | bytes per vCPU |");
    System.out.println("|---|---:|");
    if (jol.memory() >= 0) {
      long perVcpu = jol.engine() + jol.cache();
      arrays -= jol.memory() + perVcpu * vcpus;
      System.out.printf("| L1 memory: run buffers, guest images and backing pages, trees (JOL of SparseMemory) | %.0f |%n",
          (double) jol.memory() / vcpus);
      System.out.printf("| L0 engine: VcpuState, Interpreter, Mmu, RadixWalker, TranslationCache, arrays included "
          + "(JOL of a fresh one) | %d |%n", jol.engine());
      System.out.printf("| L1 register cache: StateCache, its values and bitmaps (JOL of a fresh one) | %d |%n",
          jol.cache());
    }
    byOwner.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue(), x.getValue()))
        .forEach(e -> System.out.printf("| %s | %.0f |%n", e.getKey(), (double) e.getValue() / vcpus));
    System.out.printf("| %s | %.0f |%n", jol.memory() >= 0
        ? "other arrays: names' bytes, the accounts' count arrays, Pekko's"
        : "arrays (no JOL on the class path: not attributed)", (double) arrays / vcpus);
    System.out.printf("| **sum** | **%.0f** |%n", (double) total / vcpus);
  }
}
