package org.nestsim.gsb;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Parses element values written by people ({@code nestsim gsb encode GPR3=0x10}, scenario files) into
 * the bytes of the element. Integers are decimal or {@code 0x} hex, may be negative (a 64-bit pattern:
 * {@code -1} is all ones) and may end in {@code K}, {@code M} or {@code G} (×2¹⁰, ×2²⁰, ×2³⁰).
 * Every failure is an {@link IllegalArgumentException} whose message says what is wrong.
 */
public final class GsbValueParser {
  private static final BigInteger TWO_32 = BigInteger.ONE.shiftLeft(32);
  private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
  private static final BigInteger TWO_128 = BigInteger.ONE.shiftLeft(128);

  private GsbValueParser() {}

  /** An integer as a 64-bit pattern: {@code 42}, {@code 0x2a}, {@code -1}, {@code 4K}, {@code 16M}. */
  public static long parseInteger(String text) {
    BigInteger v = parseBig(text.trim(), text);
    if (v.compareTo(TWO_64) >= 0 || v.compareTo(TWO_64.shiftRight(1).negate()) < 0) {
      throw new IllegalArgumentException("'" + text + "' does not fit in 64 bits");
    }
    return v.longValue();
  }

  /**
   * The value bytes of {@code element} from its text form: an integer for BE32/BE64 (which must fit),
   * a 128-bit integer for VEC128, {@code ADDRESS,EA_BITS,ROOT_SIZE} for the partition table, {@code
   * ADDRESS,SIZE} for the process table and buffer descriptors, and hex bytes (or nothing) for BLANK.
   */
  public static byte[] parse(GsbElement element, String text) {
    String t = text.trim();
    return switch (element.type()) {
      case BE32 -> {
        BigInteger v = parseBig(t, text);
        if (v.compareTo(TWO_32) >= 0 || v.compareTo(TWO_32.shiftRight(1).negate()) < 0) {
          throw new IllegalArgumentException("'" + text + "' does not fit in 32 bits");
        }
        yield ByteBuffer.allocate(4).putInt(0, v.intValue()).array();
      }
      case BE64 -> ByteBuffer.allocate(8).putLong(0, parseInteger(t)).array();
      case VEC128 -> vector(element, t);
      case PARTITION_TABLE -> fields(element, t, 3, "ADDRESS,EA_BITS,ROOT_SIZE");
      case PROCESS_TABLE, BUFFER -> fields(element, t, 2, "ADDRESS,SIZE");
      case BLANK -> blank(t);
    };
  }

  private static byte[] vector(GsbElement element, String t) {
    BigInteger v = parseBig(t, t);
    if (v.compareTo(TWO_128) >= 0 || v.compareTo(TWO_128.shiftRight(1).negate()) < 0) {
      throw new IllegalArgumentException("'" + t + "' does not fit in 128 bits");
    }
    if (v.signum() < 0) {
      v = v.add(TWO_128);
    }
    byte[] out = new byte[16];
    byte[] raw = v.toByteArray();
    int n = Math.min(raw.length, 16);
    System.arraycopy(raw, raw.length - n, out, 16 - n, n);
    return out;
  }

  private static byte[] fields(GsbElement element, String t, int count, String form) {
    String[] parts = t.split(",", -1);
    if (parts.length != count) {
      throw new IllegalArgumentException("takes " + form + ", got '" + t + "'");
    }
    ByteBuffer b = ByteBuffer.allocate(8 * count);
    for (int i = 0; i < count; i++) {
      b.putLong(8 * i, parseInteger(parts[i]));
    }
    return b.array();
  }

  private static byte[] blank(String t) {
    if (t.isEmpty()) {
      return new byte[0];
    }
    String digits = t.startsWith("0x") || t.startsWith("0X") ? t.substring(2) : t;
    byte[] bytes;
    try {
      bytes = HexFormat.of().parseHex(digits);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("takes hex bytes, got '" + t + "'");
    }
    if (bytes.length > GsbLayout.MAX_VALUE_LENGTH) {
      throw new IllegalArgumentException("BLANK of " + bytes.length + " bytes: a size is at most "
          + GsbLayout.MAX_VALUE_LENGTH);
    }
    return bytes;
  }

  private static BigInteger parseBig(String t, String original) {
    if (t.isEmpty()) {
      throw new IllegalArgumentException("empty number");
    }
    String s = t.replace("_", "");
    boolean negative = s.startsWith("-");
    if (negative) {
      s = s.substring(1);
    }
    // K, M and G are not hex digits, so the suffix is unambiguous after 0x too.
    int shift = 0;
    char last = s.isEmpty() ? ' ' : Character.toUpperCase(s.charAt(s.length() - 1));
    if (last == 'K' || last == 'M' || last == 'G') {
      shift = last == 'K' ? 10 : last == 'M' ? 20 : 30;
      s = s.substring(0, s.length() - 1);
    }
    boolean hex = s.toLowerCase(Locale.ROOT).startsWith("0x");
    String digits = hex ? s.substring(2) : s;
    if (digits.isEmpty() || digits.startsWith("-") || digits.startsWith("+")) {
      throw new IllegalArgumentException("'" + original + "' is not a number");
    }
    BigInteger v;
    try {
      v = new BigInteger(digits, hex ? 16 : 10);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + original + "' is not a number");
    }
    v = v.shiftLeft(shift);
    return negative ? v.negate() : v;
  }
}
