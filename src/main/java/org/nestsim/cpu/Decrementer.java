package org.nestsim.cpu;

/**
 * The L2's decrementer, kept as an absolute expiry in L1 timebase ({@code DEC_EXPIRY_TB}, spec §6.7,
 * §10.6.3): DEC = expiry − now, 32 bits wide with LPCR[LD]=0 and 56 bits (sign-extended) with LD=1. The
 * exception exists while DEC ≤ 0 (NestSim follows the spec's recommendation: pending from the tick the
 * expiry is reached) and is level-sensitive: it lasts until the L2 writes a positive value.
 */
final class Decrementer {
  private Decrementer() {}

  /** The current DEC value, sign-extended from its width. */
  static long value(VcpuState s) {
    long diff = s.reg[VcpuState.R_DEC_EXPIRY_TB] - s.now;
    return (s.reg[VcpuState.R_LPCR] & Lpcr.LD) != 0 ? (diff << 8) >> 8 : (int) diff;
  }

  /** {@code mfspr DEC}: the 32-bit value zero-extended (LD=0, as QEMU returns it) or the large value. */
  static long read(VcpuState s) {
    long v = value(s);
    return (s.reg[VcpuState.R_LPCR] & Lpcr.LD) != 0 ? v : v & 0xFFFF_FFFFL;
  }

  /** {@code mtspr DEC}: moves the expiry to now + the value, read at the decrementer's width. */
  static void write(VcpuState s, long v) {
    long dec = (s.reg[VcpuState.R_LPCR] & Lpcr.LD) != 0 ? (v << 8) >> 8 : (int) v;
    s.reg[VcpuState.R_DEC_EXPIRY_TB] = s.now + dec;
  }
}
