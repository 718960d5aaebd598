package org.nestsim.scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code events} (model kvm): each is a mapping with {@code at} and exactly one of
 * {@code inject} (with {@code guest} and {@code vcpu}), {@code delete} or {@code kexec: true}. Guest names
 * must name a guest of the file and the vCPU one of its vCPUs.
 */
final class EventReader {
  private static final List<String> KEYS = List.of("at", "inject", "guest", "vcpu", "delete", "kexec");
  private static final List<String> KINDS = List.of("inject", "delete", "kexec");
  private static final List<String> INJECTIONS = List.of("external-interrupt", "doorbell", "system-reset", "kick");

  private final Values values;
  private final Problems problems;

  EventReader(Values values) {
    this.values = values;
    this.problems = values.problems();
  }

  List<EventSpec> read(YamlNode node, GuestNames guests) {
    List<EventSpec> out = new ArrayList<>();
    List<YamlNode> items = values.list(node, "events");
    for (int i = 0; i < items.size(); i++) {
      EventSpec e = event(items.get(i), "events." + (i + 1), guests);
      if (e != null) {
        out.add(e);
      }
    }
    return out;
  }

  private EventSpec event(YamlNode node, String path, GuestNames guests) {
    Fields f = Fields.of(node, path, problems, KEYS);
    if (!(node instanceof YamlNode.Mapping)) {
      if (Values.isAbsent(node)) {
        problems.add(node.location(), path + ": expected an event (a mapping with at and inject, delete or kexec)");
      }
      return null;
    }
    long at = values.required(f, "at", 0, Long.MAX_VALUE);
    List<String> kinds = KINDS.stream().filter(f::written).toList();
    if (kinds.isEmpty()) {
      problems.add(f.location(), path + ": an event needs one of inject, delete or kexec");
      return null;
    }
    for (String extra : kinds.subList(1, kinds.size())) {
      problems.add(f.keyLocation(extra), path + ": an event has exactly one of inject, delete or kexec; this one has '"
          + kinds.get(0) + "' and '" + extra + "'");
    }
    String kind = kinds.get(0);
    if (!kind.equals("inject")) {
      for (String k : List.of("guest", "vcpu")) {
        if (f.written(k)) {
          problems.add(f.keyLocation(k), f.path(k) + ": applies only to inject");
        }
      }
    }
    return switch (kind) {
      case "inject" -> inject(f, at, guests);
      case "delete" -> {
        f.require("delete");
        String guest = values.text(f.get("delete"), f.path("delete"));
        yield guest == null || guest(f, "delete", guest, guests) == null ? null
            : new EventSpec.Delete(f.location(), at, guest);
      }
      default -> {
        f.require("kexec");
        if (f.has("kexec") && !values.bool(f.get("kexec"), f.path("kexec"), true)) {
          problems.add(f.get("kexec").location(), f.path("kexec") + ": write 'kexec: true' or leave the event out");
        }
        yield new EventSpec.Kexec(f.location(), at);
      }
    };
  }

  private EventSpec inject(Fields f, long at, GuestNames guests) {
    f.require("inject");
    String kind = values.text(f.get("inject"), f.path("inject"));
    if (kind != null && !INJECTIONS.contains(kind)) {
      problems.add(f.get("inject").location(), f.path("inject") + ": unknown injection '" + Problems.quote(kind)
          + "' (external-interrupt, doorbell, system-reset or kick)" + Fields.didYouMean(kind.trim(), INJECTIONS));
    }
    f.require("guest");
    String guest = values.text(f.get("guest"), f.path("guest"));
    GuestSpec g = guest == null ? null : guest(f, "guest", guest, guests);
    int maxVcpu = g == null ? L0Reader.MAX_VCPUS - 1 : g.vcpus() - 1;
    int vcpu = (int) values.integer(f.get("vcpu"), f.path("vcpu"), 0, maxVcpu, 0);
    return new EventSpec.Inject(f.location(), at, kind == null ? "" : kind, guest == null ? "" : guest, vcpu);
  }

  /** The guest {@code name} (the value of {@code key}) refers to; {@code null} when unknown (reported). */
  private GuestSpec guest(Fields f, String key, String name, GuestNames guests) {
    return guests.resolve(name, f.get(key).location(), f.path(key), problems);
  }
}
