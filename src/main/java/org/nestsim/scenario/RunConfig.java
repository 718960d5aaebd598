package org.nestsim.scenario;

import java.util.List;
import org.nestsim.l0.L0Config;

/** The L0 a scenario asks for: its {@code l0} section over {@link L0Config#DEFAULT}'s timing. */
final class RunConfig {
  private RunConfig() {}

  static L0Config l0(Scenario scenario) {
    L0Settings s = scenario.l0();
    int busyOnCreate = 0;
    int busyOnDelete = 0;
    long noMemoryAfter = -1;
    long preemptEvery = 0;
    List<Long> preemptAt = List.of();
    for (L0Fault f : s.faults()) {
      if (f instanceof L0Fault.BusyOnCreate b) {
        busyOnCreate = b.times();
      } else if (f instanceof L0Fault.BusyOnDelete b) {
        busyOnDelete = b.times();
      } else if (f instanceof L0Fault.NoMemoryAfterVcpus n) {
        noMemoryAfter = n.vcpus();
      } else if (f instanceof L0Fault.PreemptEvery p) {
        preemptEvery = p.ticks();
      } else if (f instanceof L0Fault.PreemptAt p) {
        preemptAt = p.times();
      }
    }
    return L0Config.DEFAULT.withProfile(s.profile())
        .withLimits(s.capabilities(), s.maxGuests(), s.maxVcpus())
        .withFaults(busyOnCreate, busyOnDelete, noMemoryAfter, preemptEvery, preemptAt);
  }
}
