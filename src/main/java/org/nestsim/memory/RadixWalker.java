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

  private RcMode partitionRcMode = RcMode.SET;

  private long realAddress;
  private int pageShift;
  private int permissions;
  private int fault;
  private int cause;
  private long faultAddress;
  private boolean hdsiForFetch;

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
    throw new UnsupportedOperationException("radix walk not implemented yet");
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

  /** ASDR for a PARTITION fault: the guest real address that could not be translated. */
  public long faultAddress() {
    return faultAddress;
  }

  /** For a PARTITION fault during a fetch: true when it is reported as HDSI (table-entry read). */
  public boolean hdsiForFetch() {
    return hdsiForFetch;
  }
}
