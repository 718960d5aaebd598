package org.nestsim.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.nestsim.l0.L0Config;
import org.nestsim.l1.GuestPlan;
import org.nestsim.l1.L1Plan;
import org.nestsim.l1.L1Report;
import org.nestsim.l1.RunMonitor;
import org.nestsim.sched.DeterministicDispatcherConfigurator;
import org.nestsim.trace.TraceHeader;
import org.nestsim.trace.TraceWriter;

/**
 * Runs scenario files, one after the other, each in a fresh set of actors: deterministic runs on one
 * actor system whose default dispatcher is the seeded deterministic one (each run starts from inside
 * the executor with the file's seed, so that one system serves every file), parallel runs on one with
 * the hand-off dispatcher ({@code HandoffExecutor}). The systems are made on first use and terminated
 * by {@link #close()}.
 *
 * <p>The only wall-clock time is here, at the edge: a run that does not report within {@code
 * nestsim.run.wall-timeout} (plus {@code nestsim.run.wall-timeout-per-vcpu} per vCPU for a generated
 * run) is a NestSim bug, reported as a failure rather than a hang.
 */
public final class RunSession implements AutoCloseable {
  /** The configuration key of the wall-clock bound of one run. */
  public static final String WALL_TIMEOUT_KEY = "nestsim.run.wall-timeout";
  /** The configuration key of what a generated run ({@link PlanRun}) may take more per vCPU. */
  public static final String WALL_TIMEOUT_PER_VCPU_KEY = "nestsim.run.wall-timeout-per-vcpu";

  private final Duration wallTimeout;
  private final Duration wallTimeoutPerVcpu;
  private ActorSystem<Guardian> deterministic;
  private ActorSystem<Guardian> parallel;
  private int runs;
  /** The trace writer of the run in progress, read by {@link #tracedEvents()} from another thread. */
  private volatile TraceWriter running;

  /** A session with the wall-clock bound from the configuration. */
  public RunSession() {
    this(Duration.ZERO);
  }

  /**
   * A session whose runs may take {@code longer} than the configured bound: a run meant to go on for a
   * while of wall-clock time ({@code nestsim stress --duration}) is not a hang.
   */
  public RunSession(Duration longer) {
    Config config = ConfigFactory.load();
    this.wallTimeout = config.getDuration(WALL_TIMEOUT_KEY).plus(longer);
    this.wallTimeoutPerVcpu = config.getDuration(WALL_TIMEOUT_PER_VCPU_KEY);
  }

  /**
   * The wall-clock bound of a generated run of {@code vcpus} vCPUs: {@code base} plus {@code perVcpu}
   * for each (boot and the run grow with the vCPUs; 10⁶ need minutes, docs/PERFORMANCE.md).
   */
  static Duration wallTimeout(Duration base, Duration perVcpu, long vcpus) {
    return base.plus(perVcpu.multipliedBy(vcpus));
  }

  /** The guardian's protocol. */
  sealed interface Guardian permits Start, Reported {}

  /** Spawn this run's root and complete the future with its report. */
  record Start(Root root, String name, TraceWriter trace, CompletableFuture<RunReport> report) implements Guardian {}

  /** The run {@code name} has reported: its root, and every actor of the run with it, can stop. */
  private record Reported(String name) implements Guardian {}

  /**
   * How a run's root behavior is made, given its trace writer (or null) and where to send its report.
   * The root does not stop itself after reporting: the session stops it once the report is handed over,
   * so that the caller has it before the run's actors — 2×10⁵ at 10⁵ vCPUs — are torn down.
   */
  interface Root {
    Behavior<?> create(TraceWriter trace, ActorRef<RunReport> done);
  }

  /**
   * A run of a generated {@link L1Plan} rather than a scenario file ({@code nestsim stress}): the
   * KVM-like L1 runs {@code plan} over an L0 configured by {@code l0}, with {@code l1Memory} bytes of L1
   * memory, in {@code mode} with the plan's seed; {@code check} turns the L1's report into failure lines.
   *
   * @param name the run's name in its report and failure lines
   * @param header the trace's header (a generated run is named by its command line)
   * @param monitor what the caller watches while the run goes on, and its way to end the run early
   *     ({@link RunMonitor#NONE}: nothing)
   */
  public record PlanRun(String name, L1Plan plan, L0Config l0, long l1Memory, RunMode mode, TraceHeader header,
      Function<L1Report, List<String>> check, RunMonitor monitor) {}

  /**
   * Spawns each run's root, completes the run's future with its report, then stops the root. Stopping
   * first made the report wait: a stopping parent schedules every child's termination, and at 10⁵
   * vCPUs the report's delivery queued behind them for 0.8 s.
   */
  private static Behavior<Guardian> guardian() {
    return Behaviors.setup(context -> Behaviors.receive(Guardian.class)
        .onMessage(Start.class, start -> {
          ActorRef<Guardian> self = context.getSelf();
          ActorRef<RunReport> completer = context.spawn(Behaviors.receive(RunReport.class)
              .onMessage(RunReport.class, report -> {
                start.report().complete(report);
                self.tell(new Reported(start.name()));
                return Behaviors.stopped();
              }).build(), start.name() + "-report");
          context.spawn(start.root().create(start.trace(), completer), start.name());
          return Behaviors.same();
        })
        .onMessage(Reported.class, r -> {
          context.getChild(r.name()).ifPresent(context::stop);
          return Behaviors.same();
        })
        .build());
  }

  /** Runs a scenario and returns its report; a deterministic run is traced (hash only). */
  public RunReport run(Scenario scenario) {
    return run(scenario, (Path) null);
  }

  /**
   * Runs a scenario and returns its report. A run is traced when it is deterministic
   * or {@code traceFile} is given; the trace goes to {@code traceFile} if given, and its hash into the
   * report.
   *
   * @throws UncheckedIOException if the trace file cannot be written
   */
  public RunReport run(Scenario scenario, Path traceFile) {
    TraceWriter trace = null;
    if (scenario.mode() == RunMode.DETERMINISTIC || traceFile != null) {
      trace = traceWriter(scenario, traceFile);
    }
    running = trace;
    try {
      return runTraced(scenario, trace);
    } finally {
      running = null;
      if (trace != null) {
        trace.close();
      }
    }
  }

  /**
   * The number of trace events the run in progress has recorded so far, or -1 when no traced run is in
   * progress. Safe from any thread: it is how a progress display at the edge (the command line) watches a
   * long run without the simulation keeping a wall clock.
   */
  public long tracedEvents() {
    TraceWriter trace = running;
    return trace == null ? -1 : trace.events();
  }

  /**
   * Runs a scenario without tracing it, even in deterministic mode: for measurements that compare the
   * two dispatchers on the same work, or count the messages an exit costs without the trace's own.
   */
  public RunReport runUntraced(Scenario scenario) {
    return runTraced(scenario, null);
  }

  /** The header of a scenario's trace: its path, content hash, seed, mode and NestSim's version. */
  public static TraceHeader header(Scenario scenario) {
    byte[] content;
    try {
      content = Files.readAllBytes(Path.of(scenario.file()));
    } catch (IOException | RuntimeException e) {
      content = new byte[0];
    }
    return TraceHeader.forScenario(scenario.file(), TraceHeader.sha256Of(content), scenario.seed(),
        scenario.mode().name().toLowerCase(Locale.ROOT), version());
  }

  /** NestSim's version from the jar's manifest, {@code dev} when run from classes. */
  public static String version() {
    String v = RunSession.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  private static TraceWriter traceWriter(Scenario scenario, Path traceFile) {
    TraceHeader header = header(scenario);
    if (traceFile == null) {
      return TraceWriter.hashOnly(header);
    }
    try {
      return TraceWriter.open(traceFile, header);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the trace " + traceFile + ": " + e.getMessage(), e);
    }
  }

  private RunReport runTraced(Scenario scenario, TraceWriter trace) {
    Root root = scenario.l1().model() == L1Model.SCRIPT
        ? (t, done) -> ScriptRunner.create(scenario, RunConfig.l0(scenario), t, done)
        : (t, done) -> KvmRunner.create(scenario, RunConfig.l0(scenario), t, done);
    return runRoot(root, scenario.file(), scenario.mode(), scenario.seed(), trace, wallTimeout);
  }

  /**
   * Runs a generated plan and returns its report. A run is traced when it is deterministic or {@code
   * traceFile} is given, as {@link #run(Scenario, Path)}. Its wall-clock bound grows with its vCPUs
   * ({@link #WALL_TIMEOUT_PER_VCPU_KEY}).
   *
   * @throws UncheckedIOException if the trace file cannot be written
   */
  public RunReport run(PlanRun run, Path traceFile) {
    TraceWriter trace = null;
    if (run.mode() == RunMode.DETERMINISTIC || traceFile != null) {
      try {
        trace = traceFile == null ? TraceWriter.hashOnly(run.header()) : TraceWriter.open(traceFile, run.header());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the trace " + traceFile + ": " + e.getMessage(), e);
      }
    }
    running = trace;
    try {
      long vcpus = run.plan().guests().stream().mapToLong(GuestPlan::vcpus).sum();
      return runRoot((t, done) -> KvmRunner.create(run.name(), run.plan(), run.l0(), run.l1Memory(), run.check(), t,
          run.monitor(), done), run.name(), run.mode(), run.plan().seed(), trace,
          wallTimeout(wallTimeout, wallTimeoutPerVcpu, vcpus));
    } finally {
      running = null;
      if (trace != null) {
        trace.close();
      }
    }
  }

  private RunReport runRoot(Root root, String file, RunMode mode, long seed, TraceWriter trace, Duration timeout) {
    CompletableFuture<RunReport> report = new CompletableFuture<>();
    Start start = new Start(root, "run-" + (++runs), trace, report);
    if (mode == RunMode.DETERMINISTIC) {
      ActorSystem<Guardian> system = deterministicSystem();
      DeterministicDispatcherConfigurator.executorOf(system).startRun(seed, () -> system.tell(start));
    } else {
      parallelSystem().tell(start);
    }
    try {
      return report.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // The system may be wedged; the next run gets a fresh one.
      closeSystems();
      return new RunReport(file, List.of(file + ": the run did not finish within "
          + timeout.toSeconds() + " s of wall-clock time (a NestSim bug: please report it with this file)"),
          Map.of(), List.of(), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + file, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("run of " + file + " failed", e.getCause());
    }
  }

  /**
   * Creates the actor system that runs scenarios of {@code mode} now, if it does not exist yet, so that
   * a caller can time a run apart from the system's start-up (the command line's summary).
   */
  public void prepare(RunMode mode) {
    if (mode == RunMode.DETERMINISTIC) {
      deterministicSystem();
    } else {
      parallelSystem();
    }
  }

  private ActorSystem<Guardian> deterministicSystem() {
    if (deterministic == null) {
      Config config = ConfigFactory.parseString(
              "pekko.actor.default-dispatcher = ${nestsim.deterministic-dispatcher} { seed = 0 }")
          .withFallback(ConfigFactory.load())
          .resolve();
      deterministic = ActorSystem.create(guardian(), "nestsim-deterministic", config);
    }
    return deterministic;
  }

  private ActorSystem<Guardian> parallelSystem() {
    if (parallel == null) {
      parallel = ActorSystem.create(guardian(), "nestsim-parallel", ConfigFactory.load());
    }
    return parallel;
  }

  /**
   * The number of tasks (one message each) the deterministic system's executor has run so far: what
   * the benchmarks divide by exits to count the messages an exit costs. 0 before the first
   * deterministic run.
   */
  public long deterministicTasks() {
    return deterministic == null ? 0 : DeterministicDispatcherConfigurator.executorOf(deterministic).tasksRun();
  }

  private void closeSystems() {
    for (ActorSystem<Guardian> system : Arrays.asList(deterministic, parallel)) {
      if (system != null) {
        system.terminate();
        try {
          system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
          // A wedged system cannot be waited for; its threads are daemons.
        }
      }
    }
    deterministic = null;
    parallel = null;
  }

  @Override
  public void close() {
    closeSystems();
  }
}
