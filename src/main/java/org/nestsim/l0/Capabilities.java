package org.nestsim.l0;

import org.nestsim.hcall.Capability;
import org.nestsim.hcall.HcallResult;
import org.nestsim.hcall.IbmBit;
import org.nestsim.hcall.ReturnCode;

/**
 * The L0's capability state and the two hcalls that negotiate it (spec §2.3, §2.4, §3): what it
 * advertises, whether a SET succeeded, and the modes the L1 chose. Owned by the {@link L0Supervisor}.
 */
final class Capabilities {
  private final Profile profile;
  private final long advertised;
  private boolean set;
  private long negotiated;

  Capabilities(Profile profile, long advertised) {
    this.profile = profile;
    this.advertised = advertised;
  }

  /** {@code H_GUEST_GET_CAPABILITIES}: R4 = the advertised modes. */
  HcallResult get(long flags) {
    if (flags != 0) {
      // QEMU leaves R4 as it was: the flags.
      return HcallResult.of(ReturnCode.H_PARAMETER, flags);
    }
    return HcallResult.success(advertised);
  }

  /** {@code H_GUEST_SET_CAPABILITIES}, in QEMU's order; docs/CONFORMANCE.md for the profiles. */
  HcallResult set(long flags, long caps) {
    if (flags != 0) {
      return HcallResult.of(ReturnCode.H_PARAMETER);
    }
    if ((caps & Capability.COPY_MEM.mask()) != 0) {
      return HcallResult.of(ReturnCode.H_P2, 1, caps);
    }
    if (caps == 0) {
      return HcallResult.of(ReturnCode.H_P2, 1, newestAdvertisedBit());
    }
    if ((caps & ~Capability.H_GUEST_CAP_VALID_MASK) != 0) {
      return HcallResult.of(ReturnCode.H_P2, 1, IbmBit.ofLowestSetBit(caps));
    }
    long unadvertised = caps & ~advertised;
    if (profile == Profile.SPEC && unadvertised != 0) {
      return HcallResult.of(ReturnCode.H_P2, 1, IbmBit.ofLowestSetBit(unadvertised));
    }
    if (set && profile == Profile.QEMU) {
      return HcallResult.of(ReturnCode.H_STATE);
    }
    set = true;
    negotiated = caps;
    return HcallResult.success();
  }

  /** Whether a SET succeeded: CREATE answers {@code H_STATE} until one has. */
  boolean isSet() {
    return set;
  }

  /** The IBM bit of the newest mode the L0 advertises: 3 (POWER11), 2 (POWER10) or 1. */
  private long newestAdvertisedBit() {
    return Capability.newestMode(advertised).orElse(Capability.POWER9).ibmBit();
  }

  /** A new guest's logical PVR: that of the newest negotiated mode. */
  long initialLogicalPvr() {
    return Capability.newestMode(negotiated).orElse(Capability.POWER10).logicalPvr();
  }
}
