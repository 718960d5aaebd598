package org.nestsim.gsb;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A reusable flyweight cursor over a Guest State Buffer held in a {@link ByteBuffer}: absolute
 * big-endian reads, no object per element, no allocation after construction.
 *
 * <p>{@link #next()} checks the structure as it goes (the element header and value must lie inside the
 * buffer, and the buffer must hold the {@code nelems} elements its header counts) and throws
 * {@link GsbFormatException} otherwise. It does not check IDs, sizes or scopes: that is {@link
 * GsbValidator}'s job, done over the whole buffer before anything is applied.
 *
 * <pre>{@code
 * GsbReader r = new GsbReader().wrap(buffer, 0, length);
 * while (r.next()) {
 *   if (r.id() == Gsid.NIA) nia = r.be64();
 * }
 * }</pre>
 */
public final class GsbReader {
  private ByteBuffer buffer;
  private int base;
  private int length;
  private long count;
  private int index;
  private int offset;
  private int nextOffset;
  private int id;
  private int size;

  /**
   * Points this reader at the buffer of {@code length} bytes starting at absolute position {@code
   * base} of {@code buffer} (which must be big-endian) and reads the header.
   *
   * @throws GsbFormatException {@link GsbFault#TRUNCATED_HEADER} if {@code length < 4}
   */
  public GsbReader wrap(ByteBuffer buffer, int base, int length) {
    if (buffer.order() != ByteOrder.BIG_ENDIAN) {
      throw new IllegalArgumentException("a Guest State Buffer is big-endian");
    }
    if (base < 0 || length < 0 || base > buffer.capacity() - length) {
      throw new IndexOutOfBoundsException("buffer [" + base + ", +" + length + ") outside capacity "
          + buffer.capacity());
    }
    this.buffer = buffer;
    this.base = base;
    this.length = length;
    if (length < GsbLayout.HEADER_LENGTH) {
      this.count = 0;
      rewind();
      throw new GsbFormatException(GsbFault.TRUNCATED_HEADER, GsbFormatException.NO_ELEMENT, 0, -1,
          "buffer of " + length + " bytes, the header needs " + GsbLayout.HEADER_LENGTH);
    }
    this.count = Integer.toUnsignedLong(buffer.getInt(base + GsbLayout.NELEMS_OFFSET));
    rewind();
    return this;
  }

  /** Goes back to before the first element. */
  public GsbReader rewind() {
    index = -1;
    offset = 0;
    nextOffset = GsbLayout.HEADER_LENGTH;
    id = -1;
    size = 0;
    return this;
  }

  /**
   * Moves to the next element.
   *
   * @return false when all {@link #count()} elements have been visited
   * @throws GsbFormatException {@link GsbFault#COUNT_MISMATCH} if the buffer ends before the counted
   *     elements, {@link GsbFault#ELEMENT_OVERRUN} if an element does not fit entirely
   */
  public boolean next() {
    if (index + 1L >= count) {
      index = (int) Math.min(count, Integer.MAX_VALUE);
      return false;
    }
    int at = nextOffset;
    int remaining = length - at;
    int i = index + 1;
    if (remaining == 0) {
      throw new GsbFormatException(GsbFault.COUNT_MISMATCH, i, at, -1,
          "the header counts " + count + " elements, the buffer ends after " + i);
    }
    if (remaining < GsbLayout.ELEMENT_HEADER_LENGTH) {
      throw new GsbFormatException(GsbFault.ELEMENT_OVERRUN, i, at, -1,
          "the element header needs 4 bytes, the buffer ends after " + remaining);
    }
    int p = base + at;
    int elementId = Short.toUnsignedInt(buffer.getShort(p + GsbLayout.ID_OFFSET));
    int elementSize = Short.toUnsignedInt(buffer.getShort(p + GsbLayout.SIZE_OFFSET));
    if (elementSize > remaining - GsbLayout.ELEMENT_HEADER_LENGTH) {
      throw new GsbFormatException(GsbFault.ELEMENT_OVERRUN, i, at, elementId,
          "size " + elementSize + " of " + GsbCatalog.nameOf(elementId) + " runs past the end: "
              + (remaining - GsbLayout.ELEMENT_HEADER_LENGTH) + " bytes left");
    }
    index = i;
    offset = at;
    id = elementId;
    size = elementSize;
    nextOffset = at + GsbLayout.ELEMENT_HEADER_LENGTH + elementSize;
    return true;
  }

  /** The number of elements the header counts ({@code nelems}, unsigned). */
  public long count() {
    return count;
  }

  /** The length of the buffer this reader was given. */
  public int length() {
    return length;
  }

  /** The current element's 0-based number. */
  public int index() {
    return index;
  }

  /** The current element's byte offset from the start of the buffer. */
  public int offset() {
    return offset;
  }

  /** The offset right after the current element: after the last one, the buffer's used length. */
  public int endOffset() {
    return nextOffset;
  }

  public int id() {
    return id;
  }

  /** The current element's value size as stated on the wire. */
  public int size() {
    return size;
  }

  /** The current element's catalog row, or {@code null} for a reserved ID. */
  public GsbElement element() {
    return GsbCatalog.byId(id);
  }

  /** The buffer this reader reads. */
  public ByteBuffer buffer() {
    return buffer;
  }

  /** The absolute position of the current element's value in {@link #buffer()}. */
  public int valuePosition() {
    return base + offset + GsbLayout.VALUE_OFFSET;
  }

  /** The value as a 32-bit big-endian integer (the element must be at least 4 bytes). */
  public int be32() {
    return buffer.getInt(valuePosition());
  }

  /** The value as a 64-bit big-endian integer (the element must be at least 8 bytes). */
  public long be64() {
    return buffer.getLong(valuePosition());
  }

  /** Doubleword {@code n} of the value (0 = the first 8 bytes): fields of tables and descriptors. */
  public long be64(int n) {
    return buffer.getLong(valuePosition() + 8 * n);
  }

  /** A register value widened to 64 bits: a BE32 element zero-extended, a BE64 element as is. */
  public long register() {
    return size == 4 ? Integer.toUnsignedLong(be32()) : be64();
  }
}
