package org.nestsim.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The racing script of {@link RacingScript} on an actor system whose default dispatcher is the
 * deterministic one: one seed gives one byte-equal outcome (also on a fresh system, whose start-up work
 * raced with nothing of the run, and with another thread busy on the dispatcher during the run); many
 * seeds give only allowed outcomes and more than one of them; the fork-join dispatcher of
 * {@code mode: parallel} gives only allowed outcomes too.
 */
class DeterministicDispatcherTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final int SEEDS = 200;

  /** One system for the runs that are started with {@link DeterministicExecutor#startRun}. */
  private static ActorTestKit shared;

  @BeforeAll
  static void start() {
    shared = ActorTestKit.create("sched-shared", deterministicConfig(0));
  }

  @AfterAll
  static void stop() {
    shared.shutdownTestKit();
  }

  /** The loaded configuration with the deterministic dispatcher as the default one, with {@code seed}. */
  static Config deterministicConfig(long seed) {
    return ConfigFactory.parseString(
            "pekko.actor.default-dispatcher = ${nestsim.deterministic-dispatcher} { seed = " + seed + " }")
        .withFallback(ConfigFactory.load())
        .resolve();
  }

  /** Runs the script once with {@code seed}, started from inside the executor, and returns its outcome. */
  private static RacingScript.Outcome run(ActorTestKit kit, long seed) {
    ActorRef<RacingScript.Command> script = kit.spawn(RacingScript.create());
    TestProbe<RacingScript.Outcome> report = kit.createTestProbe();
    DeterministicDispatcherConfigurator.executorOf(kit.system())
        .startRun(seed, () -> script.tell(new RacingScript.Start(report.getRef())));
    return report.expectMessageClass(RacingScript.Outcome.class, WAIT);
  }

  @Test
  void shouldConfigureTheDefaultDispatcherFromApplicationConf() {
    Config c = shared.system().settings().config().getConfig("pekko.actor.default-dispatcher");
    assertEquals(DeterministicDispatcherConfigurator.class.getName(), c.getString("executor"));
    assertEquals(1, c.getInt("throughput"));
    assertEquals(0, DeterministicDispatcherConfigurator.executorOf(shared.system()).seed());
  }

  @Test
  void shouldGiveTheSameOutcomeForTheSameSeed() {
    String first = run(shared, 42).render();
    String second = run(shared, 42).render();
    assertEquals(first, second);
  }

  @Test
  void shouldForbidOutcomesThatLoseReorderOrRepeatUpdates() {
    List<String> inOrder = new ArrayList<>();
    for (int i = 0; i < RacingScript.UPDATES; i++) {
      for (char w : RacingScript.WRITERS.toCharArray()) {
        inOrder.add(w + Integer.toString(i));
      }
    }
    List<Integer> seen = List.of(0, RacingScript.TOTAL);
    assertNull(new RacingScript.Outcome(inOrder, seen).violation());
    List<String> swapped = new ArrayList<>(inOrder);
    Collections.swap(swapped, 0, 3);  // A1 before A0
    assertNotNull(new RacingScript.Outcome(swapped, seen).violation());
    List<String> repeated = new ArrayList<>(inOrder);
    repeated.set(1, "A0");
    assertNotNull(new RacingScript.Outcome(repeated, seen).violation());
    assertNotNull(new RacingScript.Outcome(inOrder.subList(1, inOrder.size()), seen).violation());
    assertNotNull(new RacingScript.Outcome(inOrder, List.of(3, 2, RacingScript.TOTAL)).violation());
  }

  @Test
  void shouldGiveTheSameOutcomeOnAFreshSystemSeededFromItsConfig() throws InterruptedException {
    String expected = run(shared, 42).render();
    // A new system: Pekko's start-up (guardians, logger, the test kit's spawn and probe) submits tasks
    // from the main thread. The run is started by a plain tell from the main thread once all that is
    // over, so its burst uses the configured seed.
    ActorTestKit fresh = ActorTestKit.create("sched-fresh", deterministicConfig(42));
    DeterministicExecutor executor = DeterministicDispatcherConfigurator.executorOf(fresh.system());
    try {
      assertEquals(42, executor.seed());
      ActorRef<RacingScript.Command> script = fresh.spawn(RacingScript.create());
      TestProbe<RacingScript.Outcome> report = fresh.createTestProbe();
      assertTrue(executor.awaitQuiescence(WAIT.toSeconds(), TimeUnit.SECONDS));
      script.tell(new RacingScript.Start(report.getRef()));
      assertEquals(expected, report.expectMessageClass(RacingScript.Outcome.class, WAIT).render());
    } finally {
      fresh.shutdownTestKit();
    }
    // Pekko shuts the dispatcher's executor down with the system: no worker thread is left behind.
    assertTrue(executor.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS));
  }

  @Test
  void shouldKeepTheOutcomeWhileOtherThreadsSubmitWorkToTheDispatcher() throws InterruptedException {
    String quiet = run(shared, 7).render();
    // An actor outside the run, on the same dispatcher, pinged from other threads: its mailbox turns
    // are external tasks, held back until the run is quiet, so the run's order cannot change. One thread
    // pings before and during the run (bounded: a bystander fed forever would never let the run start);
    // another pings while the bootstrap waits for it, so that overlap with the run is certain.
    ActorRef<String> bystander = shared.spawn(counter());
    Thread background = new Thread(() -> ping(bystander, 10_000), "background-noise");
    background.start();
    ActorRef<RacingScript.Command> script = shared.spawn(RacingScript.create());
    TestProbe<RacingScript.Outcome> report = shared.createTestProbe();
    DeterministicDispatcherConfigurator.executorOf(shared.system()).startRun(7, () -> {
      script.tell(new RacingScript.Start(report.getRef()));
      Thread inRun = new Thread(() -> ping(bystander, 1_000), "in-run-noise");
      inRun.start();
      joinUninterruptibly(inRun);
    });
    try {
      assertEquals(quiet, report.expectMessageClass(RacingScript.Outcome.class, WAIT).render());
    } finally {
      background.join();
    }
  }

  private static void ping(ActorRef<String> target, int times) {
    for (int i = 0; i < times; i++) {
      target.tell("ping");
    }
  }

  private static void joinUninterruptibly(Thread thread) {
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void shouldOnlyProduceAllowedOutcomesAndExploreSeveralOnTheDeterministicDispatcher() {
    Set<String> distinct = new HashSet<>();
    for (long seed = 1; seed <= SEEDS; seed++) {
      RacingScript.Outcome outcome = run(shared, seed);
      assertNull(outcome.violation(), () -> "seed " + outcome.render());
      distinct.add(outcome.render());
    }
    assertTrue(distinct.size() > SEEDS / 2, "distinct outcomes: " + distinct.size());
  }

  @Test
  void shouldOnlyProduceAllowedOutcomesOnTheParallelDispatcher() {
    ActorTestKit parallel = ActorTestKit.create("sched-parallel", ConfigFactory.load());
    try {
      assertEquals(HandoffDispatcherConfigurator.class.getName(),
          parallel.system().settings().config().getString("pekko.actor.default-dispatcher.executor"));
      for (int i = 0; i < 50; i++) {
        ActorRef<RacingScript.Command> script = parallel.spawn(RacingScript.create());
        TestProbe<RacingScript.Outcome> report = parallel.createTestProbe();
        script.tell(new RacingScript.Start(report.getRef()));
        RacingScript.Outcome outcome = report.expectMessageClass(RacingScript.Outcome.class, WAIT);
        assertNull(outcome.violation(), outcome::render);
      }
    } finally {
      parallel.shutdownTestKit();
    }
  }

  /** An actor that only counts what it gets. */
  private static Behavior<String> counter() {
    return Behaviors.setup(ctx -> {
      long[] count = {0};
      return Behaviors.receiveMessage(m -> {
        count[0]++;
        return Behaviors.same();
      });
    });
  }
}
