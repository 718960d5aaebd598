package org.nestsim.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.nestsim.gsb.GsbCatalog;
import org.nestsim.hcall.ExitReason;
import org.nestsim.hcall.HcallResult;
import org.nestsim.hcall.ReturnCode;

/**
 * Compares one hcall step's result with its {@code expect} (scenario-format.md): {@code rc} (any of a
 * list), then, only when the hcall returned {@code H_SUCCESS}, {@code exit} and {@code gsb}; {@code r4}
 * and {@code r5} always. Each mismatch is one {@code expect.KEY: wanted …, got …} detail.
 */
final class StepCheck {
  private StepCheck() {}

  /**
   * The mismatches of a result.
   *
   * @param exitVector the exit vector of a successful run, or -1
   * @param returned the buffer the L0 returned (GET buffer, run output), or null
   */
  static List<String> check(StepExpect expect, HcallResult result, long exitVector, byte[] returned,
      Bindings bindings) {
    List<String> problems = new ArrayList<>();
    if (!expect.rc().contains(result.rc())) {
      problems.add("expect.rc: wanted " + oneOf(expect.rc(), StepCheck::rcName) + ", got "
          + ReturnCode.describe(result.rc()));
    }
    register(problems, "r4", expect.r4(), result.r4(), bindings);
    register(problems, "r5", expect.r5(), result.r5(), bindings);
    if (!result.isSuccess()) {
      return problems;
    }
    if (exitVector >= 0 && !expect.exits().isEmpty() && !expect.exits().contains(exitVector)) {
      problems.add("expect.exit: wanted " + oneOf(expect.exits(), StepCheck::exitName) + ", got "
          + exitName(exitVector) + " (0x" + Long.toHexString(exitVector) + ")");
    }
    for (ElementValue e : expect.gsb()) {
      String name = "expect.gsb." + GsbCatalog.nameOf(e.id());
      List<Long> got = returned == null ? null : ScriptGsb.find(returned, e.id());
      List<Long> wanted = e.parts().stream().map(bindings::value).toList();
      if (got == null) {
        problems.add(name + ": wanted " + values(wanted) + ", got nothing (not in the buffer)");
      } else if (!got.equals(wanted)) {
        problems.add(name + ": wanted " + values(wanted) + ", got " + values(got));
      }
    }
    return problems;
  }

  private static void register(List<String> problems, String name, Operand expected, long got,
      Bindings bindings) {
    if (expected == null) {
      return;
    }
    long wanted = bindings.value(expected);
    if (wanted != got) {
      problems.add("expect." + name + ": wanted " + hex(wanted) + ", got " + hex(got));
    }
  }

  private static String oneOf(List<Long> values, java.util.function.LongFunction<String> name) {
    return values.stream().map(v -> name.apply(v)).collect(Collectors.joining(" or "));
  }

  static String rcName(long rc) {
    return ReturnCode.fromValue(rc).map(Enum::name).orElse(Long.toString(rc));
  }

  static String exitName(long vector) {
    return ExitReason.fromVector(vector).map(Enum::name).orElse("0x" + Long.toHexString(vector));
  }

  private static String values(List<Long> parts) {
    if (parts.size() == 1) {
      return hex(parts.get(0));
    }
    return parts.stream().map(StepCheck::hex).collect(Collectors.joining(", ", "[", "]"));
  }

  static String hex(long v) {
    return v >= 0 && v < 10 ? Long.toString(v) : "0x" + Long.toHexString(v);
  }
}
