package org.nestsim.gsb;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A reusable flyweight that writes a Guest State Buffer into a {@link ByteBuffer}: big-endian, absolute
 * writes, the header's {@code nelems} kept current after every put, no allocation.
 *
 * <p>The typed puts check the element against the catalog (its type must match the put), because
 * writing a wrong size is a bug in NestSim, not bad input. {@link #putRaw} writes anything, for tests and
 * for tools that must produce malformed buffers on purpose.
 */
public final class GsbWriter {
  private ByteBuffer buffer;
  private int base;
  private int capacity;
  private int length;
  private int count;

  /**
   * Starts an empty buffer (header {@code nelems = 0}) of at most {@code capacity} bytes at absolute
   * position {@code base}.
   */
  public GsbWriter wrap(ByteBuffer buffer, int base, int capacity) {
    if (buffer.order() != ByteOrder.BIG_ENDIAN) {
      throw new IllegalArgumentException("a Guest State Buffer is big-endian");
    }
    if (capacity < GsbLayout.HEADER_LENGTH || base < 0 || base > buffer.capacity() - capacity) {
      throw new IndexOutOfBoundsException("buffer [" + base + ", +" + capacity + ") outside capacity "
          + buffer.capacity());
    }
    this.buffer = buffer;
    this.base = base;
    this.capacity = capacity;
    this.length = GsbLayout.HEADER_LENGTH;
    this.count = 0;
    buffer.putInt(base + GsbLayout.NELEMS_OFFSET, 0);
    return this;
  }

  /** Bytes used so far, header included. */
  public int length() {
    return length;
  }

  /** Elements written so far. */
  public int count() {
    return count;
  }

  /** Bytes still free. */
  public int remaining() {
    return capacity - length;
  }

  /** Whether an element with a value of {@code size} bytes still fits. */
  public boolean fits(int size) {
    return GsbLayout.elementLength(size) <= capacity - length;
  }

  public GsbWriter putBe32(int id, int value) {
    buffer.putInt(begin(id, ValueType.BE32), value);
    return this;
  }

  public GsbWriter putBe64(int id, long value) {
    buffer.putLong(begin(id, ValueType.BE64), value);
    return this;
  }

  /**
   * Writes a register value at the element's size: 64 bits for BE64 elements, the low 32 bits for BE32
   * elements (spec §4.2: a GET of a 4-byte element returns the low 32 bits).
   */
  public GsbWriter putRegister(int id, long value) {
    GsbElement e = GsbCatalog.byId(id);
    if (e != null && e.type() == ValueType.BE32) {
      return putBe32(id, (int) value);
    }
    return putBe64(id, value);
  }

  /** A 128-bit register: {@code high} is the most-significant doubleword (doubleword 0 of the VSR). */
  public GsbWriter putVec128(int id, long high, long low) {
    int p = begin(id, ValueType.VEC128);
    buffer.putLong(p, high);
    buffer.putLong(p + 8, low);
    return this;
  }

  /** {@code 0x0005}: the partition-scoped tree's root address, EA bits and root directory size. */
  public GsbWriter putPartitionTable(long address, long eaBits, long rootSize) {
    int p = begin(Gsid.PARTITION_TABLE, ValueType.PARTITION_TABLE);
    buffer.putLong(p, address);
    buffer.putLong(p + 8, eaBits);
    buffer.putLong(p + 16, rootSize);
    return this;
  }

  /** {@code 0x0006}: the process table's address and size. */
  public GsbWriter putProcessTable(long address, long size) {
    int p = begin(Gsid.PROCESS_TABLE, ValueType.PROCESS_TABLE);
    buffer.putLong(p, address);
    buffer.putLong(p + 8, size);
    return this;
  }

  /** A buffer descriptor ({@code RUN_INPUT}, {@code RUN_OUTPUT}): address and size. */
  public GsbWriter putBuffer(int id, long address, long size) {
    int p = begin(id, ValueType.BUFFER);
    buffer.putLong(p, address);
    buffer.putLong(p + 8, size);
    return this;
  }

  /** Any ID with any value bytes, unchecked: for tests and for tools that build bad buffers. */
  public GsbWriter putRaw(int id, byte[] value) {
    int p = reserve(id, value.length);
    buffer.put(p, value);
    return this;
  }

  /**
   * Copies the element the reader is on (ID, size and value) into this buffer, unchanged.
   */
  public GsbWriter copyElement(GsbReader reader) {
    int p = reserve(reader.id(), reader.size());
    buffer.put(p, reader.buffer(), reader.valuePosition(), reader.size());
    return this;
  }

  private int begin(int id, ValueType type) {
    GsbElement e = GsbCatalog.byId(id);
    if (e == null || e.type() != type) {
      throw new IllegalArgumentException("element " + GsbElement.hex(id) + " ("
          + GsbCatalog.nameOf(id) + ") is not " + type);
    }
    return reserve(id, type.size());
  }

  private int reserve(int id, int size) {
    if (size > GsbLayout.MAX_VALUE_LENGTH) {
      throw new IllegalArgumentException("value of " + size + " bytes does not fit a u16 size");
    }
    if (!fits(size)) {
      throw new IllegalStateException("Guest State Buffer full: " + length + " of " + capacity
          + " bytes used, " + GsbCatalog.nameOf(id) + " needs " + GsbLayout.elementLength(size));
    }
    int p = base + length;
    buffer.putShort(p + GsbLayout.ID_OFFSET, (short) id);
    buffer.putShort(p + GsbLayout.SIZE_OFFSET, (short) size);
    length += GsbLayout.elementLength(size);
    count++;
    buffer.putInt(base + GsbLayout.NELEMS_OFFSET, count);
    return p + GsbLayout.VALUE_OFFSET;
  }
}
