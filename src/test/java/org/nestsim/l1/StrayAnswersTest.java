package org.nestsim.l1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.nestsim.l0.L0Protocol;
import org.nestsim.l0.L0Supervisor;
import org.nestsim.memory.SparseMemory;
import org.nestsim.sched.Clock;
import org.nestsim.stress.StressPlan;

/**
 * The oracle's checks of the L0's answers, against an L0 that misbehaves on purpose: a proxy in front of
 * the real one answers one run twice, or delivers an exit to a runner after its guest was deleted.
 */
class StrayAnswersTest {
  private static final ActorTestKit KIT = ActorTestKit.create();

  @AfterAll
  static void shutDown() {
    KIT.shutdownTestKit();
  }

  /** What the proxy does with the answer to a run. */
  private interface Mischief {
    /** Delivers {@code exit} to {@code replyTo} (once, twice, later…). */
    void deliver(L0Protocol.VcpuExited exit, ActorRef<L0Protocol.RunResult> replyTo);

    /** A request passed through the proxy. */
    default void saw(L0Protocol.Request request) {}
  }

  /**
   * Forwards every request to {@code l0}; routes the answers to runs through {@code mischief}, with the
   * exit's route pointing back at the proxy, so that every later request passes it too.
   */
  private static Behavior<L0Protocol.Request> proxy(ActorRef<L0Protocol.Request> l0, Mischief mischief) {
    return Behaviors.setup(context -> Behaviors.receiveMessage(request -> {
      mischief.saw(request);
      if (request instanceof L0Protocol.RunVcpu run) {
        ActorRef<L0Protocol.RunResult> answer = context.spawnAnonymous(Behaviors.receiveMessage(result -> {
          if (result instanceof L0Protocol.VcpuExited e) {
            mischief.deliver(new L0Protocol.VcpuExited(e.guest(), e.vcpu(), e.vector(), e.output(), e.time(),
                e.instructions(), context.getSelf()), run.replyTo());
          } else {
            run.replyTo().tell(result);
          }
          return Behaviors.stopped();
        }));
        l0.tell(new L0Protocol.RunVcpu(run.flags(), run.guest(), run.vcpu(), answer));
      } else {
        l0.tell(request);
      }
      return Behaviors.same();
    }));
  }

  private static L1Report run(StressPlan stress, Mischief mischief) {
    SparseMemory memory = new SparseMemory(stress.l1Memory());
    ActorRef<Clock.Command> clock = KIT.spawn(Clock.create(stress.l0().quantumTicks()));
    ActorRef<L0Protocol.Command> l0 = KIT.spawn(L0Supervisor.create(stress.l0(), memory, clock));
    ActorRef<L0Protocol.Request> front = KIT.spawn(proxy(l0.narrow(), mischief));
    TestProbe<L1Report> done = KIT.createTestProbe();
    KIT.spawn(KvmL1.create(stress.plan(), memory, front, clock, null, done.getRef()));
    return done.expectMessageClass(L1Report.class, Duration.ofSeconds(60));
  }

  private static StressPlan plan(List<String> faults) {
    return StressPlan.of(new StressPlan.Options(2, 2, "hcall", 0, 0, false, 7, false, L1Bug.NONE, true, faults));
  }

  private static List<String> outcomes(L1Report report) {
    List<String> all = new java.util.ArrayList<>();
    report.violations().forEach(v -> all.add(v.outcome()));
    report.vcpus().forEach(v -> all.addAll(v.violations().keySet()));
    return all;
  }

  @Test
  void shouldPassWhenTheProxyChangesNothing() {
    L1Report report = run(plan(List.of()), (exit, replyTo) -> replyTo.tell(exit));
    assertEquals("halted", report.end());
    assertEquals(List.of(), outcomes(report));
  }

  @Test
  void shouldReportARunAnsweredTwice() {
    AtomicInteger exits = new AtomicInteger();
    L1Report report = run(plan(List.of()), (exit, replyTo) -> {
      replyTo.tell(exit);
      if (exits.incrementAndGet() == 20) {
        replyTo.tell(exit);
      }
    });
    assertEquals("violation", report.end());
    assertEquals(List.of("unexpected-answer"), outcomes(report));
  }

  @Test
  void shouldReportAnExitDeliveredAfterTheGuestWasDeleted() {
    // Keep an early exit of guest 1; send it again once guest 1's delete has passed (its runners stopped).
    java.util.concurrent.atomic.AtomicReference<Runnable> late = new java.util.concurrent.atomic.AtomicReference<>();
    L1Report report = run(plan(List.of("delete")), new Mischief() {
      @Override
      public void deliver(L0Protocol.VcpuExited exit, ActorRef<L0Protocol.RunResult> replyTo) {
        replyTo.tell(exit);
        if (late.get() == null && exit.guest().value() == 1) {
          late.set(() -> replyTo.tell(exit));
        }
      }

      @Override
      public void saw(L0Protocol.Request request) {
        if (request instanceof L0Protocol.DeleteGuest d && d.guest() == 1 && late.get() != null) {
          late.getAndSet(() -> { }).run();
        }
      }
    });
    assertEquals(List.of("answer-after-stop"), outcomes(report));
    assertEquals("violation", report.end());
  }
}
