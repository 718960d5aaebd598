package org.nestsim.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The event order is total and independent of insertion order (except for the serial between otherwise
 * equal events); cancellation is lazy but exact.
 */
class EventQueueTest {
  private static List<String> payloads(List<SimEvent<String>> events) {
    List<String> out = new ArrayList<>();
    for (SimEvent<String> e : events) {
      out.add(e.payload());
    }
    return out;
  }

  @Test
  void shouldOrderByTimeFirst() {
    EventQueue<String> q = new EventQueue<>();
    q.schedule(30, EventKind.SCENARIO_EVENT, 1, 0, "c");
    q.schedule(10, EventKind.WAKE, 9, 9, "a");
    q.schedule(20, EventKind.KICK, 0, -1, "b");
    assertEquals(List.of("a", "b", "c"), payloads(q.pollDue(Long.MAX_VALUE)));
  }

  @Test
  void shouldOrderByKindInDeclarationOrderAtEqualTime() {
    EventQueue<String> q = new EventQueue<>();
    EventKind[] kinds = EventKind.values();
    for (int i = kinds.length - 1; i >= 0; i--) {
      q.schedule(5, kinds[i], 1, 0, kinds[i].name());
    }
    List<String> expected = new ArrayList<>();
    for (EventKind k : kinds) {
      expected.add(k.name());
    }
    assertEquals(expected, payloads(q.pollDue(5)));
  }

  @Test
  void shouldOrderByGuestThenVcpuAtEqualTimeAndKind() {
    EventQueue<String> q = new EventQueue<>();
    q.schedule(5, EventKind.KICK, 2, 0, "g2v0");
    q.schedule(5, EventKind.KICK, 1, 3, "g1v3");
    q.schedule(5, EventKind.KICK, 1, -1, "g1none");
    q.schedule(5, EventKind.KICK, 0, -1, "none");
    q.schedule(5, EventKind.KICK, 1, 0, "g1v0");
    assertEquals(List.of("none", "g1none", "g1v0", "g1v3", "g2v0"), payloads(q.pollDue(5)));
  }

  @Test
  void shouldBreakRemainingTiesBySerialInInsertionOrder() {
    EventQueue<String> q = new EventQueue<>();
    SimEvent<String> first = q.schedule(7, EventKind.INJECTION, 3, 1, "first");
    SimEvent<String> second = q.schedule(7, EventKind.INJECTION, 3, 1, "second");
    q.schedule(7, EventKind.INJECTION, 3, 1, "third");
    assertTrue(first.serial() < second.serial());
    assertEquals(List.of("first", "second", "third"), payloads(q.pollDue(7)));
  }

  @Test
  void shouldPollTheSameOrderWhateverTheInsertionOrder() {
    // Distinct (time, kind, guest, vCPU) keys crowded onto few values, so that every key decides somewhere.
    List<long[]> specs = new ArrayList<>();
    SplittableRandom keys = new SplittableRandom(42);
    for (int i = 0; i < 200; i++) {
      specs.add(new long[] {keys.nextInt(4) * 10_000L, keys.nextInt(EventKind.values().length),
          keys.nextInt(3), keys.nextInt(4) - 1});
    }
    specs = dedupe(specs);
    List<String> expected = null;
    for (long seed = 0; seed < 300; seed++) {
      List<long[]> order = new ArrayList<>(specs);
      shuffle(order, new SplittableRandom(seed));
      EventQueue<String> q = new EventQueue<>();
      for (long[] s : order) {
        q.schedule(s[0], EventKind.values()[(int) s[1]], (int) s[2], (int) s[3],
            s[0] + "/" + s[1] + "/" + s[2] + "/" + s[3]);
      }
      List<String> polled = payloads(q.pollDue(Long.MAX_VALUE));
      if (expected == null) {
        expected = polled;
      }
      final long failingSeed = seed;
      assertEquals(expected, polled, () -> "insertion order leaked into the poll order with seed " + failingSeed);
    }
    assertEquals(specs.size(), expected.size());
  }

  private static List<long[]> dedupe(List<long[]> specs) {
    List<long[]> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (long[] s : specs) {
      if (seen.add(Arrays.toString(s))) {
        out.add(s);
      }
    }
    return out;
  }

  private static <E> void shuffle(List<E> list, SplittableRandom random) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      E tmp = list.get(i);
      list.set(i, list.get(j));
      list.set(j, tmp);
    }
  }

  @Test
  void shouldPollOnlyTheEventsDueAtOrBeforeNow() {
    EventQueue<String> q = new EventQueue<>();
    q.schedule(100, EventKind.KICK, 1, 0, "at");
    q.schedule(101, EventKind.KICK, 1, 0, "after");
    q.schedule(99, EventKind.KICK, 1, 0, "before");
    assertEquals(List.of("before", "at"), payloads(q.pollDue(100)));
    assertEquals(OptionalLong.of(101), q.peekTime());
    assertNull(q.pollNextDue(100));
    assertEquals(1, q.size());
  }

  @Test
  void shouldSkipCancelledEventsAndCountOnlyPendingOnes() {
    EventQueue<String> q = new EventQueue<>();
    SimEvent<String> head = q.schedule(1, EventKind.WAKE, 1, 0, "head");
    q.schedule(2, EventKind.WAKE, 1, 0, "kept");
    assertTrue(q.cancel(head));
    assertEquals(1, q.size());
    assertEquals(OptionalLong.of(2), q.peekTime());
    assertEquals(List.of("kept"), payloads(q.pollDue(10)));
    assertTrue(q.isEmpty());
    assertEquals(OptionalLong.empty(), q.peekTime());
  }

  @Test
  void shouldRefuseToCancelTwiceAfterDeliveryOrForAnotherQueue() {
    EventQueue<String> q = new EventQueue<>();
    EventQueue<String> other = new EventQueue<>();
    SimEvent<String> e = q.schedule(1, EventKind.KICK, 1, 0, "e");
    SimEvent<String> lookalike = other.schedule(1, EventKind.KICK, 1, 0, "other");
    assertEquals(e.serial(), lookalike.serial());
    assertFalse(q.cancel(lookalike));
    assertTrue(q.cancel(e));
    assertFalse(q.cancel(e));
    SimEvent<String> delivered = other.pollNextDue(1);
    assertFalse(other.cancel(delivered));
  }

  @Test
  void shouldKeepOrderAfterSweepingManyCancelledEvents() {
    EventQueue<String> q = new EventQueue<>();
    List<SimEvent<String>> all = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      all.add(q.schedule(1_000 - i, EventKind.INJECTION, 1, i % 8, Integer.toString(1_000 - i)));
    }
    List<String> expected = new ArrayList<>();
    for (SimEvent<String> e : all) {
      if (e.time() % 100 == 0) {
        expected.add(0, e.payload());
      } else {
        assertTrue(q.cancel(e));
      }
    }
    assertEquals(10, q.size());
    assertEquals(expected, payloads(q.pollDue(Long.MAX_VALUE)));
  }

  @Test
  void shouldRejectNegativeTimesAndIds() {
    EventQueue<String> q = new EventQueue<>();
    assertThrows(IllegalArgumentException.class, () -> q.schedule(-1, EventKind.KICK, 1, 0, "x"));
    assertThrows(IllegalArgumentException.class, () -> q.schedule(0, EventKind.KICK, -1, 0, "x"));
    assertThrows(IllegalArgumentException.class, () -> q.schedule(0, EventKind.KICK, 1, -2, "x"));
    assertThrows(NullPointerException.class, () -> q.schedule(0, null, 1, 0, "x"));
    assertTrue(q.isEmpty());
  }
}
