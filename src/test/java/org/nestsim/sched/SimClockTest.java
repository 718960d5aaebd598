package org.nestsim.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The clock's quanta, boundaries, idle jumps and quiescence, driven by hand as the actors will drive it.
 */
class SimClockTest {
  private static final long Q = 10_000;

  private static List<String> payloads(List<SimEvent<String>> events) {
    List<String> out = new ArrayList<>();
    for (SimEvent<String> e : events) {
      out.add(e.payload());
    }
    return out;
  }

  /** Begins the quantum, lets every runnable vCPU finish it, and advances. */
  private static boolean runQuantum(SimClock<String> clock, List<String> log) {
    for (SimEvent<String> e : clock.beginQuantum()) {
      log.add(clock.now() + ":" + e.payload());
    }
    for (VcpuKey v : clock.takeDueDeadlines()) {
      log.add(clock.now() + ":deadline " + v.guest() + "." + v.vcpu());
    }
    for (VcpuKey v : clock.runnable()) {
      log.add(clock.now() + ":run " + v.guest() + "." + v.vcpu());
      clock.finishedQuantum(v.guest(), v.vcpu());
    }
    return clock.advance();
  }

  @Test
  void shouldStartAtZeroInTheFirstQuantum() {
    SimClock<String> clock = new SimClock<>(Q);
    assertEquals(0, clock.now());
    assertEquals(Q, clock.quantumEnd());
    assertThrows(IllegalArgumentException.class, () -> new SimClock<String>(0));
  }

  @Test
  void shouldDeliverEachEventAtTheFirstBoundaryAtOrAfterItsTime() {
    SimClock<String> clock = new SimClock<>(Q);
    clock.schedule(Q, EventKind.KICK, 1, 0, "at-boundary");
    clock.schedule(5, EventKind.KICK, 1, 0, "inside");
    clock.schedule(0, EventKind.SCENARIO_EVENT, 0, -1, "start");
    clock.registerRunnable(1, 0);
    assertEquals(List.of("start"), payloads(clock.beginQuantum()));
    clock.finishedQuantum(1, 0);
    assertTrue(clock.advance());
    assertEquals(Q, clock.now());
    assertEquals(2 * Q, clock.quantumEnd());
    assertEquals(List.of("inside", "at-boundary"), payloads(clock.beginQuantum()));
  }

  @Test
  void shouldDeliverEventsScheduledWhileHandlingTheBoundaryInOrder() {
    SimClock<String> clock = new SimClock<>(Q);
    clock.schedule(0, EventKind.SCENARIO_EVENT, 0, -1, "scenario");
    assertEquals(List.of("scenario"), payloads(clock.beginQuantum()));
    clock.schedule(0, EventKind.WAKE, 1, 1, "wake");
    clock.schedule(0, EventKind.KICK, 1, 0, "kick");
    assertEquals("kick", clock.pollNextDue().payload());
    assertEquals("wake", clock.pollNextDue().payload());
    assertNull(clock.pollNextDue());
    assertThrows(IllegalStateException.class, clock::beginQuantum);
  }

  @Test
  void shouldGrantTheQuantumInGuestThenVcpuOrderWhateverTheRegistrationOrder() {
    int[][] vcpus = {{2, 1}, {1, 5}, {1, 0}, {3, 0}, {2, 0}, {1, 10}};
    List<VcpuKey> expected = List.of(new VcpuKey(1, 0), new VcpuKey(1, 5), new VcpuKey(1, 10),
        new VcpuKey(2, 0), new VcpuKey(2, 1), new VcpuKey(3, 0));
    for (long seed = 0; seed < 100; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      SimClock<String> clock = new SimClock<>(Q);
      for (int i = 0; i < vcpus.length; i++) {
        int j = i + random.nextInt(vcpus.length - i);
        int[] tmp = vcpus[i];
        vcpus[i] = vcpus[j];
        vcpus[j] = tmp;
        clock.registerRunnable(vcpus[i][0], vcpus[i][1]);
      }
      final long failingSeed = seed;
      assertEquals(expected, clock.runnable(), () -> "registration order leaked with seed " + failingSeed);
    }
  }

  @Test
  void shouldAdvanceOnlyWhenEveryRunnableVcpuFinished() {
    SimClock<String> clock = new SimClock<>(Q);
    assertThrows(IllegalStateException.class, clock::advance, "not begun");
    clock.registerRunnable(1, 0);
    clock.registerRunnable(1, 1);
    clock.beginQuantum();
    clock.finishedQuantum(1, 0);
    assertFalse(clock.allFinished());
    assertThrows(IllegalStateException.class, clock::advance);
    assertThrows(IllegalStateException.class, () -> clock.finishedQuantum(1, 0), "twice");
    assertThrows(IllegalStateException.class, () -> clock.finishedQuantum(2, 0), "not runnable");
    clock.unregisterRunnable(1, 1);
    assertTrue(clock.allFinished());
    assertTrue(clock.advance());
    assertEquals(Q, clock.now());
    clock.beginQuantum();
    assertFalse(clock.allFinished(), "the finished set is per quantum");
  }

  @Test
  void shouldMakeAVcpuRunnableAgainInTheSameQuantumFinishItAgain() {
    SimClock<String> clock = new SimClock<>(Q);
    clock.registerRunnable(1, 0);
    clock.beginQuantum();
    clock.finishedQuantum(1, 0);
    // It exited to its L1, which handled the exit in no simulated time and ran it again.
    clock.unregisterRunnable(1, 0);
    clock.registerRunnable(1, 0);
    assertFalse(clock.allFinished());
    clock.finishedQuantum(1, 0);
    assertTrue(clock.advance());
  }

  @Test
  void shouldStepOneQuantumWhileAVcpuIsRunnableEvenWithDistantEvents() {
    SimClock<String> clock = new SimClock<>(Q);
    clock.schedule(50 * Q, EventKind.WAKE, 1, 1, "far");
    clock.registerRunnable(1, 0);
    List<String> log = new ArrayList<>();
    assertTrue(runQuantum(clock, log));
    assertEquals(Q, clock.now());
  }

  @Test
  void shouldJumpIdleTimeToTheBoundaryWhereTheNextEventTakesEffect() {
    SimClock<String> clock = new SimClock<>(Q);
    clock.schedule(123_456, EventKind.WAKE, 1, 0, "wake");
    clock.schedule(500_000, EventKind.L1_TIMER, 0, -1, "timer");
    List<String> log = new ArrayList<>();
    assertTrue(runQuantum(clock, log));
    assertEquals(130_000, clock.now());
    assertTrue(runQuantum(clock, log));
    assertEquals(500_000, clock.now(), "an event on a boundary takes effect at that boundary");
    assertFalse(runQuantum(clock, log));
    assertEquals(List.of("130000:wake", "500000:timer"), log);
  }

  @Test
  void shouldJumpIdleTimeToTheQuantumContainingTheNextDeadline() {
    SimClock<String> clock = new SimClock<>(Q);
    clock.setDeadline(2, 3, 123_456);
    clock.schedule(200_000, EventKind.WAKE, 1, 0, "wake");
    clock.beginQuantum();
    assertTrue(clock.advance());
    assertEquals(120_000, clock.now(), "the deadline must fire exactly, inside its quantum");
    assertTrue(clock.quantumEnd() > 123_456);
    assertEquals(OptionalLong.of(123_456), clock.deadline(2, 3));
    clock.clearDeadline(2, 3);
    clock.beginQuantum();
    assertTrue(clock.advance());
    assertEquals(200_000, clock.now());
  }

  @Test
  void shouldTakeTheEarlierOfTheNextEventAndTheNextDeadline() {
    SimClock<String> clock = new SimClock<>(Q);
    clock.setDeadline(1, 0, 90_001);
    clock.schedule(70_001, EventKind.INJECTION, 2, 0, "inject");
    clock.beginQuantum();
    assertTrue(clock.advance());
    assertEquals(80_000, clock.now());
    clock.beginQuantum();
    assertTrue(clock.advance());
    assertEquals(90_000, clock.now());
  }

  @Test
  void shouldWakeACededVcpuWhoseTimerTheQuantumHadAlreadyCoveredAtTheNextBoundary() {
    SimClock<String> clock = new SimClock<>(Q);
    clock.beginQuantum();
    clock.registerRunnable(1, 0);
    // The vCPU ran to local time 30, ceded, and its decrementer expires at 50: inside this quantum.
    clock.unregisterRunnable(1, 0);
    clock.setDeadline(1, 0, 50);
    assertTrue(clock.advance(), "a pending timer keeps the run going");
    assertEquals(Q, clock.now(), "due at the next boundary");
    assertTrue(clock.beginQuantum().isEmpty());
    assertEquals(List.of(new VcpuKey(1, 0)), clock.takeDueDeadlines());
    assertTrue(clock.takeDueDeadlines().isEmpty(), "handed out once");
    assertFalse(clock.advance(), "then quiescent");
  }

  @Test
  void shouldHandOutDeadlinesDueInTheQuantumItJumpedToInVcpuOrder() {
    SimClock<String> clock = new SimClock<>(Q);
    clock.setDeadline(2, 1, 3 * Q + 7);
    clock.setDeadline(1, 4, 3 * Q + 5);
    clock.setDeadline(1, 0, 9 * Q);
    clock.beginQuantum();
    assertTrue(clock.takeDueDeadlines().isEmpty());
    assertTrue(clock.advance());
    assertEquals(3 * Q, clock.now(), "the quantum containing the earliest deadline");
    clock.beginQuantum();
    assertEquals(List.of(new VcpuKey(1, 4), new VcpuKey(2, 1)), clock.takeDueDeadlines());
    assertEquals(9 * Q, clock.deadline(1, 0).orElseThrow(), "a later deadline stays");
  }

  @Test
  void shouldBeQuiescentWithNothingRunnableAndNothingPending() {
    SimClock<String> clock = new SimClock<>(Q);
    SimEvent<String> cancelled = clock.schedule(40_000, EventKind.WAKE, 1, 0, "never");
    assertTrue(clock.cancel(cancelled));
    clock.beginQuantum();
    assertFalse(clock.advance());
    assertEquals(0, clock.now());
    assertEquals(0, clock.pendingEvents());
  }

  @Test
  void shouldRejectEventsInThePast() {
    SimClock<String> clock = new SimClock<>(Q);
    clock.schedule(3 * Q, EventKind.WAKE, 1, 0, "wake");
    clock.beginQuantum();
    clock.advance();
    assertThrows(IllegalArgumentException.class, () -> clock.schedule(3 * Q - 1, EventKind.KICK, 1, 0, "late"));
    clock.schedule(3 * Q, EventKind.KICK, 1, 0, "now");
  }

  @Test
  void shouldNotOverflowNearHalfOfLongMax() {
    SimClock<String> clock = new SimClock<>(Q);
    long far = Long.MAX_VALUE / 2 + 7;
    clock.schedule(far, EventKind.WAKE, 1, 0, "far");
    clock.beginQuantum();
    assertTrue(clock.advance());
    long boundary = (far / Q + 1) * Q;
    assertEquals(boundary, clock.now());
    assertEquals(boundary + Q, clock.quantumEnd());
    assertEquals(List.of("far"), payloads(clock.beginQuantum()));
    clock.setDeadline(1, 0, boundary + 5 * Q + 1);
    assertTrue(clock.advance());
    assertEquals(boundary + 5 * Q, clock.now());
  }

  @Test
  void shouldSaturateTheLastQuantumBeforeLongMax() {
    SimClock<String> clock = new SimClock<>(Q);
    long last = Long.MAX_VALUE - Long.MAX_VALUE % Q;
    clock.setDeadline(1, 0, last + 1);
    clock.beginQuantum();
    assertTrue(clock.advance());
    assertEquals(last, clock.now());
    assertEquals(Long.MAX_VALUE, clock.quantumEnd());
    clock.registerRunnable(1, 0);
    clock.beginQuantum();
    clock.finishedQuantum(1, 0);
    assertTrue(clock.advance());
    assertEquals(Long.MAX_VALUE, clock.now());
    clock.beginQuantum();
    clock.finishedQuantum(1, 0);
    assertFalse(clock.advance(), "the timebase ends at Long.MAX_VALUE");
  }

  @Test
  void shouldGiveTheSameTranscriptWhateverTheOrderOfSetUp() {
    List<String> expected = null;
    for (long seed = 0; seed < 50; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      SimClock<String> clock = new SimClock<>(Q);
      List<Runnable> setUp = new ArrayList<>(List.of(
          () -> clock.schedule(25_000, EventKind.WAKE, 2, 0, "wake 2.0"),
          () -> clock.schedule(25_000, EventKind.INJECTION, 2, 0, "inject 2.0"),
          () -> clock.schedule(25_000, EventKind.KICK, 1, 1, "kick 1.1"),
          () -> clock.schedule(0, EventKind.SCENARIO_EVENT, 0, -1, "scenario"),
          () -> clock.registerRunnable(1, 1),
          () -> clock.registerRunnable(1, 0),
          () -> clock.setDeadline(3, 0, 77_777)));
      for (int i = setUp.size() - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        setUp.set(i, setUp.set(j, setUp.get(i)));
      }
      setUp.forEach(Runnable::run);
      List<String> log = new ArrayList<>();
      boolean more = true;
      for (int quantum = 0; more; quantum++) {
        if (quantum == 3) {
          clock.unregisterRunnable(1, 0);
          clock.unregisterRunnable(1, 1);
        }
        more = runQuantum(clock, log);
      }
      if (expected == null) {
        expected = log;
      }
      final long failingSeed = seed;
      assertEquals(expected, log, () -> "set-up order leaked with seed " + failingSeed);
    }
    assertEquals(List.of("0:scenario", "0:run 1.0", "0:run 1.1", "10000:run 1.0", "10000:run 1.1",
        "20000:run 1.0", "20000:run 1.1", "30000:kick 1.1", "30000:inject 2.0", "30000:wake 2.0",
        "70000:deadline 3.0"), expected);
  }
}
