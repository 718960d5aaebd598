package org.nestsim.sched;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The parallel mode's executor: a FIFO fork-join pool whose workers each keep a <em>hand-off slot</em>
 * (the "runnext" of Go's scheduler). A task submitted by a worker while it runs a task does not join
 * the queue: it waits in that worker's slot and runs as soon as the current task ends, on the same
 * worker, while what the two share is still in the CPU's caches. A newer submission takes the slot
 * and sends the older one to the queue.
 *
 * <p>An exit is a ping-pong of two actors (the L1's runner sends {@code RUN_VCPU}, the L0's vCPU
 * answers with the exit), so each hop runs at once and hot, where a FIFO pool would queue it behind
 * every other in-flight vCPU and find its state evicted. Plain LIFO peeking gives the same speed but
 * starves: a pair that never waits (an interrupt storm, whose exits take no simulated time) would hold
 * its worker for ever, and nothing else queued there, an end request included, would run. Here a
 * worker hands off at most {@code budget} times in a row; the next hand-off joins the queue's tail, so
 * every queued task runs within one pass of the queue. A fork-join worker also prefers its own queue to
 * the pool's external submissions (what threads outside the pool send: an end request, a test probe's
 * message), which with many vCPUs in flight would wait for the end of the run; so each turn ends by
 * running one of them.
 *
 * <p>Only the owning worker touches its slot, so it needs no synchronisation. Every task of the pool
 * is a {@link Turn}, which runs the slot empty before it returns: a submitted task is never stranded.
 */
public final class HandoffExecutor extends AbstractExecutorService {
  private final Pool pool;
  private final int budget;

  /**
   * A pool of {@code parallelism} workers.
   *
   * @param budget hand-offs in a row before a worker takes from the queue again (at least 1)
   * @param wire names and sets up each new worker thread (Pekko's thread factory: name, daemon flag,
   *     uncaught-exception handler), and returns it
   */
  public HandoffExecutor(int parallelism, int budget, UnaryOperator<ForkJoinWorkerThread> wire) {
    if (budget < 1) {
      throw new IllegalArgumentException("hand-off budget below 1: " + budget);
    }
    this.budget = budget;
    this.pool = new Pool(parallelism, p -> wire.apply(new Worker(p, this)));
  }

  @Override
  public void execute(Runnable task) {
    if (task == null) {
      throw new NullPointerException("task");
    }
    Thread t = Thread.currentThread();
    if (t instanceof Worker && ((Worker) t).owner == this && ((Worker) t).inTurn) {
      Worker w = (Worker) t;
      Runnable older = w.next;
      w.next = task;
      if (older != null) {
        pool.execute(new Turn(older));
      }
      return;
    }
    pool.execute(new Turn(task));
  }

  @Override
  public void shutdown() {
    pool.shutdown();
  }

  @Override
  public List<Runnable> shutdownNow() {
    return pool.shutdownNow();
  }

  @Override
  public boolean isShutdown() {
    return pool.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return pool.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return pool.awaitTermination(timeout, unit);
  }

  /** A FIFO fork-join pool that lets a turn take an external submission ({@link #pollSubmission()}). */
  private static final class Pool extends ForkJoinPool {
    Pool(int parallelism, ForkJoinWorkerThreadFactory factory) {
      super(parallelism, factory, null, true);
    }

    ForkJoinTask<?> submission() {
      return pollSubmission();
    }
  }

  /** A worker of one executor, with its hand-off slot and its {@link WorkerLocal} values. */
  private static final class Worker extends ForkJoinWorkerThread implements WorkerLocal.Carrier {
    final HandoffExecutor owner;
    private Object[] workerLocals = new Object[4];
    /** The task to run when the current one ends (touched by this thread only). */
    Runnable next;
    /** Whether this thread is inside a {@link Turn} (which empties {@link #next} before it returns). */
    boolean inTurn;
    /** Whether this thread runs an external submission at the end of a turn. */
    boolean inSubmission;

    Worker(ForkJoinPool pool, HandoffExecutor owner) {
      super(pool);
      this.owner = owner;
    }

    @Override
    public Object[] workerLocals() {
      return workerLocals;
    }

    @Override
    public void workerLocals(Object[] values) {
      workerLocals = values;
    }
  }

  /** A queued task, then the hand-offs it leads to, up to the budget. */
  private final class Turn extends ForkJoinTask<Void> {
    private static final long serialVersionUID = 1L;
    private final transient Runnable first;

    Turn(Runnable first) {
      this.first = first;
    }

    @Override
    public Void getRawResult() {
      return null;
    }

    @Override
    protected void setRawResult(Void value) {
      // no result
    }

    @Override
    protected boolean exec() {
      Worker w = (Worker) Thread.currentThread();
      run(w);
      // A worker prefers its own queue to the pool's external submissions (an end request from the
      // wall-clock guard, a test probe's message): take one after every turn, so that they wait for
      // a turn, not for the queue to empty, which with many vCPUs in flight is the end of the run.
      if (!w.inSubmission) {
        ForkJoinTask<?> submission = pool.submission();
        if (submission != null) {
          w.inSubmission = true; // that turn takes none itself: no recursion
          try {
            submission.invoke();
          } finally {
            w.inSubmission = false;
          }
        }
      }
      return true;
    }

    private void run(Worker w) {
      w.inTurn = true;
      Runnable task = first;
      int left = budget;
      try {
        while (true) {
          task.run();
          task = w.next;
          w.next = null;
          if (task == null) {
            return;
          }
          if (--left == 0) {
            pool.execute(new Turn(task)); // the budget is spent: to the queue's tail
            return;
          }
        }
      } catch (Throwable e) {
        // Like Pekko's own fork-join tasks: report to the thread's handler; nothing handed off is lost.
        Runnable stranded = w.next;
        w.next = null;
        if (stranded != null) {
          pool.execute(new Turn(stranded));
        }
        Thread.UncaughtExceptionHandler h = w.getUncaughtExceptionHandler();
        if (h != null) {
          h.uncaughtException(w, e);
        }
        throw e;
      } finally {
        w.inTurn = false;
      }
    }
  }
}
