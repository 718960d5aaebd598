package org.nestsim.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nestsim.l1.L1Bug;
import org.nestsim.scenario.RunSession;

/**
 * How a stress run ends before its vCPUs halt: at a limit reached while the L1 is still booting guests,
 * and at an end requested from outside ({@code --duration}): every vCPU is accounted for, the ones that
 * did not finish (or never started) as {@code not-finished}.
 */
class EndOfRunTest {
  private static RunSession session;

  @BeforeAll
  static void openSession() {
    session = new RunSession();
  }

  @AfterAll
  static void closeSession() {
    session.close();
  }

  private static StressPlan plan(int guests, long exits, boolean deterministic) {
    return StressPlan.of(new StressPlan.Options(guests, 3, "hcall", exits, 0, deterministic, 7, false, L1Bug.NONE,
        true, List.of()));
  }

  /** The first guest's vCPUs reach the exit limit while the second is booting: the boot stops there. */
  @Test
  void shouldAccountForEveryVcpuWhenTheExitLimitComesDuringTheBoot() {
    StressRun.Result r = StressRun.run(session, plan(6, 5, true));

    assertEquals("limits.exits", r.report().kvm().end());
    assertTrue(r.passed(), r.verdict().problems().toString());
    assertEquals(Map.of(StressVerdict.Outcome.NOT_FINISHED, 18L), r.verdict().counts());
    assertTrue(r.report().kvm().notes().stream().anyMatch(n -> n.startsWith("the run ended during boot: ")),
        r.report().kvm().notes().toString());
    long exits = r.report().exits().values().stream().mapToLong(Long::longValue).sum();
    assertTrue(exits < 50, "the boot stops at its next hcall, not a guest later: " + exits + " exits");
  }

  @Test
  void shouldEndARunWhoseEndWasRequestedBeforeItStartedWithEveryVcpuNotFinished() {
    StressMeter meter = new StressMeter(true);
    meter.requestEnd();

    StressRun.Result r = StressRun.run(session, plan(2, 0, false), null, meter);

    assertEquals("limits.requested", r.report().kvm().end());
    assertTrue(r.passed(), r.verdict().problems().toString());
    assertEquals(Map.of(StressVerdict.Outcome.NOT_FINISHED, 6L), r.verdict().counts());
    assertEquals(0, meter.started());
  }

  /**
   * An end during the boot of a recreated guest (here the first violation of {@code ignore-busy-delete},
   * which comes in the recreate's delete) leaves only that guest unbooted: the guests after it ran, and
   * keep their own accounts.
   */
  @Test
  void shouldLeaveOnlyTheRecreatedGuestUnbootedWhenTheRunEndsDuringItsBoot() {
    StressRun.Result r = StressRun.run(session, StressPlan.of(new StressPlan.Options(8, 64, "mix", 0, 0, true, 7,
        false, L1Bug.IGNORE_BUSY_DELETE, true, List.of("busy", "delete"))));

    assertEquals("violation", r.report().kvm().end());
    assertTrue(r.report().kvm().notes().contains("the run ended during boot: 1 guest(s) not booted"),
        r.report().kvm().notes().toString());
    // One empty account for each vCPU of the unbooted guest; the other guests' accounts are their runners'.
    long empty = r.report().kvm().vcpus().stream().filter(v -> v.exits().isEmpty() && v.haltReason() == null).count();
    assertEquals(64, empty, "only the recreated guest's vCPUs have no exits");
  }
}
