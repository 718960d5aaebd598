package org.nestsim.cpu.asm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the {@link Assembler} produced: a contiguous image of bytes starting at {@link #origin()}, in the
 * chosen byte order, and the address of every label (in definition order). Immutable: {@link #bytes()}
 * returns a copy.
 */
public final class Assembly {
  private final long origin;
  private final byte[] bytes;
  private final ByteOrder order;
  private final Map<String, Long> labels;

  Assembly(long origin, byte[] bytes, ByteOrder order, Map<String, Long> labels) {
    this.origin = origin;
    this.bytes = bytes;
    this.order = order;
    this.labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
  }

  /** The address of the first byte. */
  public long origin() {
    return origin;
  }

  /** The image length in bytes. */
  public int length() {
    return bytes.length;
  }

  /** A copy of the image. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The byte order of instructions and data in the image. */
  public ByteOrder order() {
    return order;
  }

  /** Label name to address, in definition order (local {@code 1:} labels excluded). */
  public Map<String, Long> labels() {
    return labels;
  }

  /** The address of {@code label}; throws {@link IllegalArgumentException} if there is none. */
  public long address(String label) {
    Long a = labels.get(label);
    if (a == null) {
      throw new IllegalArgumentException("no label '" + label + "'");
    }
    return a;
  }

  /** The 32-bit word at {@code address} (4-byte aligned or not), read in the image's byte order. */
  public int word(long address) {
    long offset = address - origin;
    if (offset < 0 || offset + 4 > bytes.length) {
      throw new IndexOutOfBoundsException("0x" + Long.toHexString(address) + " is outside the image");
    }
    return ByteBuffer.wrap(bytes).order(order).getInt((int) offset);
  }

  /** The image as whole 32-bit words in the image's byte order (a trailing partial word is dropped). */
  public int[] words() {
    int[] w = new int[bytes.length / 4];
    ByteBuffer b = ByteBuffer.wrap(bytes).order(order);
    for (int i = 0; i < w.length; i++) {
      w[i] = b.getInt(i * 4);
    }
    return w;
  }
}
