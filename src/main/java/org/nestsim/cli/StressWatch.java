package org.nestsim.cli;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.nestsim.stress.StressMeter;

/**
 * Watches a {@code nestsim stress} run from the edge, on one daemon thread of its own that only reads the
 * {@link StressMeter}'s thread-safe counters: every {@link #PERIOD} it samples the exits and the vCPUs
 * running, keeping the best exit rate over a sliding {@link #WINDOW} and the most vCPUs running at once;
 * and, for {@code --duration}, it asks the run to end ({@link StressMeter#requestEnd()}) once the wall
 * time is up. The simulation keeps no wall clock; this is the command line's.
 *
 * <p>The whole run's exits/s includes the boot (the L1 boots guests one hcall at a time, and a guest's
 * vCPUs start when it is booted, so early vCPUs may halt before late ones start); the best window is the
 * exit handling's own pace with as many vCPUs as were live together.
 */
final class StressWatch implements AutoCloseable {
  /** How often the counters are sampled. */
  static final Duration PERIOD = Duration.ofMillis(100);
  /** The window of the best rate: one second of samples. */
  static final int WINDOW = 10;

  private final StressMeter meter;
  private final ScheduledExecutorService timer;
  /** The last {@code WINDOW + 1} samples, a ring; guarded by {@code this}. */
  private final long[] times = new long[WINDOW + 1];
  private final long[] exits = new long[WINDOW + 1];
  private int samples;
  private double bestRate = -1;
  private long mostRunning;

  private StressWatch(StressMeter meter, Duration endAfter) {
    this.meter = meter;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "nestsim-stress-watch");
      t.setDaemon(true);
      return t;
    });
    sample();
    timer.scheduleAtFixedRate(this::sample, PERIOD.toNanos(), PERIOD.toNanos(), TimeUnit.NANOSECONDS);
    if (endAfter != null) {
      timer.schedule(meter::requestEnd, endAfter.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /**
   * Starts watching {@code meter}'s run, which starts now.
   *
   * @param endAfter the wall time after which to end the run, or null
   */
  static StressWatch start(StressMeter meter, Duration endAfter) {
    return new StressWatch(meter, endAfter);
  }

  private synchronized void sample() {
    long now = System.nanoTime();
    long n = meter.exits();
    int slot = samples % (WINDOW + 1);
    times[slot] = now;
    exits[slot] = n;
    samples++;
    if (samples > WINDOW) {
      int oldest = samples % (WINDOW + 1);
      bestRate = Math.max(bestRate, (n - exits[oldest]) / ((now - times[oldest]) / 1e9));
    }
    mostRunning = Math.max(mostRunning, meter.running());
  }

  /** The best exits/s over one second of the run, or -1 when it lasted less than a second. */
  synchronized double bestRate() {
    return bestRate;
  }

  /** The most vCPUs running at once, as sampled. */
  synchronized long mostRunning() {
    return mostRunning;
  }

  /** Stops watching (and the end timer, if it has not fired). */
  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
