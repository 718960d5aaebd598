package org.nestsim.actor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A handler table shared by every actor of a class: order, tests, per-actor state, unhandled messages. */
class ReceiveTableTest {
  static final ActorTestKit KIT = ActorTestKit.create();

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  sealed interface Msg permits Add, Get, Loud, Stop, Other {}

  record Add(int n) implements Msg {}

  record Get(ActorRef<String> replyTo) implements Msg {}

  /** Handled by the first case while the counter is odd, else by the general one after it. */
  record Loud(ActorRef<String> replyTo) implements Msg {}

  enum Stop implements Msg { INSTANCE }

  /** No case takes it. */
  enum Other implements Msg { INSTANCE }

  static final class Counter extends AbstractBehavior<Msg> {
    static final ReceiveTable<Counter, Msg> TABLE = ReceiveTable.<Counter, Msg>builder()
        .on(Add.class, (c, m) -> {
          c.total += m.n();
          return c;
        })
        .on(Loud.class, (c, m) -> c.total % 2 != 0, (c, m) -> {
          m.replyTo().tell("odd " + c.total);
          return c;
        })
        .on(Loud.class, (c, m) -> {
          m.replyTo().tell("even " + c.total);
          return c;
        })
        .on(Get.class, (c, m) -> {
          m.replyTo().tell(c.name + "=" + c.total);
          return c;
        })
        .on(Stop.class, (c, m) -> Behaviors.stopped())
        .build();

    private final String name;
    private int total;

    Counter(ActorContext<Msg> context, String name) {
      super(context);
      this.name = name;
    }

    @Override
    public Receive<Msg> createReceive() {
      return TABLE.receiveFor(this);
    }
  }

  static Behavior<Msg> counter(String name) {
    return Behaviors.setup(context -> new Counter(context, name));
  }

  @Test
  void shouldGiveEachActorItsOwnStateThroughTheSharedTable() {
    ActorRef<Msg> a = KIT.spawn(counter("a"));
    ActorRef<Msg> b = KIT.spawn(counter("b"));
    TestProbe<String> probe = KIT.createTestProbe();
    a.tell(new Add(2));
    b.tell(new Add(5));
    a.tell(new Add(1));
    a.tell(new Get(probe.getRef()));
    assertEquals("a=3", probe.receiveMessage());
    b.tell(new Get(probe.getRef()));
    assertEquals("b=5", probe.receiveMessage());
  }

  @Test
  void shouldTakeTheFirstCaseWhoseClassAndTestMatch() {
    ActorRef<Msg> c = KIT.spawn(counter("c"));
    TestProbe<String> probe = KIT.createTestProbe();
    c.tell(new Loud(probe.getRef()));
    assertEquals("even 0", probe.receiveMessage());
    c.tell(new Add(1));
    c.tell(new Loud(probe.getRef()));
    assertEquals("odd 1", probe.receiveMessage());
  }

  @Test
  void shouldFollowTheBehaviorAHandlerReturnsAndLeaveOtherMessagesUnhandled() throws Exception {
    // Any class can own a table; dispatch outside an actor shows what a handler returns.
    Behavior<Msg> same = Behaviors.same();
    ReceiveTable<int[], Msg> plain = ReceiveTable.<int[], Msg>builder()
        .on(Add.class, (sum, m) -> {
          sum[0] += m.n();
          return same;
        })
        .build();
    int[] sum = {0};
    assertSame(same, plain.dispatch(sum, new Add(4)));
    assertEquals(4, sum[0]);
    assertSame(Behaviors.unhandled(), plain.dispatch(sum, Other.INSTANCE));

    ActorRef<Msg> c = KIT.spawn(counter("s"));
    TestProbe<String> probe = KIT.createTestProbe();
    c.tell(Other.INSTANCE); // unhandled: the actor carries on
    c.tell(new Get(probe.getRef()));
    assertEquals("s=0", probe.receiveMessage());
    c.tell(Stop.INSTANCE);
    probe.expectTerminated(c, Duration.ofSeconds(5));
  }
}
