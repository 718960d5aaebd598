package org.nestsim.memory;

/**
 * Translates one L2 access through the radix trees in L1 memory, exactly as spec §10.1 and §10.2
 * describe: the effective-address checks, the process-scoped walk through the L2's process table (each
 * table entry's guest real address itself translated by partition scope), the permission checks, the
 * reference/change bit updates, and the final partition-scoped translation of the guest real address
 * to an L1 real address.
 *
 * <p>One walker per vCPU, reused for every access: results are left in fields, so a translation
 * allocates nothing. Call {@link #translate}; if it returns {@link #OK} read {@link #realAddress()},
 * {@link #pageShift()} and {@link #permissions()}; otherwise read {@link #fault()}, {@link #cause()}
 * and {@link #faultAddress()}.
 *
 * <p>Every table entry the walk reads, and the final real address, must lie inside L1 memory; one
 * that does not ends the translation with {@link #MACHINE_CHECK} (never an exception). Where QEMU and
 * Linux's software walker differ (misaligned table bases, RPN bits below the page size, a leaf in the
 * root directory), the walker does what QEMU does; the choices are listed in docs/CONFORMANCE.md.
 */
public final class RadixWalker {
  /** The access translated. */
  public static final int OK = 0;
  /** EA bits 2:11 set, or quadrant 1/2: Data (0x380) / Instruction (0x480) Segment interrupt to the L2. */
  public static final int SEGMENT = 1;
  /** Process-scoped fault: DSI (0x300) / ISI (0x400) to the L2; {@link #cause()} holds the DSISR bits. */
  public static final int STORAGE = 2;
  /**
   * Partition-scoped fault: HDSI (0xE00) or HISI (0xE20) exit; {@link #cause()} holds the HDSISR bits,
   * {@link #faultAddress()} the ASDR value. {@link #hdsiForFetch()} says whether a fetch-side fault is
   * nevertheless an HDSI (a table-entry read, spec §10.2.3).
   */
  public static final int PARTITION = 3;
  /** A table entry or the final address lies outside L1 memory: machine check (0x200) exit. */
  public static final int MACHINE_CHECK = 4;

  /** How partition-scoped reference/change bits are handled (spec §10.1.9). */
  public enum RcMode {
    /** QEMU's behaviour, the default: the walker sets R (and C on a store) in the L1's PTE. */
    SET,
    /** Report a missing R (or C on a store) as an HDSI/HISI with DSISR bit 45, as hardware may. */
    REPORT
  }

  /** EA bits 2:11: must be zero with relocation on (spec §10.1.2). */
  private static final long EA_RESERVED_MASK = 0x3FF0_0000_0000_0000L;
  /** The EA without its quadrant (bits 0:1); also the GRA of a real-mode access. */
  private static final long QUADRANT_FREE_MASK = 0x3FFF_FFFF_FFFF_FFFFL;

  private RcMode partitionRcMode = RcMode.SET;

  // Result of the last partition-scoped walk, kept in fields so that a walk returns no object.
  private long partRealAddress;
  private int partPageShift;
  private int partPermissions;

  private long realAddress;
  private int pageShift;
  private int permissions;
  private int fault;
  private int cause;
  private long faultAddress;
  private boolean hdsiForFetch;

  /** How partition-scoped R/C bits are handled from the next walk on ({@link RcMode#SET} by default). */
  public void setPartitionRcMode(RcMode mode) {
    this.partitionRcMode = mode;
  }

  /**
   * Translates an L2 access.
   *
   * @param memory L1 memory, where the trees live
   * @param pateDw0 the L2's partition-table entry doubleword 0 as built from element {@code 0x0005}
   *     (0 = none registered: partition fault with bit 44, ASDR = EA)
   * @param pateDw1 doubleword 1, from element {@code 0x0006} (process table base and PRTS)
   * @param ea the effective address
   * @param access {@link Access#LOAD}, {@link Access#STORE} or {@link Access#FETCH}
   * @param relocate MSR[DR] for data, MSR[IR] for fetches
   * @param problemState MSR[PR]
   * @param pid the L2's PIDR (used for quadrant 0)
   * @param amr the L2's AMR (key 0 applies to privileged access of non-privileged pages)
   * @param iamr the L2's IAMR
   * @return {@link #OK} or a fault kind
   */
  public int translate(L1Memory memory, long pateDw0, long pateDw1, long ea, int access, boolean relocate,
      boolean problemState, long pid, long amr, long iamr) {
    if (access < Access.LOAD || access > Access.FETCH) {
      throw new IllegalArgumentException("not an Access kind: " + access);
    }
    fault = OK;
    cause = 0;
    faultAddress = 0;
    hdsiForFetch = false;
    if (!relocate) {
      if (pateDw0 == 0) {
        return noPartitionTableEntry(ea, access);
      }
      int result = partitionScoped(memory, pateDw0, ea & QUADRANT_FREE_MASK, access, access, false);
      if (result != OK) {
        return result;
      }
      return translated(memory, partRealAddress, partPageShift, partPermissions, access);
    }

    // Spec §10.1.7 step 1: the EA checks come before anything is read.
    if ((ea & EA_RESERVED_MASK) != 0) {
      return segment(ea);
    }
    long quadrant = ea >>> 62;
    long effectivePid;
    if (quadrant == 0) {
      effectivePid = pid;
    } else if (quadrant == 3) {
      effectivePid = 0;
    } else {
      return segment(ea);
    }
    if (pateDw0 == 0) {
      return noPartitionTableEntry(ea, access);
    }
    return processScoped(memory, pateDw0, pateDw1, ea, access, problemState, effectivePid, amr, iamr);
  }

  /** Relocated translation: process scope (spec §10.1.7 steps 3–7), then partition scope (8–9). */
  private int processScoped(L1Memory memory, long pateDw0, long pateDw1, long ea, int access,
      boolean problemState, long pid, long amr, long iamr) {
    long processTable = pateDw1 & RadixEntry.PRTB_MASK;
    long processTableSize = 1L << ((pateDw1 & RadixEntry.PRTS_MASK) + 12);
    // Unlike a directory base (masked below), QEMU refuses a process table that is not aligned to
    // its size (spec §10.1.3, §10.1.7 step 3).
    if ((processTable & (processTableSize - 1)) != 0) {
      return storage(Dsisr.UNSUPP_MMU, ea, access);
    }
    // Unsigned: a PIDR with the sign bit set is a huge PID, not a negative index.
    if (Long.compareUnsigned(pid, processTableSize >>> RadixEntry.PRTE_SHIFT) >= 0) {
      return storage(Dsisr.NOHPTE, ea, access);
    }
    int result = partitionScoped(memory, pateDw0, processTable + (pid << RadixEntry.PRTE_SHIFT),
        Access.LOAD, access, true);
    if (result != OK) {
      return result;
    }
    if (!memory.contains(partRealAddress, 8)) {
      return machineCheck(partRealAddress);
    }
    long prte = memory.readLong(partRealAddress);
    // A PRTE has no valid bit. Linux leaves the PRTE of a kernel-only context zero to catch NULL
    // dereferences; QEMU answers it with bit 44 before translating the root entry's address.
    if (prte == 0) {
      return storage(Dsisr.UNSUPP_MMU, ea, access);
    }

    long address = ea & QUADRANT_FREE_MASK;
    int remaining = RadixEntry.addressBits(prte);
    long base = prte & RadixEntry.NLB_MASK;
    int nls = (int) (prte & RadixEntry.NLS_MASK);
    long pte;
    long pteRealAddress;
    for (int level = 0; ; level++) {
      // QEMU logs and clears the low bits of a table base not aligned to the table's size
      // (spec §10.1.6 step 3); Linux's software walker would refuse it. We follow QEMU.
      long entry = (base & ~RadixEntry.tableOffsetMask(nls))
          + RadixEntry.entryOffset(address, remaining, nls);
      // Spec §10.1.7 step 5: the entry's guest real address is translated before the level's
      // geometry is checked, so an unmapped table page exits to the L1 first.
      result = partitionScoped(memory, pateDw0, entry, Access.LOAD, access, true);
      if (result != OK) {
        return result;
      }
      if (!RadixEntry.isValidLevel(level, remaining, nls)) {
        return storage(Dsisr.UNSUPP_MMU, ea, access);
      }
      pteRealAddress = partRealAddress;
      if (!memory.contains(pteRealAddress, 8)) {
        return machineCheck(pteRealAddress);
      }
      pte = memory.readLong(pteRealAddress);
      if ((pte & RadixEntry.VALID) == 0) {
        return storage(Dsisr.NOHPTE, ea, access);
      }
      remaining -= nls;
      if ((pte & RadixEntry.LEAF) != 0) {
        break;
      }
      base = pte & RadixEntry.NLB_MASK;
      nls = (int) (pte & RadixEntry.NLS_MASK);
    }

    int allowed = RadixEntry.processPermissions(pte, problemState, amr, iamr);
    if ((allowed & (1 << access)) == 0) {
      // QEMU reports a denied fetch (EAA or an I/O page) with bit 35, a denied load/store with 36.
      return storage(access == Access.FETCH ? Dsisr.NOEXEC_OR_G : Dsisr.PROTFAULT, ea, access);
    }
    // Process scope always performs its R/C update (spec §10.1.9), at the PTE's L1 real address;
    // the write-back, like QEMU's, needs no write permission in the partition-scoped tree.
    long updated = pte | RadixEntry.R | (access == Access.STORE ? RadixEntry.C : 0);
    if (updated != pte && !memory.compareAndSetLong(pteRealAddress, pte, updated)) {
      // The L2 rewrote the entry since we read it: walk again, as hardware retries its atomic update.
      return processScoped(memory, pateDw0, pateDw1, ea, access, problemState, pid, amr, iamr);
    }
    long pageMask = (1L << remaining) - 1;
    // QEMU silently drops RPN bits below the page size (spec §10.1.6 step 7).
    long gra = (pte & RadixEntry.RPN_MASK & ~pageMask) | (address & pageMask);

    result = partitionScoped(memory, pateDw0, gra, access, access, false);
    if (result != OK) {
      return result;
    }
    return translated(memory, partRealAddress, Math.min(remaining, partPageShift), allowed & partPermissions,
        access);
  }

  /**
   * Partition-scoped translation of {@code gra} (spec §10.1.6, §10.1.8, §10.1.9). On {@link #OK} the
   * result is in {@link #partRealAddress}, {@link #partPageShift} and {@link #partPermissions}; on a
   * fault the result fields are set.
   *
   * @param check the access checked against the leaf: {@link Access#LOAD} for a table-entry read
   * @param access the access being translated, which decides the store bit of the HDSISR
   * @param tableEntry whether {@code gra} is the address of a process-scoped table entry (bit 46)
   */
  private int partitionScoped(L1Memory memory, long pateDw0, long gra, int check, int access,
      boolean tableEntry) {
    int remaining = RadixEntry.addressBits(pateDw0);
    long base = pateDw0 & RadixEntry.NLB_MASK;
    int nls = (int) (pateDw0 & RadixEntry.NLS_MASK);
    long pte;
    long pteAddress;
    for (int level = 0; ; level++) {
      if (!RadixEntry.isValidLevel(level, remaining, nls)) {
        return partition(Dsisr.UNSUPP_MMU, gra, access, tableEntry);
      }
      // Misaligned bases are masked, as QEMU does (see processScoped).
      pteAddress = (base & ~RadixEntry.tableOffsetMask(nls))
          + RadixEntry.entryOffset(gra, remaining, nls);
      if (!memory.contains(pteAddress, 8)) {
        return machineCheck(pteAddress);
      }
      pte = memory.readLong(pteAddress);
      if ((pte & RadixEntry.VALID) == 0) {
        return partition(Dsisr.NOHPTE, gra, access, tableEntry);
      }
      remaining -= nls;
      if ((pte & RadixEntry.LEAF) != 0) {
        break;
      }
      base = pte & RadixEntry.NLB_MASK;
      nls = (int) (pte & RadixEntry.NLS_MASK);
    }

    // Only R/RW/X count in partition scope: EAA.P and AMR/IAMR are ignored (spec §10.1.8).
    int allowed = RadixEntry.eaaPermissions(pte);
    if ((allowed & (1 << check)) == 0) {
      return partition(check == Access.FETCH ? Dsisr.NOEXEC_OR_G : Dsisr.PROTFAULT, gra, access,
          tableEntry);
    }
    long needed = RadixEntry.R | (check == Access.STORE ? RadixEntry.C : 0);
    if ((pte & needed) != needed) {
      if (partitionRcMode == RcMode.REPORT) {
        return partition(Dsisr.SET_RC, gra, access, tableEntry);
      }
      if (!memory.compareAndSetLong(pteAddress, pte, pte | needed)) {
        // The L1 rewrote the entry since we read it: walk again rather than resurrect an old entry.
        return partitionScoped(memory, pateDw0, gra, check, access, tableEntry);
      }
    }
    long pageMask = (1L << remaining) - 1;
    partRealAddress = (pte & RadixEntry.RPN_MASK & ~pageMask) | (gra & pageMask);
    partPageShift = remaining;
    partPermissions = allowed;
    return OK;
  }

  private int translated(L1Memory memory, long real, int shift, int allowed, int access) {
    if (!memory.contains(real, 1)) {
      return machineCheck(real);
    }
    long pageSize = 1L << shift;
    // A page that runs past the end of memory is reported as 4 KiB (memory is a whole number of
    // them), so that a translation cached from this result never covers addresses outside memory.
    if (!memory.contains(real & -pageSize, pageSize)) {
      shift = L1Memory.PAGE_SHIFT;
    }
    realAddress = real;
    pageShift = shift;
    // Without C set by this walk, a cached translation must not let a later store through.
    permissions = access == Access.STORE ? allowed : allowed & ~RadixEntry.STORE_BIT;
    return OK;
  }

  /** QEMU: no partition-table entry gives HDSI/HISI with bit 44 and ASDR = the EA. */
  private int noPartitionTableEntry(long ea, int access) {
    fault = PARTITION;
    cause = Dsisr.UNSUPP_MMU | (access == Access.STORE ? Dsisr.ISSTORE : 0);
    faultAddress = ea;
    return PARTITION;
  }

  private int partition(int bits, long gra, int access, boolean tableEntry) {
    fault = PARTITION;
    cause = bits | (access == Access.STORE ? Dsisr.ISSTORE : 0)
        | (tableEntry ? Dsisr.PRTABLE_FAULT : 0);
    faultAddress = gra;
    // QEMU reports a table-entry fault as an HDSI even for a fetch (spec §10.2.3).
    hdsiForFetch = tableEntry && access == Access.FETCH;
    return PARTITION;
  }

  private int storage(int bits, long ea, int access) {
    fault = STORAGE;
    cause = bits | (access == Access.STORE ? Dsisr.ISSTORE : 0);
    faultAddress = ea;
    return STORAGE;
  }

  private int segment(long ea) {
    fault = SEGMENT;
    faultAddress = ea;
    return SEGMENT;
  }

  private int machineCheck(long address) {
    fault = MACHINE_CHECK;
    faultAddress = address;
    return MACHINE_CHECK;
  }

  /** The L1 real address of the access (valid after {@link #OK}). */
  public long realAddress() {
    return realAddress;
  }

  /** log2 of the size of the translated page (the smaller of the two scopes' pages, ≥ 12). */
  public int pageShift() {
    return pageShift;
  }

  /**
   * The accesses allowed on this page in the current state, both scopes intersected, as a mask of
   * {@code 1 << Access.LOAD | 1 << Access.STORE | 1 << Access.FETCH}. Store permission is reported
   * only after a store (whose walk set C), so that a translation cached after a load re-walks on the
   * first store, as QEMU does.
   */
  public int permissions() {
    return permissions;
  }

  /** The fault kind of the last translation ({@link #OK} if none). */
  public int fault() {
    return fault;
  }

  /** DSISR (STORAGE) or HDSISR (PARTITION) cause bits, {@link Dsisr}. */
  public int cause() {
    return cause;
  }

  /**
   * ASDR for a PARTITION fault: the guest real address that could not be translated (the EA when no
   * partition-table entry is registered). For SEGMENT and STORAGE faults the EA (the DAR); for
   * MACHINE_CHECK the L1 real address outside memory.
   */
  public long faultAddress() {
    return faultAddress;
  }

  /** For a PARTITION fault during a fetch: true when it is reported as HDSI (table-entry read). */
  public boolean hdsiForFetch() {
    return hdsiForFetch;
  }
}
