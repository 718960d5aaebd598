package org.nestsim.cpu;

/** Interrupt-specific SRR1 bits (spec §10.3.3). */
public final class Srr1 {
  private Srr1() {}

  /** Program: floating-point enabled exception. */
  public static final long PROGFPE = 0x0010_0000L;
  /** Program: illegal instruction. */
  public static final long PROGILL = 0x0008_0000L;
  /** Program: privileged instruction or SPR. */
  public static final long PROGPRIV = 0x0004_0000L;
  /** Program: trap condition true. */
  public static final long PROGTRAP = 0x0002_0000L;
  /** MSR bits 33:36 and 42:47, cleared in the SRR1/HSRR1 copy of the MSR. */
  public static final long CLEARED = 0x0000_0000_783F_0000L;
}
