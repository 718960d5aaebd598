package org.nestsim.hcall;

/**
 * Flag bits of the {@code H_GUEST_*} hcalls (spec §2.7–§2.9, Appendix C), as masks of the 64-bit flags
 * argument in R4. Every flag is an IBM bit (spec §0.1); the javadoc gives its number.
 */
public final class HcallFlags {
  private HcallFlags() {}

  /** GET/SET_STATE bit 0: the buffer holds guest-wide elements ({@code H_GUEST_FLAGS_WIDE}). */
  public static final long H_GUEST_FLAGS_WIDE = IbmBit.mask(0);

  /** GET_STATE bit 1: return the L0's host-wide statistics ({@code H_GUEST_FLAGS_HOST_WIDE}). */
  public static final long H_GUEST_FLAGS_HOST_WIDE = IbmBit.mask(1);

  /** The flag bits GET_STATE accepts (QEMU {@code H_GUEST_GET_STATE_FLAGS_MASK}). */
  public static final long H_GUEST_GET_STATE_FLAGS_MASK = H_GUEST_FLAGS_WIDE | H_GUEST_FLAGS_HOST_WIDE;

  /** The flag bits SET_STATE accepts (QEMU {@code H_GUEST_SET_STATE_FLAGS_MASK}). */
  public static final long H_GUEST_SET_STATE_FLAGS_MASK = H_GUEST_FLAGS_WIDE;

  /** DELETE bit 0: delete every guest of this L1; the guest id is ignored. */
  public static final long H_GUEST_DELETE_ALL_FLAG = IbmBit.mask(0);

  /** RUN_VCPU bit 0: the L0 synthesises an external interrupt in the L2 (doc; QEMU rejects it). */
  public static final long H_GUEST_RUN_EXTERNAL_INTERRUPT = IbmBit.mask(0);

  /** RUN_VCPU bit 1: the L0 synthesises a privileged doorbell in the L2 (doc; QEMU rejects it). */
  public static final long H_GUEST_RUN_PRIVILEGED_DOORBELL = IbmBit.mask(1);

  /** RUN_VCPU bit 2: the L0 sends the L2 to system reset (doc; QEMU rejects it). */
  public static final long H_GUEST_RUN_SYSTEM_RESET = IbmBit.mask(2);

  /** All RUN_VCPU flags the documentation defines. */
  public static final long H_GUEST_RUN_FLAGS_MASK =
      H_GUEST_RUN_EXTERNAL_INTERRUPT | H_GUEST_RUN_PRIVILEGED_DOORBELL | H_GUEST_RUN_SYSTEM_RESET;

  /** The continue token of a first {@code H_GUEST_CREATE} call (R5 = -1). */
  public static final long H_GUEST_CREATE_FIRST_TOKEN = -1L;
}
