package org.nestsim.hcall;

import java.util.Locale;
import java.util.Optional;

/**
 * The hcalls NestSim knows, with their opcodes (the value an L1 or L2 puts in R3).
 *
 * <p>The {@code H_GUEST_*} family of spec §2.1, the two translation-invalidation hcalls the Linux L1
 * issues while it runs L2s (§2.1, §7.5), and the L2 hcalls that NestSim's KVM-like L1 serves (§7.7).
 * {@code H_SIM_HALT} is NestSim's own, on an opcode PAPR leaves unassigned.
 */
public enum Hcall {
  H_GET_TERM_CHAR(0x54, Family.L2),
  H_PUT_TERM_CHAR(0x58, Family.L2),
  H_CEDE(0xE0, Family.L2),
  H_CONFER(0xE4, Family.L2),
  H_PROD(0xE8, Family.L2),
  H_RANDOM(0x300, Family.L2),
  H_RPT_INVALIDATE(0x448, Family.TRANSLATION),
  H_GUEST_GET_CAPABILITIES(0x460, Family.GUEST),
  H_GUEST_SET_CAPABILITIES(0x464, Family.GUEST),
  H_GUEST_CREATE(0x470, Family.GUEST),
  H_GUEST_CREATE_VCPU(0x474, Family.GUEST),
  H_GUEST_GET_STATE(0x478, Family.GUEST),
  H_GUEST_SET_STATE(0x47C, Family.GUEST),
  H_GUEST_RUN_VCPU(0x480, Family.GUEST),
  H_GUEST_COPY_MEMORY(0x484, Family.GUEST),
  H_GUEST_DELETE(0x488, Family.GUEST),
  H_SIM_HALT(0x6F00, Family.L2),
  H_TLB_INVALIDATE(0xF808, Family.TRANSLATION);

  /** Which part of the API an hcall belongs to. */
  public enum Family {
    /** The {@code H_GUEST_*} hcalls an L1 makes to the L0 (spec §2). */
    GUEST,
    /** Translation-cache invalidation an L1 makes to the L0 (spec §7.5). */
    TRANSLATION,
    /** Hcalls an L2 makes with {@code sc 1}, served by its L1 (spec §7.7). */
    L2
  }

  private final long opcode;
  private final Family family;

  Hcall(long opcode, Family family) {
    this.opcode = opcode;
    this.family = family;
  }

  /** The opcode, as passed in R3. */
  public long opcode() {
    return opcode;
  }

  public Family family() {
    return family;
  }

  /** The hcall with this opcode, if NestSim knows it. */
  public static Optional<Hcall> fromOpcode(long opcode) {
    for (Hcall h : values()) {
      if (h.opcode == opcode) {
        return Optional.of(h);
      }
    }
    return Optional.empty();
  }

  /** The hcall with this name, case-insensitive ({@code h_guest_run_vcpu} works). */
  public static Optional<Hcall> fromName(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    for (Hcall h : values()) {
      if (h.name().equals(upper)) {
        return Optional.of(h);
      }
    }
    return Optional.empty();
  }
}
