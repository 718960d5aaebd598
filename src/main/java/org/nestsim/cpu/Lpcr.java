package org.nestsim.cpu;

/** LPCR bits relevant to an L2 (spec §10.6.2). */
public final class Lpcr {
  private Lpcr() {}

  public static final long DPFD = 0x0070_0000_0000_0000L;
  public static final long ILE = 0x0000_0000_0200_0000L;
  public static final long AIL = 0x0000_0000_0180_0000L;
  public static final int AIL_SHIFT = 23;
  public static final long LD = 0x0000_0000_0002_0000L;
  public static final long MER = 0x0800L;
  public static final long GTSE = 0x0400L;

  /** The bits an L1 controls for its L2 (Linux's element mask): DPFD, ILE, AIL, LD, MER, GTSE. */
  public static final long L1_CONTROLLED = DPFD | ILE | AIL | LD | MER | GTSE;
}
