package org.nestsim.l0;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nestsim.l0.L0Rig.TIMEOUT;
import static org.nestsim.l0.L0Rig.expect;
import static org.nestsim.l0.L0Rig.per;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nestsim.hcall.HcallResult;
import org.nestsim.hcall.ReturnCode;
import org.nestsim.l0.L0Protocol.CopyMemory;
import org.nestsim.l0.L0Protocol.HcallRequest;
import org.nestsim.l0.L0Protocol.OtherHcall;
import org.nestsim.l0.L0Protocol.Request;
import org.nestsim.l0.L0Protocol.RptInvalidate;
import org.nestsim.l0.L0Protocol.RunResult;
import org.nestsim.l0.L0Protocol.TlbInvalidate;
import org.nestsim.l0.L0Protocol.VcpuExited;
import org.nestsim.l0.L0Protocol.VcpuRequest;

/**
 * Every hcall of {@link L0Protocol} is answered exactly once, whatever its arguments (DESIGN.md: "every
 * request gets exactly one answer"), and the hcalls outside the {@code H_GUEST_*} family are answered
 * as spec §2.1, §2.10 and §6.6 say.
 */
class ProtocolCoverageTest {
  static final ActorTestKit KIT = ActorTestKit.create();
  static final long[] SPECIAL = {0, 1, 2, -1, Long.MIN_VALUE, Long.MAX_VALUE, 0x7FF, 0x800, 4096};

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldAnswerTranslationInvalidationPerProfile(Profile p) throws Exception {
    L0Rig rig = new L0Rig(KIT, p);
    long g = rig.readyGuest(1, 0x1000, "sc 1");
    ReturnCode rc = per(p, ReturnCode.H_SUCCESS, ReturnCode.H_FUNCTION);
    for (long lpid : List.of(g, 99L, 0L)) {
      expect(rc, rig.call(r -> new RptInvalidate(lpid, 0x1, 0x1, -1, 0, -1, r)));
      expect(rc, rig.call(r -> new TlbInvalidate(0, lpid, 0, r)));
    }
    // The guest still runs after its translations were dropped.
    assertEquals(0xC00, rig.exit(0, g, 0).vector());
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldAnswerCopyMemoryAndUnknownOpcodesWithH_FUNCTION(Profile p) {
    L0Rig rig = new L0Rig(KIT, p);
    expect(ReturnCode.H_FUNCTION, rig.call(r -> new CopyMemory(0, 1, 2, 3, 4, 5, r)));
    expect(ReturnCode.H_FUNCTION, rig.call(r -> new CopyMemory(-1, -1, -1, -1, -1, -1, r)));
    for (long opcode : List.of(0x468L, 0x46CL, 0x48CL, 0xF804L, 0L, -1L)) {
      expect(ReturnCode.H_FUNCTION, rig.call(r -> new OtherHcall(opcode, r)));
    }
  }

  /**
   * Each permitted hcall record, built by reflection with garbage in every {@code long} component,
   * sent to the supervisor (and, for the vCPU requests, also to a vCPU's cached route): one answer
   * each, of the right type, and nothing more.
   */
  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldAnswerEveryHcallExactlyOnceWhateverItsArguments(Profile p) throws Exception {
    L0Rig rig = new L0Rig(KIT, p);
    long g = rig.readyGuest(2, 0x1000, "1: sc 1\nb 1b");
    ActorRef<Request> route = rig.exit(0, g, 0).route();
    TestProbe<Object> answers = KIT.createTestProbe();
    Random random = new Random(7);
    Class<?>[] kinds = HcallRequest.class.getPermittedSubclasses();
    assertTrue(kinds.length >= 12, "hcall records found: " + kinds.length);
    int sent = 0;
    for (int round = 0; round < 40; round++) {
      for (Class<?> kind : kinds) {
        HcallRequest request = garbage(kind, random, answers.getRef());
        rig.l0.tell(request);
        receiveOne(answers, request, rig);
        sent++;
        if (request instanceof VcpuRequest) {
          route.tell(request);
          receiveOne(answers, request, rig);
          sent++;
        }
      }
    }
    answers.expectNoMessage(Duration.ofMillis(200));
    assertTrue(sent > 12 * 40);
  }

  private static void receiveOne(TestProbe<Object> answers, HcallRequest request, L0Rig rig) {
    Object answer = answers.receiveMessage(TIMEOUT);
    if (request instanceof L0Protocol.RunVcpu) {
      RunResult result = assertInstanceOf(RunResult.class, answer, request.toString());
      if (result instanceof VcpuExited e) {
        rig.release(e.guest().value(), e.vcpu().value());
      }
    } else {
      assertInstanceOf(HcallResult.class, answer, request.toString());
    }
  }

  /** A record of {@code kind} with a garbage value in each long and {@code replyTo} in the ref. */
  private static HcallRequest garbage(Class<?> kind, Random random, ActorRef<Object> replyTo) throws Exception {
    RecordComponent[] components = kind.getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    List<Object> args = new ArrayList<>();
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
      if (types[i] == long.class) {
        args.add(random.nextInt(3) == 0 ? random.nextLong() : SPECIAL[random.nextInt(SPECIAL.length)]);
      } else if (types[i] == ActorRef.class) {
        args.add(replyTo);
      } else {
        throw new AssertionError("unexpected component " + components[i] + " of " + kind);
      }
    }
    Constructor<?> canonical = kind.getDeclaredConstructor(types);
    return (HcallRequest) canonical.newInstance(args.toArray());
  }
}
