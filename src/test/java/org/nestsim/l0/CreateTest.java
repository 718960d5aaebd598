package org.nestsim.l0;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.nestsim.l0.L0Rig.expect;
import static org.nestsim.l0.L0Rig.expectSuccess;
import static org.nestsim.l0.L0Rig.per;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nestsim.gsb.Gsid;
import org.nestsim.hcall.HcallResult;
import org.nestsim.hcall.ReturnCode;
import org.nestsim.l0.L0Protocol.CreateGuest;
import org.nestsim.l0.L0Protocol.CreateVcpu;

/** {@code H_GUEST_CREATE} and {@code H_GUEST_CREATE_VCPU} (spec §2.5, §2.6). */
class CreateTest {
  static final ActorTestKit KIT = ActorTestKit.create();

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  private static L0Config limits(Profile p, int guests, int vcpus) {
    return L0Config.DEFAULT.withProfile(p).withLimits(L0Config.DEFAULT.capabilities(), guests, vcpus);
  }

  // ---- H_GUEST_CREATE ----

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldCheckCreateInTheDocumentedOrder(Profile p) {
    L0Rig rig = new L0Rig(KIT, p);
    // Before SET_CAPABILITIES: flags, then token, then H_STATE.
    expect(ReturnCode.H_UNSUPPORTED_FLAG, rig.call(r -> new CreateGuest(1, 5, r)));
    expect(ReturnCode.H_UNSUPPORTED_FLAG, rig.call(r -> new CreateGuest(Long.MIN_VALUE, -1, r)));
    expect(ReturnCode.H_P2, rig.call(r -> new CreateGuest(0, 0, r)));
    expect(ReturnCode.H_P2, rig.call(r -> new CreateGuest(0, 5, r)));
    expect(ReturnCode.H_STATE, rig.create());
    expectSuccess(rig.negotiate());
    expect(ReturnCode.H_P2, rig.call(r -> new CreateGuest(0, 0x5EED_0000_0000_0001L, r)));
    expect(ReturnCode.H_SUCCESS, 1, 0, rig.create());
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldAllocateTheLowestFreeIdAndReuseDeletedOnes(Profile p) {
    L0Rig rig = new L0Rig(KIT, p);
    expectSuccess(rig.negotiate());
    for (long id = 1; id <= 4; id++) {
      expect(ReturnCode.H_SUCCESS, id, 0, rig.create());
    }
    expectSuccess(rig.delete(0, 2));
    expectSuccess(rig.delete(0, 3));
    expect(ReturnCode.H_SUCCESS, 2, 0, rig.create());
    expect(ReturnCode.H_SUCCESS, 3, 0, rig.create());
    expect(ReturnCode.H_SUCCESS, 5, 0, rig.create());
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldAnswerExhaustionAtMaxGuestsPerProfile(Profile p) {
    L0Rig rig = new L0Rig(KIT, limits(p, 3, 2048));
    expectSuccess(rig.negotiate());
    for (long id = 1; id <= 3; id++) {
      expect(ReturnCode.H_SUCCESS, id, 0, rig.create());
    }
    ReturnCode full = per(p, ReturnCode.H_NOT_ENOUGH_RESOURCES, ReturnCode.H_NO_MEM);
    expect(full, rig.create());
    expect(full, rig.create());
    expectSuccess(rig.delete(0, 2));
    expect(ReturnCode.H_SUCCESS, 2, 0, rig.create());
    expect(full, rig.create());
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldAnswerBusyWithContinueTokensUntilTheCreateCompletes(Profile p) {
    L0Rig rig = new L0Rig(KIT, L0Config.DEFAULT.withProfile(p).withFaults(3, 0, -1, 0, List.of()));
    expectSuccess(rig.negotiate());
    List<Long> tokens = new ArrayList<>();
    HcallResult r = rig.create();
    while (r.rc() == ReturnCode.H_BUSY.value()) {
      assertEquals(0, r.r5());
      assertNotEquals(-1L, r.r4());
      tokens.add(r.r4());
      long token = r.r4();
      r = rig.call(ref -> new CreateGuest(0, token, ref));
    }
    assertEquals(3, tokens.size(), "H_BUSY answers");
    assertEquals(3, tokens.stream().distinct().count(), "distinct tokens");
    expect(ReturnCode.H_SUCCESS, 1, 0, r);
    // A used token is no longer valid; nor is one never issued.
    expect(ReturnCode.H_P2, rig.call(ref -> new CreateGuest(0, tokens.get(2), ref)));
    expect(ReturnCode.H_P2, rig.call(ref -> new CreateGuest(0, tokens.get(0), ref)));
    expect(ReturnCode.H_P2, rig.call(ref -> new CreateGuest(0, 12345, ref)));
    // The next create is busy again (the fault applies to each create).
    assertEquals(ReturnCode.H_BUSY.value(), rig.create().rc());
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldRefuseAWrongTokenWhileACreateIsBusy(Profile p) {
    L0Rig rig = new L0Rig(KIT, L0Config.DEFAULT.withProfile(p).withFaults(2, 0, -1, 0, List.of()));
    expectSuccess(rig.negotiate());
    HcallResult busy = rig.create();
    assertEquals(ReturnCode.H_BUSY.value(), busy.rc());
    expect(ReturnCode.H_P2, rig.call(ref -> new CreateGuest(0, busy.r4() + 1, ref)));
    expect(ReturnCode.H_P2, rig.call(ref -> new CreateGuest(0, busy.r4() ^ Long.MIN_VALUE, ref)));
    // The right token still continues.
    HcallResult next = rig.call(ref -> new CreateGuest(0, busy.r4(), ref));
    assertEquals(ReturnCode.H_BUSY.value(), next.rc());
    expect(ReturnCode.H_SUCCESS, 1, 0, rig.call(ref -> new CreateGuest(0, next.r4(), ref)));
  }

  // ---- H_GUEST_CREATE_VCPU ----

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldCheckCreateVcpuInTheDocumentedOrder(Profile p) {
    L0Rig rig = new L0Rig(KIT, p);
    long g = rig.guest();
    expect(ReturnCode.H_UNSUPPORTED_FLAG, rig.call(r -> new CreateVcpu(1, 99, 5000, r)));
    expect(ReturnCode.H_UNSUPPORTED_FLAG, rig.call(r -> new CreateVcpu(Long.MIN_VALUE, g, 0, r)));
    expect(ReturnCode.H_P2, rig.createVcpu(0, 0));
    expect(ReturnCode.H_P2, rig.createVcpu(2, 0));
    expect(ReturnCode.H_P2, rig.createVcpu(-1, 0));
    expect(ReturnCode.H_P2, rig.createVcpu(4096, 5000));
    expect(ReturnCode.H_SUCCESS, rig.createVcpu(g, 0));
    expect(ReturnCode.H_IN_USE, rig.createVcpu(g, 0));
    expect(ReturnCode.H_P3, rig.createVcpu(g, 2048));
    expect(ReturnCode.H_P3, rig.createVcpu(g, -1));
    expect(ReturnCode.H_P3, rig.createVcpu(g, Long.MAX_VALUE));
    expect(ReturnCode.H_SUCCESS, rig.createVcpu(g, 2047));
    expect(ReturnCode.H_IN_USE, rig.createVcpu(g, 2047));
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldRefuseVcpuIdsFromMaxVcpusOn(Profile p) {
    L0Rig rig = new L0Rig(KIT, limits(p, 4095, 4));
    long g = rig.guest();
    expect(ReturnCode.H_P3, rig.createVcpu(g, 4));
    expect(ReturnCode.H_SUCCESS, rig.createVcpu(g, 3));
    expect(ReturnCode.H_P3, rig.createVcpu(g, 4));
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldAcceptNonDenseVcpuIds(Profile p) {
    L0Rig rig = new L0Rig(KIT, p);
    long g = rig.guest();
    for (long v : List.of(5L, 2L, 1000L, 0L)) {
      expect(ReturnCode.H_SUCCESS, rig.createVcpu(g, v));
    }
    expect(ReturnCode.H_IN_USE, rig.createVcpu(g, 2));
    expect(ReturnCode.H_SUCCESS, rig.createVcpu(g, 3));
    // Each one is a real vCPU: its state answers, the gaps' do not.
    expectSuccess(rig.set(0, g, 1000, w -> w.putBe64(Gsid.gpr(7), 77)));
    assertEquals(77, rig.register(g, 1000, Gsid.gpr(7)));
    expect(ReturnCode.H_P3, rig.get(0, g, 4, w -> w.putBe64(Gsid.gpr(7), 0)));
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldRunOutOfMemoryAfterTheConfiguredVcpus(Profile p) {
    L0Rig rig = new L0Rig(KIT, L0Config.DEFAULT.withProfile(p).withFaults(0, 0, 3, 0, List.of()));
    long g1 = rig.guest();
    long g2 = rig.create().r4();
    expect(ReturnCode.H_SUCCESS, rig.createVcpu(g1, 0));
    expect(ReturnCode.H_SUCCESS, rig.createVcpu(g1, 1));
    expect(ReturnCode.H_SUCCESS, rig.createVcpu(g2, 0));
    ReturnCode full = per(p, ReturnCode.H_NOT_ENOUGH_RESOURCES, ReturnCode.H_NO_MEM);
    expect(full, rig.createVcpu(g2, 1));
    expect(full, rig.createVcpu(g1, 2));
    // The argument checks come first.
    expect(ReturnCode.H_IN_USE, rig.createVcpu(g1, 0));
    expect(ReturnCode.H_P3, rig.createVcpu(g1, 4096));
    expect(ReturnCode.H_P2, rig.createVcpu(9, 0));
  }
}
