package org.nestsim.l0;

import org.nestsim.gsb.GsbLayout;
import org.nestsim.gsb.Scope;
import org.nestsim.hcall.HcallFlags;
import org.nestsim.hcall.HcallResult;
import org.nestsim.hcall.ReturnCode;
import org.nestsim.memory.L1Memory;

/**
 * The argument checks of spec §2 that need no actor state, each answering {@code null} when the
 * argument is good and the hcall's answer otherwise. Every actor that may receive a request (the
 * supervisor, a guest, a vCPU reached through a cached route) applies them in the documented order,
 * so the answer does not depend on the route.
 */
final class HcallChecks {
  private static final HcallResult PARAMETER = HcallResult.of(ReturnCode.H_PARAMETER);
  private static final HcallResult P3 = HcallResult.of(ReturnCode.H_P3);
  private static final HcallResult P4 = HcallResult.of(ReturnCode.H_P4);
  private static final HcallResult P5 = HcallResult.of(ReturnCode.H_P5);

  private HcallChecks() {}

  /**
   * GET/SET_STATE step 1: the buffer size R8. QEMU asserts above 1 MiB and below the 4-byte header;
   * the spec profile answers {@code H_P5} (R8 is parameter 5, spec §9.5), the qemu profile its buffer
   * code {@code H_P3}.
   */
  static HcallResult stateSize(Profile profile, long size) {
    if (size < GsbLayout.HEADER_LENGTH || size > GsbLayout.MAX_STATE_BUFFER_LENGTH) {
      return profile == Profile.QEMU ? P3 : P5;
    }
    return null;
  }

  /**
   * GET/SET_STATE step 2: SET accepts only the guest-wide bit; GET the guest-wide or the host-wide bit,
   * not both (QEMU, spec §2.7).
   */
  static HcallResult stateFlags(long flags, boolean get) {
    if (get) {
      boolean both = (flags & HcallFlags.H_GUEST_GET_STATE_FLAGS_MASK) == HcallFlags.H_GUEST_GET_STATE_FLAGS_MASK;
      return (flags & ~HcallFlags.H_GUEST_GET_STATE_FLAGS_MASK) != 0 || both ? PARAMETER : null;
    }
    return (flags & ~HcallFlags.H_GUEST_SET_STATE_FLAGS_MASK) != 0 ? PARAMETER : null;
  }

  /** The scope of the elements a GET/SET with good flags carries. */
  static Scope stateScope(long flags) {
    if ((flags & HcallFlags.H_GUEST_FLAGS_HOST_WIDE) != 0) {
      return Scope.HOST;
    }
    return (flags & HcallFlags.H_GUEST_FLAGS_WIDE) != 0 ? Scope.GUEST : Scope.THREAD;
  }

  /**
   * GET/SET_STATE step 4: the whole buffer must lie in L1 memory; else {@code H_P4} (R7, the address,
   * is parameter 4) in the spec profile and {@code H_P3} in the qemu profile.
   */
  static HcallResult placement(Profile profile, L1Memory memory, long address, long size) {
    if (!memory.contains(address, size)) {
      return profile == Profile.QEMU ? P3 : P4;
    }
    return null;
  }


  /**
   * RUN_VCPU step 1: the spec profile honours the three documented flags (spec §2.8) and rejects the
   * reserved bits; QEMU rejects any flag.
   */
  static HcallResult runFlags(Profile profile, long flags) {
    long allowed = profile == Profile.QEMU ? 0 : HcallFlags.H_GUEST_RUN_FLAGS_MASK;
    return (flags & ~allowed) != 0 ? PARAMETER : null;
  }

  /** {@code H_P3}, shared. */
  static HcallResult p3() {
    return P3;
  }
}
