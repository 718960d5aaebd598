package org.nestsim.hcall;

import java.util.Locale;
import java.util.Optional;

/**
 * Why {@code H_GUEST_RUN_VCPU} returned: R4 on {@code H_SUCCESS} is the vector of the hypervisor
 * interrupt that ended the run (spec §6.3). The short names are those of the scenario files and of
 * NestSim's output.
 */
public enum ExitReason {
  /** 0x000: stopped for an unspecified reason (a kick, a preemption). */
  NONE(0x000),
  /** 0x100: system reset. */
  SRESET(0x100),
  /** 0x200: machine check. */
  MCE(0x200),
  /** 0x500: hypervisor-directed external interrupt. */
  EXTERNAL(0x500),
  /** 0x980: the hypervisor decrementer ({@code HDEC_EXPIRY_TB}) expired. */
  HDEC(0x980),
  /** 0xC00: the L2 made an hcall ({@code sc 1}). */
  HCALL(0xC00),
  /** 0xE00: hypervisor data storage interrupt, a partition-scoped fault on a data access. */
  HDSI(0xE00),
  /** 0xE20: hypervisor instruction storage interrupt, a partition-scoped fault on a fetch. */
  HISI(0xE20),
  /** 0xE40: hypervisor emulation assistance, an instruction the L0 does not execute. */
  HEA(0xE40),
  /** 0xE60: hypervisor maintenance interrupt. */
  HMI(0xE60),
  /** 0xE80: hypervisor doorbell. */
  HDOORBELL(0xE80),
  /** 0xEA0: hypervisor virtualization interrupt. */
  HVIRT(0xEA0),
  /** 0xF80: hypervisor facility unavailable; the cause is in the top byte of HFSCR. */
  HFAC(0xF80);

  private final int vector;

  ExitReason(int vector) {
    this.vector = vector;
  }

  /** The interrupt vector, as returned in R4. */
  public int vector() {
    return vector;
  }

  /** The vector as NestSim prints it: {@code 0xc00}. */
  public String vectorHex() {
    return String.format("0x%03x", vector);
  }

  /** The exit reason of this R4 value, if it is one of §6.3's. */
  public static Optional<ExitReason> fromVector(long vector) {
    for (ExitReason r : values()) {
      if (r.vector == vector) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /** The exit reason with this short name, case-insensitive. */
  public static Optional<ExitReason> fromName(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    for (ExitReason r : values()) {
      if (r.name().equals(upper)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
