package org.nestsim.l0;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.nestsim.l0.L0Rig.GSB;
import static org.nestsim.l0.L0Rig.TIMEOUT;
import static org.nestsim.l0.L0Rig.expect;
import static org.nestsim.l0.L0Rig.expectRunFailed;
import static org.nestsim.l0.L0Rig.expectSuccess;

import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.DeadLetter;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nestsim.gsb.Gsid;
import org.nestsim.hcall.HcallFlags;
import org.nestsim.hcall.HcallResult;
import org.nestsim.hcall.ReturnCode;
import org.nestsim.l0.L0Protocol.GetState;
import org.nestsim.l0.L0Protocol.Request;
import org.nestsim.l0.L0Protocol.RunResult;
import org.nestsim.l0.L0Protocol.RunVcpu;
import org.nestsim.l0.L0Protocol.SetState;
import org.nestsim.l0.L0Protocol.VcpuExited;

/** {@code H_GUEST_DELETE} (spec §2.9), also seen through cached routes (DESIGN.md, "One exit round trip"). */
class DeleteTest {
  static final ActorTestKit KIT = ActorTestKit.create();
  static final long ALL = HcallFlags.H_GUEST_DELETE_ALL_FLAG;
  static final String LOOP_OF_HCALLS = "1: li 3,0x42\nsc 1\nb 1b";

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldRefuseReservedDeleteFlags(Profile p) {
    L0Rig rig = new L0Rig(KIT, p);
    long g = rig.guest();
    for (long flags : List.of(1L, 0x4000_0000_0000_0000L, -1L, ALL | 1)) {
      expect(ReturnCode.H_UNSUPPORTED_FLAG, rig.delete(flags, g));
      expect(ReturnCode.H_UNSUPPORTED_FLAG, rig.delete(flags, 99));
    }
    expect(ReturnCode.H_SUCCESS, rig.createVcpu(g, 0));
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldAnswerH_P2ForAnUnknownGuest(Profile p) {
    L0Rig rig = new L0Rig(KIT, p);
    for (long guest : List.of(0L, 1L, 4095L, 4096L, -1L)) {
      expect(ReturnCode.H_P2, rig.delete(0, guest));
    }
    long g = rig.guest();
    expect(ReturnCode.H_SUCCESS, rig.delete(0, g));
    expect(ReturnCode.H_P2, rig.delete(0, g));
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldForgetADeletedGuestAlsoThroughACachedRoute(Profile p) throws Exception {
    L0Rig rig = new L0Rig(KIT, p);
    TestProbe<DeadLetter> deadLetters = KIT.createTestProbe();
    KIT.system().eventStream().tell(new EventStream.Subscribe<>(DeadLetter.class, deadLetters.getRef()));
    long g = rig.readyGuest(2, 0x1000, LOOP_OF_HCALLS);
    VcpuExited exit = rig.exit(0, g, 0);
    ActorRef<Request> route = exit.route();
    // The route works while the guest lives.
    route.tell(new RunVcpu(0, g, 0, rig.runs.getRef()));
    assertEquals(0xC00, ((VcpuExited) rig.runs.receiveMessage(TIMEOUT)).vector());
    rig.release(g, 0);
    expect(ReturnCode.H_SUCCESS, rig.delete(0, g));

    expectRunFailed(ReturnCode.H_P2, 0, rig.run(0, g, 0));
    expect(ReturnCode.H_P2, rig.get(0, g, 0, w -> w.putBe64(Gsid.gpr(3), 0)));
    expect(ReturnCode.H_P2, rig.set(0, g, 1, w -> w.putBe64(Gsid.gpr(3), 0)));
    expect(ReturnCode.H_P2, rig.get(HcallFlags.H_GUEST_FLAGS_WIDE, g, 0, w -> w.putBe32(Gsid.LOGICAL_PVR, 0)));
    expect(ReturnCode.H_P2, rig.createVcpu(g, 2));
    expect(ReturnCode.H_P2, rig.delete(0, g));

    int length = rig.gsb(w -> w.putBe64(Gsid.gpr(3), 0));
    for (long flags : List.of(0L, HcallFlags.H_GUEST_FLAGS_WIDE)) {
      route.tell(new RunVcpu(0, g, 0, rig.runs.getRef()));
      expectRunFailed(ReturnCode.H_P2, 0, rig.runs.receiveMessage(TIMEOUT));
      route.tell(new GetState(flags, g, 0, GSB, length, rig.results.getRef()));
      expect(ReturnCode.H_P2, rig.results.receiveMessage(TIMEOUT));
      route.tell(new SetState(flags, g, 0, GSB, length, rig.results.getRef()));
      expect(ReturnCode.H_P2, rig.results.receiveMessage(TIMEOUT));
      // Another vCPU's ids through this route: answered as the supervisor would.
      route.tell(new RunVcpu(0, g, 1, rig.runs.getRef()));
      expectRunFailed(ReturnCode.H_P2, 0, rig.runs.receiveMessage(TIMEOUT));
    }
    route.tell(new L0Protocol.Kick(g, 0));
    route.tell(new L0Protocol.Release(g, 0));

    // The id is reused: the old route now names a vCPU the new guest has not created.
    long again = rig.guest();
    assertEquals(g, again);
    route.tell(new RunVcpu(0, g, 0, rig.runs.getRef()));
    expectRunFailed(ReturnCode.H_P3, 0, rig.runs.receiveMessage(TIMEOUT));
    route.tell(new GetState(0, g, 0, GSB, length, rig.results.getRef()));
    expect(ReturnCode.H_P3, rig.results.receiveMessage(TIMEOUT));
    expectNothingMore(rig.results, rig.runs);
    deadLetters.expectNoMessage(Duration.ofMillis(100));
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldDeleteAllGuestsAndCreateAgain(Profile p) throws Exception {
    L0Rig rig = new L0Rig(KIT, p);
    long g1 = rig.readyGuest(1, 0x1000, LOOP_OF_HCALLS);
    long g2 = rig.readyGuest(2, 0x1000, null);
    long g3 = rig.guest();
    assertEquals(List.of(1L, 2L, 3L), List.of(g1, g2, g3));
    rig.exit(0, g1, 0);
    expect(ReturnCode.H_SUCCESS, rig.delete(ALL, 12345));
    for (long g : List.of(g1, g2, g3)) {
      expect(ReturnCode.H_P2, rig.delete(0, g));
      expectRunFailed(ReturnCode.H_P2, 0, rig.run(0, g, 0));
      expect(ReturnCode.H_P2, rig.createVcpu(g, 0));
    }
    // Delete-all with no guest left succeeds too.
    expect(ReturnCode.H_SUCCESS, rig.delete(ALL, 0));
    long g = rig.readyGuest(1, 0x1000, LOOP_OF_HCALLS);
    assertEquals(1, g);
    VcpuExited e = rig.exit(0, g, 0);
    assertEquals(0x42, e.output().register(Gsid.gpr(3)).getAsLong());
    expect(ReturnCode.H_SUCCESS, 2, 0, rig.create());
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldAnswerBusyTheConfiguredNumberOfTimesBeforeDeleting(Profile p) throws Exception {
    L0Rig rig = new L0Rig(KIT, L0Config.DEFAULT.withProfile(p).withFaults(0, 3, -1, 0, List.of()));
    long g = rig.readyGuest(1, 0x1000, LOOP_OF_HCALLS);
    long other = rig.guest();
    for (int i = 0; i < 3; i++) {
      expect(ReturnCode.H_BUSY, rig.delete(0, g));
      // Nothing is deleted meanwhile.
      assertEquals(0xC00, rig.exit(0, g, 0).vector());
    }
    expect(ReturnCode.H_SUCCESS, rig.delete(0, g));
    expect(ReturnCode.H_P2, rig.delete(0, g));
    // Per guest: another guest answers busy in turn, and so does delete-all.
    expect(ReturnCode.H_BUSY, rig.delete(0, other));
    for (int i = 0; i < 3; i++) {
      expect(ReturnCode.H_BUSY, rig.delete(ALL, 0));
      expectSuccess(rig.get(HcallFlags.H_GUEST_FLAGS_WIDE, other, 0, w -> w.putBe32(Gsid.LOGICAL_PVR, 0)));
    }
    expect(ReturnCode.H_SUCCESS, rig.delete(ALL, 0));
    expect(ReturnCode.H_P2, rig.delete(0, other));
  }

  /** No request was answered twice. */
  static void expectNothingMore(TestProbe<HcallResult> results, TestProbe<RunResult> runs) {
    results.expectNoMessage(Duration.ofMillis(50));
    runs.expectNoMessage(Duration.ofMillis(50));
  }
}
