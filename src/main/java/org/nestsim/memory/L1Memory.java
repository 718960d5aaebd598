package org.nestsim.memory;

/**
 * The L1 partition's real memory, as the L0 sees it: a sized address space of bytes, big-endian for the
 * multi-byte accessors (the byte order of Guest State Buffers and radix table entries). Unwritten
 * memory reads as zero.
 *
 * <p>Thread safety: page allocation is atomic, so any number of threads may touch memory at once;
 * concurrent accesses to the same bytes race as they would on hardware (the simulation orders the
 * accesses that matter through its actors). Every method throws {@link IndexOutOfBoundsException} for
 * an access outside {@code [0, size())}; callers that must answer an L1 check {@link #contains} first.
 */
public interface L1Memory {
  /** log2 of the page size of allocation and of {@link #page}. */
  int PAGE_SHIFT = 12;
  /** Bytes per page. */
  int PAGE_SIZE = 1 << PAGE_SHIFT;
  /** Mask of the offset within a page. */
  long PAGE_MASK = PAGE_SIZE - 1;

  /** The size in bytes; addresses run from 0 to {@code size() - 1}. */
  long size();

  /** Whether {@code [address, address + length)} lies inside memory (false on overflow). */
  default boolean contains(long address, long length) {
    return address >= 0 && length >= 0 && address <= size() - length;
  }

  /**
   * The backing array of page {@code pageNumber} (address {@code pageNumber << PAGE_SHIFT}), allocated
   * if it was never touched. The interpreter caches these arrays in its translation cache: writes
   * through them are writes to memory.
   */
  byte[] page(long pageNumber);

  /** The backing array of page {@code pageNumber} if it was ever touched, else {@code null}; never allocates. */
  byte[] pageIfPresent(long pageNumber);

  /** One byte. */
  byte readByte(long address);

  /** A big-endian 32-bit value; may cross a page boundary. */
  int readInt(long address);

  /** A big-endian 64-bit value; may cross a page boundary. */
  long readLong(long address);

  void writeByte(long address, byte value);

  /** Stores a big-endian 32-bit value. */
  void writeInt(long address, int value);

  /** Stores a big-endian 64-bit value. */
  void writeLong(long address, long value);

  /**
   * Atomically replaces the big-endian doubleword at the 8-byte aligned {@code address} with {@code
   * value} if it still holds {@code expected}: how reference/change bits are set in a table entry
   * that an L1 may be rewriting at the same moment (hardware R/C updates are atomic).
   *
   * @return whether the value was replaced
   */
  boolean compareAndSetLong(long address, long expected, long value);

  /** Copies {@code length} bytes from memory into {@code target[offset…]}. */
  void read(long address, byte[] target, int offset, int length);

  /** Copies {@code length} bytes of {@code source[offset…]} into memory. */
  void write(long address, byte[] source, int offset, int length);

  /** Bytes of memory backed by allocated pages (the simulator's footprint, not the L1's view). */
  long allocatedBytes();
}
