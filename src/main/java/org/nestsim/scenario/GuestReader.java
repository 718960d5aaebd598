package org.nestsim.scenario;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.nestsim.hcall.Capability;

/**
 * Reads {@code guests} (model kvm): names, sizes, the CPU mode (which must be one the L0 advertises),
 * the program (inline or a file, assembled big-endian at L2 real address 0), start state, console and
 * devices, with the defaults of the format.
 */
final class GuestReader {
  private static final List<String> KEYS = List.of("name", "count", "memory", "vcpus", "cpu", "program",
      "program-file", "entry", "msr", "console", "console-input", "timeslice", "devices");
  private static final List<String> DEVICE_KEYS = List.of("kind", "base", "size");
  private static final List<String> DEVICE_KINDS = List.of("counter");
  /** A guest name; {@code web.0} … are the instances of a counted guest, so the name has no dot. */
  static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

  private final Values values;
  private final Problems problems;
  private final Programs programs;

  GuestReader(Values values, Programs programs) {
    this.values = values;
    this.problems = values.problems();
    this.programs = programs;
  }

  List<GuestSpec> read(YamlNode node, long capabilities) {
    List<GuestSpec> out = new ArrayList<>();
    Map<String, Location> seen = new HashMap<>();
    List<YamlNode> items = values.list(node, "guests");
    for (int i = 0; i < items.size(); i++) {
      GuestSpec g = guest(items.get(i), "guests." + (i + 1), capabilities);
      if (g == null) {
        continue;
      }
      Location first = g.name().isEmpty() ? null : seen.putIfAbsent(g.name(), g.location());
      if (first != null) {
        problems.add(g.location(), "guests." + (i + 1) + ": duplicate guest name '" + Problems.quote(g.name())
            + "' (first at line " + first.line() + ")");
      } else {
        out.add(g);
      }
    }
    return out;
  }

  private GuestSpec guest(YamlNode node, String path, long capabilities) {
    Fields f = Fields.of(node, path, problems, KEYS);
    if (!(node instanceof YamlNode.Mapping)) {
      if (Values.isAbsent(node)) {
        problems.add(node.location(), path + ": expected a guest (a mapping with name, memory, program)");
      }
      return null;
    }
    f.require("name");
    String name = values.text(f.get("name"), f.path("name"));
    if (name != null && !NAME.matcher(name).matches()) {
      problems.add(f.get("name").location(), f.path("name") + ": '" + Problems.quote(name)
          + "' is not a valid guest name (a letter or _, then letters, digits, _ or -)");
    }
    int count = (int) values.integer(f.get("count"), f.path("count"), 1, L0Reader.MAX_GUESTS, 1);
    long memory = values.required(f, "memory", 1, Long.MAX_VALUE);
    int vcpus = (int) values.integer(f.get("vcpus"), f.path("vcpus"), 1, L0Reader.MAX_VCPUS, 1);
    String cpu = cpu(f, capabilities);
    byte[] image = program(f);
    long entry = values.integer(f.get("entry"), f.path("entry"), Long.MIN_VALUE, Long.MAX_VALUE, 0x100);
    long msr = values.integer(f.get("msr"), f.path("msr"), Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE);
    boolean console = values.bool(f.get("console"), f.path("console"), true);
    String input = values.text(f.get("console-input"), f.path("console-input"));
    long timeslice = values.integer(f.get("timeslice"), f.path("timeslice"), 1, Long.MAX_VALUE, 100 << 10);
    List<DeviceSpec> devices = new ArrayList<>();
    List<YamlNode> items = values.list(f.get("devices"), f.path("devices"));
    for (int i = 0; i < items.size(); i++) {
      devices.add(device(items.get(i), f.path("devices") + "." + (i + 1)));
    }
    return new GuestSpec(f.location(), name == null ? "" : name, count, memory, vcpus, cpu,
        image == null ? new byte[0] : image, entry, msr, console, input == null ? "" : input, timeslice, devices);
  }

  private String cpu(Fields f, long capabilities) {
    String cpu = values.text(f.get("cpu"), f.path("cpu"));
    if (cpu == null) {
      return null;
    }
    Optional<Capability> mode = L0Reader.mode(cpu);
    Location at = f.get("cpu").location();
    if (mode.isEmpty()) {
      problems.add(at, f.path("cpu") + ": unknown cpu '" + Problems.quote(cpu) + "' (power9, power10 or power11)"
          + Fields.didYouMean(cpu.trim(), L0Reader.MODES));
      return null;
    }
    if ((capabilities & mode.get().mask()) == 0) {
      problems.add(at, f.path("cpu") + ": " + cpu.trim() + " is not among l0.capabilities, so the L1 cannot"
          + " negotiate it");
    }
    return cpu.trim().toLowerCase(Locale.ROOT);
  }

  private byte[] program(Fields f) {
    if (f.has("program") && f.has("program-file")) {
      problems.add(f.keyLocation("program-file"), f.prefix() + "give either 'program' or 'program-file', not both");
      return null;
    }
    if (f.has("program")) {
      return programs.inline(f.get("program"), f.path("program"), 0, ByteOrder.BIG_ENDIAN);
    }
    if (f.has("program-file")) {
      return programs.file(f.get("program-file"), f.path("program-file"));
    }
    problems.add(f.location(), f.prefix() + "needs 'program' or 'program-file'");
    return null;
  }

  private DeviceSpec device(YamlNode node, String path) {
    Fields f = Fields.of(node, path, problems, DEVICE_KEYS);
    f.require("kind");
    String kind = values.text(f.get("kind"), f.path("kind"));
    if (kind != null && !DEVICE_KINDS.contains(kind)) {
      problems.add(f.get("kind").location(), f.path("kind") + ": unknown device kind '" + Problems.quote(kind)
          + "' (counter)" + Fields.didYouMean(kind.trim(), DEVICE_KINDS));
    }
    long base = values.required(f, "base", Long.MIN_VALUE, Long.MAX_VALUE);
    long size = values.required(f, "size", 1, Long.MAX_VALUE);
    return new DeviceSpec(f.location(), kind == null ? "" : kind, base, size);
  }
}
