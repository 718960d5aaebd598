package org.nestsim.scenario;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the script of {@code l1.model: script}: {@code steps}, or {@code setup}/{@code threads}/
 * {@code teardown}, and every step in them. A step is a mapping with exactly one of {@code hcall},
 * {@code memory}, {@code map}, {@code kick}; hcall steps are read by {@link HcallStepReader}.
 */
final class ScriptReader {
  static final List<String> KEYS = List.of("steps", "setup", "threads", "teardown");
  private static final List<String> KINDS = List.of("hcall", "memory", "map", "kick");
  private static final List<String> STEP_KEYS = List.of("hcall", "memory", "map", "kick", "args", "gsb", "gsb-hex",
      "expect", "save");
  private static final List<String> MEMORY = List.of("write", "hex", "asm", "le");
  private static final List<String> MAP = List.of("guest", "l2", "l1", "size", "table");
  private static final List<String> KICK = List.of("guest", "vcpu");
  /** A thread name appears in failure lines as {@code NAME.N}, so it has no dot. */
  private static final Pattern THREAD = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

  private final Values values;
  private final Problems problems;
  private final Programs programs;
  private final HcallStepReader hcalls;

  ScriptReader(Values values, Programs programs) {
    this.values = values;
    this.problems = values.problems();
    this.programs = programs;
    this.hcalls = new HcallStepReader(values);
  }

  Script read(Fields l1) {
    if (l1.written("steps")) {
      for (String k : List.of("setup", "threads", "teardown")) {
        if (l1.written(k)) {
          problems.add(l1.keyLocation(k), "l1: give either 'steps' or 'setup'/'threads'/'teardown', not both");
          break;
        }
      }
    }
    List<Step> steps = steps(l1.get("steps"), l1.path("steps"));
    List<Step> setup = steps(l1.get("setup"), l1.path("setup"));
    Map<String, List<Step>> threads = new LinkedHashMap<>();
    YamlNode t = l1.get("threads");
    if (t instanceof YamlNode.Mapping m) {
      for (YamlNode.Entry e : m.entries().values()) {
        String name = e.key();
        if (!THREAD.matcher(name).matches() || name.equals("setup") || name.equals("teardown")) {
          problems.add(e.keyLocation(), "l1.threads: '" + Problems.quote(name) + "' is not a valid thread name"
              + " (a letter or _, then letters, digits, _ or -; not setup or teardown)");
        }
        threads.put(name, steps(e.value(), "l1.threads." + name));
      }
    } else if (t != null) {
      problems.add(t.location(), "l1.threads: expected a mapping of thread name to steps, got " + t.describe());
    }
    List<Step> teardown = steps(l1.get("teardown"), l1.path("teardown"));
    return new Script(steps, setup, threads, teardown);
  }

  private List<Step> steps(YamlNode node, String path) {
    List<Step> out = new ArrayList<>();
    List<YamlNode> items = values.list(node, path);
    for (int i = 0; i < items.size(); i++) {
      Step s = step(items.get(i), path + "." + (i + 1));
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  private Step step(YamlNode node, String path) {
    if (!(node instanceof YamlNode.Mapping m)) {
      problems.add(node.location(), path + ": a step is a mapping with one of hcall, memory, map or kick; got "
          + node.describe());
      return null;
    }
    Fields f = Fields.of(node, path, problems, STEP_KEYS);
    List<String> kinds = KINDS.stream().filter(f::written).toList();
    if (kinds.isEmpty()) {
      problems.add(m.location(), path + ": a step needs one of hcall, memory, map or kick");
      return null;
    }
    for (String extra : kinds.subList(1, kinds.size())) {
      problems.add(f.keyLocation(extra), path + ": a step has exactly one of hcall, memory, map or kick; this one"
          + " has '" + kinds.get(0) + "' and '" + extra + "'");
    }
    String kind = kinds.get(0);
    Location at = m.location();
    if (!kind.equals("hcall")) {
      for (String k : HcallStepReader.KEYS) {
        if (!KINDS.contains(k) && f.written(k)) {
          problems.add(f.keyLocation(k), f.path(k) + ": applies only to hcall steps");
        }
      }
    }
    return switch (kind) {
      case "hcall" -> hcalls.read(f, at);
      case "memory" -> memory(f, at);
      case "map" -> map(f, at);
      default -> kick(f, at);
    };
  }

  private MemoryStep memory(Fields step, Location at) {
    step.require("memory");
    Fields f = Fields.of(step.get("memory"), step.path("memory"), problems, MEMORY);
    if (!step.has("memory")) {
      return new MemoryStep(at, new Operand.Literal(0), new byte[0]);
    }
    Operand address = values.operand(f, "write");
    byte[] bytes = null;
    if (f.has("hex") && f.has("asm")) {
      problems.add(f.keyLocation("asm"), f.prefix() + "give either 'hex' or 'asm', not both");
    } else if (!f.has("hex") && !f.has("asm")) {
      problems.add(f.location(), f.prefix() + "needs 'hex' or 'asm'");
    }
    if (f.written("le") && !f.has("asm")) {
      problems.add(f.keyLocation("le"), f.path("le") + ": applies only to 'asm'");
    }
    if (f.has("hex")) {
      bytes = values.hex(f.get("hex"), f.path("hex"));
    } else if (f.has("asm")) {
      boolean le = values.bool(f.get("le"), f.path("le"), false);
      long origin = address instanceof Operand.Literal l ? l.value() : 0;
      bytes = programs.inline(f.get("asm"), f.path("asm"), origin, le ? ByteOrder.LITTLE_ENDIAN
          : ByteOrder.BIG_ENDIAN);
    }
    return new MemoryStep(at, address, bytes == null ? new byte[0] : bytes);
  }

  private MapStep map(Fields step, Location at) {
    step.require("map");
    Fields f = Fields.of(step.get("map"), step.path("map"), problems, MAP);
    if (!step.has("map")) {
      return new MapStep(at, null, null, null, null, null);
    }
    Operand table = f.has("table") ? values.operand(f.get("table"), f.path("table")) : null;
    return new MapStep(at, values.operand(f, "guest"), values.operand(f, "l2"), values.operand(f, "l1"),
        values.operand(f, "size"), table);
  }

  private KickStep kick(Fields step, Location at) {
    step.require("kick");
    Fields f = Fields.of(step.get("kick"), step.path("kick"), problems, KICK);
    if (!step.has("kick")) {
      return new KickStep(at, null, null);
    }
    return new KickStep(at, values.operand(f, "guest"), values.operand(f, "vcpu"));
  }
}
