package org.nestsim.gsb.linux;

/** The two errno values the kernel's GSB library returns (negated, as the kernel returns them). */
public final class Errno {
  private Errno() {}

  /** Out of memory: the element does not fit the buffer's capacity. */
  public static final int ENOMEM = 12;
  /** Invalid argument: a size that is not the ID's, a value too wide, a count mismatch. */
  public static final int EINVAL = 22;
}
