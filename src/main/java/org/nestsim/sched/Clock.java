package org.nestsim.sched;

import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The actor that owns a run's {@link SimClock} and grants quanta to the vCPUs that run (DESIGN.md,
 * "Simulated time"). A vCPU {@linkplain Join joins} when a run starts and gets a {@link Grant} for the
 * current quantum; it runs up to the quantum's end and reports {@link Finished}; once every joined vCPU
 * has finished, the clock moves to the next quantum and grants it to each of them, in (guest, vCPU)
 * order. A vCPU that will not run for now {@linkplain Leave leaves}.
 *
 * <p>While no vCPU is joined the clock stands still: an L1's or a script's work between runs takes no
 * simulated time. Deterministic: no wall clock, no Pekko timer; grants go out in key order.
 */
public final class Clock extends AbstractBehavior<Clock.Command> {

  /** The clock's protocol. */
  public sealed interface Command permits Join, Finished, Leave, Now, WatchLimits {}

  /** Makes a grant message of the participant's own protocol, so that no adapter is needed. */
  @FunctionalInterface
  public interface GrantFactory<M> {
    /** The message granting quantum [{@code start}, {@code end}). */
    M grant(long start, long end);
  }

  /**
   * A vCPU becomes runnable; the clock answers at once with the current quantum. Joining again while
   * joined is the same as joining once.
   */
  public record Join<M>(VcpuKey key, ActorRef<M> participant, GrantFactory<M> factory) implements Command {}

  /** A joined vCPU reached the end of its quantum. */
  public record Finished(VcpuKey key) implements Command {}

  /** A vCPU stops running (exited and released, halted, deleted); unknown keys are ignored. */
  public record Leave(VcpuKey key) implements Command {}

  /** Asks for the current quantum start (the L1 timebase a script step sees). */
  public record Now(ActorRef<Long> replyTo) implements Command {}

  /**
   * Stops granting quanta once simulated time reaches {@code time} (0: no time limit) or the quanta
   * granted so far could have run {@code instructions} L2 instructions (each grant of a quantum counts
   * as quantum ÷ ticks-per-instruction instructions, an upper bound of what the vCPU ran in it), and
   * tells {@code listener} which limit was reached, once. The run's vCPUs then wait, and the run's
   * driver ends the run.
   */
  public record WatchLimits(long instructions, long time, int ticksPerInstruction,
      ActorRef<LimitReached> listener) implements Command {}

  /** A limit of {@link WatchLimits} was reached at simulated time {@code now}. */
  public record LimitReached(String limit, long value, long now) {}

  private record Participant<M>(ActorRef<M> ref, GrantFactory<M> factory) {
    void grant(long start, long end) {
      ref.tell(factory.grant(start, end));
    }
  }

  private final SimClock<Void> clock;
  private final Map<VcpuKey, Participant<?>> participants = new HashMap<>();
  private WatchLimits limits;
  private long instructionsGranted;
  private boolean stopped;

  private Clock(ActorContext<Command> context, long quantumTicks) {
    super(context);
    this.clock = new SimClock<>(quantumTicks);
    clock.beginQuantum();
  }

  /** A clock at time 0 with quanta of {@code quantumTicks}. */
  public static Behavior<Command> create(long quantumTicks) {
    return Behaviors.setup(context -> new Clock(context, quantumTicks));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Join.class, this::onJoin)
        .onMessage(Finished.class, this::onFinished)
        .onMessage(Leave.class, this::onLeave)
        .onMessage(Now.class, this::onNow)
        .onMessage(WatchLimits.class, w -> {
          limits = w;
          return this;
        })
        .build();
  }

  private Behavior<Command> onJoin(Join<?> join) {
    Participant<?> p = participant(join);
    participants.put(join.key(), p);
    clock.registerRunnable(join.key().guest(), join.key().vcpu());
    if (!stopped) {
      p.grant(clock.now(), clock.quantumEnd());
      countGrants(1);
    }
    return this;
  }

  private static <M> Participant<M> participant(Join<M> join) {
    return new Participant<>(join.participant(), join.factory());
  }

  private Behavior<Command> onFinished(Finished finished) {
    VcpuKey key = finished.key();
    if (participants.containsKey(key)) {
      clock.finishedQuantum(key.guest(), key.vcpu());
      advanceWhileDone();
    }
    return this;
  }

  private Behavior<Command> onLeave(Leave leave) {
    VcpuKey key = leave.key();
    if (participants.remove(key) != null) {
      clock.unregisterRunnable(key.guest(), key.vcpu());
      advanceWhileDone();
    }
    return this;
  }

  private Behavior<Command> onNow(Now now) {
    now.replyTo().tell(clock.now());
    return this;
  }

  /** Moves on once every joined vCPU finished, and grants the new quantum to each of them. */
  private void advanceWhileDone() {
    if (stopped || participants.isEmpty() || !clock.allFinished()) {
      return;
    }
    if (!clock.advance()) {
      return;
    }
    clock.beginQuantum();
    long start = clock.now();
    long end = clock.quantumEnd();
    if (limitReached(start)) {
      return;
    }
    for (VcpuKey key : clock.runnable()) {
      participants.get(key).grant(start, end);
    }
    countGrants(participants.size());
  }

  private void countGrants(int grants) {
    if (limits != null) {
      instructionsGranted += grants * (clock.quantumTicks() / limits.ticksPerInstruction());
    }
  }

  /** Whether a watched limit stops the run at the quantum starting at {@code start}. */
  private boolean limitReached(long start) {
    if (limits == null) {
      return false;
    }
    if (limits.time() > 0 && start >= limits.time()) {
      stop("time", limits.time(), start);
    } else if (instructionsGranted >= limits.instructions()) {
      stop("instructions", limits.instructions(), start);
    }
    return stopped;
  }

  private void stop(String limit, long value, long now) {
    stopped = true;
    limits.listener().tell(new LimitReached(limit, value, now));
  }
}
