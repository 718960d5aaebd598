package org.nestsim.cpu;

/** MSR bits an L2 uses (spec §10.6.1), as masks of the 64-bit register. */
public final class Msr {
  private Msr() {}

  public static final long SF = 0x8000_0000_0000_0000L;
  public static final long HV = 0x1000_0000_0000_0000L;
  public static final long TS = 0x0000_0006_0000_0000L;
  public static final long TM = 0x0000_0001_0000_0000L;
  public static final long VEC = 0x0000_0000_0200_0000L;
  public static final long VSX = 0x0000_0000_0080_0000L;
  public static final long S = 0x0000_0000_0040_0000L;
  public static final long EE = 0x8000L;
  public static final long PR = 0x4000L;
  public static final long FP = 0x2000L;
  public static final long ME = 0x1000L;
  public static final long FE0 = 0x0800L;
  public static final long SE = 0x0400L;
  public static final long BE = 0x0200L;
  public static final long FE1 = 0x0100L;
  public static final long IR = 0x0020L;
  public static final long DR = 0x0010L;
  public static final long PMM = 0x0004L;
  public static final long RI = 0x0002L;
  public static final long LE = 0x0001L;

  /** Bits the L2 can never hold: HV and S. The L0 clears them from every MSR it loads. */
  public static final long L2_FORBIDDEN = HV | S;
}
