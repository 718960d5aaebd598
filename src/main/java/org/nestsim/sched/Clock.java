package org.nestsim.sched;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The actor that owns a run's {@link SimClock} (DESIGN.md, "Simulated time"): it grants quanta to the
 * vCPUs that run, delivers scheduled events at quantum boundaries, and moves time on only when nobody
 * can still act at the current time.
 *
 * <h2>Participants and holds</h2>
 * A vCPU {@linkplain Join joins} when a run starts and gets a {@link Grant} for the current quantum; it
 * runs up to the quantum's end and reports {@link Finished}; once every joined vCPU has finished, the
 * clock moves to the next quantum and grants it to each of them, in (guest, vCPU) order. A vCPU that
 * will not run for now {@linkplain Leave leaves}.
 *
 * <p>Work an L1 does takes no simulated time, so time must not move while an L1 may still start a run
 * "now". A <em>hold</em> on a key says so: an explicit {@link Hold}, and every delivered event, holds
 * its key until the key {@linkplain Join joins}, {@linkplain Leave leaves} or is {@linkplain Ack
 * acknowledged}. An L1 that wakes a vCPU on an event thus keeps the clock at the event's boundary until
 * the vCPU has joined, whatever order the messages take. Keys of guest 0 are the L1's own (guest ids
 * start at 1).
 *
 * <h2>Idle time</h2>
 * With no hold, every joined vCPU finished and nobody joined, the clock jumps to the boundary of the
 * next event; with no event either, the run is quiescent ({@link WatchLimits} may ask to hear of it).
 * Deterministic: no wall clock, no Pekko timer; events in {@link SimEvent#ORDER}, grants in key order.
 */
public final class Clock extends AbstractBehavior<Clock.Command> {

  /** The clock's protocol. */
  public sealed interface Command permits Join, Finished, Leave, Hold, Ack, Schedule, Now, WatchLimits {}

  /** Makes a grant message of the participant's own protocol, so that no adapter is needed. */
  @FunctionalInterface
  public interface GrantFactory<M> {
    /** The message granting quantum [{@code start}, {@code end}). */
    M grant(long start, long end);
  }

  /**
   * A vCPU becomes runnable; the clock answers at once with the current quantum. Clears a hold on the
   * key. Joining again while joined is the same as joining once.
   */
  public record Join<M>(VcpuKey key, ActorRef<M> participant, GrantFactory<M> factory) implements Command {}

  /** A joined vCPU reached the end of its quantum. */
  public record Finished(VcpuKey key) implements Command {}

  /** A vCPU stops running (exited and released, halted, deleted); clears a hold on the key. */
  public record Leave(VcpuKey key) implements Command {}

  /** Time must not move until {@code key} joins, leaves or is acknowledged. */
  public record Hold(VcpuKey key) implements Command {}

  /** Clears the hold on {@code key} (an event handled without a run); unknown keys are ignored. */
  public record Ack(VcpuKey key) implements Command {}

  /**
   * Delivers {@code message} to {@code target} at the first quantum boundary at or after {@code time}
   * (a time already past: the next boundary), in (time, kind, holder, serial) order, and holds {@code
   * holder} from then on.
   */
  public record Schedule<M>(long time, EventKind kind, VcpuKey holder, ActorRef<M> target, M message)
      implements Command {}

  /** Asks for the current quantum start (the L1 timebase a script step sees). */
  public record Now(ActorRef<Long> replyTo) implements Command {}

  /**
   * Stops granting quanta once simulated time reaches {@code time} (0: no time limit) or the quanta
   * granted so far could have run {@code instructions} L2 instructions (each grant of a quantum counts
   * as quantum ÷ ticks-per-instruction instructions, an upper bound of what the vCPU ran in it), and
   * tells {@code listener} which limit was reached, once. With {@code reportQuiescence}, also tells it
   * when the run is quiescent ({@code "quiescent"}). The run's driver then ends the run.
   */
  public record WatchLimits(long instructions, long time, int ticksPerInstruction,
      ActorRef<LimitReached> listener, boolean reportQuiescence) implements Command {
    /** Limits without quiescence reports. */
    public WatchLimits(long instructions, long time, int ticksPerInstruction, ActorRef<LimitReached> listener) {
      this(instructions, time, ticksPerInstruction, listener, false);
    }
  }

  /** A limit of {@link WatchLimits} was reached (or the run became quiescent) at time {@code now}. */
  public record LimitReached(String limit, long value, long now) {}

  private record Participant<M>(ActorRef<M> ref, GrantFactory<M> factory) {
    void grant(long start, long end) {
      ref.tell(factory.grant(start, end));
    }
  }

  private record Delivery<M>(ActorRef<M> target, M message) {
    void deliver() {
      target.tell(message);
    }
  }

  private final SimClock<Delivery<?>> clock;
  private final Map<VcpuKey, Participant<?>> participants = new HashMap<>();
  private final Set<VcpuKey> holds = new HashSet<>();
  private WatchLimits limits;
  private long instructionsGranted;
  private boolean stopped;
  private boolean quiescenceReported;

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
        .onMessage(Hold.class, h -> {
          holds.add(h.key());
          return this;
        })
        .onMessage(Ack.class, a -> {
          holds.remove(a.key());
          // Whoever held the clock may have been busy when quiescence was reported: say it again.
          quiescenceReported = false;
          return advance();
        })
        .onMessage(Schedule.class, this::onSchedule)
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
    holds.remove(join.key());
    clock.registerRunnable(join.key().guest(), join.key().vcpu());
    if (stopped) {
      // The run is over: an empty quantum, so that the vCPU reaches its end at once and a kick ends it.
      p.grant(clock.now(), clock.now());
    } else {
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
      return advance();
    }
    return this;
  }

  private Behavior<Command> onLeave(Leave leave) {
    VcpuKey key = leave.key();
    holds.remove(key);
    if (participants.remove(key) != null) {
      clock.unregisterRunnable(key.guest(), key.vcpu());
    }
    return advance();
  }

  private Behavior<Command> onSchedule(Schedule<?> s) {
    long time = Math.max(s.time(), clock.now());
    clock.schedule(time, s.kind(), s.holder().guest(), s.holder().vcpu(), delivery(s));
    quiescenceReported = false;
    return this;
  }

  private static <M> Delivery<M> delivery(Schedule<M> s) {
    return new Delivery<>(s.target(), s.message());
  }

  private Behavior<Command> onNow(Now now) {
    now.replyTo().tell(clock.now());
    return this;
  }

  /**
   * Moves on while nothing holds the current time: to the next quantum when every joined vCPU has
   * finished it, or, with none joined, to the next event's boundary; delivers the events due there and
   * grants the quantum.
   */
  private Behavior<Command> advance() {
    while (!stopped && holds.isEmpty() && clock.allFinished()) {
      if (participants.isEmpty() && clock.pendingEvents() == 0) {
        reportQuiescence();
        return this;
      }
      if (!clock.advance()) {
        reportQuiescence();
        return this;
      }
      List<SimEvent<Delivery<?>>> due = clock.beginQuantum();
      long start = clock.now();
      if (limitReached(start)) {
        return this;
      }
      for (SimEvent<Delivery<?>> e : due) {
        holds.add(new VcpuKey(e.guest(), e.vcpu()));
        e.payload().deliver();
      }
      long end = clock.quantumEnd();
      for (VcpuKey key : clock.runnable()) {
        participants.get(key).grant(start, end);
      }
      countGrants(participants.size());
      if (!participants.isEmpty()) {
        return this;
      }
    }
    return this;
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

  private void reportQuiescence() {
    if (limits != null && limits.reportQuiescence() && !quiescenceReported) {
      quiescenceReported = true;
      limits.listener().tell(new LimitReached("quiescent", 0, clock.now()));
    }
  }

  private void stop(String limit, long value, long now) {
    stopped = true;
    limits.listener().tell(new LimitReached(limit, value, now));
  }
}
