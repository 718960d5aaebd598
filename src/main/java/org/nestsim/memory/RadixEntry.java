package org.nestsim.memory;

/**
 * The layout of radix table entries (spec §10.1.3, §10.1.4), declared once: partition- and
 * process-table entries, directory entries (PDE) and leaf entries (PTE). Every entry is an 8-byte
 * big-endian doubleword in memory, whatever MSR[LE] is; IBM bit 0 is the most significant bit.
 *
 * <pre>
 * root (PATE dw0 / PRTE dw0)
 *   0 | 1:2  | 3 | 4 ............................ 55 | 56:58 | 59:63
 *   HR| RTS1 | - | RPDB (root directory address)    | RTS2  | RPDS
 * directory entry (PDE)
 *   0 | 1 | 2 | 3 | 4 ............................ 55 | 56:58 | 59:63
 *   V | L=0 | - | - | NLB (next-level table address)  |   -   | NLS
 * leaf entry (PTE)
 *   0 | 1   | 2   | 3:6 | 7 .............. 51 | 52:54 | 55 | 56 | 57 | 58:59 | 60 | 61 | 62 | 63
 *   V | L=1 | SW0 |  -  | RPN                 | SW1-3 | R  | C  | -  | ATT   | P  | R  | RW | X
 * PATE dw1
 *   0  | 1:3 | 4 ................ 51 | 52:58 | 59:63
 *   GR |  -  | PRTB (guest real)      |   -   | PRTS
 * </pre>
 *
 * <p>Worked example (spec §5.1): a partition-scoped root at {@code 0x0100_0000} of {@code 0x10000}
 * bytes (8192 entries, RPDS = 13) covering 52 bits (RTS = 21 = 0b10_101) is PATE dw0 =
 * {@code 0x8000_0000_0000_0000 | 0x4000_0000_0000_0000 | 0x0100_0000 | 0xA0 | 0x0D} =
 * {@code 0xC000_0000_0100_00AD}.
 */
final class RadixEntry {
  private RadixEntry() {}

  /** V, IBM bit 0: the entry is valid. */
  static final long VALID = 0x8000_0000_0000_0000L;
  /** L, IBM bit 1: a leaf (ends the walk). */
  static final long LEAF = 0x4000_0000_0000_0000L;
  /** NLB of a PDE and RPDB of a PATE/PRTE, IBM bits 4:55. */
  static final long NLB_MASK = 0x0FFF_FFFF_FFFF_FF00L;
  /** NLS of a PDE and RPDS of a PATE/PRTE, IBM bits 59:63. */
  static final long NLS_MASK = 0x1FL;
  /** RPN of a leaf, IBM bits 7:51. */
  static final long RPN_MASK = 0x01FF_FFFF_FFFF_F000L;
  /** Reference bit, IBM bit 55. */
  static final long R = 0x100L;
  /** Change bit, IBM bit 56. */
  static final long C = 0x80L;
  /** Storage attribute, IBM bits 58:59. */
  static final long ATT_MASK = 0x30L;
  /** ATT 0b10: non-idempotent I/O (cache-inhibited and guarded); never executable. */
  static final long ATT_NI_IO = 0x20L;
  /** EAA.P, IBM bit 60: privileged-only page. */
  static final long EAA_PRIV = 0x8L;
  /** EAA.R, IBM bit 61: read allowed. */
  static final long EAA_READ = 0x4L;
  /** EAA.RW, IBM bit 62: read and write allowed. */
  static final long EAA_READ_WRITE = 0x2L;
  /** EAA.X, IBM bit 63: execute allowed. */
  static final long EAA_EXEC = 0x1L;

  /** PRTB of PATE dw1, IBM bits 4:51: guest real address of the process table. */
  static final long PRTB_MASK = 0x0FFF_FFFF_FFFF_F000L;
  /** PRTS of PATE dw1: the process table is {@code 2^(PRTS + 12)} bytes. */
  static final long PRTS_MASK = 0x1FL;
  /** log2 of the bytes of one process-table entry (16). */
  static final int PRTE_SHIFT = 4;

  /** AMR key 0, IBM bit 0: no write. */
  static final long AMR_KEY0_NO_WRITE = 0x8000_0000_0000_0000L;
  /** AMR key 0, IBM bit 1: no read. */
  static final long AMR_KEY0_NO_READ = 0x4000_0000_0000_0000L;
  /** IAMR key 0, IBM bit 1: no execute. */
  static final long IAMR_KEY0_NO_EXEC = 0x4000_0000_0000_0000L;

  /** Permission bit of a load in the {@link RadixWalker#permissions()} mask. */
  static final int LOAD_BIT = 1 << Access.LOAD;
  /** Permission bit of a store. */
  static final int STORE_BIT = 1 << Access.STORE;
  /** Permission bit of a fetch. */
  static final int FETCH_BIT = 1 << Access.FETCH;

  /**
   * The bits of address space a root covers, RTS + 31, from the split RTS field of a PATE/PRTE dw0:
   * RTS = ((dw0 >> 58) & 0x18) | ((dw0 >> 5) & 0x7).
   */
  static int addressBits(long rootDw0) {
    return (int) (((rootDw0 >>> 58) & 0x18) | ((rootDw0 >>> 5) & 0x7)) + 31;
  }

  /**
   * The POWER9/POWER10 geometry rule QEMU applies before reading each level (spec §10.1.6 step 2):
   * root 52 bits with 2^13 entries, then 2^9, 2^9, then 2^9 or 2^5 entries, and no fifth level.
   */
  static boolean isValidLevel(int level, int remainingBits, int nls) {
    switch (level) {
      case 0:
        return remainingBits == 52 && nls == 13;
      case 1:
      case 2:
        return nls == 9;
      case 3:
        return nls == 9 || nls == 5;
      default:
        return false;
    }
  }

  /** Mask of the offset inside a table of {@code 2^nls} entries (its required alignment). */
  static long tableOffsetMask(int nls) {
    return (1L << (nls + 3)) - 1;
  }

  /** The byte offset of the entry that selects {@code address} in a table of {@code 2^nls} entries. */
  static long entryOffset(long address, int remainingBits, int nls) {
    // With a bad geometry the shift may be meaningless; Java's shift never throws, and the
    // caller reports bit 44 before it reads anything at the resulting address.
    return ((address >>> (remainingBits - nls)) & ((1L << nls) - 1)) << 3;
  }

  /**
   * The accesses a leaf's EAA allows, as an {@link Access} bit mask: R or RW give read (QEMU grants
   * read for RW alone), RW gives write, X gives execute — except that an ATT = 0b10 (non-idempotent
   * I/O) page is never executable (spec §10.1.8 step 1), so a cached translation cannot fetch from it
   * either.
   */
  static int eaaPermissions(long pte) {
    int allowed = 0;
    if ((pte & (EAA_READ | EAA_READ_WRITE)) != 0) {
      allowed |= LOAD_BIT;
    }
    if ((pte & EAA_READ_WRITE) != 0) {
      allowed |= STORE_BIT;
    }
    if ((pte & EAA_EXEC) != 0 && (pte & ATT_MASK) != ATT_NI_IO) {
      allowed |= FETCH_BIT;
    }
    return allowed;
  }

  /**
   * The accesses a process-scoped leaf allows in the given state (QEMU {@code ppc_radix64_check_prot},
   * spec §10.1.8 steps 2–4).
   */
  static int processPermissions(long pte, boolean problemState, long amr, long iamr) {
    int allowed = eaaPermissions(pte);
    if ((pte & EAA_PRIV) != 0) {
      return problemState ? 0 : allowed;
    }
    if (problemState) {
      return allowed;
    }
    // The kernel touching a user page: Linux's KUAP/KUEP lock the kernel out of user memory with
    // key 0 of AMR and IAMR, which applies only to privileged accesses of non-privileged pages.
    if ((amr & AMR_KEY0_NO_WRITE) != 0) {
      allowed &= ~STORE_BIT;
    }
    if ((amr & AMR_KEY0_NO_READ) != 0) {
      allowed &= ~LOAD_BIT;
    }
    if ((iamr & IAMR_KEY0_NO_EXEC) != 0) {
      allowed &= ~FETCH_BIT;
    }
    return allowed;
  }
}
