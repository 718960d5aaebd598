package org.nestsim.stress;

import java.util.List;
import java.util.Locale;
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
    RunMode mode = mode(plan);
    TraceHeader header = TraceHeader.forCommand(plan.options().command(), plan.plan().seed(),
        mode.name().toLowerCase(Locale.ROOT), RunSession.version());
    RunReport report = session.run(new RunSession.PlanRun("stress", plan.plan(), plan.l0(), plan.l1Memory(), mode,
        header, r -> List.of()), null);
    return new Result(plan, report, StressVerdict.of(plan, report.kvm(), report.failures()));
  }
}
