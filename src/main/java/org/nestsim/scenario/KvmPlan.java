package org.nestsim.scenario;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nestsim.hcall.Capability;
import org.nestsim.l0.L0Config;
import org.nestsim.l1.GuestPlan;
import org.nestsim.l1.L1Plan;

/** A {@code model: kvm} scenario as the KVM-like L1's plan (scenario-format.md, "Guests", "Events"). */
final class KvmPlan {
  private KvmPlan() {}

  static L1Plan of(Scenario s, L0Config l0) {
    List<GuestPlan> guests = new ArrayList<>();
    for (GuestSpec g : s.guests()) {
      long pvr = logicalPvr(g.cpu(), s.l0().capabilities());
      List<GuestPlan.DevicePlan> devices = g.devices().stream()
          .map(d -> new GuestPlan.DevicePlan(d.base(), d.size())).toList();
      for (String name : g.instanceNames()) {
        guests.add(new GuestPlan(name, g.memory(), g.vcpus(), pvr, g.image(), g.entry(), g.msr(), g.console(),
            g.consoleInput().getBytes(StandardCharsets.UTF_8), g.timeslice(), devices));
      }
    }
    List<L1Plan.PlannedEvent> events = new ArrayList<>();
    for (EventSpec e : s.events()) {
      if (e instanceof EventSpec.Inject i) {
        events.add(new L1Plan.PlannedEvent(i.at(), i.kind(), instance(s, i.guest()), i.vcpu()));
      } else if (e instanceof EventSpec.Delete d) {
        events.add(new L1Plan.PlannedEvent(d.at(), "delete", instance(s, d.guest()), 0));
      } else {
        events.add(new L1Plan.PlannedEvent(e.at(), "kexec", null, 0));
      }
    }
    List<L1Plan.RegisterQuery> registers = new ArrayList<>();
    for (Map.Entry<String, Map<Integer, Long>> r : s.expect().registers().entrySet()) {
      int slash = r.getKey().lastIndexOf('/');
      registers.add(new L1Plan.RegisterQuery(instance(s, r.getKey().substring(0, slash)),
          Integer.parseInt(r.getKey().substring(slash + 1)), List.copyOf(r.getValue().keySet())));
    }
    Limits limits = s.limits();
    return new L1Plan(guests, events, s.seed(), limits.instructions(), limits.time(), limits.exits(),
        l0.ticksPerInstruction(), registers);
  }

  /** The guest instance a name in the file means: {@code web.0} of a single guest is {@code web}. */
  static String instance(Scenario s, String name) {
    for (GuestSpec g : s.guests()) {
      if (g.count() == 1 && name.equals(g.name() + ".0")) {
        return g.name();
      }
    }
    return name;
  }

  /** The logical PVR of {@code cpu}, or of the newest mode the L0 offers when the file gives none. */
  private static long logicalPvr(String cpu, long capabilities) {
    if (cpu != null) {
      return Capability.fromName(cpu).orElseThrow().logicalPvr();
    }
    return Capability.newestMode(capabilities).orElse(Capability.POWER10).logicalPvr();
  }
}
