package org.nestsim.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The {@link Clock} actor: quanta granted to joined vCPUs, events at boundaries, holds that keep time
 * still while an L1 may act, idle jumps, limits and quiescence.
 */
class ClockActorTest {
  static final ActorTestKit KIT = ActorTestKit.create();
  static final Duration QUIET = Duration.ofMillis(200);

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  record Grant(long start, long end) {}

  static final VcpuKey A = new VcpuKey(1, 0);
  static final VcpuKey B = new VcpuKey(1, 1);

  static Clock.Join<Grant> join(VcpuKey key, TestProbe<Grant> probe) {
    return new Clock.Join<>(key, probe.getRef(), Grant::new);
  }

  @Test
  void shouldGrantTheNextQuantumOnlyWhenEveryJoinedVcpuFinished() {
    ActorRef<Clock.Command> clock = KIT.spawn(Clock.create(100));
    TestProbe<Grant> a = KIT.createTestProbe();
    TestProbe<Grant> b = KIT.createTestProbe();
    clock.tell(join(A, a));
    clock.tell(join(B, b));
    assertEquals(new Grant(0, 100), a.receiveMessage());
    assertEquals(new Grant(0, 100), b.receiveMessage());
    clock.tell(new Clock.Finished(A));
    a.expectNoMessage(QUIET);
    clock.tell(new Clock.Finished(B));
    assertEquals(new Grant(100, 200), a.receiveMessage());
    assertEquals(new Grant(100, 200), b.receiveMessage());
  }

  @Test
  void shouldJumpIdleTimeToTheNextEventAndHoldItsKeyUntilItJoins() {
    ActorRef<Clock.Command> clock = KIT.spawn(Clock.create(100));
    TestProbe<String> events = KIT.createTestProbe();
    TestProbe<Grant> a = KIT.createTestProbe();
    TestProbe<Long> now = KIT.createTestProbe();
    clock.tell(new Clock.Schedule<>(1_050, EventKind.WAKE, A, events.getRef(), "wake"));
    clock.tell(new Clock.Schedule<>(5_000, EventKind.WAKE, B, events.getRef(), "later"));
    // Nothing joined and nothing held: time jumps to the boundary at or after 1,050 when the last
    // participant leaves.
    clock.tell(join(A, a));
    assertEquals(new Grant(0, 100), a.receiveMessage());
    clock.tell(new Clock.Leave(A));
    assertEquals("wake", events.receiveMessage());
    clock.tell(new Clock.Now(now.getRef()));
    assertEquals(1_100, now.receiveMessage());
    // The delivered event holds A: the later event must wait although nothing runs.
    events.expectNoMessage(QUIET);
    clock.tell(join(A, a));
    assertEquals(new Grant(1_100, 1_200), a.receiveMessage());
    clock.tell(new Clock.Leave(A));
    assertEquals("later", events.receiveMessage());
    clock.tell(new Clock.Ack(B));
  }

  @Test
  void shouldNotMoveWhileAKeyIsHeld() {
    ActorRef<Clock.Command> clock = KIT.spawn(Clock.create(100));
    TestProbe<Grant> a = KIT.createTestProbe();
    TestProbe<String> events = KIT.createTestProbe();
    clock.tell(new Clock.Hold(new VcpuKey(0, 0)));
    clock.tell(new Clock.Schedule<>(500, EventKind.SCENARIO_EVENT, new VcpuKey(0, 0), events.getRef(), "e"));
    clock.tell(join(A, a));
    a.receiveMessage();
    clock.tell(new Clock.Finished(A));
    a.expectNoMessage(QUIET);
    clock.tell(new Clock.Ack(new VcpuKey(0, 0)));
    assertEquals(new Grant(100, 200), a.receiveMessage());
  }

  @Test
  void shouldStopAtATimeLimitAndReportQuiescence() {
    TestProbe<Clock.LimitReached> limits = KIT.createTestProbe();
    ActorRef<Clock.Command> clock = KIT.spawn(Clock.create(100));
    clock.tell(new Clock.WatchLimits(Long.MAX_VALUE, 250, 1, limits.getRef(), true));
    TestProbe<Grant> a = KIT.createTestProbe();
    clock.tell(join(A, a));
    a.receiveMessage();
    clock.tell(new Clock.Finished(A));
    a.receiveMessage();
    clock.tell(new Clock.Finished(A));
    a.receiveMessage();
    clock.tell(new Clock.Finished(A));
    assertEquals(new Clock.LimitReached("time", 250, 300), limits.receiveMessage());
    a.expectNoMessage(QUIET);
    // A vCPU joining a stopped run gets an empty quantum, so that a kick can end its run.
    TestProbe<Grant> b = KIT.createTestProbe();
    clock.tell(join(B, b));
    assertEquals(new Grant(300, 300), b.receiveMessage());

    TestProbe<Clock.LimitReached> quiet = KIT.createTestProbe();
    ActorRef<Clock.Command> idle = KIT.spawn(Clock.create(100));
    idle.tell(new Clock.WatchLimits(Long.MAX_VALUE, 0, 1, quiet.getRef(), true));
    idle.tell(join(A, a));
    a.receiveMessage();
    idle.tell(new Clock.Leave(A));
    assertEquals("quiescent", quiet.receiveMessage().limit());
  }
}
