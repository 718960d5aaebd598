package org.nestsim.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.nestsim.gsb.GsbCatalog;
import org.nestsim.hcall.ExitReason;
import org.nestsim.l1.L1Report;

/**
 * The file-level {@code expect} of a {@code model: kvm} run (scenario-format.md, "Expectations"), each
 * failure one line: {@code FILE: expect.console.web.0: wanted "hi\n", got ""}.
 */
final class KvmExpectations {
  private KvmExpectations() {}

  static List<String> check(Scenario s, L1Report r) {
    List<String> problems = new ArrayList<>();
    String file = s.file();
    Expectations e = s.expect();
    e.console().forEach((guest, wanted) -> {
      String got = r.console().getOrDefault(KvmPlan.instance(s, guest), "");
      if (!got.equals(wanted)) {
        problems.add(file + ": expect.console." + guest + ": wanted " + quote(wanted) + ", got " + quote(got));
      }
    });
    Map<String, Long> exits = exitsByName(r);
    e.exits().forEach((name, condition) -> {
      long got = exits.getOrDefault(name, 0L);
      if (!FinalExpectations.holds(condition, got)) {
        problems.add(file + ": expect.exits." + name + ": wanted \"" + condition + "\", got " + got);
      }
    });
    if (e.halted() != null) {
      List<String> all = new ArrayList<>();
      s.guests().forEach(g -> all.addAll(g.instanceNames()));
      List<String> wanted = e.halted() instanceof HaltedSpec.All ? all
          : e.halted() instanceof HaltedSpec.None ? List.of()
          : ((HaltedSpec.Guests) e.halted()).names().stream().map(n -> KvmPlan.instance(s, n)).toList();
      if (!new TreeSet<>(wanted).equals(new TreeSet<>(r.halted()))) {
        problems.add(file + ": expect.halted: wanted " + wanted + ", got " + r.halted() + haltReasons(r));
      }
    }
    e.registers().forEach((key, values) -> {
      int slash = key.lastIndexOf('/');
      String instance = KvmPlan.instance(s, key.substring(0, slash)) + key.substring(slash);
      Map<Integer, Long> got = r.registers().get(instance);
      values.forEach((id, wanted) -> {
        String name = "expect.registers." + key + "." + GsbCatalog.nameOf(id);
        if (got == null || !got.containsKey(id)) {
          problems.add(file + ": " + name + ": wanted " + StepCheck.hex(wanted) + ", got nothing (not readable)");
        } else if (got.get(id).longValue() != wanted) {
          problems.add(file + ": " + name + ": wanted " + StepCheck.hex(wanted) + ", got " + StepCheck.hex(got.get(id)));
        }
      });
    });
    if (e.traceHash() != null && !e.traceHash().equals(r.traceHash())) {
      problems.add(file + ": expect.trace-hash: wanted " + e.traceHash() + ", got " + r.traceHash());
    }
    return problems;
  }

  /** Exits by short name ({@code HCALL}), unknown vectors as hex. */
  static Map<String, Long> exitsByName(L1Report r) {
    Map<String, Long> byName = new TreeMap<>();
    r.exitsByVector().forEach((vector, n) -> byName.merge(
        ExitReason.fromVector(vector).map(Enum::name).orElse("0x" + Long.toHexString(vector)), n, Long::sum));
    return byName;
  }

  private static String haltReasons(L1Report r) {
    StringBuilder sb = new StringBuilder();
    r.vcpus().stream().filter(v -> v.fatal()).limit(3).forEach(v -> sb.append("; ").append(v.guest()).append('/')
        .append(v.vcpu()).append(": ").append(v.haltReason()));
    return sb.toString();
  }

  /** A string as a double-quoted literal with \n, \t, \\ and \" escaped. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\x%02x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
