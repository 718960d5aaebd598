package org.nestsim.cpu;

/** Interrupt vectors of the L2's own interrupts (spec §6.3, §10.3.3). */
public final class Vector {
  private Vector() {}

  public static final int SYSTEM_RESET = 0x100;
  public static final int MACHINE_CHECK = 0x200;
  public static final int DSI = 0x300;
  public static final int DSEG = 0x380;
  public static final int ISI = 0x400;
  public static final int ISEG = 0x480;
  public static final int EXTERNAL = 0x500;
  public static final int ALIGNMENT = 0x600;
  public static final int PROGRAM = 0x700;
  public static final int FP_UNAVAILABLE = 0x800;
  public static final int DECREMENTER = 0x900;
  public static final int DOORBELL = 0xA00;
  public static final int SYSTEM_CALL = 0xC00;
  public static final int TRACE = 0xD00;
  public static final int FACILITY_UNAVAILABLE = 0xF60;
}
