package org.nestsim.l0;

import static org.nestsim.l0.L0Rig.expect;
import static org.nestsim.l0.L0Rig.per;

import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nestsim.hcall.Capability;
import org.nestsim.hcall.HcallResult;
import org.nestsim.hcall.ReturnCode;
import org.nestsim.l0.L0Protocol.GetCapabilities;
import org.nestsim.l0.L0Protocol.SetCapabilities;

/** {@code H_GUEST_GET_CAPABILITIES} and {@code H_GUEST_SET_CAPABILITIES} (spec §2.3, §2.4, §3). */
class CapabilitiesTest {
  static final ActorTestKit KIT = ActorTestKit.create();
  static final long P9 = Capability.POWER9.mask();
  static final long P10 = Capability.POWER10.mask();
  static final long P11 = Capability.POWER11.mask();

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  private static L0Rig rig(Profile p, long caps) {
    return new L0Rig(KIT, L0Config.DEFAULT.withProfile(p).withLimits(caps, 4095, 2048));
  }

  private static HcallResult set(L0Rig rig, long flags, long caps) {
    return rig.call(r -> new SetCapabilities(flags, caps, r));
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldAnswerGetCapabilitiesWithFlagsH_PARAMETERLeavingTheFlagsInR4(Profile p) {
    L0Rig rig = new L0Rig(KIT, p);
    for (long flags : List.of(1L, Long.MIN_VALUE, -1L, 0x4000L)) {
      expect(ReturnCode.H_PARAMETER, flags, 0, rig.call(r -> new GetCapabilities(flags, r)));
    }
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldReturnTheConfiguredCapabilitiesBeforeAndAfterSet(Profile p) {
    for (long caps : List.of(P9, P9 | P10, P9 | P10 | P11)) {
      L0Rig rig = rig(p, caps);
      expect(ReturnCode.H_SUCCESS, caps, 0, rig.call(r -> new GetCapabilities(0, r)));
      expect(ReturnCode.H_SUCCESS, set(rig, 0, caps));
      expect(ReturnCode.H_SUCCESS, caps, 0, rig.call(r -> new GetCapabilities(0, r)));
    }
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldCheckSetCapabilitiesFlagsFirst(Profile p) {
    L0Rig rig = new L0Rig(KIT, p);
    // Flags win over every bad bitmap (COPY_MEM, 0, invalid bits).
    for (long caps : List.of(P9, Capability.COPY_MEM.mask(), 0L, 1L)) {
      expect(ReturnCode.H_PARAMETER, set(rig, 1, caps));
      expect(ReturnCode.H_PARAMETER, set(rig, Long.MIN_VALUE, caps));
    }
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldRefuseCopyMemWithH_P2AndTheCallersBitmapInR5(Profile p) {
    L0Rig rig = new L0Rig(KIT, p);
    long copyMem = Capability.COPY_MEM.mask();
    expect(ReturnCode.H_P2, 1, copyMem, set(rig, 0, copyMem));
    // COPY_MEM is checked before the invalid bits: R5 still the caller's value, not 63.
    expect(ReturnCode.H_P2, 1, copyMem | P9 | 1, set(rig, 0, copyMem | P9 | 1));
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldRefuseAnEmptyBitmapNamingTheHighestModeInR5(Profile p) {
    expect(ReturnCode.H_P2, 1, 1, set(rig(p, P9), 0, 0));
    expect(ReturnCode.H_P2, 1, 2, set(rig(p, P9 | P10), 0, 0));
    expect(ReturnCode.H_P2, 1, 3, set(rig(p, P9 | P10 | P11), 0, 0));
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldRefuseInvalidBitsNamingTheLowestSetBitInR5(Profile p) {
    L0Rig rig = new L0Rig(KIT, p);
    expect(ReturnCode.H_P2, 1, 63, set(rig, 0, Capability.BITMAP2.mask()));
    expect(ReturnCode.H_P2, 1, 63, set(rig, 0, P9 | 1));
    expect(ReturnCode.H_P2, 1, 4, set(rig, 0, P10 | 0x0800_0000_0000_0000L));
    expect(ReturnCode.H_P2, 1, 40, set(rig, 0, 0x0800_0000_0000_0000L | 1L << 23));
    // None of them set the capabilities.
    expect(ReturnCode.H_STATE, rig.create());
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldAnswerASecondSetPerProfile(Profile p) {
    L0Rig rig = new L0Rig(KIT, p);
    expect(ReturnCode.H_SUCCESS, set(rig, 0, P10));
    expect(per(p, ReturnCode.H_SUCCESS, ReturnCode.H_STATE), set(rig, 0, P10));
    expect(per(p, ReturnCode.H_SUCCESS, ReturnCode.H_STATE), set(rig, 0, P9));
    // A bad bitmap is still answered by its own check after a successful SET.
    expect(ReturnCode.H_P2, 1, 2, set(rig, 0, 0));
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldRefuseUnadvertisedModesOnlyInTheSpecProfile(Profile p) {
    L0Rig rig = rig(p, P9 | P10);
    HcallResult r = set(rig, 0, P10 | P11);
    if (p == Profile.SPEC) {
      expect(ReturnCode.H_P2, 1, 3, r);
      expect(ReturnCode.H_STATE, rig.create());
      expect(ReturnCode.H_P2, 1, 1, set(rig(p, P10), 0, P9 | P10));
    } else {
      expect(ReturnCode.H_SUCCESS, r);
      expect(ReturnCode.H_SUCCESS, 1, 0, rig.create());
    }
  }
}
