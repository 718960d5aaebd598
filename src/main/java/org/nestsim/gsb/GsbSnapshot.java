package org.nestsim.gsb;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
  private static final VarHandle BE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle BE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  /** What {@link #forEachRegister} hands each element of 4 or 8 bytes to, with a target of the caller's. */
  @FunctionalInterface
  public interface RegisterVisitor<T> {
    /** Element {@code id} of {@code size} (4 or 8) bytes has {@code value} (4 bytes: zero-extended). */
    void accept(T target, int id, int size, long value);
  }

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

  /** Copies {@code length} bytes of {@code bytes} from {@code offset}. */
  public static GsbSnapshot copyOf(byte[] bytes, int offset, int length) {
    return new GsbSnapshot(Arrays.copyOfRange(bytes, offset, offset + length));
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

  /**
   * Hands every element of 4 or 8 bytes, in order, to {@code visitor} with {@code target} (a static
   * method reference and its object, so that nothing is allocated: the L1 reads every exit's output
   * buffer this way); elements of other sizes are skipped. Nothing is visited unless the whole buffer
   * is well formed.
   *
   * @throws GsbFormatException as {@link GsbReader#next()} would for a malformed buffer
   */
  public <T> void forEachRegister(T target, RegisterVisitor<T> visitor) {
    int elements = wellFormedCount();
    int at = GsbLayout.HEADER_LENGTH;
    for (int i = 0; i < elements; i++) {
      int header = (int) BE32.get(bytes, at);
      int id = header >>> 16;
      int size = header & 0xFFFF;
      int value = at + GsbLayout.ELEMENT_HEADER_LENGTH;
      if (size == 8) {
        visitor.accept(target, id, 8, (long) BE64.get(bytes, value));
      } else if (size == 4) {
        visitor.accept(target, id, 4, Integer.toUnsignedLong((int) BE32.get(bytes, value)));
      }
      at = value + size;
    }
  }

  /**
   * The element count, once every element is known to lie inside the bytes; otherwise the reader's
   * walk throws the fault, described as it always is.
   */
  private int wellFormedCount() {
    int end = bytes.length;
    long count = end < GsbLayout.HEADER_LENGTH ? -1 : Integer.toUnsignedLong((int) BE32.get(bytes, 0));
    if (count >= 0 && count <= (end - GsbLayout.HEADER_LENGTH) / GsbLayout.ELEMENT_HEADER_LENGTH) {
      int at = GsbLayout.HEADER_LENGTH;
      int i = 0;
      while (i < count && at <= end - GsbLayout.ELEMENT_HEADER_LENGTH) {
        at += GsbLayout.ELEMENT_HEADER_LENGTH + ((int) BE32.get(bytes, at) & 0xFFFF);
        i++;
      }
      if (i == count && at <= end) {
        return i;
      }
    }
    GsbReader r = reader(); // throws the fault
    while (r.next()) {
      // walks to the fault
    }
    throw new IllegalStateException("a buffer the reader accepts was judged malformed: " + this);
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
