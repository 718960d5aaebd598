package org.nestsim.hcall;

import java.util.Locale;
import java.util.Optional;

/**
 * Bits of capability bitmap 1 (R4 of {@code H_GUEST_GET_CAPABILITIES}, R5 of
 * {@code H_GUEST_SET_CAPABILITIES}), spec §3.
 */
public enum Capability {
  /** IBM bit 0: the L0 supports {@code H_GUEST_COPY_MEMORY} (no L0 does). */
  COPY_MEM(0, 0),
  /** IBM bit 1: L2s may run in POWER9 (ISA 3.0) mode. */
  POWER9(1, 0x0F00_0005L),
  /** IBM bit 2: L2s may run in POWER10 (ISA 3.1) mode. */
  POWER10(2, 0x0F00_0006L),
  /** IBM bit 3: L2s may run in POWER11 mode. */
  POWER11(3, 0x0F00_0007L),
  /** IBM bit 63: a second capability bitmap exists (never used). */
  BITMAP2(63, 0);

  /** The bits a SET may name (QEMU {@code H_GUEST_CAP_VALID_MASK}): POWER9 | POWER10 | POWER11. */
  public static final long H_GUEST_CAP_VALID_MASK =
      POWER9.mask() | POWER10.mask() | POWER11.mask();

  private final int ibmBit;
  private final long logicalPvr;

  Capability(int ibmBit, long logicalPvr) {
    this.ibmBit = ibmBit;
    this.logicalPvr = logicalPvr;
  }

  public int ibmBit() {
    return ibmBit;
  }

  public long mask() {
    return IbmBit.mask(ibmBit);
  }

  /** For a mode capability, the logical PVR (element {@code 0x0003}) that selects it; else 0. */
  public long logicalPvr() {
    return logicalPvr;
  }

  public boolean isMode() {
    return logicalPvr != 0;
  }

  /** The capability with this name, case-insensitive ({@code power10}). */
  public static Optional<Capability> fromName(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    for (Capability c : values()) {
      if (c.name().equals(upper)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** The newest mode among {@code bits} (POWER11, then POWER10, then POWER9), if any. */
  public static Optional<Capability> newestMode(long bits) {
    for (Capability c : new Capability[] {POWER11, POWER10, POWER9}) {
      if ((bits & c.mask()) != 0) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** The mode that logical PVR {@code pvr} selects, if it is one of spec §3's. */
  public static Optional<Capability> ofLogicalPvr(long pvr) {
    for (Capability c : values()) {
      if (c.isMode() && c.logicalPvr() == pvr) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
