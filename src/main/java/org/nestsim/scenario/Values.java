package org.nestsim.scenario;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.nestsim.gsb.GsbValueParser;

/**
 * Turns scalars of the file into values, reporting what is wrong at the scalar: integers (decimal or
 * {@code 0x} hex, {@code K}/{@code M}/{@code G}, 64-bit patterns) or names in their place, {@code $name}
 * operands, text, booleans and hex bytes. On a problem a method reports it and returns the caller's
 * default, so that loading goes on and finds the next problem.
 */
final class Values {
  /** A name bound by {@code save} and used as {@code $name}. */
  static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

  private final Problems problems;

  Values(Problems problems) {
    this.problems = problems;
  }

  Problems problems() {
    return problems;
  }

  static boolean isAbsent(YamlNode n) {
    return n == null || n instanceof YamlNode.Scalar s && s.isNull();
  }

  /** An integer or any known name; {@code null} when absent or wrong (reported). */
  Long integer(YamlNode n, String path) {
    return parse(n, path, null);
  }

  /** An integer or a name of {@code family} only; {@code null} when absent or wrong (reported). */
  Long integer(YamlNode n, String path, NameFamily family) {
    return parse(n, path, family);
  }

  /** An integer in {@code [min, max]} (signed), {@code dflt} when absent or wrong. */
  long integer(YamlNode n, String path, long min, long max, long dflt) {
    Long v = parse(n, path, null);
    if (v == null) {
      return dflt;
    }
    if (v < min || v > max) {
      String range = max == Long.MAX_VALUE ? (min == 1 ? "positive" : min == 0 ? "0 or more" : "at least " + min)
          : "between " + min + " and " + max;
      problems.add(n.location(), Fields.prefixOf(path) + "must be " + range + ", got " + v);
      return dflt;
    }
    return v;
  }

  /** A required integer in {@code [min, max]}: absent is a problem at {@code fields}. */
  long required(Fields fields, String key, long min, long max) {
    fields.require(key);
    return integer(fields.get(key), fields.path(key), min, max, 0);
  }

  /** A step operand: {@code $name} or an integer/name. A missing one is the caller's to report. */
  Operand operand(YamlNode n, String path) {
    if (n instanceof YamlNode.Scalar s && !s.isNull() && s.text().startsWith("$")) {
      String name = s.text().substring(1);
      if (!NAME.matcher(name).matches()) {
        problems.add(n.location(), Fields.prefixOf(path) + "'" + Problems.quote(s.text())
            + "' is not a valid $name (a letter or _, then letters, digits, _, . or -)");
        return new Operand.Literal(0);
      }
      return new Operand.Ref(name, n.location());
    }
    Long v = parse(n, path, null);
    return new Operand.Literal(v == null ? 0 : v);
  }

  /** A required operand of the mapping. */
  Operand operand(Fields fields, String key) {
    fields.require(key);
    return operand(fields.get(key), fields.path(key));
  }

  /** The text of a scalar; {@code null} when absent or not a scalar (reported). */
  String text(YamlNode n, String path) {
    if (isAbsent(n)) {
      return null;
    }
    if (n instanceof YamlNode.Scalar s) {
      return s.text();
    }
    problems.add(n.location(), Fields.prefixOf(path) + "expected a value, got " + n.describe());
    return null;
  }

  /** {@code true} or {@code false}. */
  boolean bool(YamlNode n, String path, boolean dflt) {
    if (isAbsent(n)) {
      return dflt;
    }
    String t = text(n, path);
    if (t != null) {
      String l = t.trim().toLowerCase(Locale.ROOT);
      if (l.equals("true") || l.equals("false")) {
        return l.equals("true");
      }
      problems.add(n.location(), Fields.prefixOf(path) + "expected true or false, got '" + Problems.quote(t) + "'");
    }
    return dflt;
  }

  /** Hex digits, whitespace ignored, into bytes; {@code null} when absent or wrong (reported). */
  byte[] hex(YamlNode n, String path) {
    String t = text(n, path);
    if (t == null) {
      return null;
    }
    String digits = t.replaceAll("\\s+", "");
    for (int i = 0; i < digits.length(); i++) {
      if (Character.digit(digits.charAt(i), 16) < 0) {
        problems.add(n.location(), Fields.prefixOf(path) + "'" + Problems.quote(digits.substring(i, i + 1))
            + "' is not a hex digit (hex bytes, whitespace ignored)");
        return null;
      }
    }
    if (digits.length() % 2 != 0) {
      problems.add(n.location(), Fields.prefixOf(path) + "an odd number of hex digits (" + digits.length() + ")");
      return null;
    }
    byte[] out = new byte[digits.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }

  /** The items of a list, a lone value as a list of one, nothing as an empty list. */
  static List<YamlNode> oneOrMany(YamlNode n) {
    if (isAbsent(n)) {
      return List.of();
    }
    return n instanceof YamlNode.Sequence s ? s.items() : List.of(n);
  }

  /** The items of a list; nothing is empty, anything else a problem (and empty). */
  List<YamlNode> list(YamlNode n, String path) {
    if (isAbsent(n)) {
      return List.of();
    }
    if (n instanceof YamlNode.Sequence s) {
      return s.items();
    }
    problems.add(n.location(), Fields.prefixOf(path) + "expected a list, got " + n.describe());
    return List.of();
  }

  private Long parse(YamlNode n, String path, NameFamily family) {
    if (isAbsent(n)) {
      return null;
    }
    if (!(n instanceof YamlNode.Scalar s)) {
      problems.add(n.location(), Fields.prefixOf(path) + "expected a number, got " + n.describe());
      return null;
    }
    String t = s.text().trim();
    if (looksNumeric(t)) {
      try {
        return GsbValueParser.parseInteger(t);
      } catch (IllegalArgumentException e) {
        problems.add(n.location(), Fields.prefixOf(path) + Problems.quote(e.getMessage()));
        return null;
      }
    }
    Optional<Long> v = family == null ? NameFamily.resolveAny(t) : family.resolve(t);
    if (v.isPresent()) {
      return v.get();
    }
    String message = family == null ? "'" + Problems.quote(t) + "' is not a number or a known name"
        : "unknown " + family.noun() + " '" + Problems.quote(t) + "'";
    if (NAME.matcher(t).matches()) {
      message += Fields.didYouMean(t, family == null ? NameFamily.ALL_NAMES : family.names());
    }
    problems.add(n.location(), Fields.prefixOf(path) + message);
    return null;
  }

  private static boolean looksNumeric(String t) {
    int i = t.startsWith("-") ? 1 : 0;
    return i < t.length() && Character.isDigit(t.charAt(i));
  }
}
