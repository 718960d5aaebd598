package org.nestsim.stress;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.nestsim.l1.RunMonitor;
import org.nestsim.scenario.RunMode;
import org.nestsim.scenario.RunReport;
import org.nestsim.scenario.RunSession;
import org.nestsim.trace.TraceHeader;

/** Runs a {@link StressPlan} through a {@link RunSession} and judges it ({@link StressVerdict}). */
public final class StressRun {
  private StressRun() {}

  /** A finished stress run: what ran, the run's report, and the verdict over every vCPU. */
  public record Result(StressPlan plan, RunReport report, StressVerdict verdict) {
    public boolean passed() {
      return verdict.passed();
    }
  }

  /** The run mode of {@code plan}. */
  public static RunMode mode(StressPlan plan) {
    return plan.options().deterministic() ? RunMode.DETERMINISTIC : RunMode.PARALLEL;
  }

  /**
   * Runs {@code plan} on {@code session}: deterministic runs are traced (hash only), the trace named by
   * the reproducing command line.
   */
  public static Result run(RunSession session, StressPlan plan) {
    return run(session, plan, null, RunMonitor.NONE);
  }

  /**
   * Runs {@code plan} on {@code session}, traced when deterministic or when {@code traceFile} is given
   * (the trace then goes to the file; its header names the reproducing command line, which {@code
   * nestsim replay} runs again), watched by {@code monitor}.
   *
   * @throws java.io.UncheckedIOException if the trace file cannot be written
   */
  public static Result run(RunSession session, StressPlan plan, Path traceFile, RunMonitor monitor) {
    RunMode mode = mode(plan);
    TraceHeader header = TraceHeader.forCommand(plan.options().command(), plan.plan().seed(),
        mode.name().toLowerCase(Locale.ROOT), RunSession.version());
    RunReport report = session.run(new RunSession.PlanRun("stress", plan.plan(), plan.l0(), plan.l1Memory(), mode,
        header, r -> List.of(), monitor), traceFile);
    return new Result(plan, report, StressVerdict.of(plan, report.kvm(), report.failures()));
  }
}
