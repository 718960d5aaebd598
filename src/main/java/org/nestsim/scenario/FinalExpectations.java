package org.nestsim.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nestsim.gsb.GsbValueParser;

/**
 * The file-level {@code expect} of a script run (scenario-format.md, "Expectations"): exit counts.
 * and the trace hash. Console, halted guests and registers describe the KVM-like L1's guests, so a
 * script that asks for them fails with a line that says so, rather than passing unchecked.
 */
final class FinalExpectations {
  private FinalExpectations() {}

  static List<String> check(Scenario scenario, Map<String, Long> exits, String traceHash) {
    List<String> problems = new ArrayList<>();
    Expectations e = scenario.expect();
    String file = scenario.file();
    e.exits().forEach((name, condition) -> {
      long got = exits.getOrDefault(name, 0L);
      if (!holds(condition, got)) {
        problems.add(file + ": expect.exits." + name + ": wanted \"" + condition + "\", got " + got);
      }
    });
    if (!e.console().isEmpty()) {
      problems.add(file + ": expect.console: a script L1 has no console (model: kvm only)");
    }
    if (e.halted() != null) {
      problems.add(file + ": expect.halted: a script L1 does not halt vCPUs (model: kvm only)");
    }
    if (!e.registers().isEmpty()) {
      problems.add(file + ": expect.registers: not checked for a script; use a H_GUEST_GET_STATE step");
    }
    if (e.traceHash() != null && !e.traceHash().equals(traceHash)) {
      problems.add(file + ": expect.trace-hash: wanted " + e.traceHash() + ", got " + traceHash);
    }
    return problems;
  }

  /** Whether {@code got} meets a condition: {@code N}, {@code == N}, {@code >= N}, {@code > N}, … */
  static boolean holds(String condition, long got) {
    String c = condition.trim();
    String op = "==";
    for (String candidate : new String[] {">=", "<=", "==", "!=", ">", "<"}) {
      if (c.startsWith(candidate)) {
        op = candidate;
        c = c.substring(candidate.length()).trim();
        break;
      }
    }
    long n = GsbValueParser.parseInteger(c);
    return switch (op) {
      case ">=" -> got >= n;
      case "<=" -> got <= n;
      case "!=" -> got != n;
      case ">" -> got > n;
      case "<" -> got < n;
      default -> got == n;
    };
  }
}
