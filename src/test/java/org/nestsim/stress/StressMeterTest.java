package org.nestsim.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nestsim.l1.L1Bug;
import org.nestsim.l1.RunMonitor;
import org.nestsim.scenario.RunSession;

/**
 * The counters and latencies {@code nestsim stress} reads while and after a run ({@link StressMeter}): they
 * count what the run's report counts, and watching does not change the trace.
 */
class StressMeterTest {
  private static RunSession session;

  @BeforeAll
  static void openSession() {
    session = new RunSession();
  }

  @AfterAll
  static void closeSession() {
    session.close();
  }

  private static StressPlan plan(String workload, long exits, boolean deterministic, L1Bug bug, List<String> faults) {
    return StressPlan.of(new StressPlan.Options(2, 3, workload, exits, 0, deterministic, 7, false, bug, true, faults));
  }

  private static long exits(StressRun.Result r) {
    return r.report().exits().values().stream().mapToLong(Long::longValue).sum();
  }

  @Test
  void shouldCountExitsVcpusAndInjectionsAsTheReportDoesAndTimeEveryExit() {
    StressPlan plan = plan("mix", 0, true, L1Bug.NONE, List.of("external", "doorbell", "kick"));
    StressMeter meter = new StressMeter(true);

    StressRun.Result r = StressRun.run(session, plan, null, meter);

    assertTrue(r.passed(), r.verdict().problems().toString());
    assertEquals(exits(r), meter.exits());
    assertEquals(6, meter.started());
    assertEquals(0, meter.running(), "every vCPU halted");
    assertTrue(meter.faultsInjected() > 0 && meter.faultsInjected() <= plan.plan().events().size(),
        meter.faultsInjected() + " of " + plan.plan().events().size());
    assertEquals(0, meter.violations());
    StressMeter.Latency l = StressMeter.Latency.of(meter.latencies());
    assertEquals(exits(r), l.count());
    assertTrue(0 < l.p50() && l.p50() <= l.p90() && l.p90() <= l.p99() && l.p99() <= l.p999()
        && l.p999() <= l.max(), l.toString());
  }

  @Test
  void shouldLeaveTheTraceAsItIsWithoutAMonitor() {
    StressPlan plan = plan("mix", 0, true, L1Bug.NONE, List.of("external", "kick"));

    String watched = StressRun.run(session, plan, null, new StressMeter(true)).report().traceHash();
    String unwatched = StressRun.run(session, plan, null, RunMonitor.NONE).report().traceHash();

    assertNotNull(watched);
    assertEquals(unwatched, watched);
  }

  @Test
  void shouldCountTheOraclesViolations() {
    StressMeter meter = new StressMeter(false);

    StressRun.Result r = StressRun.run(session, plan("hcall", 10_000, true, L1Bug.UNFLUSHED_DIRTY, List.of()), null,
        meter);

    long seen = r.verdict().violations().values().stream().mapToLong(Long::longValue).sum();
    assertTrue(seen > 0, r.verdict().toString());
    assertEquals(seen, meter.violations());
    assertEquals(0, meter.latencies().getTotalCount(), "latency not asked for");
  }
}
