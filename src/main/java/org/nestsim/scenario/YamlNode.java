package org.nestsim.scenario;

import java.util.List;
import java.util.Map;

/**
 * The YAML of a scenario file as a small tree that remembers where each key and value was written, so
 * that every problem can name its line and column. Scalars keep their text as written (the loader, not
 * YAML, decides what {@code 4K} or {@code H_P2} means).
 */
sealed interface YamlNode {
  Location location();

  /** What the node is, for messages: "a mapping", "a list", "text". */
  String describe();

  /** What YAML made of a scalar. {@code NULL} is {@code ~}, {@code null} or nothing at all. */
  enum Kind { STRING, NUMBER, BOOLEAN, NULL }

  /** A scalar with its text as written (for {@code NULL}, the text is ignored). */
  record Scalar(Location location, String text, Kind kind) implements YamlNode {
    boolean isNull() {
      return kind == Kind.NULL;
    }

    @Override
    public String describe() {
      return isNull() ? "nothing" : "'" + Problems.quote(text) + "'";
    }
  }

  /** One key of a mapping with where the key was written. */
  record Entry(String key, Location keyLocation, YamlNode value) {}

  /** A mapping; {@code entries} is keyed by the key's text, in file order. */
  record Mapping(Location location, Map<String, Entry> entries) implements YamlNode {
    @Override
    public String describe() {
      return "a mapping";
    }
  }

  /** A sequence (a YAML list). */
  record Sequence(Location location, List<YamlNode> items) implements YamlNode {
    @Override
    public String describe() {
      return "a list";
    }
  }
}
