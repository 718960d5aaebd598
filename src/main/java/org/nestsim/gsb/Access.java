package org.nestsim.gsb;

/** Whether an L1 may GET or SET an element, as the documentation's RW column prints it (spec §5). */
public enum Access {
  /** "R": GET only; a SET or a run input buffer holding it is rejected. */
  READ_ONLY,
  /**
   * "W": printed for {@code 0x103A} (PPR) only. Both implementations let an L1 read it, and a Linux L1
   * does, so NestSim accepts GETs of it (spec §9 item 13, docs/CONFORMANCE.md).
   */
  WRITE_ONLY,
  /** "RW". */
  READ_WRITE;

  public boolean writable() {
    return this != READ_ONLY;
  }
}
