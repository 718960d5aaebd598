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
   * Element offsets recorded by the first complete walk of a buffer; later walks (after {@link
   * #rewind()}) read them instead of following the chain of sizes again, which is what makes "validate,
   * then apply" cost little more than one walk. Grown (rarely) for buffers of many elements.
   */
  private int[] offsets = new int[64];
  /** Elements whose offsets are recorded; -1 until a walk of this buffer completed. */
  private int indexed = -1;

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
    this.indexed = -1;
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
    int i = index + 1;
    if (i < indexed) {
      // A later walk of a buffer walked once already: its offsets are known (kept small to inline).
      int at = offsets[i];
      int p = base + at;
      index = i;
      offset = at;
      id = Short.toUnsignedInt(buffer.getShort(p + GsbLayout.ID_OFFSET));
      size = Short.toUnsignedInt(buffer.getShort(p + GsbLayout.SIZE_OFFSET));
      nextOffset = at + GsbLayout.ELEMENT_HEADER_LENGTH + size;
      return true;
    }
    return nextChecked(i);
  }

  /**
   * The validator's fast path: walks the whole buffer once with everything in local variables,
   * checking each element's bounds, size and attributes against the catalog's primitive tables, and
   * records every offset so that the next walk is cheap. Returns the element count, or -1 as soon as
   * anything is unusual (a malformation, a BLANK of another size, an element whose value needs
   * checking); the validator then walks again slowly to name the fault.
   *
   * @param required the {@code GsbCatalog.ATTR_*} bits every element must have
   * @param refused the bits no element may have
   */
  int indexIfClean(int required, int refused) {
    long n = count;
    int end = length;
    if (n > (end - GsbLayout.HEADER_LENGTH) / GsbLayout.ELEMENT_HEADER_LENGTH) {
      return -1;
    }
    int elements = (int) n;
    if (offsets.length < elements) {
      offsets = new int[Math.max(elements, 2 * offsets.length)];
    }
    int[] offs = offsets;
    ByteBuffer b = buffer;
    int p = base;
    int at = GsbLayout.HEADER_LENGTH;
    for (int i = 0; i < elements; i++) {
      if (at > end - GsbLayout.ELEMENT_HEADER_LENGTH) {
        return -1;
      }
      int header = b.getInt(p + at);
      int id = header >>> 16;
      int elementSize = header & 0xFFFF;
      int attributes = GsbCatalog.attributesOf(id);
      if (elementSize != GsbCatalog.sizeOf(id) || (attributes & required) != required
          || (attributes & refused) != 0) {
        return -1;
      }
      offs[i] = at;
      // Most elements are 8-byte registers: a predictable branch lets the next header load start
      // before this size is known (measured in docs/PERFORMANCE.md).
      if (elementSize == 8) {
        at += 12;
      } else {
        at += GsbLayout.ELEMENT_HEADER_LENGTH + elementSize;
      }
      if (at > end) {
        return -1;
      }
    }
    rewind();
    indexed = elements;
    return elements;
  }

  /** The first walk: checks each element's bounds and records where it starts. */
  private boolean nextChecked(int i) {
    if (indexed >= 0 || i >= count) {
      index = indexed >= 0 ? indexed : (int) Math.min(count, Integer.MAX_VALUE);
      indexed = index;
      return false;
    }
    int at = nextOffset;
    int remaining = length - at;
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
    if (i >= offsets.length) {
      offsets = java.util.Arrays.copyOf(offsets, Math.max(2 * offsets.length, i + 1));
    }
    offsets[i] = at;
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
