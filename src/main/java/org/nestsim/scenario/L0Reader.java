package org.nestsim.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.nestsim.hcall.Capability;
import org.nestsim.l0.Profile;

/**
 * Reads {@code l0}: the advertised capabilities, the guest and vCPU limits, the profile and the faults
 * (spec "Faults"). Each fault is a mapping of exactly one key.
 */
final class L0Reader {
  static final int MAX_GUESTS = 4095;
  static final int MAX_VCPUS = 2048;
  static final List<String> MODES = List.of("power9", "power10", "power11");

  private static final List<String> KEYS = List.of("capabilities", "max-guests", "max-vcpus", "profile", "faults");
  private static final List<String> FAULTS = List.of("busy-on-create", "busy-on-delete", "no-memory-after-vcpus",
      "preempt-every", "preempt-at");

  private final Values values;
  private final Problems problems;

  L0Reader(Values values) {
    this.values = values;
    this.problems = values.problems();
  }

  L0Settings read(YamlNode node) {
    Fields f = Fields.of(node, "l0", problems, KEYS);
    long caps = f.has("capabilities") ? capabilities(f.get("capabilities"), f.path("capabilities"))
        : Capability.POWER9.mask() | Capability.POWER10.mask();
    int maxGuests = (int) values.integer(f.get("max-guests"), f.path("max-guests"), 1, MAX_GUESTS, MAX_GUESTS);
    int maxVcpus = (int) values.integer(f.get("max-vcpus"), f.path("max-vcpus"), 1, MAX_VCPUS, MAX_VCPUS);
    Profile profile = Profile.SPEC;
    String p = values.text(f.get("profile"), f.path("profile"));
    if (p != null) {
      Optional<Profile> found = Profile.fromConfigName(p);
      if (found.isPresent()) {
        profile = found.get();
      } else {
        problems.add(f.get("profile").location(), f.path("profile") + ": unknown profile '" + Problems.quote(p)
            + "' (spec or qemu)" + Fields.didYouMean(p.trim(), List.of("spec", "qemu")));
      }
    }
    List<L0Fault> faults = new ArrayList<>();
    List<YamlNode> items = values.list(f.get("faults"), f.path("faults"));
    for (int i = 0; i < items.size(); i++) {
      L0Fault fault = fault(items.get(i), f.path("faults") + "." + (i + 1));
      if (fault != null) {
        faults.add(fault);
      }
    }
    return new L0Settings(caps, maxGuests, maxVcpus, profile, faults);
  }

  /** The mask of the mode capability {@code name} ({@code power10}), if it is one. */
  static Optional<Capability> mode(String name) {
    return MODES.contains(name.trim().toLowerCase(Locale.ROOT)) ? Capability.fromName(name.trim())
        : Optional.empty();
  }

  private long capabilities(YamlNode node, String path) {
    long mask = 0;
    for (YamlNode item : Values.oneOrMany(node)) {
      String name = values.text(item, path);
      if (name == null) {
        continue;
      }
      Optional<Capability> c = mode(name);
      if (c.isPresent()) {
        mask |= c.get().mask();
      } else {
        problems.add(item.location(), path + ": unknown capability '" + Problems.quote(name)
            + "' (power9, power10 or power11)" + Fields.didYouMean(name.trim(), MODES));
      }
    }
    return mask;
  }

  private L0Fault fault(YamlNode node, String path) {
    if (!(node instanceof YamlNode.Mapping m) || m.entries().size() != 1) {
      problems.add(node.location(), path + ": a fault is one key and its value, like 'busy-on-create: 2'");
      Fields.of(node, path, problems, FAULTS);
      return null;
    }
    Fields f = Fields.of(node, path, problems, FAULTS);
    YamlNode.Entry e = m.entries().values().iterator().next();
    YamlNode v = e.value();
    String p = f.path(e.key());
    Location at = e.keyLocation();
    if (Values.isAbsent(v) && FAULTS.contains(e.key())) {
      problems.add(at, p + ": needs a value");
      return null;
    }
    return switch (e.key()) {
      case "busy-on-create" -> new L0Fault.BusyOnCreate(at, (int) values.integer(v, p, 0, Integer.MAX_VALUE, 0));
      case "busy-on-delete" -> new L0Fault.BusyOnDelete(at, (int) values.integer(v, p, 0, Integer.MAX_VALUE, 0));
      case "no-memory-after-vcpus" -> new L0Fault.NoMemoryAfterVcpus(at, values.integer(v, p, 0, Long.MAX_VALUE, 0));
      case "preempt-every" -> new L0Fault.PreemptEvery(at, values.integer(v, p, 1, Long.MAX_VALUE, 1));
      case "preempt-at" -> {
        List<Long> times = new ArrayList<>();
        for (YamlNode t : Values.oneOrMany(v)) {
          times.add(values.integer(t, p, 0, Long.MAX_VALUE, 0));
        }
        yield new L0Fault.PreemptAt(at, times);
      }
      default -> null;
    };
  }
}
