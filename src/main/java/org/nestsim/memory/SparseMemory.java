package org.nestsim.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * {@link L1Memory} in the simulator's heap: a two-level directory of 4 KiB pages, each allocated on
 * first touch with a compare-and-set (so racing threads agree on one array), and reads of untouched
 * pages answered with zeros without allocating.
 */
public final class SparseMemory implements L1Memory {
  private static final int CHUNK_SHIFT = 16;
  private static final int CHUNK_PAGES = 1 << CHUNK_SHIFT;
  private static final VarHandle INT_BE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG_BE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final long size;
  private final AtomicReferenceArray<AtomicReferenceArray<byte[]>> chunks;
  private final AtomicLong allocatedPages = new AtomicLong();

  /** Memory of {@code size} bytes (a multiple of the page size, at most 2^52). */
  public SparseMemory(long size) {
    if (size <= 0 || (size & PAGE_MASK) != 0 || size > (1L << 52)) {
      throw new IllegalArgumentException("memory size must be a positive multiple of 4 KiB up to 2^52: "
          + size);
    }
    this.size = size;
    long pages = size >>> PAGE_SHIFT;
    this.chunks = new AtomicReferenceArray<>((int) ((pages + CHUNK_PAGES - 1) >>> CHUNK_SHIFT));
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public byte[] page(long pageNumber) {
    if (pageNumber < 0 || pageNumber >= size >>> PAGE_SHIFT) {
      throw new IndexOutOfBoundsException("page 0x" + Long.toHexString(pageNumber) + " outside memory of "
          + size + " bytes");
    }
    int c = (int) (pageNumber >>> CHUNK_SHIFT);
    AtomicReferenceArray<byte[]> chunk = chunks.get(c);
    if (chunk == null) {
      chunks.compareAndSet(c, null, new AtomicReferenceArray<>(CHUNK_PAGES));
      chunk = chunks.get(c);
    }
    int i = (int) (pageNumber & (CHUNK_PAGES - 1));
    byte[] page = chunk.get(i);
    if (page == null) {
      if (chunk.compareAndSet(i, null, new byte[PAGE_SIZE])) {
        allocatedPages.incrementAndGet();
      }
      page = chunk.get(i);
    }
    return page;
  }

  @Override
  public byte[] pageIfPresent(long pageNumber) {
    if (pageNumber < 0 || pageNumber >= size >>> PAGE_SHIFT) {
      throw new IndexOutOfBoundsException("page 0x" + Long.toHexString(pageNumber) + " outside memory of "
          + size + " bytes");
    }
    return existingPage(pageNumber << PAGE_SHIFT);
  }

  /** The page if it was ever touched, else null; never allocates. */
  private byte[] existingPage(long address) {
    AtomicReferenceArray<byte[]> chunk = chunks.get((int) (address >>> (PAGE_SHIFT + CHUNK_SHIFT)));
    return chunk == null ? null : chunk.get((int) ((address >>> PAGE_SHIFT) & (CHUNK_PAGES - 1)));
  }

  private void check(long address, int length) {
    if (!contains(address, length)) {
      throw new IndexOutOfBoundsException("[0x" + Long.toHexString(address) + ", +" + length
          + ") outside memory of " + size + " bytes");
    }
  }

  private static boolean withinPage(long address, int length) {
    return (address & PAGE_MASK) <= PAGE_SIZE - length;
  }

  @Override
  public byte readByte(long address) {
    check(address, 1);
    byte[] p = existingPage(address);
    return p == null ? 0 : p[(int) (address & PAGE_MASK)];
  }

  @Override
  public int readInt(long address) {
    check(address, 4);
    if (withinPage(address, 4)) {
      byte[] p = existingPage(address);
      return p == null ? 0 : (int) INT_BE.get(p, (int) (address & PAGE_MASK));
    }
    byte[] b = new byte[4];
    read(address, b, 0, 4);
    return (int) INT_BE.get(b, 0);
  }

  @Override
  public long readLong(long address) {
    check(address, 8);
    if (withinPage(address, 8)) {
      byte[] p = existingPage(address);
      return p == null ? 0 : (long) LONG_BE.get(p, (int) (address & PAGE_MASK));
    }
    byte[] b = new byte[8];
    read(address, b, 0, 8);
    return (long) LONG_BE.get(b, 0);
  }

  @Override
  public void writeByte(long address, byte value) {
    check(address, 1);
    page(address >>> PAGE_SHIFT)[(int) (address & PAGE_MASK)] = value;
  }

  @Override
  public void writeInt(long address, int value) {
    check(address, 4);
    if (withinPage(address, 4)) {
      INT_BE.set(page(address >>> PAGE_SHIFT), (int) (address & PAGE_MASK), value);
      return;
    }
    byte[] b = new byte[4];
    INT_BE.set(b, 0, value);
    write(address, b, 0, 4);
  }

  @Override
  public void writeLong(long address, long value) {
    check(address, 8);
    if (withinPage(address, 8)) {
      LONG_BE.set(page(address >>> PAGE_SHIFT), (int) (address & PAGE_MASK), value);
      return;
    }
    byte[] b = new byte[8];
    LONG_BE.set(b, 0, value);
    write(address, b, 0, 8);
  }

  @Override
  public boolean compareAndSetLong(long address, long expected, long value) {
    check(address, 8);
    if ((address & 7) != 0) {
      throw new IllegalArgumentException("compare-and-set needs an 8-byte aligned address: 0x"
          + Long.toHexString(address));
    }
    return LONG_BE.compareAndSet(page(address >>> PAGE_SHIFT), (int) (address & PAGE_MASK), expected, value);
  }

  @Override
  public void read(long address, byte[] target, int offset, int length) {
    check(address, length);
    java.util.Objects.checkFromIndexSize(offset, length, target.length);
    while (length > 0) {
      int inPage = (int) Math.min(length, PAGE_SIZE - (address & PAGE_MASK));
      byte[] p = existingPage(address);
      if (p == null) {
        java.util.Arrays.fill(target, offset, offset + inPage, (byte) 0);
      } else {
        System.arraycopy(p, (int) (address & PAGE_MASK), target, offset, inPage);
      }
      address += inPage;
      offset += inPage;
      length -= inPage;
    }
  }

  @Override
  public void write(long address, byte[] source, int offset, int length) {
    check(address, length);
    java.util.Objects.checkFromIndexSize(offset, length, source.length);
    while (length > 0) {
      int inPage = (int) Math.min(length, PAGE_SIZE - (address & PAGE_MASK));
      System.arraycopy(source, offset, page(address >>> PAGE_SHIFT), (int) (address & PAGE_MASK), inPage);
      address += inPage;
      offset += inPage;
      length -= inPage;
    }
  }

  @Override
  public long allocatedBytes() {
    return allocatedPages.get() << PAGE_SHIFT;
  }
}
