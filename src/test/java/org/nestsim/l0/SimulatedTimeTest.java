package org.nestsim.l0;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nestsim.l0.L0Rig.TIMEOUT;
import static org.nestsim.l0.L0Rig.expectSuccess;

import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nestsim.gsb.Gsid;
import org.nestsim.l0.L0Protocol.RunResult;
import org.nestsim.l0.L0Protocol.VcpuExited;

/**
 * A run's place in simulated time (DESIGN.md, "Simulated time"): kicks and the preemption faults end
 * runs with {@code NONE} (spec §6.3) at exact times, and an exited vCPU holds the clock until it is
 * released.
 */
class SimulatedTimeTest {
  static final ActorTestKit KIT = ActorTestKit.create();
  static final long ENTRY = 0x1000;
  static final long QUANTUM = L0Config.DEFAULT.quantumTicks();

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  private static VcpuExited runAndKick(L0Rig rig, long g) {
    rig.startRun(g, 0, rig.runs);
    rig.kick(g, 0);
    VcpuExited e = assertInstanceOf(VcpuExited.class, rig.runs.receiveMessage(TIMEOUT));
    rig.release(g, 0);
    return e;
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldEndAKickedRunWithNoneAtAQuantumBoundary(Profile p) throws Exception {
    L0Rig rig = new L0Rig(KIT, p);
    long g = rig.readyGuest(1, ENTRY, "b .");
    VcpuExited e = runAndKick(rig, g);
    assertEquals(0, e.vector());
    assertEquals("00000000", e.output().toHex(), "no elements");
    assertEquals(0, e.time() % QUANTUM, "kicked at " + e.time());
    assertEquals(ENTRY, rig.register(g, 0, Gsid.NIA));
    // Again, a few times: the vCPU resumes where it was, and each kick ends one run.
    for (int i = 0; i < 5; i++) {
      VcpuExited again = runAndKick(rig, g);
      assertEquals(0, again.vector());
      assertEquals(0, again.time() % QUANTUM, "kicked at " + again.time());
      assertTrue(again.time() >= e.time());
    }
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldEndAKickedRunThatStartedMidQuantumAtTheNextBoundary(Profile p) throws Exception {
    L0Rig rig = new L0Rig(KIT, p);
    long g = rig.readyGuest(1, ENTRY, "b .");
    long now = 0;
    for (int i = 0; i < 20; i++) {
      // An HDEC exit leaves the vCPU in the middle of a quantum; it is released there.
      long hdec = now + QUANTUM + QUANTUM / 2;
      rig.input(0, w -> w.putBe64(Gsid.HDEC_EXPIRY_TB, hdec));
      VcpuExited h = rig.exit(0, g, 0);
      assertEquals(0x980, h.vector());
      assertEquals(hdec, h.time());
      rig.input(0, w -> w.putBe64(Gsid.HDEC_EXPIRY_TB, -1L));
      VcpuExited e = runAndKick(rig, g);
      assertEquals(0, e.vector());
      // When the kick lands depends on the dispatcher; that it ends the run at a boundary does not.
      assertEquals(0, e.time() % QUANTUM, "round " + i + ": kicked at " + e.time());
      assertTrue(e.time() > hdec, "round " + i + ": kicked at " + e.time());
      now = e.time();
    }
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldIgnoreAKickWhileTheVcpuDoesNotRun(Profile p) throws Exception {
    L0Rig rig = new L0Rig(KIT, p);
    long g = rig.readyGuest(1, ENTRY, "b .");
    // Before the first run.
    rig.kick(g, 0);
    rig.kick(g, 0);
    rig.input(0, w -> w.putBe64(Gsid.HDEC_EXPIRY_TB, 3 * QUANTUM + 7));
    VcpuExited e = rig.exit(0, g, 0);
    assertEquals(0x980, e.vector());
    assertEquals(3 * QUANTUM + 7, e.time());
    // After an exit, before the vCPU runs again.
    rig.kick(g, 0);
    rig.input(0, w -> w.putBe64(Gsid.HDEC_EXPIRY_TB, 6 * QUANTUM + 7));
    e = rig.exit(0, g, 0);
    assertEquals(0x980, e.vector());
    assertEquals(6 * QUANTUM + 7, e.time());
    // A kick for a vCPU or guest that does not exist is dropped without an answer.
    rig.kick(g, 1);
    rig.kick(99, 0);
    rig.runs.expectNoMessage(Duration.ofMillis(50));
    rig.results.expectNoMessage(Duration.ZERO);
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldPreemptEveryNTicksOfRunningTime(Profile p) throws Exception {
    L0Rig rig = new L0Rig(KIT, L0Config.DEFAULT.withProfile(p).withFaults(0, 0, -1, 4_000, List.of()));
    long g = rig.readyGuest(1, ENTRY, "b .");
    for (long t = 4_000; t <= 20_000; t += 4_000) {
      VcpuExited e = rig.exit(0, g, 0);
      assertEquals(0, e.vector());
      assertEquals(t, e.time());
      assertEquals(4_000, e.instructions());
    }
    // An exit of its own in between does not move the schedule of running time.
    rig.input(0, w -> w.putBe64(Gsid.HDEC_EXPIRY_TB, 21_000));
    assertEquals(21_000, rig.exit(0, g, 0).time());
    rig.input(0, w -> w.putBe64(Gsid.HDEC_EXPIRY_TB, -1L));
    VcpuExited e = rig.exit(0, g, 0);
    assertEquals(0, e.vector());
    assertEquals(24_000, e.time());
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldPreemptAtTheGivenTimes(Profile p) throws Exception {
    L0Rig rig = new L0Rig(KIT, L0Config.DEFAULT.withProfile(p).withFaults(0, 0, -1, 0, List.of(23_000L, 7_000L)));
    long g = rig.readyGuest(1, ENTRY, "b .");
    VcpuExited e = rig.exit(0, g, 0);
    assertEquals(0, e.vector());
    assertEquals(7_000, e.time());
    e = rig.exit(0, g, 0);
    assertEquals(0, e.vector());
    assertEquals(23_000, e.time());
    rig.input(0, w -> w.putBe64(Gsid.HDEC_EXPIRY_TB, 31_000));
    e = rig.exit(0, g, 0);
    assertEquals(0x980, e.vector());
    assertEquals(31_000, e.time());
    expectSuccess(rig.get(0, g, 0, w -> w.putBe64(Gsid.NIA, 0)));
    assertEquals(ENTRY, rig.got(Gsid.NIA));
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldHoldTheClockUntilAnExitedVcpuIsReleased(Profile p) throws Exception {
    L0Rig rig = new L0Rig(KIT, p);
    long g = rig.readyGuest(2, ENTRY, "b .");
    rig.input(0, w -> w.putBe64(Gsid.HDEC_EXPIRY_TB, 1));
    assertEquals(1, assertInstanceOf(VcpuExited.class, rig.run(0, g, 0)).time());
    rig.input(1, w -> w.putBe64(Gsid.HDEC_EXPIRY_TB, 3 * QUANTUM));
    TestProbe<RunResult> other = KIT.createTestProbe();
    rig.startRun(g, 1, other);
    // vCPU 1 cannot leave the first quantum while vCPU 0's L1 handles its exit.
    other.expectNoMessage(Duration.ofMillis(300));
    rig.release(g, 0);
    VcpuExited e = assertInstanceOf(VcpuExited.class, other.receiveMessage(TIMEOUT));
    assertEquals(0x980, e.vector());
    assertEquals(3 * QUANTUM, e.time());
    rig.release(g, 1);
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldIgnoreAReleaseWhileTheVcpuRuns(Profile p) throws Exception {
    L0Rig rig = new L0Rig(KIT, p);
    long g = rig.readyGuest(1, ENTRY, "b .");
    rig.input(0, w -> w.putBe64(Gsid.HDEC_EXPIRY_TB, 2 * QUANTUM + 5));
    rig.startRun(g, 0, rig.runs);
    rig.release(g, 0);
    rig.release(g, 0);
    VcpuExited e = assertInstanceOf(VcpuExited.class, rig.runs.receiveMessage(TIMEOUT));
    assertEquals(0x980, e.vector());
    assertEquals(2 * QUANTUM + 5, e.time());
  }
}
