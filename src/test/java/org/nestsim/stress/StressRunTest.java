package org.nestsim.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nestsim.scenario.RunSession;

/**
 * Small deterministic stress runs through the real L0 and KVM-like L1: every workload's vCPUs halt with
 * the checksum computed in Java, a seed repeats its trace hash, and a planted wrong expectation is
 * reported as the forbidden {@code lost-state}.
 */
class StressRunTest {
  private static RunSession session;

  @BeforeAll
  static void openSession() {
    session = new RunSession();
  }

  @AfterAll
  static void closeSession() {
    session.close();
  }

  private static StressRun.Result run(String workload, long exits, long seed, boolean corrupt) {
    return StressRun.run(session, StressPlan.of(new StressPlan.Options(2, 3, workload, exits, 0, true, seed,
        corrupt)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"hcall", "fault", "timer", "mmio", "mix"})
  void shouldHaltEveryVcpuWithItsChecksumAndRepeatTheTraceHash(String workload) {
    StressRun.Result first = run(workload, 0, 11, false);
    assertTrue(first.passed(), first.verdict().problems().toString());
    assertEquals(Map.of(StressVerdict.Outcome.HALTED_OK, 6L), first.verdict().counts());
    assertEquals("halted", first.report().kvm().end());
    first.report().kvm().vcpus().forEach(v -> assertNotNull(v.haltValue(), v.toString()));
    StressRun.Result second = run(workload, 0, 11, false);
    assertNotNull(first.report().traceHash());
    assertEquals(first.report().traceHash(), second.report().traceHash());
  }

  @ParameterizedTest
  @ValueSource(strings = {"hcall", "fault", "timer", "mmio"})
  void shouldRunProgramsRoundsTimesLongerToTheirChecksums(String workload) {
    StressRun.Result one = run(workload, 0, 11, false);
    StressRun.Result three = StressRun.run(session, StressPlan.of(new StressPlan.Options(2, 3, workload, 0, 0,
        true, 11, false, org.nestsim.l1.L1Bug.NONE, true, java.util.List.of(), 0, 3)));
    assertTrue(three.passed(), three.verdict().problems().toString());
    assertEquals(Map.of(StressVerdict.Outcome.HALTED_OK, 6L), three.verdict().counts());
    // Three times the loops (a fault program touches its pages once, then reads them back three times).
    long exits1 = one.report().kvm().exitsByVector().values().stream().mapToLong(Long::longValue).sum();
    long exits3 = three.report().kvm().exitsByVector().values().stream().mapToLong(Long::longValue).sum();
    long instructions1 = one.report().kvm().instructions();
    long instructions3 = three.report().kvm().instructions();
    if (workload.equals("fault")) {
      assertEquals(exits1, exits3, "a fault program's exits are its first touches");
      assertTrue(instructions3 > 1.5 * instructions1, instructions1 + " then " + instructions3);
    } else {
      assertTrue(exits3 > 2.5 * exits1 && exits3 < 3.5 * exits1, exits1 + " then " + exits3);
    }
  }

  @Test
  void shouldPassABiggerMixInBothModes() {
    for (boolean deterministic : new boolean[] {true, false}) {
      StressRun.Result r = StressRun.run(session, StressPlan.of(new StressPlan.Options(8, 8, "mix", 0, 0,
          deterministic, 5, false)));
      assertTrue(r.passed(), r.verdict().problems().toString());
      assertEquals(Map.of(StressVerdict.Outcome.HALTED_OK, 64L), r.verdict().counts());
    }
  }

  @Test
  void shouldReportAPlantedWrongChecksumAsLostState() {
    StressRun.Result r = run("mix", 0, 11, true);
    assertFalse(r.passed());
    assertEquals(1L, r.verdict().counts().get(StressVerdict.Outcome.LOST_STATE));
    assertEquals(5L, r.verdict().counts().get(StressVerdict.Outcome.HALTED_OK));
    assertTrue(r.verdict().problems().get(0).startsWith("g0/0: lost-state: wanted 0x"), r.verdict().problems()
        .toString());
  }

  @Test
  void shouldCallVcpusStoppedByTheExitLimitNotFinishedAndAcceptable() {
    StressRun.Result r = run("timer", 20, 11, false);
    assertEquals("limits.exits", r.report().kvm().end());
    assertTrue(r.passed(), r.verdict().problems().toString());
    assertTrue(r.verdict().counts().containsKey(StressVerdict.Outcome.NOT_FINISHED), r.verdict().counts()
        .toString());
  }
}
