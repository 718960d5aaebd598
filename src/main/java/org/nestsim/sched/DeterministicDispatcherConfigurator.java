package org.nestsim.sched;

import com.typesafe.config.Config;
import java.lang.ref.WeakReference;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ThreadFactory;
import org.apache.pekko.actor.ActorSystem.Settings;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.dispatch.DispatcherPrerequisites;
import org.apache.pekko.dispatch.ExecutorServiceConfigurator;
import org.apache.pekko.dispatch.ExecutorServiceFactory;

/**
 * Makes a Pekko dispatcher run on a {@link DeterministicExecutor}. Pekko instantiates it by reflection
 * from a dispatcher section whose {@code executor} names this class, and passes that section as
 * {@code config}; its {@code seed} (a long, 0 when absent) seeds the bursts that external tasks start.
 *
 * <p>A run selects it in one of two ways (see {@code config/application.conf}):
 * <ul>
 *   <li>whole system, as in the tests: make it the default dispatcher, with the run's seed, e.g.
 *       {@code pekko.actor.default-dispatcher { executor = "org.nestsim.sched.DeterministicDispatcherConfigurator",
 *       throughput = 1, seed = 7 }} placed in front of the loaded configuration. Pekko's own actors on the
 *       default dispatcher (guardians, the logger, test probes) then share the one worker thread;</li>
 *   <li>some actors only: spawn them with {@code DispatcherSelector.fromConfig("nestsim.deterministic-dispatcher")}.
 *       Only the actors on that dispatcher are ordered by it.</li>
 * </ul>
 * {@code throughput = 1} makes every message its own task, so every message is a choice point;
 * {@code throughput-deadline-time} must stay 0 (a deadline would read the wall clock).
 *
 * <p>A run driver finds the executor of a system with {@link #executorOf(ActorSystem, String)} and
 * starts a run with {@link DeterministicExecutor#startRun(long, Runnable)}. Executors are registered per
 * actor system (by the identity of its settings, held weakly) and dispatcher id.
 */
public final class DeterministicDispatcherConfigurator extends ExecutorServiceConfigurator {
  /** The id of Pekko's default dispatcher, for {@link #executorOf(ActorSystem, String)}. */
  public static final String DEFAULT_DISPATCHER_ID = "pekko.actor.default-dispatcher";

  private static final Map<Settings, Map<String, WeakReference<DeterministicExecutor>>> REGISTRY =
      Collections.synchronizedMap(new WeakHashMap<>());

  private final long seed;
  private final Settings settings;

  /** Called by Pekko with the dispatcher's configuration section. */
  public DeterministicDispatcherConfigurator(Config config, DispatcherPrerequisites prerequisites) {
    super(config, prerequisites);
    this.seed = config.hasPath("seed") ? config.getLong("seed") : 0L;
    this.settings = prerequisites.settings();
    if (config.hasPath("throughput-deadline-time")
        && config.getDuration("throughput-deadline-time").toNanos() > 0) {
      throw new IllegalArgumentException(
          "the deterministic dispatcher needs throughput-deadline-time = 0 (no wall clock)");
    }
  }

  /** The seed configured for this dispatcher. */
  public long seed() {
    return seed;
  }

  @Override
  public ExecutorServiceFactory createExecutorServiceFactory(String id, ThreadFactory threadFactory) {
    return () -> {
      DeterministicExecutor executor = new DeterministicExecutor(seed, threadFactory);
      REGISTRY.computeIfAbsent(settings, s -> Collections.synchronizedMap(new HashMap<>()))
          .put(id, new WeakReference<>(executor));
      return executor;
    };
  }

  /**
   * The executor of dispatcher {@code dispatcherId} of {@code system}. Pekko creates a dispatcher's
   * executor when its first actor starts, so this is available for the default dispatcher once the
   * system runs, and for another dispatcher once an actor has been spawned on it.
   *
   * @throws IllegalStateException if that dispatcher does not run on a deterministic executor (yet)
   */
  public static DeterministicExecutor executorOf(ActorSystem<?> system, String dispatcherId) {
    Map<String, WeakReference<DeterministicExecutor>> bySystem =
        REGISTRY.get(system.settings().classicSettings());
    WeakReference<DeterministicExecutor> ref = bySystem == null ? null : bySystem.get(dispatcherId);
    DeterministicExecutor executor = ref == null ? null : ref.get();
    if (executor == null) {
      throw new IllegalStateException("dispatcher " + dispatcherId + " of actor system " + system.name()
          + " has no deterministic executor");
    }
    return executor;
  }

  /** The executor of the default dispatcher of {@code system}. */
  public static DeterministicExecutor executorOf(ActorSystem<?> system) {
    return executorOf(system, DEFAULT_DISPATCHER_ID);
  }
}
