package org.nestsim.l0;

import java.util.List;

/**
 * The preemption faults of one vCPU (scenario-format.md, "Faults"): {@code preempt-every: N} ends a run
 * each time the vCPU's running time reaches a multiple of N ticks; {@code preempt-at: [t…]} ends a run
 * once when the vCPU's L1 timebase reaches each t. Both are exact against the vCPU's local time: {@link
 * #until} bounds the next slice, {@link #due} says whether the slice ended at one.
 */
final class Preemption {
  private final long every;
  private final List<Long> at;
  /** Ticks executed inside runs. */
  private long runTicks;
  /** The running time of the next {@code preempt-every} exit. */
  private long nextEvery;
  private int atIndex;

  /** No preemption fault: never written, so every vCPU of a run without faults shares it. */
  private static final Preemption NONE = new Preemption(0, List.of());

  private Preemption(long every, List<Long> at) {
    this.every = every;
    this.at = at;
    this.nextEvery = every;
  }

  /** The preemption state of a new vCPU: {@code every} ticks of running time (0: none), and {@code at} times. */
  static Preemption of(long every, List<Long> at) {
    return every == 0 && at.isEmpty() ? NONE : new Preemption(every, at);
  }

  /** The local time at which the slice starting at {@code now} must stop for a preemption. */
  long until(long now) {
    long byEvery = every > 0 ? now + (nextEvery - runTicks) : Long.MAX_VALUE;
    return Math.min(byEvery, atIndex < at.size() ? at.get(atIndex) : Long.MAX_VALUE);
  }

  /**
   * Forgets the {@code preempt-at} times before {@code now}: they passed while the vCPU was not
   * running (before its run, or while the clock moved on without it), so they end no run.
   */
  void skipPassed(long now) {
    while (atIndex < at.size() && at.get(atIndex) < now) {
      atIndex++;
    }
  }

  /**
   * Accounts a slice that ran {@code ticks} and ended at local time {@code now}; true when a
   * preemption is due there (it is then consumed).
   */
  boolean due(long ticks, long now) {
    boolean due = false;
    if (every > 0) {
      runTicks += ticks;
      if (runTicks >= nextEvery) {
        nextEvery += every;
        due = true;
      }
    }
    if (atIndex < at.size() && now >= at.get(atIndex)) {
      while (atIndex < at.size() && at.get(atIndex) <= now) {
        atIndex++;
      }
      due = true;
    }
    return due;
  }
}
