package org.nestsim.sched;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

/**
 * The parallel mode's executor: a few worker threads over one FIFO queue, each with a <em>hand-off
 * slot</em> (the "runnext" of Go's scheduler). A task submitted by a worker while it runs a task does
 * not join the queue: it waits in that worker's slot and runs as soon as the current task ends, on the
 * same worker, while what the two share is still in the CPU's caches. A newer submission takes the
 * slot and sends the older one to the queue.
 *
 * <p>An exit is a ping-pong of two actors (the L1's runner sends {@code RUN_VCPU}, the L0's vCPU
 * answers with the exit), so each hop runs at once and hot, where a FIFO pool would queue it behind
 * every other in-flight vCPU and find its state evicted. Plain LIFO gives the same speed but starves:
 * a pair that never waits (an interrupt storm, whose exits take no simulated time) would hold its
 * worker for ever, and nothing else, an end request included, would run. Here a worker hands off at
 * most {@code budget} times in a row (a <em>turn</em>); the next hand-off joins the queue's tail, so
 * every queued task runs within one pass of the queue. What threads outside the pool submit (the
 * wall-clock end of a run, a test probe's message) waits in a queue of its own, and every turn ends by
 * running one of those: with 10⁵ vCPUs in flight a pass of the main queue can take seconds.
 *
 * <p>Workers go idle only when both queues are empty, and whoever queues a task wakes an idle worker.
 * This pool replaced a fork-join pool with the same slot: a fork-join worker wakes its idle peers only
 * when its own queue goes from empty to not empty, so a worker that kept a queue of pending turns woke
 * nobody, and in about one run in four at 10⁵ vCPUs the other worker slept through the rest of the run
 * (half the machine idle, measured with {@code vmstat}; docs/PERFORMANCE.md, "Dispatcher").
 *
 * <p>Only the owning worker touches its slot, so it needs no synchronisation; a turn runs the slot
 * empty before it ends, and a task that throws strands nothing (the error goes to the worker's
 * uncaught-exception handler, and the worker goes on).
 */
public final class HandoffExecutor extends AbstractExecutorService {
  private final int budget;
  private final Worker[] workers;
  /** Turns queued by the workers: displaced hand-offs and chains whose budget was spent. */
  private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
  /** Tasks from threads outside the pool. */
  private final Queue<Runnable> submissions = new ConcurrentLinkedQueue<>();
  private final CountDownLatch terminated;
  private volatile boolean shutdown;
  private volatile boolean abandon;

  /**
   * A pool of {@code parallelism} workers, started at once.
   *
   * @param budget hand-offs in a row before a worker takes from the queue again (at least 1)
   * @param wire names and sets up each new worker thread (Pekko's thread factory: name, daemon flag,
   *     uncaught-exception handler), and returns it
   */
  public HandoffExecutor(int parallelism, int budget, UnaryOperator<Thread> wire) {
    if (parallelism < 1 || budget < 1) {
      throw new IllegalArgumentException("parallelism and hand-off budget must be at least 1: " + parallelism
          + ", " + budget);
    }
    this.budget = budget;
    this.workers = new Worker[parallelism];
    this.terminated = new CountDownLatch(parallelism);
    for (int i = 0; i < parallelism; i++) {
      workers[i] = new Worker(this);
      wire.apply(workers[i]);
    }
    for (Worker w : workers) {
      w.start();
    }
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
        enqueue(queue, older);
      }
      return;
    }
    if (shutdown) {
      // What runs in the pool may still hand off and queue: a shutdown finishes the work under way.
      throw new RejectedExecutionException("hand-off executor is shut down");
    }
    enqueue(submissions, task);
  }

  private void enqueue(Queue<Runnable> q, Runnable task) {
    q.offer(task);
    // Dekker-style with Worker.idle: the task is queued before the flags are read, and a worker raises
    // its flag before it looks at the queues again, so either it sees the task or it is woken here.
    for (Worker w : workers) {
      if (w.idle.get() && w.idle.compareAndSet(true, false)) {
        LockSupport.unpark(w);
        return;
      }
    }
  }

  @Override
  public void shutdown() {
    shutdown = true;
    wakeAll();
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown = true;
    abandon = true;
    List<Runnable> left = new ArrayList<>();
    for (Runnable r; (r = submissions.poll()) != null; ) {
      left.add(r);
    }
    for (Runnable r; (r = queue.poll()) != null; ) {
      left.add(r);
    }
    wakeAll();
    return left;
  }

  private void wakeAll() {
    for (Worker w : workers) {
      w.idle.set(false);
      LockSupport.unpark(w);
    }
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  @Override
  public boolean isTerminated() {
    return terminated.getCount() == 0;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return terminated.await(timeout, unit);
  }

  /** A worker of one executor, with its hand-off slot and its {@link WorkerLocal} values. */
  private static final class Worker extends Thread implements WorkerLocal.Carrier {
    final HandoffExecutor owner;
    /** Raised before the worker parks; whoever lowers it wakes the worker. */
    final AtomicBoolean idle = new AtomicBoolean();
    private Object[] workerLocals = new Object[4];
    /** The task to run when the current one ends (touched by this thread only). */
    Runnable next;
    /** Whether this thread is inside a turn (which empties {@link #next} before it ends). */
    boolean inTurn;

    Worker(HandoffExecutor owner) {
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

    @Override
    public void run() {
      try {
        owner.work(this);
      } finally {
        owner.terminated.countDown();
      }
    }
  }

  private void work(Worker w) {
    while (!abandon) {
      Runnable task = queue.poll();
      if (task == null) {
        task = submissions.poll();
      }
      if (task != null) {
        turn(w, task);
        // Threads outside the pool wait for a turn, not for a pass of the queue.
        Runnable submitted = submissions.poll();
        if (submitted != null && !abandon) {
          turn(w, submitted);
        }
      } else if (shutdown) {
        return;
      } else {
        w.idle.set(true);
        if (!queue.isEmpty() || !submissions.isEmpty() || shutdown) {
          w.idle.set(false); // raced with an enqueue that saw no idle worker
        } else {
          while (w.idle.get() && !shutdown) {
            LockSupport.park(this);
          }
        }
      }
    }
  }

  /** Runs {@code first}, then what it hands off, up to the budget. */
  private void turn(Worker w, Runnable first) {
    w.inTurn = true;
    Runnable task = first;
    int left = budget;
    try {
      while (task != null) {
        try {
          task.run();
        } catch (Throwable e) {
          // Like Pekko's own executors: the error goes to the thread's handler; the worker goes on.
          Thread.UncaughtExceptionHandler h = w.getUncaughtExceptionHandler();
          if (h != null) {
            h.uncaughtException(w, e);
          }
        }
        task = w.next;
        w.next = null;
        if (task != null && --left == 0) {
          enqueue(queue, task); // the budget is spent: to the queue's tail
          return;
        }
      }
    } finally {
      w.inTurn = false;
    }
  }
}
