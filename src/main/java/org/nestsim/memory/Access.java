package org.nestsim.memory;

/** The kind of a memory access, as the translation and permission checks need it (spec §10.1.8). */
public final class Access {
  private Access() {}

  /** A data load (needs read permission). */
  public static final int LOAD = 0;
  /** A data store (needs write permission). */
  public static final int STORE = 1;
  /** An instruction fetch (needs execute permission). */
  public static final int FETCH = 2;
}
