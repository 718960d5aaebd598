package org.nestsim.cpu.asm;

import java.nio.ByteOrder;
import java.util.Arrays;
import org.nestsim.cpu.asm.Expression.Source;

/**
 * The growing byte image of one assembler pass, from the origin to the highest location reached. The
 * first pass only tracks the extent; the second writes. Bounded so that a stray {@code .space} cannot
 * exhaust the heap.
 */
final class Image {
  /** The largest image the assembler builds. */
  static final long MAX_LENGTH = 256L << 20;

  private final long origin;
  private final ByteOrder order;
  private final boolean writing;
  private byte[] bytes;
  private long end;

  Image(long origin, ByteOrder order, boolean writing) {
    this.origin = origin;
    this.order = order;
    this.writing = writing;
    this.end = origin;
    this.bytes = new byte[writing ? 4096 : 0];
  }

  /** Records that the image extends to {@code location} (exclusive). */
  void reach(long location, Source src, int column) throws AsmException {
    if (location - origin > MAX_LENGTH || location < origin) {
      throw src.error(column, "the image would exceed " + (MAX_LENGTH >> 20) + " MiB from the origin");
    }
    if (location > end) {
      end = location;
    }
  }

  void putWord(long address, int word) {
    put(address, word, 4);
  }

  /** Writes the low {@code size} bytes of {@code value} at {@code address} in the image's byte order. */
  void put(long address, long value, int size) {
    if (!writing) {
      return;
    }
    int offset = ensure(address, size);
    for (int i = 0; i < size; i++) {
      int shift = order == ByteOrder.BIG_ENDIAN ? (size - 1 - i) * 8 : i * 8;
      bytes[offset + i] = (byte) (value >>> shift);
    }
  }

  /** Fills {@code [address, address + length)} with {@code fill}. */
  void fill(long address, long length, byte fill) {
    if (!writing || length <= 0) {
      return;
    }
    int offset = ensure(address, (int) length);
    Arrays.fill(bytes, offset, offset + (int) length, fill);
  }

  private int ensure(long address, int size) {
    int offset = (int) (address - origin);
    if (offset + size > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, offset + size));
    }
    return offset;
  }

  byte[] toArray() {
    return Arrays.copyOf(bytes, (int) (end - origin));
  }
}
