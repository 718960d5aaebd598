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
    NOT_FINISHED("not-finished", true, "still running (or not started) when a limit (--exits, --time, --duration) "
        + "or a violation stopped the run"),
    REFUSED("refused", true, "the L0 refused to create its guest (exhaustion): the L1 noted it and deleted the rest"),
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
        + "reached its 0xA00 handler"),
    NO_PROGRESS("no-progress", false, "oracle: exits kept coming but the L2 ran no instruction for "
        + org.nestsim.l1.Oracle.LIVENESS_TICKS + " ticks"),
    ZOMBIE_GUEST("zombie-guest", false, "oracle: the L1 took a guest as deleted that the L0 still has"),
    UNEXPECTED_ANSWER("unexpected-answer", false, "oracle: an answer (an exit, a GET) reached a runner with none in "
        + "flight, or an exit for another vCPU"),
    ANSWER_AFTER_STOP("answer-after-stop", false, "oracle: the L0 answered a run after its runner stopped (a "
        + "second answer, or an exit after the guest's delete)"),
    OTHER_VIOLATION("other-violation", false, "oracle: a violation this table does not name");

    /** The oracle's outcome labelled {@code label} ({@link #OTHER_VIOLATION} for an unknown one). */
    static Outcome oracle(String label) {
      for (Outcome o : values()) {
        if (o.ordinal() >= STALE_CACHE.ordinal() && o.label.equals(label)) {
          return o;
        }
      }
      return OTHER_VIOLATION;
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
    // A vCPU reports once per incarnation of its guest (a delete and boot, a kexec): its outcome is its
    // last incarnation's; its violations are those of all of them.
    Map<String, RunnerStats.Report> byKey = new HashMap<>();
    Map<String, List<RunnerStats.Report>> violating = new LinkedHashMap<>();
    Map<Outcome, Long> violations = new java.util.EnumMap<>(Outcome.class);
    java.util.Set<String> refused = new java.util.HashSet<>();
    if (report != null) {
      for (RunnerStats.Report v : report.vcpus()) {
        String key = v.guest() + "/" + v.vcpu();
        byKey.put(key, v);
        if (!v.violations().isEmpty()) {
          violating.computeIfAbsent(key, k -> new ArrayList<>()).add(v);
        }
      }
      refused.addAll(report.refused());
      if (report.end().startsWith("error")) {
        problems.add("the run ended with " + report.end());
      }
      for (L1Report.Violation v : report.violations()) {
        violations.merge(Outcome.oracle(v.outcome()), 1L, Long::sum);
        problems.add(v.where() + ": " + v.outcome() + ": " + v.detail());
      }
    }
    boolean limited = report != null && (report.end().startsWith("limits.") || report.end().equals("violation"));
    Map<Outcome, Long> counts = new LinkedHashMap<>();
    for (String key : plan.programs().keySet()) {
      RunnerStats.Report v = byKey.get(key);
      for (RunnerStats.Report r : violating.getOrDefault(key, List.of())) {
        r.violations().forEach((label, n) -> violations.merge(Outcome.oracle(label), n, Long::sum));
        problems.add(key + ": " + r.violations() + ", first: " + r.firstViolation());
      }
      Outcome o;
      String detail = null;
      if (refused.contains(key.substring(0, key.indexOf('/')))) {
        o = Outcome.REFUSED;
      } else if (v == null) {
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
