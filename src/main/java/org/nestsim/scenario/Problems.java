package org.nestsim.scenario;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The problems found in one scenario file so far. The loader keeps going after a problem so that one
 * run of {@code nestsim run} lists them all; they are reported in file order.
 */
final class Problems {
  private static final int QUOTE_LIMIT = 60;

  private record Problem(int line, int column, int serial, String text) {}

  private final String file;
  private final List<Problem> problems = new ArrayList<>();

  Problems(String file) {
    this.file = file;
  }

  String file() {
    return file;
  }

  Location at(int line, int column) {
    return new Location(file, line, column);
  }

  /** A problem at {@code where}: {@code FILE:LINE:COL: message}. */
  void add(Location where, String message) {
    addRaw(where, where + ": " + oneLine(message));
  }

  /** A problem whose text is complete (another file's position); sorted as if it were at {@code where}. */
  void addRaw(Location where, String text) {
    problems.add(new Problem(where.line(), where.column(), problems.size(), oneLine(text)));
  }

  boolean isEmpty() {
    return problems.isEmpty();
  }

  /** The problem lines in file order (stable for problems at one place). */
  List<String> lines() {
    return problems.stream()
        .sorted(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column)
            .thenComparingInt(Problem::serial))
        .map(Problem::text)
        .toList();
  }

  /** User text for a message: control characters escaped, long text cut. */
  static String quote(String text) {
    String t = text.length() > QUOTE_LIMIT ? text.substring(0, QUOTE_LIMIT) + "…" : text;
    StringBuilder b = new StringBuilder(t.length());
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      switch (c) {
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        case '\r' -> b.append("\\r");
        default -> {
          if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  private static String oneLine(String message) {
    String s = message.replaceAll("\\s*[\\r\\n\\u0085\\u2028\\u2029]+\\s*", " ").strip();
    return s.isEmpty() || s.endsWith(":") ? s + " (no details)" : s;
  }
}
