package org.nestsim.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nestsim.hcall.Hcall;

/**
 * Reads one {@code hcall:} step of a script: the opcode (a name or any number), {@code args},
 * {@code gsb}/{@code gsb-hex}, {@code expect} (rc, r4, r5, exit, gsb) and {@code save} (r4, r5).
 */
final class HcallStepReader {
  static final List<String> KEYS = List.of("hcall", "args", "gsb", "gsb-hex", "expect", "save");
  static final List<String> ARGS = List.of("flags", "guest", "vcpu", "capabilities", "token", "address", "size");
  private static final List<String> EXPECT = List.of("rc", "r4", "r5", "exit", "gsb");
  private static final List<String> SAVE = List.of("r4", "r5");

  private final Values values;
  private final Problems problems;
  private final GsbSpecReader gsb;

  HcallStepReader(Values values) {
    this.values = values;
    this.problems = values.problems();
    this.gsb = new GsbSpecReader(values);
  }

  HcallStep read(Fields step, Location at) {
    step.require("hcall");
    Long opcode = values.integer(step.get("hcall"), step.path("hcall"), NameFamily.HCALL);
    Map<String, Operand> args = new LinkedHashMap<>();
    Fields a = Fields.of(step.get("args"), step.path("args"), problems, ARGS);
    for (YamlNode.Entry e : a.entries()) {
      if (ARGS.contains(e.key())) {
        if (Values.isAbsent(e.value())) {
          problems.add(e.keyLocation(), a.path(e.key()) + ": needs a value");
        } else {
          args.put(e.key(), values.operand(e.value(), a.path(e.key())));
        }
      }
    }
    GsbSpec spec = gsb.read(step);
    StepExpect expect = expect(step, opcode);
    Map<String, String> save = save(step);
    return new HcallStep(at, opcode == null ? 0 : opcode, args, spec, expect, save);
  }

  private StepExpect expect(Fields step, Long opcode) {
    if (!step.has("expect")) {
      return StepExpect.DEFAULT;
    }
    Fields e = Fields.of(step.get("expect"), step.path("expect"), problems, EXPECT);
    List<Long> rc = List.of(0L);
    if (e.has("rc")) {
      rc = codes(e, "rc", NameFamily.RETURN_CODE);
    }
    Operand r4 = e.has("r4") ? values.operand(e.get("r4"), e.path("r4")) : null;
    Operand r5 = e.has("r5") ? values.operand(e.get("r5"), e.path("r5")) : null;
    List<Long> exits = List.of();
    if (e.has("exit")) {
      exits = codes(e, "exit", NameFamily.EXIT);
      if (opcode != null && opcode != Hcall.H_GUEST_RUN_VCPU.opcode()) {
        problems.add(e.keyLocation("exit"), e.path("exit") + ": applies only to H_GUEST_RUN_VCPU");
      }
    }
    List<ElementValue> elements = gsb.elements(e.get("gsb"), e.path("gsb"));
    return new StepExpect(rc, r4, r5, exits, elements);
  }

  /** One value or a non-empty list of values of {@code family}. */
  private List<Long> codes(Fields e, String key, NameFamily family) {
    List<Long> out = new ArrayList<>();
    List<YamlNode> items = Values.oneOrMany(e.get(key));
    if (items.isEmpty()) {
      problems.add(e.get(key).location(), e.path(key) + ": give at least one " + family.noun());
    }
    for (YamlNode item : items) {
      Long v = values.integer(item, e.path(key), family);
      if (v != null) {
        out.add(v);
      } else if (Values.isAbsent(item)) {
        problems.add(item.location(), e.path(key) + ": needs a value");
      }
    }
    return out;
  }

  private Map<String, String> save(Fields step) {
    Map<String, String> out = new LinkedHashMap<>();
    Fields s = Fields.of(step.get("save"), step.path("save"), problems, SAVE);
    for (YamlNode.Entry e : s.entries()) {
      if (!SAVE.contains(e.key())) {
        continue;
      }
      String name = values.text(e.value(), s.path(e.key()));
      if (name == null) {
        if (Values.isAbsent(e.value())) {
          problems.add(e.keyLocation(), s.path(e.key()) + ": needs a name to bind");
        }
      } else if (name.startsWith("$")) {
        problems.add(e.value().location(), s.path(e.key()) + ": write the name to bind without '$'");
      } else if (!Values.NAME.matcher(name).matches()) {
        problems.add(e.value().location(), s.path(e.key()) + ": '" + Problems.quote(name)
            + "' is not a valid name (a letter or _, then letters, digits, _, . or -)");
      } else {
        out.put(e.key(), name);
      }
    }
    return out;
  }
}
