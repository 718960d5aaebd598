package org.nestsim.sched;

import com.typesafe.config.Config;
import java.util.concurrent.ThreadFactory;
import org.apache.pekko.dispatch.DispatcherPrerequisites;
import org.apache.pekko.dispatch.ExecutorServiceConfigurator;
import org.apache.pekko.dispatch.ExecutorServiceFactory;
import org.apache.pekko.dispatch.MonitorableThreadFactory;

/**
 * Makes a Pekko dispatcher run on a {@link HandoffExecutor}: Pekko instantiates it by reflection from a
 * dispatcher section whose {@code executor} names this class (the default dispatcher of {@code
 * config/application.conf}, so every parallel run). Its {@code handoff-executor} subsection sizes the
 * pool as Pekko's fork-join executor is sized ({@code parallelism-min}, {@code parallelism-factor} × cores,
 * {@code parallelism-max}) and gives the {@code budget} of hand-offs in a row.
 */
public final class HandoffDispatcherConfigurator extends ExecutorServiceConfigurator {
  private final int parallelism;
  private final int budget;

  /** Called by Pekko with the dispatcher's configuration section. */
  public HandoffDispatcherConfigurator(Config config, DispatcherPrerequisites prerequisites) {
    super(config, prerequisites);
    Config c = config.getConfig("handoff-executor");
    int cores = Runtime.getRuntime().availableProcessors();
    int scaled = (int) Math.ceil(cores * c.getDouble("parallelism-factor"));
    this.parallelism = Math.min(Math.max(scaled, c.getInt("parallelism-min")), c.getInt("parallelism-max"));
    this.budget = c.getInt("budget");
    if (parallelism < 1 || budget < 1) {
      throw new IllegalArgumentException("handoff-executor: parallelism and budget must be at least 1, got "
          + parallelism + " and " + budget);
    }
  }

  @Override
  public ExecutorServiceFactory createExecutorServiceFactory(String id, ThreadFactory threadFactory) {
    // As Pekko names its own workers: system, dispatcher id, a count.
    MonitorableThreadFactory named = null;
    if (threadFactory instanceof MonitorableThreadFactory) {
      MonitorableThreadFactory pekkos = (MonitorableThreadFactory) threadFactory;
      named = pekkos.withName(pekkos.name() + "-" + id);
    }
    MonitorableThreadFactory f = named;
    return () -> new HandoffExecutor(parallelism, budget, t -> {
      if (f != null) {
        f.wire(t); // daemon flag, context class loader, uncaught-exception handler
        t.setName(f.name() + "-" + f.counter().incrementAndGet());
      } else {
        t.setName(id + "-" + t.getId());
      }
      return t;
    });
  }
}
