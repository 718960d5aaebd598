package org.nestsim.gsb;

/**
 * Which state an element belongs to, and so which GET/SET request may carry it (spec §4.4).
 */
public enum Scope {
  /** Per vCPU ("T"): requests without the wide flags, and the run input buffer. */
  THREAD("thread-wide"),
  /** Per guest ("G"): requests with {@code H_GUEST_FLAGS_WIDE}. */
  GUEST("guest-wide"),
  /** L0 statistics ("H"): GET with {@code H_GUEST_FLAGS_HOST_WIDE}. */
  HOST("host-wide"),
  /** Only {@code 0x0000} (BLANK), which any request may carry and every reader skips. */
  ANY("any scope");

  private final String description;

  Scope(String description) {
    this.description = description;
  }

  /** {@code "thread-wide"}, {@code "guest-wide"}, … as the spec writes them. */
  public String description() {
    return description;
  }
}
