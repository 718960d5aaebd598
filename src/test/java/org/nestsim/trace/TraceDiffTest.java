package org.nestsim.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The first event where a re-run departs from a recording. */
class TraceDiffTest {

  @Test
  void shouldFindNoDifferenceInEqualTraces() {
    assertEquals(OptionalInt.empty(), TraceDiff.firstDifference(List.of(), List.of()));
    assertEquals(OptionalInt.empty(), TraceDiff.firstDifference(List.of("a", "b"), List.of("a", "b")));
  }

  @Test
  void shouldFindTheFirstDifferingLine() {
    assertEquals(OptionalInt.of(0), TraceDiff.firstDifference(List.of("a"), List.of("b")));
    assertEquals(OptionalInt.of(1), TraceDiff.firstDifference(List.of("a", "b", "c"), List.of("a", "x", "y")));
    assertEquals(OptionalInt.of(2), TraceDiff.firstDifference(List.of("a", "b", "c"), List.of("a", "b", "d", "e")));
  }

  @Test
  void shouldPointAtTheEndOfAPrefix() {
    assertEquals(OptionalInt.of(2), TraceDiff.firstDifference(List.of("a", "b"), List.of("a", "b", "c")));
    assertEquals(OptionalInt.of(1), TraceDiff.firstDifference(List.of("a", "b"), List.of("a")));
    assertEquals(OptionalInt.of(0), TraceDiff.firstDifference(List.of(), List.of("a")));
  }

  @Test
  void shouldDescribeEachCase() {
    assertEquals("event 1 (line 3 of the trace) differs:\n  expected: b\n  actual:   x",
        TraceDiff.describe(List.of("a", "b"), List.of("a", "x"), 1));
    assertEquals("event 1 (line 3 of the trace): the recorded trace ends after 1 events, the re-run goes on:\n"
        + "  actual:   x", TraceDiff.describe(List.of("a"), List.of("a", "x"), 1));
    assertEquals("event 0 (line 2 of the trace): the re-run ends after 0 events, the recorded trace goes on:\n"
        + "  expected: a", TraceDiff.describe(List.of("a"), List.of(), 0));
  }
}
