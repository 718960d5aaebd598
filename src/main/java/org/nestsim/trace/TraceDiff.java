package org.nestsim.trace;

import java.util.List;
import java.util.OptionalInt;

/**
 * Where two traces part: what {@code nestsim replay} reports when a re-run does not reproduce a
 * recorded trace. Indices are 0-based event numbers; event {@code i} is line {@code i + 2} of a file.
 */
public final class TraceDiff {
  private TraceDiff() {}

  /**
   * The index of the first event line that differs, or the length of the shorter list when it is a
   * prefix of the other; empty when both are equal.
   */
  public static OptionalInt firstDifference(List<String> expected, List<String> actual) {
    int common = Math.min(expected.size(), actual.size());
    for (int i = 0; i < common; i++) {
      if (!expected.get(i).equals(actual.get(i))) {
        return OptionalInt.of(i);
      }
    }
    return expected.size() == actual.size() ? OptionalInt.empty() : OptionalInt.of(common);
  }

  /**
   * One paragraph for a person, about the difference at {@code index} (from {@link #firstDifference}):
   * the event number, its line in the recorded file, and both lines or which trace ended.
   */
  public static String describe(List<String> expected, List<String> actual, int index) {
    String where = "event " + index + " (line " + (index + 2) + " of the trace)";
    if (index >= expected.size()) {
      return where + ": the recorded trace ends after " + expected.size() + " events, the re-run goes on:\n"
          + "  actual:   " + actual.get(index);
    }
    if (index >= actual.size()) {
      return where + ": the re-run ends after " + actual.size() + " events, the recorded trace goes on:\n"
          + "  expected: " + expected.get(index);
    }
    return where + " differs:\n  expected: " + expected.get(index) + "\n  actual:   " + actual.get(index);
  }
}
