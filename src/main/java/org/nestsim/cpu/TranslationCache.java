package org.nestsim.cpu;

import java.util.Arrays;

/**
 * A vCPU's cache of translations (its TLB): 32 direct-mapped entries, each mapping one 4 KiB page of
 * effective addresses, in one translation regime (relocation on or off, problem state or not), to the
 * L1 memory page that backs it and the accesses it allows. Flushed whenever the L1 invalidates
 * translations of the guest, a table root changes, or the PID, AMR or IAMR change.
 *
 * <p>Permissions are those the walk reported: store permission only after a store's walk (which set
 * the change bit), so the first store to a page cached by a load walks again, as QEMU does.
 */
final class TranslationCache {
  static final int ENTRIES = 32;
  private static final long VALID = 0x800;

  final long[] tags = new long[ENTRIES];
  final byte[][] pages = new byte[ENTRIES][];
  final byte[] permissions = new byte[ENTRIES];

  /** The tag of a page in a regime; never 0, which marks an empty entry. */
  static long tag(long ea, boolean relocate, boolean problemState) {
    return (ea & ~0xFFFL) | VALID | (relocate ? 1 : 0) | (problemState ? 2 : 0);
  }

  static int slot(long ea) {
    return (int) (ea >>> 12) & (ENTRIES - 1);
  }

  void flush() {
    Arrays.fill(tags, 0);
    Arrays.fill(pages, null);
    Arrays.fill(permissions, (byte) 0);
  }
}
