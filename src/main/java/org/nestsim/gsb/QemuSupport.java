package org.nestsim.gsb;

/**
 * How QEMU, the reference L0, treats an element (the "QEMU" column of spec §5). The {@code qemu}
 * profile of NestSim's L0 answers as QEMU does; the {@code spec} profile follows the documentation
 * and the spec's recommendations where QEMU aborts.
 */
public enum QemuSupport {
  /** Stored and returned. */
  STORED,
  /** Returned by GET only. */
  READ_ONLY,
  /** A SET is stored, a GET makes QEMU abort (the spec profile returns the stored value). */
  SET_ONLY,
  /** Accepted, neither stored nor returned: a GET leaves the caller's bytes as they were. */
  IGNORED,
  /** Not in QEMU's table: any buffer holding it fails with {@code H_P3}. */
  ABSENT,
  /** {@code 0x0000}: skipped whatever its size and scope. */
  SKIPPED
}
