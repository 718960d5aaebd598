package org.nestsim.sched;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An executor that runs one task at a time on a single worker thread and picks the next ready task
 * uniformly at random with a {@link SplittableRandom}, so that one seed gives one interleaving of the
 * actor mailboxes it runs and different seeds explore different ones.
 *
 * <h2>Bursts and the two queues</h2>
 * A task submitted <em>from the worker thread</em> (a mailbox that an actor's {@code tell} scheduled, a
 * mailbox re-registering itself) goes into the <em>ready set</em>; the worker always takes the next task
 * from there, at random. A task submitted <em>from any other thread</em> (the test's main thread, Pekko's
 * start-up, the scheduler thread, another dispatcher) goes into the <em>external queue</em> and is only
 * admitted, oldest first, when the executor is quiescent: the ready set is empty and no task is running.
 * Admitting an external task starts a <em>burst</em> and reseeds the generator; the burst runs until the
 * ready set is empty again. Every burst therefore starts from a fresh generator, and everything inside it
 * was submitted from the worker thread in an order that depends only on the tasks and the generator. So
 * a burst is a deterministic function of the state of the actors at its start and of its seed, however
 * the outside world raced with it: Pekko's own start-up work (guardians, loggers) runs in bursts of its
 * own before the run and can neither reorder nor consume draws of the run's burst.
 *
 * <h2>A run</h2>
 * {@link #startRun(long, Runnable)} is the way to start a simulation run: the bootstrap (typically one
 * {@code tell} to the run's script actor) is an external task that is itself run <em>on the worker
 * thread</em> once the executor is quiescent, with the generator seeded from the run's seed. The message
 * is thus sent from inside, the mailbox it schedules lands in the ready set, and the run ends when the
 * system is quiet again (it reports its result by a message, for instance to a test probe). One executor,
 * and therefore one actor system, can serve many runs with different seeds.
 *
 * <h2>Limits</h2>
 * <ul>
 *   <li>Only <em>tasks</em> from outside are deferred: Pekko enqueues a message into a mailbox on the
 *       sender's thread. A {@code tell} from another thread to an actor of the run while the run is going
 *       on is a race this executor cannot undo (DESIGN.md: nothing enqueues from another thread).</li>
 *   <li>A run that never becomes quiescent (actors that message each other forever) holds back every
 *       external task, including system shutdown and the test kit's {@code spawn}, until it ends.</li>
 *   <li>A task that blocks the worker waiting for another task of this executor ({@code Await} inside an
 *       actor) deadlocks: there is only one thread.</li>
 *   <li>Pekko timers and the scheduler submit from the scheduler's thread, so they fire only between
 *       bursts; the model must not use them.</li>
 * </ul>
 *
 * <p>Tasks that throw are reported to the worker thread's uncaught-exception handler and the worker goes
 * on (Pekko's mailboxes catch their own failures; this only guards the loop).
 */
public final class DeterministicExecutor extends AbstractExecutorService {
  /** An external task with the seed its burst starts from. */
  private record External(Runnable task, long seed) {}

  private final long seed;
  private final ThreadFactory threadFactory;
  private final ReentrantLock lock = new ReentrantLock();
  /** Signalled when a task arrives or shutdown is requested. */
  private final Condition work = lock.newCondition();
  /** Signalled when the executor becomes quiescent or terminates. */
  private final Condition quiet = lock.newCondition();

  /** Tasks submitted from the worker thread; only the worker reads it, under the lock. */
  private final List<Runnable> ready = new ArrayList<>();
  private final ArrayDeque<External> external = new ArrayDeque<>();
  private SplittableRandom random;
  private Thread worker;
  private boolean running;
  private boolean shutdown;
  private boolean terminated;
  private long tasksRun;
  private long bursts;

  /**
   * An executor whose bursts started by plain external tasks use {@code seed}; the worker thread is made
   * by {@code threadFactory} on the first submission.
   */
  public DeterministicExecutor(long seed, ThreadFactory threadFactory) {
    this.seed = seed;
    this.threadFactory = Objects.requireNonNull(threadFactory, "threadFactory");
    this.random = new SplittableRandom(seed);
  }

  /** The seed of bursts that a plain external task starts (the dispatcher's configured seed). */
  public long seed() {
    return seed;
  }

  /**
   * Queues a task: into the ready set when called from the worker thread, otherwise into the external
   * queue, to be admitted when the executor is next quiescent.
   *
   * @throws RejectedExecutionException when called from another thread after {@link #shutdown()}
   */
  @Override
  public void execute(Runnable task) {
    Objects.requireNonNull(task, "task");
    lock.lock();
    try {
      if (Thread.currentThread() == worker && !terminated) {
        // From inside a burst, also while draining after shutdown: Pekko's mailboxes re-register
        // themselves while the system stops.
        ready.add(task);
        return;
      }
      if (shutdown) {
        throw new RejectedExecutionException("deterministic executor is shut down");
      }
      external.add(new External(task, seed));
      startWorkerIfNeeded();
      work.signal();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Starts a run: once the executor is quiescent, reseeds the generator with {@code runSeed} and calls
   * {@code bootstrap} on the worker thread, where it should send the run's one bootstrap message. Returns
   * at once; the run reports its end by a message of its own.
   *
   * @throws RejectedExecutionException after {@link #shutdown()}
   */
  public void startRun(long runSeed, Runnable bootstrap) {
    Objects.requireNonNull(bootstrap, "bootstrap");
    lock.lock();
    try {
      if (shutdown) {
        throw new RejectedExecutionException("deterministic executor is shut down");
      }
      external.add(new External(bootstrap, runSeed));
      startWorkerIfNeeded();
      work.signal();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until no task is running or queued (the ready set and the external queue are both empty).
   * Returns false if that did not happen within the timeout. For tests and run drivers, not for actors.
   */
  public boolean awaitQuiescence(long timeout, TimeUnit unit) throws InterruptedException {
    long nanos = unit.toNanos(timeout);
    lock.lock();
    try {
      while (!isQuiescent()) {
        if (terminated) {
          return true;
        }
        if (nanos <= 0) {
          return false;
        }
        nanos = quiet.awaitNanos(nanos);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** How many tasks the worker has run so far (a diagnostic for tests). */
  public long tasksRun() {
    lock.lock();
    try {
      return tasksRun;
    } finally {
      lock.unlock();
    }
  }

  /** How many bursts (admissions of an external task) have started so far (a diagnostic for tests). */
  public long bursts() {
    lock.lock();
    try {
      return bursts;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Accepts no more tasks from other threads; the worker drains both queues (tasks it submits to itself
   * meanwhile included) and then ends.
   */
  @Override
  public void shutdown() {
    lock.lock();
    try {
      shutdown = true;
      if (worker == null) {
        terminate();
      }
      work.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Stops accepting tasks, drops the queued ones and returns them; a running task runs to its end. */
  @Override
  public List<Runnable> shutdownNow() {
    lock.lock();
    try {
      shutdown = true;
      List<Runnable> dropped = new ArrayList<>(ready);
      for (External e : external) {
        dropped.add(e.task());
      }
      ready.clear();
      external.clear();
      if (worker == null) {
        terminate();
      }
      work.signal();
      return dropped;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean isShutdown() {
    lock.lock();
    try {
      return shutdown;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean isTerminated() {
    lock.lock();
    try {
      return terminated;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    long nanos = unit.toNanos(timeout);
    lock.lock();
    try {
      while (!terminated) {
        if (nanos <= 0) {
          return false;
        }
        nanos = quiet.awaitNanos(nanos);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  private boolean isQuiescent() {
    return !running && ready.isEmpty() && external.isEmpty();
  }

  private void startWorkerIfNeeded() {
    if (worker == null) {
      worker = threadFactory.newThread(this::workerLoop);
      worker.start();
    }
  }

  private void terminate() {
    terminated = true;
    quiet.signalAll();
  }

  /** The worker: take the next task (random from the ready set, else the oldest external), run it. */
  private void workerLoop() {
    while (true) {
      Runnable task = next();
      if (task == null) {
        return;
      }
      try {
        task.run();
      } catch (Throwable t) {
        Thread self = Thread.currentThread();
        try {
          self.getUncaughtExceptionHandler().uncaughtException(self, t);
        } catch (Throwable ignored) {
          // A failing handler must not kill the only worker: every queued task would be stranded.
        }
      } finally {
        lock.lock();
        try {
          running = false;
          tasksRun++;
          if (isQuiescent()) {
            quiet.signalAll();
          }
        } finally {
          lock.unlock();
        }
      }
    }
  }

  /** The next task to run, or null when the executor has shut down and drained. */
  private Runnable next() {
    lock.lock();
    try {
      while (ready.isEmpty() && external.isEmpty()) {
        if (shutdown) {
          terminate();
          return null;
        }
        work.awaitUninterruptibly();
      }
      running = true;
      if (!ready.isEmpty()) {
        return takeRandomReady();
      }
      // Quiescent: admit the oldest external task and start a burst from a fresh generator.
      External e = external.poll();
      random = new SplittableRandom(e.seed());
      bursts++;
      return e.task();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Removes a uniformly chosen task from the ready set. The generator is drawn only when there is a
   * choice, and the removal swaps the last task into the hole: both are deterministic, so the ready set's
   * order stays a function of the seed and the tasks.
   */
  private Runnable takeRandomReady() {
    int n = ready.size();
    int i = n == 1 ? 0 : random.nextInt(n);
    Runnable last = ready.remove(n - 1);
    if (i == n - 1) {
      return last;
    }
    return ready.set(i, last);
  }
}
