package org.nestsim.sched;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A value per dispatcher thread — scratch space an actor uses within one message — read with one
 * array access on the workers of {@link HandoffExecutor}, and through a {@link ThreadLocal} on any
 * other thread (the deterministic executor's, a test's). The workers keep their values in an array
 * indexed by the instance, as Netty's {@code FastThreadLocal} does: {@code ThreadLocal.get} probes a
 * hash table of entries scattered over the heap, and at 10⁵ vCPUs, with the caches full of actor
 * state, those probes were 4.5% of a stress run's samples.
 *
 * <p>Instances are meant to be few and static: each takes an index in every worker's array for good.
 */
public final class WorkerLocal<T> {
  /** A thread that keeps worker-locals in an array of its own (touched by that thread only). */
  interface Carrier {
    /** The array, indexed by {@link WorkerLocal#index}; may be shorter than the latest index. */
    Object[] workerLocals();

    /** Replaces the array (grown). */
    void workerLocals(Object[] values);
  }

  private static final AtomicInteger NEXT = new AtomicInteger();

  private final int index = NEXT.getAndIncrement();
  private final Supplier<? extends T> initial;
  private final ThreadLocal<T> elsewhere;

  private WorkerLocal(Supplier<? extends T> initial) {
    this.initial = initial;
    this.elsewhere = ThreadLocal.withInitial(initial);
  }

  /** A worker-local whose value on each thread starts as {@code initial.get()}, made on first use. */
  public static <T> WorkerLocal<T> withInitial(Supplier<? extends T> initial) {
    return new WorkerLocal<>(initial);
  }

  /** This thread's value. */
  @SuppressWarnings("unchecked")
  public T get() {
    Thread t = Thread.currentThread();
    if (t instanceof Carrier) {
      Object[] values = ((Carrier) t).workerLocals();
      if (index < values.length && values[index] != null) {
        return (T) values[index];
      }
      return first((Carrier) t);
    }
    return elsewhere.get();
  }

  private T first(Carrier carrier) {
    Object[] values = carrier.workerLocals();
    if (index >= values.length) {
      values = Arrays.copyOf(values, Math.max(index + 1, 2 * values.length));
      carrier.workerLocals(values);
    }
    T value = initial.get();
    values[index] = value;
    return value;
  }
}
