package org.nestsim.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A value per thread: made once on each thread, kept there, never shared; workers and other threads alike. */
class WorkerLocalTest {
  /** A value that knows the thread that made it. */
  private record Made(Thread by, int serial) {}

  @Test
  void shouldGiveEachWorkerItsOwnValueAndTheSameOneEveryTime() throws Exception {
    AtomicInteger serial = new AtomicInteger();
    WorkerLocal<Made> local = WorkerLocal.withInitial(() -> new Made(Thread.currentThread(), serial.incrementAndGet()));
    // More instances than a worker's first array holds, so that the array grows on first use.
    List<WorkerLocal<Object>> others = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      others.add(WorkerLocal.withInitial(Object::new));
    }
    HandoffExecutor executor = new HandoffExecutor(2, 64, t -> {
      t.setDaemon(true);
      return t;
    });
    Set<Made> seen = ConcurrentHashMap.newKeySet();
    Set<String> wrong = ConcurrentHashMap.newKeySet();
    CountDownLatch done = new CountDownLatch(200);
    try {
      for (int i = 0; i < 200; i++) {
        executor.execute(() -> {
          Made m = local.get();
          if (m.by() != Thread.currentThread() || local.get() != m) {
            wrong.add(m + " on " + Thread.currentThread());
          }
          for (WorkerLocal<Object> o : others) {
            if (o.get() != o.get()) {
              wrong.add("another worker-local changed on " + Thread.currentThread());
            }
          }
          seen.add(m);
          done.countDown();
        });
      }
      assertTrue(done.await(10, TimeUnit.SECONDS));
    } finally {
      executor.shutdown();
      assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
    }
    assertEquals(Set.of(), wrong);
    assertTrue(seen.size() >= 1 && seen.size() <= 2, seen.toString()); // one per worker that ran a task
    assertEquals(seen.size(), serial.get());
  }

  @Test
  void shouldFallBackToAThreadLocalOnOtherThreads() throws Exception {
    WorkerLocal<Made> local = WorkerLocal.withInitial(() -> new Made(Thread.currentThread(), 0));
    Made here = local.get();
    assertSame(here, local.get());
    Made[] there = new Made[1];
    Thread t = new Thread(() -> there[0] = local.get());
    t.start();
    t.join();
    assertNotSame(here, there[0]);
    assertSame(t, there[0].by());
  }
}
