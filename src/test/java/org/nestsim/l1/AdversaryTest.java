package org.nestsim.l1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.nestsim.gsb.GsbReader;
import org.nestsim.gsb.GsbWriter;
import org.nestsim.gsb.Gsid;
import org.nestsim.hcall.HcallResult;
import org.nestsim.hcall.ReturnCode;
import org.nestsim.l0.L0Protocol;
import org.nestsim.memory.SparseMemory;
import org.nestsim.sched.Clock;

/**
 * The adversary's checks against a scripted L0 (a probe): an answer outside what the spec allows, a
 * second answer, and a rejected SET that left its value behind are each told to the host.
 */
class AdversaryTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final long BUFFER = 0x10_000;

  private final SparseMemory memory = new SparseMemory(1 << 20);
  private final TestProbe<L0Protocol.Request> l0 = KIT.createTestProbe();
  private final TestProbe<Clock.Command> clock = KIT.createTestProbe();
  private final TestProbe<KvmL1.Command> host = KIT.createTestProbe();

  @AfterAll
  static void shutDown() {
    KIT.shutdownTestKit();
  }

  private ActorRef<Adversary.Command> spawn(long seed) {
    return KIT.spawn(Adversary.create(new Adversary.KvmL1Link(l0.getRef(), clock.getRef(), host.getRef(), memory), 0, seed,
        BUFFER, 1, Long.MAX_VALUE, 2, 2));
  }

  /** Delivers the adversary's next scheduled act and returns the request it makes (kicks are skipped). */
  private L0Protocol.Request nextRequest() {
    while (true) {
      Clock.Command c = clock.expectMessageClass(Clock.Command.class);
      while (!(c instanceof Clock.Schedule<?> s)) {
        c = clock.expectMessageClass(Clock.Command.class);
      }
      deliver(s);
      L0Protocol.Request r = l0.expectMessageClass(L0Protocol.Request.class);
      if (!(r instanceof L0Protocol.Kick)) {
        return r;
      }
    }
  }

  private static <M> void deliver(Clock.Schedule<M> s) {
    s.target().tell(s.message());
  }

  /** Answers {@code r} with {@code rc}. */
  private static void answer(L0Protocol.Request r, long rc) {
    HcallResult result = HcallResult.of(ReturnCode.fromValue(rc).orElseThrow());
    if (r instanceof L0Protocol.RunVcpu run) {
      run.replyTo().tell(new L0Protocol.RunFailed(result));
    } else if (r instanceof L0Protocol.GetState g) {
      g.replyTo().tell(result);
    } else if (r instanceof L0Protocol.SetState s) {
      s.replyTo().tell(result);
    } else if (r instanceof L0Protocol.DeleteGuest d) {
      d.replyTo().tell(result);
    } else {
      throw new AssertionError("unexpected " + r);
    }
  }

  /** An answer the adversary accepts for {@code r}. */
  private static long allowed(L0Protocol.Request r) {
    if (r instanceof L0Protocol.RunVcpu run && run.flags() != 0) {
      return ReturnCode.H_PARAMETER.value();
    }
    if (r instanceof L0Protocol.DeleteGuest d && d.flags() != 0) {
      return ReturnCode.H_UNSUPPORTED_FLAG.value();
    }
    return ReturnCode.H_P2.value();
  }

  /** Answers {@code r} as allowed, and the read-back that follows a rejected SET with {@code H_P2}. */
  private void answerFully(L0Protocol.Request r) {
    answer(r, allowed(r));
    if (r instanceof L0Protocol.SetState s && s.size() > 20) {
      answer(l0.expectMessageClass(L0Protocol.GetState.class), ReturnCode.H_P2.value());
    }
  }

  private L1Report.Violation violation() {
    KvmL1.Violated v = host.expectMessageClass(KvmL1.Violated.class);
    return v.violation();
  }

  @Test
  void shouldReportAnAnswerTheSpecDoesNotAllow() {
    spawn(1);
    answer(nextRequest(), ReturnCode.H_HARDWARE.value());
    assertEquals("bad-answer", violation().outcome());
  }

  @Test
  void shouldAcceptAllowedAnswersAndReportASecondAnswer() {
    spawn(2);
    for (int i = 0; i < 20; i++) {
      L0Protocol.Request r = nextRequest();
      answerFully(r);
      if (!(r instanceof L0Protocol.SetState)) {
        host.expectNoMessage(Duration.ofMillis(20));
        answer(r, allowed(r));
        assertEquals("double-answer", violation().outcome());
        return;
      }
    }
    throw new AssertionError("no GET, RUN or DELETE in 20 acts");
  }

  @Test
  void shouldReportARejectedSetWhoseValueStayed() {
    spawn(3);
    for (int i = 0; i < 40; i++) {
      L0Protocol.Request r = nextRequest();
      if (r instanceof L0Protocol.SetState s && s.size() > 20) {
        long offered = sprg2(s.address(), (int) s.size());
        s.replyTo().tell(HcallResult.of(ReturnCode.H_INVALID_ELEMENT_ID));
        L0Protocol.GetState back = l0.expectMessageClass(L0Protocol.GetState.class);
        ByteBuffer b = ByteBuffer.allocate(64);
        int length = new GsbWriter().wrap(b, 0, 64).putRegister(Gsid.SPRG2, offered).length();
        memory.write(back.address(), b.array(), 0, length);
        back.replyTo().tell(HcallResult.of(ReturnCode.H_SUCCESS));
        L1Report.Violation v = violation();
        assertEquals("half-applied", v.outcome());
        assertTrue(v.detail().contains(Long.toHexString(offered)), v.detail());
        return;
      }
      answerFully(r);
    }
    throw new AssertionError("no rejected SET in 40 acts");
  }

  private long sprg2(long address, int size) {
    byte[] bytes = new byte[size];
    memory.read(address, bytes, 0, size);
    GsbReader reader = new GsbReader().wrap(ByteBuffer.wrap(bytes), 0, size);
    while (reader.next()) {
      if (reader.id() == Gsid.SPRG2) {
        return reader.be64();
      }
    }
    throw new AssertionError("no SPRG2 in the rejected SET");
  }

  @Test
  void shouldAnswerFinishWithTheRequestsMadeOnceNoneIsInFlight() {
    ActorRef<Adversary.Command> adversary = spawn(4);
    L0Protocol.Request r = nextRequest();
    TestProbe<Long> done = KIT.createTestProbe();
    adversary.tell(new Adversary.Finish(done.getRef()));
    done.expectNoMessage(Duration.ofMillis(50));
    answerFully(r);
    assertTrue(done.expectMessageClass(Long.class) >= 1);
    host.expectNoMessage(Duration.ofMillis(20));
  }
}
