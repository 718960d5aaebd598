package org.nestsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nestsim.sched.HandoffDispatcherConfigurator;
import org.nestsim.sched.HandoffExecutor;

/**
 * config/application.conf is on the classpath and is the configuration an actor system runs with: the
 * default dispatcher is the hand-off pool sized to the cores with throughput 5, and logging goes through
 * SLF4J.
 */
class PekkoConfigurationTest {
  private static ActorTestKit testKit;

  /** A probe protocol: one echo request. */
  private record Ping(String text, ActorRef<String> replyTo) {}

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create("nestsim-config-test", ConfigFactory.load());
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void shouldRunTheDefaultDispatcherOnTheHandOffPoolSizedToTheCores() {
    Config c = testKit.system().settings().config().getConfig("pekko.actor.default-dispatcher");
    assertEquals(HandoffDispatcherConfigurator.class.getName(), c.getString("executor"));
    assertEquals(1, c.getInt("handoff-executor.parallelism-min"));
    assertEquals(1.0, c.getDouble("handoff-executor.parallelism-factor"));
    assertEquals(1024, c.getInt("handoff-executor.budget"));
    assertEquals(5, c.getInt("throughput"));
    // An actor of the default dispatcher runs on one of the hand-off pool's workers.
    Behavior<Ping> where = Behaviors.receiveMessage(p -> {
      p.replyTo().tell(Thread.currentThread().getClass().getName() + " " + Thread.currentThread().getName());
      return Behaviors.same();
    });
    TestProbe<String> probe = testKit.createTestProbe();
    testKit.spawn(where).tell(new Ping("", probe.getRef()));
    String thread = probe.receiveMessage();
    assertTrue(thread.startsWith(HandoffExecutor.class.getName() + "$Worker nestsim-config-test-pekko.actor."
        + "default-dispatcher-"), thread);
  }

  @Test
  void shouldLogThroughSlf4j() {
    Config c = testKit.system().settings().config();
    assertEquals("org.apache.pekko.event.slf4j.Slf4jLogger", c.getStringList("pekko.loggers").get(0));
    assertEquals("spec", c.getString("nestsim.l0.profile"));
  }

  @Test
  void shouldDeliverMessagesOnTheConfiguredSystem() {
    Behavior<Ping> echo = Behaviors.receiveMessage(p -> {
      p.replyTo().tell(p.text());
      return Behaviors.same();
    });
    ActorRef<Ping> ref = testKit.spawn(echo);
    TestProbe<String> probe = testKit.createTestProbe();
    ref.tell(new Ping("hcall", probe.getRef()));
    probe.expectMessage("hcall");
  }
}
