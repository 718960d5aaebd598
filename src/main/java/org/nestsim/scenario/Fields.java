package org.nestsim.scenario;

import java.util.List;
import java.util.Map;

/**
 * One YAML mapping of the file seen as the keys it may hold: reading it reports every unknown key (with
 * a "did you mean") and a value that is not a mapping at all. A key whose value is YAML null counts as
 * absent, so {@code faults:} with nothing after it means the default.
 */
final class Fields {
  private final YamlNode.Mapping map;
  private final String path;
  private final Problems problems;

  private Fields(YamlNode.Mapping map, String path, Problems problems) {
    this.map = map;
    this.path = path;
    this.problems = problems;
  }

  /**
   * The mapping {@code node} at {@code path} ({@code ""} for the top level) with its allowed keys
   * ({@code null}: any key, for mappings keyed by names such as guests). An absent or null node is an
   * empty mapping; any other non-mapping is a problem and reads as empty.
   */
  static Fields of(YamlNode node, String path, Problems problems, List<String> allowed) {
    if (node instanceof YamlNode.Mapping m) {
      Fields f = new Fields(m, path, problems);
      for (YamlNode.Entry e : m.entries().values()) {
        if (allowed != null && !allowed.contains(e.key())) {
          problems.add(e.keyLocation(), f.prefix() + "unknown key '" + Problems.quote(e.key()) + "'"
              + didYouMean(e.key(), allowed));
        }
      }
      return f;
    }
    Location at = node != null ? node.location() : problems.at(1, 1);
    if (node != null && !(node instanceof YamlNode.Scalar s && s.isNull())) {
      problems.add(at, prefixOf(path) + "expected a mapping of keys, got " + node.describe());
    }
    return new Fields(new YamlNode.Mapping(at, Map.of()), path, problems);
  }

  /** {@code ", did you mean 'x'?"} when a candidate is close to {@code word}, else {@code ""}. */
  static String didYouMean(String word, List<String> candidates) {
    return Suggestions.closest(word, candidates).map(s -> ", did you mean '" + s + "'?").orElse("");
  }

  /** The value of {@code key}, or {@code null} when the key is absent or its value is YAML null. */
  YamlNode get(String key) {
    YamlNode.Entry e = map.entries().get(key);
    if (e == null || e.value() instanceof YamlNode.Scalar s && s.isNull()) {
      return null;
    }
    return e.value();
  }

  boolean has(String key) {
    return get(key) != null;
  }

  /** Whether the key is written at all, even with a null value. */
  boolean written(String key) {
    return map.entries().containsKey(key);
  }

  /** Where {@code key} was written, or where the mapping starts when it is absent. */
  Location keyLocation(String key) {
    YamlNode.Entry e = map.entries().get(key);
    return e != null ? e.keyLocation() : map.location();
  }

  /** Where the mapping starts. */
  Location location() {
    return map.location();
  }

  /** The entries as written, in file order. */
  Iterable<YamlNode.Entry> entries() {
    return map.entries().values();
  }

  /** The path of a key for messages: {@code l1.steps.3.args}. */
  String path(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  String path() {
    return path;
  }

  /** {@code "PATH: "}, or nothing at the top level. */
  String prefix() {
    return prefixOf(path);
  }

  static String prefixOf(String path) {
    return path.isEmpty() ? "" : path + ": ";
  }

  /** Reports a required key that is missing (or null), at the mapping. */
  void require(String key) {
    if (!has(key)) {
      problems.add(written(key) ? keyLocation(key) : location(), prefix() + "'" + key + "' is required");
    }
  }
}
