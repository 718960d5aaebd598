package org.nestsim.sched;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The one simulated L1 timebase of a run (DESIGN.md, "Simulated time"), advancing in quanta of {@code
 * quantumTicks} ticks aligned on multiples of the quantum from 0.
 *
 * <h2>A quantum</h2>
 * The current quantum is [{@link #now()}, {@link #quantumEnd()}). The driver (later the run's actors)
 * calls {@link #beginQuantum()} once at its start boundary and applies the cross-vCPU events it returns,
 * in order; it then lets each {@linkplain #runnable() runnable} vCPU run its interpreter up to the
 * quantum's end ({@code Interpreter.runSlice(budget, quantumEnd())}: a vCPU's own deadlines are exact
 * against its local time and never go through this clock while it runs). Each runnable vCPU reports
 * {@link #finishedQuantum} when it reached the end or stopped; a vCPU that stops to wait for its L1 is
 * {@linkplain #unregisterRunnable unregistered}, and may be registered again in the same quantum (the
 * L1's handling takes no simulated time), when it must finish the quantum again. Once {@link
 * #allFinished()}, {@link #advance()} moves to the next quantum.
 *
 * <h2>Events, deadlines and idle time</h2>
 * An event at time {@code t} takes effect at the first boundary at or after {@code t}: an event inside
 * the current quantum waits for its end. A {@linkplain #setDeadline deadline} is a not-running vCPU's
 * timer (a ceded vCPU's decrementer): it is due in the quantum that contains it, and {@link
 * #takeDueDeadlines()} hands it to the driver once, at that quantum's start, so that the vCPU runs from
 * there and meets its timer exactly; a deadline set for a time the current quantum has already covered
 * (the vCPU ceded after it) is due at the next boundary, like any wake-up. When no vCPU is runnable,
 * {@code advance} jumps over the idle quanta, to the earlier of the boundary where the next event takes
 * effect and the quantum where the earliest deadline is due. With neither, the run is quiescent: {@code
 * advance} returns false and the clock stays where it is.
 *
 * <p>Deterministic by construction: no wall clock, runnable vCPUs and deadlines kept in (guest, vCPU)
 * order, events in {@link SimEvent#ORDER}. Plain Java, not thread-safe: one actor owns the clock.
 * Times near {@code Long.MAX_VALUE} are safe: a quantum end that would overflow is {@code
 * Long.MAX_VALUE}.
 *
 * @param <T> the event payload type
 */
public final class SimClock<T> {
  private final long quantumTicks;
  private final EventQueue<T> events = new EventQueue<>();
  private final TreeSet<VcpuKey> runnable = new TreeSet<>();
  private final TreeSet<VcpuKey> finished = new TreeSet<>();
  private final Map<VcpuKey, Long> deadlines = new TreeMap<>();
  private long start;
  private boolean begun;

  /**
   * A clock at time 0, in its first quantum, not yet begun.
   *
   * @param quantumTicks the quantum in L1 timebase ticks, positive (for example 10,000)
   */
  public SimClock(long quantumTicks) {
    if (quantumTicks <= 0) {
      throw new IllegalArgumentException("quantum must be positive: " + quantumTicks);
    }
    this.quantumTicks = quantumTicks;
  }

  /** The quantum size in ticks. */
  public long quantumTicks() {
    return quantumTicks;
  }

  /** The current time: the start boundary of the current quantum. */
  public long now() {
    return start;
  }

  /** The end (exclusive) of the current quantum: the {@code until} of the vCPUs' slices. */
  public long quantumEnd() {
    return saturatingAdd(start, quantumTicks);
  }

  /**
   * Schedules a cross-vCPU event; it takes effect at the first boundary at or after {@code time}.
   *
   * @throws IllegalArgumentException if {@code time} is before {@link #now()}
   */
  public SimEvent<T> schedule(long time, EventKind kind, int guest, int vcpu, T payload) {
    if (time < start) {
      throw new IllegalArgumentException("event at " + time + " is in the past (now " + start + ")");
    }
    return events.schedule(time, kind, guest, vcpu, payload);
  }

  /** Cancels a pending event; false if it was already delivered or cancelled. */
  public boolean cancel(SimEvent<T> event) {
    return events.cancel(event);
  }

  /** The number of pending events. */
  public int pendingEvents() {
    return events.size();
  }

  /**
   * Starts the current quantum: forgets who finished the previous one and returns the events due at
   * this boundary (time at most {@link #now()}), in delivery order.
   *
   * @throws IllegalStateException if called twice in one quantum
   */
  public List<SimEvent<T>> beginQuantum() {
    if (begun) {
      throw new IllegalStateException("quantum at " + start + " already begun");
    }
    begun = true;
    finished.clear();
    return events.pollDue(start);
  }

  /**
   * The next event due at this boundary that was scheduled while handling the others (same time, a
   * later kind), or null; lets the driver keep delivering in order after {@link #beginQuantum()}.
   */
  public SimEvent<T> pollNextDue() {
    return events.pollNextDue(start);
  }

  /** Makes a vCPU runnable: it must finish every quantum until unregistered. */
  public void registerRunnable(int guest, int vcpu) {
    VcpuKey key = new VcpuKey(guest, vcpu);
    runnable.add(key);
    finished.remove(key);
  }

  /** Makes a vCPU not runnable (ceded, halted, waiting for its L1, deleted). */
  public void unregisterRunnable(int guest, int vcpu) {
    VcpuKey key = new VcpuKey(guest, vcpu);
    runnable.remove(key);
    finished.remove(key);
  }

  /** Whether the vCPU is registered as runnable. */
  public boolean isRunnable(int guest, int vcpu) {
    return runnable.contains(new VcpuKey(guest, vcpu));
  }

  /** The runnable vCPUs in (guest, vCPU) order: the order in which to grant them the quantum. */
  public List<VcpuKey> runnable() {
    return new ArrayList<>(runnable);
  }

  /**
   * A runnable vCPU reached the quantum's end or stopped.
   *
   * @throws IllegalStateException if it is not runnable or already reported this quantum
   */
  public void finishedQuantum(int guest, int vcpu) {
    VcpuKey key = new VcpuKey(guest, vcpu);
    if (!runnable.contains(key)) {
      throw new IllegalStateException(key + " finished a quantum but is not runnable");
    }
    if (!finished.add(key)) {
      throw new IllegalStateException(key + " finished the quantum at " + start + " twice");
    }
  }

  /** Whether every runnable vCPU has finished the current quantum (true when none is runnable). */
  public boolean allFinished() {
    return finished.size() == runnable.size();
  }

  /** Sets (or replaces) a vCPU's deadline: an absolute time at which it must run, even if idle. */
  public void setDeadline(int guest, int vcpu, long time) {
    if (time < 0) {
      throw new IllegalArgumentException("negative deadline " + time);
    }
    deadlines.put(new VcpuKey(guest, vcpu), time);
  }

  /**
   * The vCPUs whose deadline is due in the current quantum (before {@link #quantumEnd()}), in (guest,
   * vCPU) order; each deadline is handed out once and then forgotten. The driver calls it right after
   * {@link #beginQuantum()} and wakes those vCPUs.
   */
  public List<VcpuKey> takeDueDeadlines() {
    long end = quantumEnd();
    List<VcpuKey> due = new ArrayList<>();
    deadlines.entrySet().removeIf(e -> {
      if (e.getValue() < end) {
        due.add(e.getKey());
        return true;
      }
      return false;
    });
    return due;
  }

  /** Removes a vCPU's deadline, if any. */
  public void clearDeadline(int guest, int vcpu) {
    deadlines.remove(new VcpuKey(guest, vcpu));
  }

  /** A vCPU's deadline, or empty. */
  public OptionalLong deadline(int guest, int vcpu) {
    Long time = deadlines.get(new VcpuKey(guest, vcpu));
    return time == null ? OptionalLong.empty() : OptionalLong.of(time);
  }

  /**
   * Moves to the next quantum: the one right after this if a vCPU is runnable, else the first quantum
   * where an event or deadline needs simulated time (see the class comment). A deadline not yet taken
   * whose time this quantum has covered is due at the next boundary.
   *
   * @return false when quiescent (nothing runnable, no event, no future deadline); the clock is then
   *     unchanged
   * @throws IllegalStateException if the quantum was not begun or a runnable vCPU has not finished it
   */
  public boolean advance() {
    if (!begun) {
      throw new IllegalStateException("quantum at " + start + " was never begun");
    }
    if (!allFinished()) {
      throw new IllegalStateException("quantum at " + start + ": runnable " + runnable + ", finished "
          + finished);
    }
    long end = quantumEnd();
    long next = end;
    if (runnable.isEmpty()) {
      long target = idleTarget(end);
      if (target < 0) {
        return false;
      }
      next = Math.max(end, target);
    }
    if (next == start) {
      // Only at the saturated last quantum, where the timebase cannot go further.
      return false;
    }
    start = next;
    begun = false;
    finished.clear();
    return true;
  }

  /** The earliest quantum start at or after {@code end} needed by an event or a deadline; -1 if none. */
  private long idleTarget(long end) {
    long target = -1;
    OptionalLong eventTime = events.peekTime();
    if (eventTime.isPresent()) {
      target = boundaryAtOrAfter(eventTime.getAsLong());
    }
    for (long deadline : deadlines.values()) {
      long quantum = deadline < end ? end : deadline - deadline % quantumTicks;
      target = target < 0 ? quantum : Math.min(target, quantum);
    }
    return target;
  }

  /** The first quantum boundary at or after {@code time}; {@code Long.MAX_VALUE} past the last one. */
  private long boundaryAtOrAfter(long time) {
    long floor = time - time % quantumTicks;
    return floor == time ? floor : saturatingAdd(floor, quantumTicks);
  }

  private static long saturatingAdd(long a, long b) {
    return a > Long.MAX_VALUE - b ? Long.MAX_VALUE : a + b;
  }
}
