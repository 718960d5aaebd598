package org.nestsim.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The parallel mode's executor: a task a worker submits runs next on that worker, a newer one takes
 * its place, a turn ends by taking an external submission, a chain of hand-offs yields after its
 * budget (so a pair that never waits starves nothing), a task that throws strands nothing, an idle
 * worker takes what a busy one queues, and a shutdown finishes what was queued.
 */
class HandoffExecutorTest {
  private final List<String> order = Collections.synchronizedList(new ArrayList<>());
  private HandoffExecutor executor;

  @AfterEach
  void stop() throws InterruptedException {
    executor.shutdown();
    assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
  }

  private HandoffExecutor oneWorker(int budget, Thread.UncaughtExceptionHandler handler) {
    return new HandoffExecutor(1, budget, t -> {
      t.setDaemon(true);
      t.setUncaughtExceptionHandler(handler);
      return t;
    });
  }

  private Runnable record(String name, CountDownLatch done) {
    return () -> {
      order.add(name);
      done.countDown();
    };
  }

  @Test
  void shouldRunTheLastTaskAWorkerSubmittedNextAndQueueTheOneItDisplaced() throws Exception {
    executor = oneWorker(64, null);
    CountDownLatch queued = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(4);
    executor.execute(() -> {
      await(queued); // Q is in the queue before A's hand-offs
      order.add("A");
      executor.execute(record("B", done));
      executor.execute(record("C", done)); // takes the slot; B goes to the worker's queue
      done.countDown();
    });
    executor.execute(record("Q", done));
    queued.countDown();
    assertTrue(done.await(10, TimeUnit.SECONDS));
    assertEquals(List.of("A", "C", "Q", "B"), order);
  }

  @Test
  void shouldLetAQueuedTaskRunAfterTheBudgetOfAChainThatNeverWaits() throws Exception {
    executor = oneWorker(4, null);
    CountDownLatch queued = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    executor.execute(new Runnable() {
      private int step;

      @Override
      public void run() {
        if (step == 0) {
          await(queued);
        }
        order.add("t" + step);
        if (++step < 1_000) {
          executor.execute(this); // a ping-pong that never waits: it would hold a LIFO worker for ever
        }
      }
    });
    executor.execute(record("E", done));
    queued.countDown();
    assertTrue(done.await(10, TimeUnit.SECONDS));
    // t0, then three hand-offs; the fourth joins the queue, and the turn ends by taking E.
    List<String> first;
    synchronized (order) { // the chain goes on adding
      first = List.copyOf(order.subList(0, 5));
    }
    assertEquals(List.of("t0", "t1", "t2", "t3", "E"), first);
  }

  @Test
  void shouldRunAHandedOffTaskAndReportTheErrorWhenATaskThrows() throws Exception {
    AtomicReference<Throwable> reported = new AtomicReference<>();
    executor = oneWorker(64, (t, e) -> reported.set(e));
    CountDownLatch done = new CountDownLatch(1);
    executor.execute(() -> {
      executor.execute(record("after", done));
      throw new IllegalStateException("boom");
    });
    assertTrue(done.await(10, TimeUnit.SECONDS));
    assertEquals(List.of("after"), order);
    assertEquals("boom", reported.get().getMessage());
  }

  @Test
  void shouldRunEveryTaskOfManyChainsOnTwoWorkers() throws Exception {
    executor = new HandoffExecutor(2, 8, t -> {
      t.setDaemon(true);
      return t;
    });
    int chains = 200;
    int steps = 500;
    CountDownLatch done = new CountDownLatch(chains);
    long[] counts = new long[chains];
    for (int c = 0; c < chains; c++) {
      int chain = c;
      executor.execute(new Runnable() {
        @Override
        public void run() {
          if (++counts[chain] < steps) { // one chain's steps never run at once: each submits the next
            executor.execute(this);
          } else {
            done.countDown();
          }
        }
      });
    }
    assertTrue(done.await(30, TimeUnit.SECONDS));
    for (long n : counts) {
      assertEquals(steps, n);
    }
  }

  @Test
  void shouldWakeAnIdleWorkerForWhatABusyWorkerQueues() throws Exception {
    executor = new HandoffExecutor(2, 1024, t -> {
      t.setDaemon(true);
      return t;
    });
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch queuedRan = new CountDownLatch(100);
    Set<Thread> ranOn = ConcurrentHashMap.newKeySet();
    Thread[] busy = new Thread[1];
    executor.execute(() -> {
      busy[0] = Thread.currentThread();
      // 101 hand-offs: each displaces the one before into the queue, which this worker never polls
      // while it waits below, so only the other, idle, worker can run them.
      for (int i = 0; i <= 100; i++) {
        executor.execute(() -> {
          if (release.getCount() > 0) { // the last one, left in the slot, runs after the release
            ranOn.add(Thread.currentThread());
          }
          queuedRan.countDown();
        });
      }
      await(release);
    });
    assertTrue(queuedRan.await(10, TimeUnit.SECONDS), "the queued tasks waited for the busy worker");
    release.countDown();
    assertFalse(ranOn.contains(busy[0]));
  }

  @Test
  void shouldRunWhatIsQueuedBeforeItStopsAndRefuseWhatComesAfter() throws Exception {
    executor = oneWorker(64, null);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    executor.execute(() -> {
      started.countDown();
      await(release);
    });
    executor.execute(record("queued", done));
    assertTrue(started.await(10, TimeUnit.SECONDS));
    executor.shutdown();
    assertThrows(RejectedExecutionException.class, () -> executor.execute(() -> { }));
    release.countDown();
    assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
    assertEquals(List.of("queued"), order);
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(10, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
