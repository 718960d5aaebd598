package org.nestsim.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The executor alone, without Pekko: a seed fixes the order of a tree of tasks, different seeds give
 * different orders, and tasks from other threads wait until the executor is quiet.
 */
class DeterministicExecutorTest {
  private static final long TIMEOUT_SECONDS = 10;

  /**
   * Runs a tree of tasks: every task logs its name and submits {@code fanOut} children until depth 3.
   * Only the worker thread touches the log, so it needs no lock; reading it after quiescence is safe
   * (the executor's lock orders the accesses).
   */
  private static List<String> runTree(DeterministicExecutor executor, long seed, int fanOut) throws Exception {
    List<String> log = new ArrayList<>();
    executor.startRun(seed, () -> spawn(executor, log, "r", 0, fanOut));
    assertTrue(executor.awaitQuiescence(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    return log;
  }

  private static void spawn(DeterministicExecutor executor, List<String> log, String name, int depth, int fanOut) {
    executor.execute(() -> {
      log.add(name);
      if (depth < 3) {
        for (int i = 0; i < fanOut; i++) {
          spawn(executor, log, name + i, depth + 1, fanOut);
        }
      }
    });
  }

  private static DeterministicExecutor newExecutor(long seed) {
    return new DeterministicExecutor(seed, Executors.defaultThreadFactory());
  }

  @Test
  void shouldRunTheSameTreeInTheSameOrderForTheSameSeed() throws Exception {
    DeterministicExecutor a = newExecutor(0);
    DeterministicExecutor b = newExecutor(0);
    try {
      List<String> first = runTree(a, 42, 3);
      assertEquals(1 + 3 + 9 + 27, first.size());
      assertEquals(first, runTree(a, 42, 3), "the same executor, the same seed again");
      assertEquals(first, runTree(b, 42, 3), "another executor, the same seed");
    } finally {
      a.shutdown();
      b.shutdown();
    }
  }

  @Test
  void shouldExploreDifferentOrdersWithDifferentSeeds() throws Exception {
    DeterministicExecutor executor = newExecutor(0);
    try {
      Set<List<String>> orders = new HashSet<>();
      for (long seed = 0; seed < 20; seed++) {
        orders.add(runTree(executor, seed, 3));
      }
      assertTrue(orders.size() > 10, "distinct orders: " + orders.size());
    } finally {
      executor.shutdown();
    }
  }

  @Test
  void shouldHoldExternalTasksBackUntilTheRunIsQuiet() throws Exception {
    DeterministicExecutor executor = newExecutor(0);
    try {
      List<String> quiet = runTree(executor, 7, 3);

      // The same run, but its first task makes another thread submit a task while the run is going on
      // (joined, so the overlap is certain): that task must run after the whole run, not inside it.
      List<String> log = new ArrayList<>();
      executor.startRun(7, () -> {
        spawn(executor, log, "r", 0, 3);
        Thread intruder = new Thread(() -> executor.execute(() -> log.add("external")));
        intruder.start();
        joinUninterruptibly(intruder);
      });
      assertTrue(executor.awaitQuiescence(TIMEOUT_SECONDS, TimeUnit.SECONDS));
      assertEquals(quiet, log.subList(0, quiet.size()));
      assertEquals(List.of("external"), log.subList(quiet.size(), log.size()));
    } finally {
      executor.shutdown();
    }
  }

  @Test
  void shouldRunTheBootstrapOnTheWorkerThread() throws Exception {
    DeterministicExecutor executor = newExecutor(0);
    try {
      AtomicReference<Thread> bootstrapThread = new AtomicReference<>();
      AtomicReference<Thread> taskThread = new AtomicReference<>();
      executor.execute(() -> taskThread.set(Thread.currentThread()));
      executor.startRun(1, () -> bootstrapThread.set(Thread.currentThread()));
      assertTrue(executor.awaitQuiescence(TIMEOUT_SECONDS, TimeUnit.SECONDS));
      assertSame(taskThread.get(), bootstrapThread.get());
      assertEquals(2, executor.bursts());
      assertEquals(2, executor.tasksRun());
    } finally {
      executor.shutdown();
    }
  }

  @Test
  void shouldDrainQueuedTasksOnShutdownAndThenRejectNewOnes() throws Exception {
    DeterministicExecutor executor = newExecutor(3);
    List<String> log = new ArrayList<>();
    executor.startRun(3, () -> spawn(executor, log, "r", 0, 2));
    executor.shutdown();
    assertTrue(executor.awaitTermination(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    assertTrue(executor.isTerminated());
    assertEquals(1 + 2 + 4 + 8, log.size());
    assertThrows(RejectedExecutionException.class, () -> executor.execute(() -> { }));
  }

  @Test
  void shouldTerminateAtOnceWhenNeverUsed() throws Exception {
    DeterministicExecutor executor = newExecutor(0);
    executor.shutdown();
    assertTrue(executor.awaitTermination(0, TimeUnit.SECONDS));
  }

  private static void joinUninterruptibly(Thread thread) {
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
