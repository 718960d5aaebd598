package org.nestsim.memory;

/**
 * What an L1 does to give an L2 memory (the script runner's {@code map} step, and the tests): lays out
 * a Linux-style 52-bit radix tree in memory — a 64 KiB root of 2^13 entries
 * (RPDS 13), then tables of 2^9, 2^9 and 2^9 (4 KiB pages) or 2^5 (64 KiB pages) entries — and maps
 * 4 KiB, 64 KiB, 2 MiB, 1 GiB and 512 GiB pages with the given leaf bits.
 *
 * <p>Addresses are those of the tree's own address space: L1 real addresses for a partition-scoped
 * tree, guest real addresses for an L2's process-scoped tree. Entries are stored at tree address +
 * {@code writeOffset}, which lets a test place an L2's tables in L1 memory where the partition-scoped
 * tree maps them (a linear map GRA → GRA + offset). Table pages come from a bump allocator over a pool,
 * each aligned to its size.
 *
 * <p>Field values are written out here independently of {@link RadixEntry}, so that the tests
 * cross-check the walker's constants against the spec's numbers.
 */
public final class RadixTreeBuilder {
  public static final long V = 0x8000_0000_0000_0000L;
  public static final long L = 0x4000_0000_0000_0000L;
  public static final long R = 0x100;
  public static final long C = 0x80;
  public static final long ATT_NI_IO = 0x20;
  public static final long ATT_TOLERANT_IO = 0x30;
  public static final long PRIV = 0x8;
  public static final long READ = 0x4;
  public static final long READ_WRITE = 0x2;
  public static final long EXEC = 0x1;
  /** Linux L1, read-only mapping: R, read, execute (spec §10.1.4). */
  public static final long LINUX_READ_ONLY = 0x105;
  /** Linux L1, writable mapping: R, C, read, write, execute. */
  public static final long LINUX_WRITABLE = 0x187;

  public static final int SHIFT_4K = 12;
  public static final int SHIFT_64K = 16;
  public static final int SHIFT_2M = 21;
  public static final int SHIFT_1G = 30;
  public static final int SHIFT_512G = 39;

  private static final long RPN = 0x01FF_FFFF_FFFF_F000L;
  private static final long NLB = 0x0FFF_FFFF_FFFF_FF00L;
  private static final int ROOT_NLS = 13;

  private final L1Memory memory;
  private final long writeOffset;
  private final long poolEnd;
  private long next;
  private final long root;
  private boolean changedExisting;

  /**
   * A tree whose tables are allocated from {@code [poolStart, poolEnd)} (tree addresses), the root
   * first, and stored at tree address + {@code writeOffset}.
   */
  public RadixTreeBuilder(L1Memory memory, long writeOffset, long poolStart, long poolEnd) {
    this.memory = memory;
    this.writeOffset = writeOffset;
    this.poolEnd = poolEnd;
    this.next = poolStart;
    this.root = allocate(8L << ROOT_NLS);
  }

  /** The tree address of the root directory. */
  public long root() {
    return root;
  }

  /** The first tree address the allocator has not handed out. */
  public long allocatedEnd() {
    return next;
  }

  /** A zeroed, size-aligned block of the pool. */
  public long allocate(long size) {
    long at = (next + size - 1) & -size;
    if (at + size > poolEnd) {
      throw new IllegalStateException("table pool exhausted");
    }
    next = at + size;
    return at;
  }

  /** PATE doubleword 0 for this tree, as QEMU converts element 0x0005 {root, 52, 0x10000}. */
  public long pateDw0() {
    return pateDw0(root, 52, 8L << ROOT_NLS);
  }

  /** PRTE doubleword 0 for this tree: the PATE layout with bit 0 unused (Linux leaves it 0). */
  public long prteDw0() {
    return pateDw0() & ~0x8000_0000_0000_0000L;
  }

  /**
   * Spec §5.1: {@code address | HR | (RTS>>3 & 3) << 61 | (RTS & 7) << 5 | RPDS}, RTS = eaBits − 31,
   * RPDS = log2(rootSize) − 3.
   */
  public static long pateDw0(long address, int eaBits, long rootSize) {
    long rts = eaBits - 31;
    long rpds = Long.numberOfTrailingZeros(rootSize) - 3;
    return address | 0x8000_0000_0000_0000L | ((rts >> 3 & 3) << 61) | ((rts & 7) << 5) | rpds;
  }

  /** Spec §5.1: PATE doubleword 1 = {@code address | PRTS}, table size = 2^(PRTS + 12). */
  public static long pateDw1(long processTable, long size) {
    return processTable | (Long.numberOfTrailingZeros(size) - 12);
  }

  /**
   * Whether the last {@link #map} replaced a valid leaf with a different one: the L1 must then tell the
   * L0 to drop cached translations (spec §7.5).
   */
  public boolean changedExisting() {
    return changedExisting;
  }

  /** Maps the {@code 2^pageShift}-byte page at {@code address} to {@code target}, leaf bits {@code flags}. */
  public RadixTreeBuilder map(long address, long target, int pageShift, long flags) {
    changedExisting = false;
    long size = 1L << pageShift;
    if ((address & (size - 1)) != 0 || (target & (size - 1)) != 0) {
      throw new IllegalArgumentException("unaligned page");
    }
    long leaf = V | L | (target & RPN) | flags;
    if (pageShift == SHIFT_512G) {
      writeLeaf(root + 8 * index(address, 39, ROOT_NLS), leaf);
      return this;
    }
    long level1 = child(root + 8 * index(address, 39, ROOT_NLS), 9);
    if (pageShift == SHIFT_1G) {
      writeLeaf(level1 + 8 * index(address, 30, 9), leaf);
      return this;
    }
    long level2 = child(level1 + 8 * index(address, 30, 9), 9);
    if (pageShift == SHIFT_2M) {
      writeLeaf(level2 + 8 * index(address, 21, 9), leaf);
      return this;
    }
    int nls = pageShift == SHIFT_64K ? 5 : 9;
    if (pageShift != SHIFT_64K && pageShift != SHIFT_4K) {
      throw new IllegalArgumentException("page shift " + pageShift);
    }
    long level3 = child(level2 + 8 * index(address, 21, 9), nls);
    writeLeaf(level3 + 8 * index(address, pageShift, nls), leaf);
    return this;
  }

  /**
   * The tree address of the entry at {@code level} (0 = root) that the walk of {@code address} reads;
   * the directories above it must exist.
   */
  public long entryAddress(long address, int level) {
    long table = root;
    int remaining = 52;
    int nls = ROOT_NLS;
    for (int i = 0; ; i++) {
      long entry = table + 8 * index(address, remaining - nls, nls);
      if (i == level) {
        return entry;
      }
      long value = read(entry);
      if ((value & V) == 0 || (value & L) != 0) {
        throw new IllegalStateException("no directory at level " + i);
      }
      remaining -= nls;
      table = value & NLB;
      nls = (int) (value & 0x1F);
    }
  }

  /** The tree address of the leaf entry that maps {@code address}. */
  public long leafAddress(long address) {
    for (int level = 0; level < 4; level++) {
      long entry = entryAddress(address, level);
      if ((read(entry) & L) != 0) {
        return entry;
      }
    }
    throw new IllegalStateException("no leaf");
  }

  /** The entry at tree address {@code entry}. */
  public long read(long entry) {
    return memory.readLong(entry + writeOffset);
  }

  /** Overwrites the entry at tree address {@code entry} (to corrupt or invalidate it). */
  public void write(long entry, long value) {
    memory.writeLong(entry + writeOffset, value);
  }

  private void writeLeaf(long entry, long leaf) {
    long old = read(entry);
    // R and C are the walker's to set: a leaf that differs only in them is the same mapping.
    if ((old & V) != 0 && (old & ~(R | C)) != (leaf & ~(R | C))) {
      changedExisting = true;
    }
    write(entry, leaf);
  }

  private long child(long entry, int nls) {
    long value = read(entry);
    if ((value & V) != 0) {
      if ((value & L) != 0 || (value & 0x1F) != nls) {
        throw new IllegalStateException("entry 0x" + Long.toHexString(entry) + " already maps differently");
      }
      return value & NLB;
    }
    long table = allocate(8L << nls);
    write(entry, V | table | nls);
    return table;
  }

  private static long index(long address, int shift, int nls) {
    return (address >>> shift) & ((1L << nls) - 1);
  }
}
