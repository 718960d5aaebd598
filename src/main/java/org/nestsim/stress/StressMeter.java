package org.nestsim.stress;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;
import org.apache.pekko.actor.typed.ActorRef;
import org.nestsim.l1.KvmL1;
import org.nestsim.l1.RunMonitor;

/**
 * What {@code nestsim stress} watches of a run while it goes on, read from other threads (the progress
 * line, the end of the run): exits, vCPUs running, plan events carried out, oracle violations — thread-safe
 * counters — and, when asked, the wall time of every exit round trip in HdrHistogram recorders; and the
 * way to end the run from outside ({@link #requestEnd()}, for {@code --duration}).
 *
 * <p><b>Wall clock.</b> This is the one place a stress run reads the wall clock inside the actors:
 * {@link #runSent()} returns {@link System#nanoTime()} when latency is measured, and {@link #exited(long)}
 * records the difference (the round trip from the runner sending {@code H_GUEST_RUN_VCPU} to the runner
 * receiving its exit, the L0's slice included). The value is never read by the model, so measuring
 * changes neither the schedule nor the trace; a deterministic run measures the deterministic executor's
 * pace.
 *
 * <p><b>Memory.</b> No per-vCPU histogram (the budget is 8 KiB per vCPU all in): one {@link
 * SingleWriterRecorder} per dispatcher thread (a thread-local, so that writers never contend), whose
 * interval histograms are added up at the end. The counters are {@link LongAdder}s.
 */
public final class StressMeter implements RunMonitor {
  /** Significant decimal digits of the latency histograms (0.1 % resolution). */
  static final int DIGITS = 3;

  private final boolean latency;
  private final LongAdder exits = new LongAdder();
  private final LongAdder started = new LongAdder();
  private final LongAdder ended = new LongAdder();
  private final LongAdder injected = new LongAdder();
  private final LongAdder violations = new LongAdder();
  private final List<SingleWriterRecorder> recorders = new CopyOnWriteArrayList<>();
  private final ThreadLocal<SingleWriterRecorder> recorder = ThreadLocal.withInitial(this::newRecorder);
  private ActorRef<KvmL1.EndRun> host;
  private boolean endRequested;

  /**
   * A meter for one run.
   *
   * @param latency whether to measure exit round trips (else {@link #runSent()} returns 0 and nothing
   *     is recorded)
   */
  public StressMeter(boolean latency) {
    this.latency = latency;
  }

  private SingleWriterRecorder newRecorder() {
    SingleWriterRecorder r = new SingleWriterRecorder(DIGITS);
    recorders.add(r);
    return r;
  }

  // ---- the hooks (actors, any thread) ----

  @Override
  public synchronized void hostStarted(ActorRef<KvmL1.EndRun> host) {
    this.host = host;
    if (endRequested) {
      host.tell(KvmL1.EndRun.INSTANCE);
    }
  }

  @Override
  public long runSent() {
    return latency ? System.nanoTime() : 0;
  }

  @Override
  public void exited(long sent) {
    exits.increment();
    if (latency) {
      recorder.get().recordValue(Math.max(0, System.nanoTime() - sent));
    }
  }

  @Override
  public void vcpuStarted() {
    started.increment();
  }

  @Override
  public void vcpuEnded() {
    ended.increment();
  }

  @Override
  public void eventCarriedOut() {
    injected.increment();
  }

  @Override
  public void violation() {
    violations.increment();
  }

  // ---- the edge ----

  /**
   * Ends the run as soon as the L1's host can (it is told {@link KvmL1.EndRun}; if it has not started
   * yet, it is told when it does). Only for parallel runs: a message from outside the deterministic
   * executor would break its promise of one seeded order.
   */
  public synchronized void requestEnd() {
    endRequested = true;
    if (host != null) {
      host.tell(KvmL1.EndRun.INSTANCE);
    }
  }

  /** Exits the runners have received so far (those at the end of the run, which stops them, excluded). */
  public long exits() {
    return exits.sum();
  }

  /** vCPUs started and neither halted nor stopped yet (ceded ones included). */
  public long running() {
    return started.sum() - ended.sum();
  }

  /** vCPUs started so far. */
  public long started() {
    return started.sum();
  }

  /** Plan events (injections, kicks, deletes) the L1 has carried out so far. */
  public long faultsInjected() {
    return injected.sum();
  }

  /** Forbidden outcomes the oracle has seen so far. */
  public long violations() {
    return violations.sum();
  }

  /**
   * The exit round-trip latencies recorded so far, in nanoseconds, all threads together; empty when
   * latency is not measured. Call it once the run is over (each call takes what was recorded since the
   * previous one).
   */
  public Histogram latencies() {
    Histogram total = new Histogram(DIGITS);
    for (SingleWriterRecorder r : recorders) {
      total.add(r.getIntervalHistogram());
    }
    return total;
  }

  /**
   * Percentiles of exit round trips, in nanoseconds.
   *
   * @param count round trips measured
   */
  public record Latency(long count, long p50, long p90, long p99, long p999, long max) {
    /** The summary of {@code h}; all zero when it is empty. */
    public static Latency of(Histogram h) {
      if (h.getTotalCount() == 0) {
        return new Latency(0, 0, 0, 0, 0, 0);
      }
      return new Latency(h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(90),
          h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue());
    }
  }
}
