package org.nestsim.trace;

import java.util.List;

/**
 * The hand-written encoder of canonical event lines: static helpers that append one field each to a
 * caller's {@link StringBuilder}, with no reflection and no intermediate strings, because every event
 * of a traced run passes through here. The rules are in {@code package-info.java} and
 * {@code docs/TRACES.md}.
 */
final class JsonLine {
  /** The event types, the value of {@code "e"}, in the order of {@link TraceEvent}'s permits. */
  static final List<String> TYPES = List.of("hcall", "exit", "inject", "l2hcall", "console", "life");

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private JsonLine() {}

  /** Opens the object with its first two keys: {@code {"t":TIME,"e":"TYPE"}. */
  static void start(StringBuilder sb, long time, String type) {
    sb.append("{\"t\":").append(time).append(",\"e\":\"").append(type).append('"');
  }

  /** Closes the object. */
  static void end(StringBuilder sb) {
    sb.append('}');
  }

  /** An id, a count or a return code: a signed decimal number. */
  static void number(StringBuilder sb, String key, long value) {
    key(sb, key);
    sb.append(value);
  }

  /** A 64-bit register pattern: {@code "0x…"}, lowercase, no leading zeros, two's complement. */
  static void hex(StringBuilder sb, String key, long value) {
    key(sb, key);
    sb.append("\"0x");
    int digits = Math.max(1, (67 - Long.numberOfLeadingZeros(value)) >> 2);
    for (int shift = (digits - 1) << 2; shift >= 0; shift -= 4) {
      sb.append(HEX[(int) (value >>> shift) & 0xf]);
    }
    sb.append('"');
  }

  /** A string, JSON-escaped, or {@code null}. */
  static void string(StringBuilder sb, String key, String value) {
    key(sb, key);
    quoted(sb, value);
  }

  /** A string value without a key (an array element), JSON-escaped, or {@code null}. */
  static void quoted(StringBuilder sb, String value) {
    if (value == null) {
      sb.append("null");
      return;
    }
    sb.append('"');
    int n = value.length();
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
        unicodeEscape(sb, c);
      } else if (Character.isSurrogate(c)) {
        // A pair is copied as is (it becomes 4 UTF-8 bytes); a lone half has no UTF-8 form, so it
        // is escaped and still round-trips through a JSON parser.
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
          sb.append(c).append(value.charAt(++i));
        } else {
          unicodeEscape(sb, c);
        }
      } else {
        sb.append(c);
      }
    }
    sb.append('"');
  }

  /** Bytes as lowercase hex, two digits each, no separators. */
  static String hexBytes(byte[] bytes, int offset, int length) {
    char[] out = new char[length * 2];
    for (int i = 0; i < length; i++) {
      int b = bytes[offset + i];
      out[2 * i] = HEX[(b >> 4) & 0xf];
      out[2 * i + 1] = HEX[b & 0xf];
    }
    return new String(out);
  }

  private static void key(StringBuilder sb, String key) {
    sb.append(",\"").append(key).append("\":");
  }

  private static void unicodeEscape(StringBuilder sb, char c) {
    sb.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf])
        .append(HEX[c & 0xf]);
  }
}
