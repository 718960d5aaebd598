package org.nestsim.trace;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The trace hash: SHA-256, computed incrementally, over each event line's UTF-8 bytes followed by one
 * {@code '\n'} — exactly the bytes of a trace file after its header line. The header is not hashed, so
 * two runs of the same scenario and seed compare equal wherever they were started from. Zero events hash
 * to SHA-256 of empty input ({@code sha256:e3b0c442…}).
 *
 * <p>Not thread-safe; {@link TraceWriter} serialises access. ASCII lines, the common case, are hashed
 * without allocation through a reused byte array.
 */
public final class TraceHash {
  private static final String PREFIX = "sha256:";

  private final MessageDigest digest = newDigest();
  private byte[] bytes = new byte[256];
  private long events;

  /** Adds one event line (without its newline). */
  public void add(String canonicalLine) {
    add((CharSequence) canonicalLine);
  }

  /** Adds one event line (without its newline) from a builder or other character sequence. */
  public void add(CharSequence line) {
    int n = line.length();
    if (bytes.length < n + 1) {
      bytes = new byte[Math.max(n + 1, bytes.length * 2)];
    }
    for (int i = 0; i < n; i++) {
      char c = line.charAt(i);
      if (c >= 0x80) {
        byte[] utf8 = line.toString().getBytes(StandardCharsets.UTF_8);
        digest.update(utf8);
        digest.update((byte) '\n');
        events++;
        return;
      }
      bytes[i] = (byte) c;
    }
    bytes[n] = '\n';
    digest.update(bytes, 0, n + 1);
    events++;
  }

  /** {@code "sha256:"} and 64 lowercase hex digits over the lines added so far; adding may go on. */
  public String value() {
    byte[] sum;
    try {
      sum = ((MessageDigest) digest.clone()).digest();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("SHA-256 digest cannot be cloned", e);
    }
    return PREFIX + JsonLine.hexBytes(sum, 0, sum.length);
  }

  /** The number of lines added. */
  public long events() {
    return events;
  }

  /** The hash of {@code lines}, in the form of {@link #value()}. */
  public static String of(List<String> lines) {
    TraceHash h = new TraceHash();
    for (String line : lines) {
      h.add(line);
    }
    return h.value();
  }

  /** True for {@code "sha256:"} followed by 64 lowercase hex digits. */
  public static boolean isHash(String s) {
    return s != null && s.startsWith(PREFIX) && TraceHeader.isSha256Hex(s.substring(PREFIX.length()));
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
