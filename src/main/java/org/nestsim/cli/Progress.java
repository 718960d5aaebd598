package org.nestsim.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A progress line on stderr while a long run goes on: nothing for the first {@link #DELAY}, then the
 * elapsed wall time and what the run has done so far (trace events, or a command's own counters: {@code
 * nestsim stress} shows exits, exits/s, vCPUs running, faults and violations), rewritten in place with
 * {@code \r} every {@link #PERIOD} and erased when the run is over. It lives at the edge, on a daemon
 * thread of its own that only reads thread-safe counters: the simulation itself keeps no wall clock.
 *
 * <p>{@link #start(PrintWriter, String, LongSupplier, boolean)} shows it only on a terminal
 * ({@link System#console()} is not null) and without {@code --quiet}; otherwise it does nothing.
 */
final class Progress implements AutoCloseable {
  /** How long a run goes before the line appears. */
  static final Duration DELAY = Duration.ofSeconds(2);
  /** How often the line is rewritten. */
  static final Duration PERIOD = Duration.ofMillis(500);

  private final PrintWriter err;
  private final String what;
  private final Supplier<String> details;
  private final long started = System.nanoTime();
  private final ScheduledExecutorService timer;
  /** The length of the line on screen, 0 when none; guarded by {@code this}. */
  private int shown;

  private Progress(PrintWriter err, String what, Supplier<String> details, Duration delay, Duration period) {
    this.err = err;
    this.what = what;
    this.details = details;
    if (err == null) {
      this.timer = null;
      return;
    }
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "nestsim-progress");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleAtFixedRate(this::show, delay.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Starts the line for a run of {@code what}, when stderr is a terminal and not {@code quiet}.
   *
   * @param counter trace events so far, or a negative number when unknown (only the time shows)
   */
  static Progress start(PrintWriter err, String what, LongSupplier counter, boolean quiet) {
    return start(err, what, traceEvents(counter), quiet);
  }

  /**
   * Starts the line for a run of {@code what}, when stderr is a terminal and not {@code quiet}.
   *
   * @param details what follows the elapsed time, {@code ", 12 exits"} (read on the line's own thread)
   */
  static Progress start(PrintWriter err, String what, Supplier<String> details, boolean quiet) {
    boolean show = !quiet && System.console() != null;
    return start(show ? err : null, what, details, DELAY, PERIOD);
  }

  /** Starts the line on {@code err} (null: show nothing) after {@code delay}, every {@code period}. */
  static Progress start(PrintWriter err, String what, LongSupplier counter, Duration delay, Duration period) {
    return start(err, what, traceEvents(counter), delay, period);
  }

  /** Starts the line on {@code err} (null: show nothing) after {@code delay}, every {@code period}. */
  static Progress start(PrintWriter err, String what, Supplier<String> details, Duration delay, Duration period) {
    return new Progress(err, what, details, delay, period);
  }

  private static Supplier<String> traceEvents(LongSupplier counter) {
    return () -> {
      long n = counter.getAsLong();
      return n >= 0 ? String.format(Locale.ROOT, ", %,d trace events", n) : "";
    };
  }

  private synchronized void show() {
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;
    String line = "nestsim: " + what + ": " + seconds + " s" + details.get() + " ...";
    err.print("\r" + line + " ".repeat(Math.max(0, shown - line.length())));
    err.flush();
    shown = line.length();
  }

  /** Stops the line and erases it. */
  @Override
  public void close() {
    if (timer == null) {
      return;
    }
    timer.shutdownNow();
    try {
      timer.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      if (shown > 0) {
        err.print("\r" + " ".repeat(shown) + "\r");
        err.flush();
        shown = 0;
      }
    }
  }
}
