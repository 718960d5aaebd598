package org.nestsim.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nestsim.l1.L1Bug;
import org.nestsim.l1.RunnerStats;
import org.nestsim.scenario.RunSession;

/**
 * Issue 6's fault kinds under the correct L1: each one does what it says (the exits, notes and
 * incarnations it must cause), every vCPU still ends acceptable, and a run repeats its trace hash.
 */
class StressFaultsTest {
  private static RunSession session;

  @BeforeAll
  static void openSession() {
    session = new RunSession();
  }

  @AfterAll
  static void closeSession() {
    session.close();
  }

  private static StressRun.Result run(int guests, int vcpus, String workload, long seed, List<String> faults,
      int adversaries, long exits) {
    return StressRun.run(session, StressPlan.of(new StressPlan.Options(guests, vcpus, workload, exits, 0, true, seed,
        false, L1Bug.NONE, true, faults, adversaries)));
  }

  private static long exits(StressRun.Result r, String name) {
    return r.report().exits().getOrDefault(name, 0L);
  }

  /** Reports per vCPU key: more than one means the guest was booted again. */
  private static Map<String, Long> incarnations(StressRun.Result r) {
    return r.report().kvm().vcpus().stream().collect(java.util.stream.Collectors.groupingBy(
        v -> v.guest() + "/" + v.vcpu(), java.util.stream.Collectors.counting()));
  }

  @ParameterizedTest(name = "--faults {0} on {1}, seed {2}")
  @CsvSource({"delete, mix, 1", "delete, fault, 2", "kexec, mix, 3", "kexec, timer, 4", "busy, mix, 5",
      "preempt, hcall, 6", "preempt, mix, 7", "run-flags, mix, 8", "run-flags, timer, 9"})
  void shouldEndEveryVcpuAcceptablyUnderTheFault(String fault, String workload, long seed) {
    StressRun.Result r = run(3, 3, workload, seed, List.of(fault), 0, 0);
    assertTrue(r.passed(), r.verdict().problems().toString());
    assertEquals(Map.of(StressVerdict.Outcome.HALTED_OK, 9L), r.verdict().counts());
    switch (fault) {
      case "delete" -> assertEquals(Map.of(2L, 9L), incarnations(r).values().stream().collect(
          java.util.stream.Collectors.groupingBy(n -> n, java.util.stream.Collectors.counting())),
          "every guest deleted once and booted again");
      case "kexec" -> assertTrue(incarnations(r).values().stream().allMatch(n -> n == 2), incarnations(r).toString());
      case "preempt" -> assertTrue(exits(r, "NONE") > 0, r.report().exits().toString());
      case "run-flags" -> assertTrue(r.report().kvm().l2HcallsByReturnCode().getOrDefault(0L, 0L) > 0);
      default -> { }
    }
    assertEquals(r.report().traceHash(), run(3, 3, workload, seed, List.of(fault), 0, 0).report().traceHash());
  }

  @Test
  void shouldInjectExternalInterruptsWithRunFlagsThatTheL2Acknowledges() {
    StressRun.Result flags = run(2, 3, "hcall", 3, List.of("run-flags"), 0, 0);
    StressRun.Result state = run(2, 3, "hcall", 3, List.of("external", "doorbell"), 0, 0);
    assertTrue(flags.passed(), flags.verdict().problems().toString());
    // H_EOI (0x64) answered by the L1: the 0x500 handler ran, whichever way the interrupt came.
    long eoiFlags = flags.report().kvm().vcpus().stream().mapToLong(v -> v.l2Hcalls().getOrDefault(0L, 0L)).sum();
    long eoiState = state.report().kvm().vcpus().stream().mapToLong(v -> v.l2Hcalls().getOrDefault(0L, 0L)).sum();
    assertTrue(eoiFlags > 0 && eoiState > 0);
    assertTrue(!flags.report().traceHash().equals(state.report().traceHash()), "the injections differ in kind");
  }

  @Test
  void shouldRefuseTheLastGuestWhenTheL0RunsOutOfVcpus() {
    StressRun.Result r = run(3, 3, "mix", 5, List.of("exhaustion"), 0, 0);
    assertTrue(r.passed(), r.verdict().problems().toString());
    assertEquals(Map.of(StressVerdict.Outcome.HALTED_OK, 6L, StressVerdict.Outcome.REFUSED, 3L),
        r.verdict().counts());
    assertEquals(List.of("g2"), r.report().kvm().refused());
    assertTrue(r.report().kvm().notes().stream().anyMatch(n -> n.startsWith("boot of g2: H_GUEST_CREATE_VCPU")),
        r.report().kvm().notes().toString());
  }

  @Test
  void shouldRunAdversariesAlongsideTheRunnersWithoutHarm() {
    StressRun.Result r = run(3, 4, "mix", 21, List.of(), 4, 0);
    assertTrue(r.passed(), r.verdict().problems().toString());
    assertEquals(Map.of(StressVerdict.Outcome.HALTED_OK, 12L), r.verdict().counts());
    String note = r.report().kvm().notes().stream().filter(n -> n.startsWith("4 adversary L1 CPUs made "))
        .findFirst().orElseThrow();
    long requests = Long.parseLong(note.replaceAll("\\D+", " ").trim().split(" ")[2]);
    assertTrue(requests >= 20, note);
  }

  /**
   * CI's short stress run (issue 6): a few thousand vCPUs, every fault kind and adversaries at once,
   * bounded by exits, under the correct L1 and the oracle.
   */
  @Test
  void shouldPassAFewThousandVcpusUnderEveryFaultKindAtOnce() {
    StressRun.Result r = run(8, 256, "mix", 2026, List.copyOf(StressPlan.FAULTS.keySet()), 8, 150_000);
    assertTrue(r.passed(), r.verdict().problems().toString());
    long acceptable = r.verdict().counts().entrySet().stream().filter(e -> e.getKey().acceptable())
        .mapToLong(Map.Entry::getValue).sum();
    assertEquals(8 * 256, acceptable);
    assertTrue(exits(r, "NONE") > 0 && exits(r, "HCALL") > 0 && exits(r, "HDSI") > 0, r.report().exits().toString());
    assertTrue(r.report().kvm().vcpus().stream().mapToLong(RunnerStats.Report::instructions).sum() > 0);
  }
}
