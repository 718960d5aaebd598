package org.nestsim.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nestsim.l1.L1Bug;
import org.nestsim.scenario.RunSession;

/**
 * Issue 6, "Planted bugs prove the oracle works": each planted L1 bug is reported as its forbidden
 * outcome by a small deterministic run bounded at 500,000 exits, and the correct L1 runs the same seeds
 * clean.
 */
class PlantedBugTest {
  private static final long EXITS = 500_000;
  private static RunSession session;

  @BeforeAll
  static void openSession() {
    session = new RunSession();
  }

  @AfterAll
  static void closeSession() {
    session.close();
  }

  private static StressRun.Result run(String workload, long seed, L1Bug bug) {
    return StressRun.run(session, StressPlan.of(new StressPlan.Options(2, 3, workload, EXITS, 0, true, seed, false,
        bug, true)));
  }

  /**
   * The interrupt bugs need injections: external interrupts, doorbells and kicks from the seed. A storm
   * runs to the exit bound (every exit a spurious interrupt), so these runs are bounded at 100,000.
   */
  @ParameterizedTest(name = "{0} on {1}, seed {2}, with faults")
  @CsvSource({
      "MER_REIMPORT, hcall, 1, interrupt-storm", "MER_REIMPORT, timer, 1, interrupt-storm",
      "MER_REIMPORT, mix, 1, interrupt-storm",
      "LOST_DOORBELL, fault, 1, lost-doorbell", "LOST_DOORBELL, mmio, 1, lost-doorbell",
      "LOST_DOORBELL, mix, 1, lost-doorbell"})
  void shouldReportTheInterruptBugsUnderInjectionsAndPassTheCorrectL1(L1Bug bug, String workload, long seed,
      String outcome) {
    java.util.function.Function<L1Bug, StressRun.Result> run = b -> StressRun.run(session, StressPlan.of(
        new StressPlan.Options(2, 3, workload, 100_000, 0, true, seed, false, b, true,
            java.util.List.of("external", "doorbell", "kick"))));
    StressRun.Result bad = run.apply(bug);
    assertFalse(bad.passed());
    assertEquals(java.util.Set.of(outcome), bad.verdict().violations().keySet().stream()
        .map(StressVerdict.Outcome::label).collect(java.util.stream.Collectors.toSet()),
        bad.verdict().violations().toString());
    assertTrue(bad.plan().options().reproducer().contains("--faults external,doorbell,kick"));

    StressRun.Result good = run.apply(L1Bug.NONE);
    assertTrue(good.passed(), good.verdict().problems().toString());
    assertEquals(Map.of(), good.verdict().violations());
    assertEquals(Map.of(StressVerdict.Outcome.HALTED_OK, 6L), good.verdict().counts());
  }

  @ParameterizedTest(name = "{0} on {1}, seed {2}")
  @CsvSource({
      "UNFLUSHED_DIRTY, hcall, 1, unflushed-dirty", "UNFLUSHED_DIRTY, mix, 2, unflushed-dirty",
      "UNFLUSHED_DIRTY, fault, 3, unflushed-dirty",
      "STALE_CACHE, timer, 1, stale-cache", "STALE_CACHE, mix, 2, stale-cache", "STALE_CACHE, mmio, 3, stale-cache"})
  void shouldReportThePlantedBugAndPassTheCorrectL1OnTheSameSeed(L1Bug bug, String workload, long seed,
      String outcome) {
    StressRun.Result bad = run(workload, seed, bug);
    assertFalse(bad.passed());
    StressVerdict.Outcome o = bad.verdict().violations().keySet().iterator().next();
    assertEquals(outcome, o.label(), bad.verdict().violations().toString());
    assertEquals(1, bad.verdict().violations().size(), bad.verdict().violations().toString());
    assertTrue(bad.verdict().problems().stream().anyMatch(p -> p.contains("first: " + outcome + ": ")),
        bad.verdict().problems().toString());
    assertTrue(bad.plan().options().reproducer().endsWith("--l1-bug " + bug.label()));

    StressRun.Result good = run(workload, seed, L1Bug.NONE);
    assertTrue(good.passed(), good.verdict().problems().toString());
    assertEquals(Map.of(), good.verdict().violations());
    assertEquals(Map.of(StressVerdict.Outcome.HALTED_OK, 6L), good.verdict().counts());
  }

  /**
   * {@code ignore-busy-delete} needs deletes that the L0 answers {@code H_BUSY}: the {@code busy} fault
   * with {@code delete} (each guest deleted and booted again) or {@code kexec} (one delete-all).
   */
  @ParameterizedTest(name = "ignore-busy-delete on {0}, seed {1}, --faults {2}")
  @CsvSource(delimiter = ';', value = {"hcall; 1; busy,delete", "mix; 2; busy,kexec", "timer; 3; busy,delete,kexec"})
  void shouldReportAZombieGuestWhenTheL1TakesBusyFromDeleteAsDone(String workload, long seed, String faults) {
    java.util.function.Function<L1Bug, StressRun.Result> run = b -> StressRun.run(session, StressPlan.of(
        new StressPlan.Options(2, 3, workload, EXITS, 0, true, seed, false, b, true,
            java.util.List.of(faults.split(",")))));
    StressRun.Result bad = run.apply(L1Bug.IGNORE_BUSY_DELETE);
    assertFalse(bad.passed());
    assertEquals(java.util.Set.of(StressVerdict.Outcome.ZOMBIE_GUEST), bad.verdict().violations().keySet(),
        bad.verdict().violations().toString());
    assertEquals("violation", bad.report().kvm().end(), "the first violation ends the run");
    assertTrue(bad.verdict().problems().stream().anyMatch(p -> p.contains("zombie-guest: the L1 took guest")),
        bad.verdict().problems().toString());
    assertTrue(bad.plan().options().reproducer().endsWith("--l1-bug ignore-busy-delete"));

    StressRun.Result good = run.apply(L1Bug.NONE);
    assertTrue(good.passed(), good.verdict().problems().toString());
    assertEquals(Map.of(StressVerdict.Outcome.HALTED_OK, 6L), good.verdict().counts());
  }
}
