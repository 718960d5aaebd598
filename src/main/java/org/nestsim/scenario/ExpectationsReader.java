package org.nestsim.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nestsim.gsb.GsbCatalog;
import org.nestsim.gsb.GsbElement;
import org.nestsim.gsb.GsbValueParser;
import org.nestsim.hcall.ExitReason;

/**
 * Reads {@code expect}, the final expectations: console text, exit counts with their conditions, halted
 * guests, final registers and the trace hash. Guest names are checked against the file's guests when
 * the L1 is the KVM-like one (a script names no guests by name).
 */
final class ExpectationsReader {
  private static final List<String> KEYS = List.of("console", "exits", "halted", "registers", "trace-hash");
  private static final Pattern CONDITION = Pattern.compile("\\s*(==|!=|>=|<=|>|<)?\\s*(\\S+)\\s*");
  private static final Pattern HASH = Pattern.compile("sha256:[0-9a-fA-F]{64}");

  private final Values values;
  private final Problems problems;

  ExpectationsReader(Values values) {
    this.values = values;
    this.problems = values.problems();
  }

  /** The expectations; {@code guests} is {@code null} when guest names are not checked. */
  Expectations read(YamlNode node, GuestNames guests, RunMode mode) {
    Fields f = Fields.of(node, "expect", problems, KEYS);
    Map<String, String> console = new LinkedHashMap<>();
    for (YamlNode.Entry e : Fields.of(f.get("console"), f.path("console"), problems, null).entries()) {
      guest(e.key(), e.keyLocation(), f.path("console"), guests);
      String text = values.text(e.value(), f.path("console") + "." + e.key());
      console.put(e.key(), text == null ? "" : text);
    }
    Map<String, String> exits = exits(f);
    HaltedSpec halted = halted(f, guests);
    Map<String, Map<Integer, Long>> registers = registers(f, guests);
    String hash = values.text(f.get("trace-hash"), f.path("trace-hash"));
    if (hash != null) {
      if (!HASH.matcher(hash).matches()) {
        problems.add(f.get("trace-hash").location(), f.path("trace-hash") + ": expected \"sha256:\" and 64 hex"
            + " digits, got '" + Problems.quote(hash) + "'");
      } else if (mode == RunMode.PARALLEL) {
        problems.add(f.keyLocation("trace-hash"), f.path("trace-hash") + ": only for mode: deterministic");
      }
      hash = hash.toLowerCase(Locale.ROOT);
    }
    return new Expectations(console, exits, halted, registers, hash);
  }

  private Map<String, String> exits(Fields f) {
    Map<String, String> exits = new LinkedHashMap<>();
    String path = f.path("exits");
    for (YamlNode.Entry e : Fields.of(f.get("exits"), path, problems, null).entries()) {
      Long vector = values.integer(new YamlNode.Scalar(e.keyLocation(), e.key(), YamlNode.Kind.STRING), path,
          NameFamily.EXIT);
      Optional<ExitReason> reason = vector == null ? Optional.empty() : ExitReason.fromVector(vector);
      if (vector != null && reason.isEmpty()) {
        problems.add(e.keyLocation(), path + ": " + Problems.quote(e.key()) + " is not an exit vector");
      }
      String condition = values.text(e.value(), path + "." + e.key());
      if (condition == null) {
        if (Values.isAbsent(e.value())) {
          problems.add(e.keyLocation(), path + "." + e.key() + ": needs a count");
        }
      } else if (!validCondition(condition)) {
        problems.add(e.value().location(), path + "." + e.key() + ": expected a count or one of '== N', '!= N',"
            + " '>= N', '> N', '<= N', '< N' with N >= 0, got '" + Problems.quote(condition) + "'");
      }
      if (reason.isPresent()) {
        String name = reason.get().name();
        if (exits.containsKey(name)) {
          problems.add(e.keyLocation(), path + ": " + name + " is already given");
        }
        exits.put(name, condition == null ? "" : condition);
      }
    }
    return exits;
  }

  private static boolean validCondition(String condition) {
    Matcher m = CONDITION.matcher(condition);
    if (!m.matches()) {
      return false;
    }
    try {
      return GsbValueParser.parseInteger(m.group(2)) >= 0;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private HaltedSpec halted(Fields f, GuestNames guests) {
    YamlNode n = f.get("halted");
    if (n == null) {
      return null;
    }
    String path = f.path("halted");
    if (n instanceof YamlNode.Sequence s) {
      List<String> names = new ArrayList<>();
      for (YamlNode item : s.items()) {
        String name = values.text(item, path);
        if (name != null) {
          guest(name, item.location(), path, guests);
          names.add(name);
        } else if (Values.isAbsent(item)) {
          problems.add(item.location(), path + ": needs a guest name");
        }
      }
      return new HaltedSpec.Guests(names);
    }
    String t = values.text(n, path);
    if (t != null && t.trim().equalsIgnoreCase("all")) {
      return new HaltedSpec.All();
    }
    if (t != null && t.trim().equalsIgnoreCase("none")) {
      return new HaltedSpec.None();
    }
    problems.add(n.location(), path + ": expected all, none or a list of guests, got " + n.describe());
    return null;
  }

  private Map<String, Map<Integer, Long>> registers(Fields f, GuestNames guests) {
    Map<String, Map<Integer, Long>> out = new LinkedHashMap<>();
    String path = f.path("registers");
    for (YamlNode.Entry e : Fields.of(f.get("registers"), path, problems, null).entries()) {
      int slash = e.key().lastIndexOf('/');
      if (slash < 0) {
        problems.add(e.keyLocation(), path + ": expected GUEST/VCPU (web.0/0), got '" + Problems.quote(e.key()) + "'");
        continue;
      }
      GuestSpec g = guest(e.key().substring(0, slash), e.keyLocation(), path, guests);
      int maxVcpu = g == null ? L0Reader.MAX_VCPUS - 1 : g.vcpus() - 1;
      values.integer(new YamlNode.Scalar(e.keyLocation(), e.key().substring(slash + 1), YamlNode.Kind.STRING),
          path + "." + e.key(), 0, maxVcpu, 0);
      String p = path + "." + e.key();
      Map<Integer, Long> regs = new LinkedHashMap<>();
      for (YamlNode.Entry r : Fields.of(e.value(), p, problems, null).entries()) {
        Long id = values.integer(new YamlNode.Scalar(r.keyLocation(), r.key(), YamlNode.Kind.STRING), p,
            NameFamily.ELEMENT);
        GsbElement element = id == null || id < 0 || id > 0xFFFF ? null : GsbCatalog.byId(id.intValue());
        if (id != null && (element == null || element.size() < 0 || element.size() > 8)) {
          problems.add(r.keyLocation(), p + ": '" + Problems.quote(r.key()) + "' is not a 4- or 8-byte element");
        }
        Long v = values.integer(r.value(), p + "." + r.key());
        if (v == null && Values.isAbsent(r.value())) {
          problems.add(r.keyLocation(), p + "." + r.key() + ": needs a value");
        } else if (v != null && element != null && element.size() == 4 && !GsbSpecReader.fits32(v)) {
          problems.add(r.value().location(), p + "." + r.key() + ": " + element.name() + " is a 4-byte element; "
              + v + " does not fit in 32 bits");
        }
        if (element != null && v != null) {
          regs.put(element.id(), v);
        }
      }
      out.put(e.key(), regs);
    }
    return out;
  }

  private GuestSpec guest(String name, Location at, String path, GuestNames guests) {
    return guests == null ? null : guests.resolve(name, at, path, problems);
  }
}
