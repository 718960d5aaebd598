package org.nestsim.l0;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.nestsim.l0.L0Rig.expectSuccess;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.nestsim.gsb.Gsid;
import org.nestsim.l0.L0Protocol.Inspection;
import org.nestsim.l0.L0Protocol.VcpuExited;

/** The oracle's {@link L0Protocol.Inspect}: the vCPU's registers as they are, changing nothing. */
class InspectTest {
  static final ActorTestKit KIT = ActorTestKit.create();
  static final long ENTRY = 0x1000;

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  private static Inspection inspect(L0Rig rig, ActorRef<L0Protocol.Request> to, long g, long v, int... ids) {
    TestProbe<Inspection> probe = KIT.createTestProbe();
    List<Integer> list = new ArrayList<>();
    for (int id : ids) {
      list.add(id);
    }
    to.tell(new L0Protocol.Inspect(g, v, list, probe.getRef()));
    return probe.receiveMessage(L0Rig.TIMEOUT);
  }

  @Test
  void shouldAnswerTheRegistersThroughTheSupervisorAndTheRouteAndChangeNothing() throws Exception {
    L0Rig rig = new L0Rig(KIT, Profile.SPEC);
    ActorRef<L0Protocol.Request> l0 = rig.l0.narrow();
    long g = rig.readyGuest(1, ENTRY, "li 3,0x77\nsc 1");
    expectSuccess(rig.set(0, g, 0, w -> w.putBe64(Gsid.gpr(4), 0x44)));
    Inspection before = inspect(rig, l0, g, 0, Gsid.gpr(4), Gsid.NIA, Gsid.VSR0, Gsid.HEIR);
    assertEquals(Inspection.Status.IDLE, before.status());
    // Only the registers of GPR0..VSR0 and HDAR..ASDR are answered; HEIR is 4 bytes.
    assertEquals(Map.of(Gsid.gpr(4), 0x44L, Gsid.NIA, ENTRY, Gsid.HEIR, 0L), before.values());
    VcpuExited e = rig.exit(0, g, 0);
    Inspection after = inspect(rig, e.route(), g, 0, Gsid.gpr(3), Gsid.gpr(4), Gsid.NIA);
    assertEquals(Map.of(Gsid.gpr(3), 0x77L, Gsid.gpr(4), 0x44L, Gsid.NIA, ENTRY + 8), after.values());
    assertEquals(0x77L, rig.register(g, 0, Gsid.gpr(3)));
    assertThrows(UnsupportedOperationException.class, () -> after.values().put(1, 1L));
  }

  @Test
  void shouldAnswerRunningWhileTheVcpuRunsAndAbsentForMissingOrDeletedOnes() throws Exception {
    L0Rig rig = new L0Rig(KIT, Profile.SPEC);
    ActorRef<L0Protocol.Request> l0 = rig.l0.narrow();
    long g = rig.readyGuest(1, ENTRY, "li 3,1\nsc 1\nb .");
    VcpuExited e = rig.exit(0, g, 0);
    TestProbe<L0Protocol.RunResult> probe = KIT.createTestProbe();
    // Through the route, like the Inspect that follows, so that the run has started when it arrives.
    e.route().tell(new L0Protocol.RunVcpu(0, g, 0, probe.getRef()));
    assertEquals(Inspection.Status.RUNNING, inspect(rig, e.route(), g, 0, Gsid.NIA).status());
    rig.kick(g, 0);
    assertInstanceOf(VcpuExited.class, probe.receiveMessage(L0Rig.TIMEOUT));
    rig.release(g, 0);
    assertEquals(Inspection.Status.ABSENT, inspect(rig, l0, g, 1, Gsid.NIA).status());
    assertEquals(Inspection.Status.ABSENT, inspect(rig, l0, g + 7, 0, Gsid.NIA).status());
    expectSuccess(rig.delete(0, g));
    assertEquals(Inspection.Status.ABSENT, inspect(rig, e.route(), g, 0, Gsid.NIA).status());
    assertEquals(Inspection.Status.ABSENT, inspect(rig, l0, g, 0, Gsid.NIA).status());
  }
}
