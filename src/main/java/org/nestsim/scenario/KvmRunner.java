package org.nestsim.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.nestsim.l0.L0Config;
import org.nestsim.l0.L0Supervisor;
import org.nestsim.l1.KvmL1;
import org.nestsim.l1.L1Plan;
import org.nestsim.l1.L1Report;
import org.nestsim.l1.RunMonitor;
import org.nestsim.memory.SparseMemory;
import org.nestsim.sched.Clock;
import org.nestsim.trace.TraceWriter;

/**
 * A {@code model: kvm} run: the run's clock and L0 over a fresh L1 memory, and the {@link KvmL1} on
 * them; when the L1 reports, the file's expectations are checked and reported, and the session then
 * stops the run, children included.
 */
final class KvmRunner {
  private KvmRunner() {}

  /**
   * The run's root behavior.
   *
   * @param trace the run's trace writer, or null for an untraced run
   */
  static Behavior<L1Report> create(Scenario scenario, L0Config config, TraceWriter trace, ActorRef<RunReport> done) {
    return create(scenario.file(), KvmPlan.of(scenario, config), config, scenario.l1().memory(),
        report -> KvmExpectations.check(scenario, report), trace, RunMonitor.NONE, done);
  }

  /**
   * The root behavior of a run of {@code plan} (a scenario's, or a generated one: {@code nestsim stress}).
   *
   * @param file the run's name in the report
   * @param memory bytes of L1 memory
   * @param check the failure lines of the L1's report (empty: passed)
   * @param trace the run's trace writer, or null for an untraced run
   * @param monitor what the edge watches of the run ({@link RunMonitor#NONE}: nothing)
   */
  static Behavior<L1Report> create(String file, L1Plan plan, L0Config config, long memory,
      Function<L1Report, List<String>> check, TraceWriter trace, RunMonitor monitor, ActorRef<RunReport> done) {
    return Behaviors.setup(context -> {
      SparseMemory memoryOfL1 = new SparseMemory(memory);
      ActorRef<Clock.Command> clock = context.spawn(Clock.create(config.quantumTicks()), "clock");
      ActorRef<org.nestsim.l0.L0Protocol.Command> l0 =
          context.spawn(L0Supervisor.create(config, memoryOfL1, clock), "l0");
      context.spawn(KvmL1.create(plan, memoryOfL1, l0.narrow(), clock, trace, monitor, context.getSelf()), "l1");
      return Behaviors.receive(L1Report.class).onMessage(L1Report.class, report -> {
        List<String> failures = new ArrayList<>(check.apply(report));
        done.tell(new RunReport(file, List.copyOf(failures), KvmExpectations.exitsByName(report),
            report.notes(), report, report.traceHash()));
        return Behaviors.ignore(); // the session stops the run once it has the report
      }).build();
    });
  }
}
