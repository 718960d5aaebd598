package org.nestsim.memory;

/**
 * Cause bits of DSISR/HDSISR, also placed at the same positions of (H)SRR1 for instruction storage
 * interrupts (spec §10.2.1). Values are masks of the 32-bit DSISR; the IBM bit numbers are those of the
 * 64-bit SPR.
 */
public final class Dsisr {
  private Dsisr() {}

  /** Bit 33: no translation (invalid PDE/PTE, PID beyond the process table). */
  public static final int NOHPTE = 0x4000_0000;
  /** Bit 35: (fetch) no-execute, guarded or I/O page. */
  public static final int NOEXEC_OR_G = 0x1000_0000;
  /** Bit 36: access not permitted. */
  public static final int PROTFAULT = 0x0800_0000;
  /** Bit 38: the access was a store. */
  public static final int ISSTORE = 0x0200_0000;
  /** Bit 42: storage-key / AMR protection. */
  public static final int KEYFAULT = 0x0020_0000;
  /** Bit 44: unsupported radix configuration. */
  public static final int UNSUPP_MMU = 0x0008_0000;
  /** Bit 45: R/C update needed but not performed. */
  public static final int SET_RC = 0x0004_0000;
  /** Bit 46: the fault happened translating a process-table entry or process-scoped table entry. */
  public static final int PRTABLE_FAULT = 0x0002_0000;
  /** The (H)SRR1 bits 33:36 and 42:47 that an interrupt clears from the MSR copy. */
  public static final long SRR1_CLEARED_BITS = 0x0000_0000_783F_0000L;
}
