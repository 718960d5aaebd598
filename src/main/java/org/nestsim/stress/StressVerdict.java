package org.nestsim.stress;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nestsim.l1.L1Report;
import org.nestsim.l1.RunnerStats;

/**
 * The jcstress-style verdict of a stress run: every vCPU of the plan gets exactly one {@link Outcome},
 * and the run passes when no forbidden outcome was seen.
 *
 * @param counts vCPUs per outcome, in {@link Outcome} order (outcomes seen only)
 * @param problems one line per forbidden vCPU ({@code g0/3: lost-state: wanted 0x…, got 0x…}), the run's
 *     own failures first, then the oracle's per vCPU
 * @param violations the oracle's forbidden outcomes (issue 6): occurrences over the run (a vCPU may see
 *     several); a vCPU with a violation also keeps its own outcome in {@code counts}
 */
public record StressVerdict(Map<Outcome, Long> counts, List<String> problems, Map<Outcome, Long> violations) {

  /** What happened to one vCPU. */
  public enum Outcome {
    HALTED_OK("halted-ok", true, "halted with the checksum its program must compute"),
    NOT_FINISHED("not-finished", true, "still running when a limit (--exits, --time) stopped the run"),
    LOST_STATE("lost-state", false, "halted with another checksum: state was lost or corrupted across exits"),
    FATAL_EXIT("fatal-exit", false, "stopped by an exit the L1 treats as fatal"),
    STUCK("stuck", false, "never halted although no limit stopped the run (quiescent or an L1 error)"),
    NO_REPORT("no-report", false, "no account of the vCPU reached the report (a lost runner)"),
    STALE_CACHE("stale-cache", false, "oracle: after an exit the L1 cache held as valid a value the L0 does not have"),
    UNFLUSHED_DIRTY("unflushed-dirty", false, "oracle: a value the L1 set before a run was not in its input buffer"),
    EXIT_STORM("exit-storm", false, "oracle: " + org.nestsim.l1.Oracle.STORM
        + " consecutive exits of a vCPU without an L2 instruction"),
    INTERRUPT_STORM("interrupt-storm", false, "oracle: the L2 acknowledged more external interrupts than the L1 "
        + "injected (LPCR[MER] left set)"),
    LOST_DOORBELL("lost-doorbell", false, "oracle: a doorbell the L1 injected while the L2 had MSR[EE]=1 never "
        + "reached its 0xA00 handler");

    /** The oracle's outcome labelled {@code label}, or null. */
    static Outcome oracle(String label) {
      for (Outcome o : new Outcome[] {STALE_CACHE, UNFLUSHED_DIRTY, EXIT_STORM, INTERRUPT_STORM,
          LOST_DOORBELL}) {
        if (o.label.equals(label)) {
          return o;
        }
      }
      return null;
    }

    private final String label;
    private final boolean acceptable;
    private final String meaning;

    Outcome(String label, boolean acceptable, String meaning) {
      this.label = label;
      this.acceptable = acceptable;
      this.meaning = meaning;
    }

    public String label() {
      return label;
    }

    public boolean acceptable() {
      return acceptable;
    }

    public String meaning() {
      return meaning;
    }
  }

  /** Whether no forbidden outcome was seen. */
  public boolean passed() {
    return problems.isEmpty();
  }

  /**
   * Classifies every vCPU of {@code plan} by {@code report} (null when the run produced none).
   *
   * @param runFailures the run's own failure lines (a wall-clock timeout): each is a problem
   */
  public static StressVerdict of(StressPlan plan, L1Report report, List<String> runFailures) {
    List<String> problems = new ArrayList<>(runFailures);
    Map<String, RunnerStats.Report> byKey = new HashMap<>();
    if (report != null) {
      // A guest's vCPU appears once: stress plans never delete or reboot guests.
      report.vcpus().forEach(v -> byKey.put(v.guest() + "/" + v.vcpu(), v));
      if (report.end().startsWith("error")) {
        problems.add("the run ended with " + report.end());
      }
    }
    boolean limited = report != null && report.end().startsWith("limits.");
    Map<Outcome, Long> counts = new LinkedHashMap<>();
    Map<Outcome, Long> violations = new java.util.EnumMap<>(Outcome.class);
    for (String key : plan.programs().keySet()) {
      RunnerStats.Report v = byKey.get(key);
      if (v != null && !v.violations().isEmpty()) {
        v.violations().forEach((label, n) -> {
          Outcome oc = Outcome.oracle(label);
          violations.merge(oc == null ? Outcome.NO_REPORT : oc, n, Long::sum);
        });
        problems.add(key + ": " + v.violations() + ", first: " + v.firstViolation());
      }
      Outcome o;
      String detail = null;
      if (v == null) {
        o = Outcome.NO_REPORT;
      } else if (v.fatal()) {
        o = Outcome.FATAL_EXIT;
        detail = v.haltReason();
      } else if (v.haltReason() != null && v.haltValue() != null) {
        long want = plan.expected(key);
        o = v.haltValue() == want ? Outcome.HALTED_OK : Outcome.LOST_STATE;
        detail = "wanted 0x" + Long.toHexString(want) + ", got 0x" + Long.toHexString(v.haltValue()) + " ("
            + plan.programs().get(key).kind().label() + " program)";
      } else {
        o = limited ? Outcome.NOT_FINISHED : Outcome.STUCK;
        detail = report == null ? null : "the run ended: " + report.end();
      }
      counts.merge(o, 1L, Long::sum);
      if (!o.acceptable()) {
        problems.add(key + ": " + o.label() + (detail == null ? "" : ": " + detail));
      }
    }
    Map<Outcome, Long> ordered = new LinkedHashMap<>();
    for (Outcome o : Outcome.values()) {
      if (counts.containsKey(o)) {
        ordered.put(o, counts.get(o));
      }
    }
    return new StressVerdict(java.util.Collections.unmodifiableMap(ordered), List.copyOf(problems),
        java.util.Collections.unmodifiableMap(violations));
  }
}
