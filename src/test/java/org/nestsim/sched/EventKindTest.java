package org.nestsim.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventKindTest {
  @Test
  void shouldKeepTheDocumentedTieBreakOrder() {
    // The declaration order is the priority at equal time and part of the trace: change it on purpose only.
    assertEquals(List.of(EventKind.SCENARIO_EVENT, EventKind.L1_TIMER, EventKind.KICK, EventKind.INJECTION,
        EventKind.WAKE), List.of(EventKind.values()));
  }
}
