package org.nestsim.gsb;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.OptionalLong;

/**
 * An immutable copy of a Guest State Buffer, the form in which a buffer crosses an actor boundary
 * (the output buffer in {@code VcpuExited}, for instance): a view of L1 memory would be rewritten by
 * the next exit and cannot cross nodes. The bytes are copied once, on creation.
 */
public final class GsbSnapshot {
  private static final GsbSnapshot EMPTY = new GsbSnapshot(new byte[GsbLayout.HEADER_LENGTH]);

  private final byte[] bytes;

  private GsbSnapshot(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A buffer with no elements (header {@code nelems = 0}). */
  public static GsbSnapshot empty() {
    return EMPTY;
  }

  /** Copies {@code length} bytes at absolute position {@code base} of {@code buffer}. */
  public static GsbSnapshot copyOf(ByteBuffer buffer, int base, int length) {
    byte[] copy = new byte[length];
    buffer.get(base, copy);
    return new GsbSnapshot(copy);
  }

  /** Copies the array. */
  public static GsbSnapshot copyOf(byte[] bytes) {
    return new GsbSnapshot(bytes.clone());
  }

  /** Parses hex digits, ignoring white space: {@code "00 00 00 01 10 03 00 08 …"}. */
  public static GsbSnapshot fromHex(String hex) {
    return new GsbSnapshot(HexFormat.of().parseHex(hex.replaceAll("\\s+", "")));
  }

  /** The number of bytes held. */
  public int length() {
    return bytes.length;
  }

  /** A new reader over a read-only view of the bytes. */
  public GsbReader reader() {
    return new GsbReader().wrap(ByteBuffer.wrap(bytes).asReadOnlyBuffer(), 0, bytes.length);
  }

  /** Checks the bytes against a request's rules; returns the element count. */
  public int validate(GsbRequest request) {
    return GsbValidator.validate(reader(), request);
  }

  /**
   * The value of the last element with this ID (QEMU applies duplicates in order, so the last one
   * wins), widened to 64 bits; empty if absent. For BE32 and BE64 elements.
   */
  public OptionalLong register(int id) {
    GsbReader r = reader();
    OptionalLong found = OptionalLong.empty();
    while (r.next()) {
      if (r.id() == id && (r.size() == 4 || r.size() == 8)) {
        found = OptionalLong.of(r.register());
      }
    }
    return found;
  }

  /** A copy of the bytes. */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  /** Writes the bytes at absolute position {@code base} of {@code target}. */
  public void copyTo(ByteBuffer target, int base) {
    target.put(base, bytes);
  }

  /** Lower-case hex, no separators. */
  public String toHex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GsbSnapshot other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "GsbSnapshot[" + toHex() + "]";
  }
}
