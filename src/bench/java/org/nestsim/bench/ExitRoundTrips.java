package org.nestsim.bench;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.nestsim.scenario.RunReport;
import org.nestsim.scenario.RunSession;
import org.nestsim.scenario.Scenario;
import org.nestsim.scenario.ScenarioLoader;

/**
 * End-to-end exit round trips (an L2 {@code sc 1} → the KVM-like L1 handles {@code H_CONFER} → RUN
 * again) per second with 1, 100 and 10,000 vCPUs in {@code mode: parallel}, each next to a bare Pekko
 * exchange of the same number of messages per round trip between as many actor pairs, measured in the
 * same JVM one after the other; and the deterministic dispatcher's cost on the same scenario.
 *
 * <p>Each figure is the median of three measurements. Rates are steady-state: each size runs twice with different exit limits, and the rate is the
 * difference in exits over the difference in wall time, so boot (three hcalls per vCPU, one after the
 * other) and actor-system start-up cancel out. Messages per exit are counted, not assumed: the
 * deterministic executor runs one message per task, so its task count over a deterministic run,
 * divided by the exits, is what an exit costs.
 *
 * <p>Runs are untraced (a deterministic run is normally traced, which adds messages to the host).
 *
 * <p>Usage: {@code java -cp target/classes:target/lib/* org.nestsim.bench.ExitRoundTrips [sizes…]}.
 */
public final class ExitRoundTrips {
  private ExitRoundTrips() {}

  public static void main(String[] args) throws Exception {
    int[] sizes = args.length == 0 ? new int[] {1, 100, 10_000} : java.util.Arrays.stream(args)
        .mapToInt(Integer::parseInt).toArray();
    try (RunSession session = new RunSession()) {
      double perExit = messagesPerExit(session);
      int k = (int) Math.max(2, Math.round(perExit));
      System.out.printf("messages per exit round trip (counted in a deterministic run): %.2f; bare exchange uses %d%n",
          perExit, k);
      System.out.printf("%8s %16s %16s %8s%n", "vCPUs", "exits/s", "bare trips/s", "ratio");
      for (int n : sizes) {
        double exits = median(() -> steadyRate(session, n, "parallel"));
        double bare = median(() -> bareRate(n, k, Math.max(1_000_000, 100L * n)));
        System.out.printf("%8d %16.0f %16.0f %8.3f%n", n, exits, bare, exits / bare);
      }
      double parallel = median(() -> steadyRate(session, 100, "parallel"));
      double deterministic = median(() -> steadyRate(session, 100, "deterministic"));
      System.out.printf("deterministic dispatcher, 100 vCPUs: %.0f exits/s vs %.0f parallel: %.3f of parallel%n",
          deterministic, parallel, deterministic / parallel);
    }
  }

  interface Measure {
    double run() throws Exception;
  }

  /** The median of three measurements: the machines are shared, and one disturbed run is common. */
  static double median(Measure m) throws Exception {
    double[] r = {m.run(), m.run(), m.run()};
    java.util.Arrays.sort(r);
    return r[1];
  }

  /** A scenario of {@code n} vCPUs looping on {@code H_CONFER}, in {@code mode}, stopped after {@code exits}. */
  static Scenario scenario(int n, String mode, long exits) throws Exception {
    int guests = n <= 100 ? 1 : (n + 99) / 100;
    int vcpus = n / guests;
    String yaml = "name: exit-round-trips\n"
        + "mode: " + mode + "\n"
        + "limits: { exits: " + exits + " }\n"
        + "guests:\n"
        + "  - name: g\n"
        + "    count: " + guests + "\n"
        + "    memory: 1M\n"
        + "    vcpus: " + vcpus + "\n"
        + "    program: |\n"
        + "      .org 0x100\n"
        + "      loop:\n"
        + "          li 3, 0xE4\n"
        + "          sc 1\n"
        + "          b loop\n";
    return ScenarioLoader.parse("exit-round-trips.yaml", yaml, Path.of("."));
  }

  private static double steadyRate(RunSession session, int n, String mode) throws Exception {
    long small = Math.max(250_000, 50L * n);
    long large = 4 * small;
    run(session, scenario(n, mode, small));
    long t0 = System.nanoTime();
    long e0 = exits(run(session, scenario(n, mode, small)));
    long t1 = System.nanoTime();
    long e1 = exits(run(session, scenario(n, mode, large)));
    long t2 = System.nanoTime();
    return (e1 - e0) / (((t2 - t1) - (t1 - t0)) / 1e9);
  }

  private static RunReport run(RunSession session, Scenario s) {
    // Untraced, so that both modes do the same work and no trace message is counted.
    RunReport r = session.runUntraced(s);
    if (!r.failures().isEmpty()) {
      throw new IllegalStateException(r.failures().toString());
    }
    return r;
  }

  private static long exits(RunReport r) {
    return r.exits().values().stream().mapToLong(Long::longValue).sum();
  }

  private static double messagesPerExit(RunSession session) throws Exception {
    Scenario s = scenario(100, "deterministic", 100_000);
    run(session, s);
    long before = session.deterministicTasks();
    RunReport small = run(session, scenario(100, "deterministic", 50_000));
    long middle = session.deterministicTasks();
    RunReport large = run(session, s);
    long after = session.deterministicTasks();
    // The difference of two runs cancels boot and start-up work.
    return (double) ((after - middle) - (middle - before)) / (exits(large) - exits(small));
  }

  // ---- the bare exchange ----

  private record Ball(int hops, ActorRef<Ball> other, ActorRef<Ball> self) {}

  /** One side of a pair: passes the ball back; every {@code k} hops is one round trip. */
  private static Behavior<Ball> player(int k, AtomicLong trips, long target, CompletableFuture<Void> done) {
    return Behaviors.receive(Ball.class).onMessage(Ball.class, b -> {
      int hops = b.hops() + 1;
      if (hops == k) {
        hops = 0;
        if (trips.incrementAndGet() >= target) {
          done.complete(null);
          return Behaviors.same();
        }
      }
      b.other().tell(new Ball(hops, b.self(), b.other()));
      return Behaviors.same();
    }).build();
  }

  /**
   * Round trips per second of {@code pairs} actor pairs passing a ball, {@code k} messages per round trip,
   * {@code trips} round trips in all (after a warm-up of a quarter of them), on a fresh actor system with
   * the configuration of {@code config/application.conf}. Also used by {@link StressScaling}.
   */
  static double bareRate(int pairs, int k, long trips) throws Exception {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "bare", ConfigFactory.load());
    try {
      double warm = exchange(system, pairs, k, trips / 4);
      double rate = exchange(system, pairs, k, trips);
      return Math.max(rate, warm);
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static double exchange(ActorSystem<Void> system, int pairs, int k, long trips) throws Exception {
    AtomicLong count = new AtomicLong();
    CompletableFuture<Void> done = new CompletableFuture<>();
    List<ActorRef<Ball>> firsts = new java.util.ArrayList<>();
    List<ActorRef<Ball>> seconds = new java.util.ArrayList<>();
    for (int i = 0; i < pairs; i++) {
      firsts.add(system.systemActorOf(player(k, count, trips, done), "a-" + System.nanoTime() + "-" + i,
          org.apache.pekko.actor.typed.Props.empty()));
      seconds.add(system.systemActorOf(player(k, count, trips, done), "b-" + System.nanoTime() + "-" + i,
          org.apache.pekko.actor.typed.Props.empty()));
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < pairs; i++) {
      firsts.get(i).tell(new Ball(0, seconds.get(i), firsts.get(i)));
    }
    done.get(10, TimeUnit.MINUTES);
    // Each pair stops at its next round trip once the target is reached.
    return count.get() / ((System.nanoTime() - t0) / 1e9);
  }
}
