package org.nestsim.l0;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nestsim.l0.L0Rig.TIMEOUT;
import static org.nestsim.l0.L0Rig.expect;
import static org.nestsim.l0.L0Rig.expectRunFailed;
import static org.nestsim.l0.L0Rig.expectSuccess;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nestsim.gsb.Gsid;
import org.nestsim.hcall.HcallFlags;
import org.nestsim.hcall.HcallResult;
import org.nestsim.hcall.ReturnCode;
import org.nestsim.l0.L0Protocol.Request;
import org.nestsim.l0.L0Protocol.RunResult;
import org.nestsim.l0.L0Protocol.RunVcpu;
import org.nestsim.l0.L0Protocol.VcpuExited;

/**
 * Requests that meet a running vCPU (spec §9 items 5 and 16, docs/CONFORMANCE.md): the actors are the
 * test (an L1 with several CPUs) and the vCPUs; outcomes are either acceptable (each request answered
 * once, with H_BUSY where it would disturb a run) or forbidden (a lost or doubled answer, a change
 * made while H_BUSY was answered).
 */
class ConcurrencyTest {
  static final ActorTestKit KIT = ActorTestKit.create();
  static final long ENTRY = 0x1000;
  static final Duration QUIET = Duration.ofMillis(100);

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  private static VcpuExited kicked(L0Rig rig, long g, long v, TestProbe<RunResult> probe) {
    rig.kick(g, v);
    VcpuExited e = assertInstanceOf(VcpuExited.class, probe.receiveMessage(TIMEOUT));
    assertEquals(0, e.vector());
    rig.release(g, v);
    return e;
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldRefuseASecondRunOfARunningVcpu(Profile p) throws Exception {
    L0Rig rig = new L0Rig(KIT, p);
    long g = rig.readyGuest(1, ENTRY, "b .");
    TestProbe<RunResult> first = KIT.createTestProbe();
    TestProbe<RunResult> second = KIT.createTestProbe();
    rig.startRun(g, 0, first);
    rig.startRun(g, 0, second);
    expectRunFailed(ReturnCode.H_BUSY, 0, second.receiveMessage(TIMEOUT));
    first.expectNoMessage(QUIET);
    VcpuExited e = kicked(rig, g, 0, first);

    // The same through the vCPU's own route, once the first run has surely started.
    rig.startRun(g, 0, first);
    expect(ReturnCode.H_BUSY, rig.get(0, g, 0, w -> w.putBe64(Gsid.NIA, 0)));
    e.route().tell(new RunVcpu(0, g, 0, second.getRef()));
    expectRunFailed(ReturnCode.H_BUSY, 0, second.receiveMessage(TIMEOUT));
    kicked(rig, g, 0, first);
    first.expectNoMessage(QUIET);
    second.expectNoMessage(Duration.ZERO);
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldRefuseThreadWideStateOfARunningVcpuButNotGuestWideState(Profile p) throws Exception {
    L0Rig rig = new L0Rig(KIT, p);
    long g = rig.readyGuest(2, ENTRY, "b .");
    expectSuccess(rig.set(0, g, 0, w -> w.putBe64(Gsid.gpr(9), 9)));
    TestProbe<RunResult> run = KIT.createTestProbe();
    rig.startRun(g, 0, run);
    expect(ReturnCode.H_BUSY, rig.set(0, g, 0, w -> w.putBe64(Gsid.gpr(9), 0x99)));
    expect(ReturnCode.H_BUSY, rig.get(0, g, 0, w -> w.putBe64(Gsid.gpr(9), 0)));
    // Another vCPU of the guest, the guest-wide and the host-wide state are available.
    expectSuccess(rig.set(0, g, 1, w -> w.putBe64(Gsid.gpr(9), 0x19)));
    expectSuccess(rig.set(HcallFlags.H_GUEST_FLAGS_WIDE, g, 0, w -> w.putBe32(Gsid.LOGICAL_PVR, 0x0F000005)));
    expectSuccess(rig.get(HcallFlags.H_GUEST_FLAGS_WIDE, g, 0, w -> w.putBe32(Gsid.LOGICAL_PVR, 0)));
    assertEquals(0x0F000005, rig.got(Gsid.LOGICAL_PVR));
    expectSuccess(rig.get(HcallFlags.H_GUEST_FLAGS_HOST_WIDE, 0, 0, w -> w.putBe64(Gsid.L0_GUEST_HEAP, 0)));
    run.expectNoMessage(QUIET);
    kicked(rig, g, 0, run);
    assertEquals(9, rig.register(g, 0, Gsid.gpr(9)), "the refused SET changed nothing");
    expectSuccess(rig.set(0, g, 0, w -> w.putBe64(Gsid.gpr(9), 0x99)));
    assertEquals(0x99, rig.register(g, 0, Gsid.gpr(9)));
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldRefuseToDeleteAGuestWhileOneOfItsVcpusRuns(Profile p) throws Exception {
    L0Rig rig = new L0Rig(KIT, p);
    long g = rig.readyGuest(2, ENTRY, "b .");
    TestProbe<RunResult> run = KIT.createTestProbe();
    rig.startRun(g, 0, run);
    expect(ReturnCode.H_BUSY, rig.delete(0, g));
    expect(ReturnCode.H_BUSY, rig.delete(HcallFlags.H_GUEST_DELETE_ALL_FLAG, 0));
    // Nothing changed: the idle vCPU answers and runs, the guest-wide state answers.
    expectSuccess(rig.set(0, g, 1, w -> w.putBe64(Gsid.gpr(9), 0x19)));
    expectSuccess(rig.get(HcallFlags.H_GUEST_FLAGS_WIDE, g, 0, w -> w.putBe32(Gsid.LOGICAL_PVR, 0)));
    rig.input(1, w -> w.putBe64(Gsid.HDEC_EXPIRY_TB, 1));
    assertEquals(0x980, rig.exit(0, g, 1).vector());
    rig.input(1, w -> { });
    run.expectNoMessage(QUIET);
    kicked(rig, g, 0, run);
    expect(ReturnCode.H_SUCCESS, rig.delete(0, g));
    expectRunFailed(ReturnCode.H_P2, 0, rig.run(0, g, 0));
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldRefuseToDeleteAllGuestsWhileVcpusRun(Profile p) throws Exception {
    L0Rig rig = new L0Rig(KIT, p);
    long g1 = rig.readyGuest(1, ENTRY, "b .");
    long g2 = rig.readyGuest(1, ENTRY, null);
    long idle = rig.guest();
    TestProbe<RunResult> run1 = KIT.createTestProbe();
    TestProbe<RunResult> run2 = KIT.createTestProbe();
    rig.startRun(g1, 0, run1);
    rig.startRun(g2, 0, run2);
    expect(ReturnCode.H_BUSY, rig.delete(HcallFlags.H_GUEST_DELETE_ALL_FLAG, 0));
    expect(ReturnCode.H_BUSY, rig.delete(0, g1));
    expect(ReturnCode.H_SUCCESS, rig.delete(0, idle));
    run1.expectNoMessage(QUIET);
    run2.expectNoMessage(Duration.ZERO);
    kicked(rig, g1, 0, run1);
    expect(ReturnCode.H_BUSY, rig.delete(HcallFlags.H_GUEST_DELETE_ALL_FLAG, 0));
    expectSuccess(rig.get(0, g1, 0, w -> w.putBe64(Gsid.NIA, 0)));
    kicked(rig, g2, 0, run2);
    expect(ReturnCode.H_SUCCESS, rig.delete(HcallFlags.H_GUEST_DELETE_ALL_FLAG, 0));
    for (long g : List.of(g1, g2, idle)) {
      expect(ReturnCode.H_P2, rig.delete(0, g));
    }
  }

  /**
   * A run sent through a cached route races a delete of its guest: the run happens first (and the
   * delete is refused while it runs, or succeeds after it), or it is refused with H_P2 after the
   * delete. Never no answer, never two.
   */
  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldAnswerARouteRunRacingADeleteExactlyOnce(Profile p) throws Exception {
    L0Rig rig = new L0Rig(KIT, p);
    int[] outcomes = new int[3];
    Random random = new Random(3);
    for (int i = 0; i < 50; i++) {
      long g = rig.readyGuest(1, ENTRY, "1: li 3,0x42\nsc 1\nb 1b");
      ActorRef<Request> route = rig.exit(0, g, 0).route();
      // The route is one hop and the delete three: give the delete a head start of 0–300 µs.
      rig.l0.tell(new L0Protocol.DeleteGuest(0, g, rig.results.getRef()));
      long until = System.nanoTime() + random.nextInt(300_000);
      while (System.nanoTime() < until) {
        Thread.onSpinWait();
      }
      route.tell(new RunVcpu(0, g, 0, rig.runs.getRef()));
      HcallResult deleted = rig.results.receiveMessage(TIMEOUT);
      RunResult r = rig.runs.receiveMessage(TIMEOUT);
      if (deleted.rc() == ReturnCode.H_BUSY.value()) {
        assertEquals(0xC00, assertInstanceOf(VcpuExited.class, r, "round " + i).vector());
        rig.release(g, 0);
        expect(ReturnCode.H_SUCCESS, rig.delete(0, g));
        outcomes[0]++;
      } else {
        expect(ReturnCode.H_SUCCESS, deleted);
        if (r instanceof VcpuExited e) {
          assertEquals(0x42, e.output().register(Gsid.gpr(3)).getAsLong());
          outcomes[1]++;
        } else {
          expectRunFailed(ReturnCode.H_P2, 0, r);
          outcomes[2]++;
        }
      }
      expect(ReturnCode.H_P2, rig.delete(0, g));
    }
    rig.runs.expectNoMessage(QUIET);
    rig.results.expectNoMessage(Duration.ZERO);
    assertEquals(50, outcomes[0] + outcomes[1] + outcomes[2]);
  }

  /**
   * Kicks race exits: each run counts to a random N and makes an hcall, and is kicked at once, not at
   * all, or again after it answered. Every run is answered exactly once, with the hcall or, if kicked,
   * NONE at a quantum boundary; a kick never reaches a later run.
   */
  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldAnswerEveryRunExactlyOnceWhenKicksRaceExits(Profile p) throws Exception {
    long quantum = 2_000;
    L0Rig rig = new L0Rig(KIT, L0Config.DEFAULT.withProfile(p).withTiming(quantum, 1, 300));
    long g = rig.readyGuest(1, ENTRY, "start: li 3,0\n1: addi 3,3,1\ncmpd 3,4\nblt 1b\nsc 1\nb start");
    Random random = new Random(42);
    int[] outcomes = new int[3];
    for (int i = 0; i < 200; i++) {
      long n = 1 + random.nextInt(1500);
      rig.input(0, w -> w.putBe64(Gsid.gpr(4), n).putBe64(Gsid.NIA, ENTRY));
      int mode = random.nextInt(4);
      rig.startRun(g, 0, rig.runs);
      if (mode != 0) {
        rig.kick(g, 0);
      }
      VcpuExited e = assertInstanceOf(VcpuExited.class, rig.runs.receiveMessage(TIMEOUT), "run " + i);
      if (e.vector() == 0xC00) {
        assertEquals(n, e.output().register(Gsid.gpr(3)).getAsLong(), "run " + i);
        outcomes[mode == 0 ? 0 : 1]++;
      } else {
        assertEquals(0, e.vector(), "run " + i);
        assertTrue(mode != 0, "run " + i + " ended by a kick it was not sent");
        assertEquals(0, e.time() % quantum, "run " + i + " kicked at " + e.time() + ", not a boundary");
        outcomes[2]++;
      }
      if (mode == 3) {
        rig.kick(g, 0);
      }
      if (random.nextBoolean()) {
        rig.release(g, 0);
      }
    }
    rig.runs.expectNoMessage(Duration.ofMillis(200));
    assertEquals(200, outcomes[0] + outcomes[1] + outcomes[2], "answers");
    assertTrue(outcomes[1] > 0 && outcomes[2] > 0, "both sides of the race seen: " + outcomes[1] + " "
        + outcomes[2]);
  }
}
