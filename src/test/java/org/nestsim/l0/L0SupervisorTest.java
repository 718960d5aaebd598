package org.nestsim.l0;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.nestsim.gsb.Gsid;
import org.nestsim.hcall.ReturnCode;
import org.nestsim.l0.L0Protocol.VcpuExited;

class L0SupervisorTest {
  static final ActorTestKit KIT = ActorTestKit.create();

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  @Test
  void shouldRunAVcpuToItsHcallExit() throws Exception {
    L0Rig rig = new L0Rig(KIT, L0Config.DEFAULT);
    long g = rig.readyGuest(1, 0x100, "li 4,7\nli 3,0x58\nsc 1\n");
    VcpuExited exit = assertInstanceOf(VcpuExited.class, rig.run(0, g, 0));
    assertEquals(0xC00, exit.vector());
    assertEquals(0x58, exit.output().register(Gsid.gpr(3)).getAsLong());
    assertEquals(7, exit.output().register(Gsid.gpr(4)).getAsLong());
    rig.get(0, g, 0, w -> w.putBe64(Gsid.NIA, 0));
    assertEquals(0x10C, rig.got(Gsid.NIA));
  }

  @Test
  void shouldAnswerH_P2ForAnUnknownGuest() {
    L0Rig rig = new L0Rig(KIT, L0Config.DEFAULT);
    L0Protocol.RunResult r = rig.run(0, 9, 0);
    assertEquals(ReturnCode.H_P2.value(), r.result().rc());
  }
}
