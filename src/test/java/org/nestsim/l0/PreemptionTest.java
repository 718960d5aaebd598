package org.nestsim.l0;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The preemption faults' arithmetic, without actors. */
class PreemptionTest {
  @Test
  void shouldPreemptEveryNTicksOfRunningTime() {
    Preemption p = Preemption.of(100, List.of());
    assertEquals(1_100, p.until(1_000));
    assertFalse(p.due(60, 1_060));
    assertEquals(1_100, p.until(1_060));
    assertTrue(p.due(40, 1_100));
    // Running time, not the clock: 10,000 ticks not running do not count.
    assertEquals(11_200, p.until(11_100));
  }

  @Test
  void shouldPreemptOnceAtEachTimeAndSkipTimesThatPassedWhileNotRunning() {
    Preemption p = Preemption.of(0, List.of(500L, 2_000L, 3_000L));
    assertEquals(500, p.until(0));
    assertTrue(p.due(500, 500));
    assertEquals(2_000, p.until(500));
    p.skipPassed(2_500);
    assertEquals(3_000, p.until(2_500));
    assertTrue(p.due(500, 3_000));
    assertEquals(Long.MAX_VALUE, p.until(3_000));
    assertFalse(p.due(10, 3_010));
  }

  @Test
  void shouldShareOneStatelessInstanceWhenThereIsNoFault() {
    Preemption p = Preemption.of(0, List.of());
    assertSame(p, Preemption.of(0, List.of()), "no per-vCPU object without preemption faults");
    for (long now = 0; now < 1_000_000; now += 99_999) {
      assertEquals(Long.MAX_VALUE, p.until(now));
      assertFalse(p.due(99_999, now));
      p.skipPassed(now);
    }
  }
}
