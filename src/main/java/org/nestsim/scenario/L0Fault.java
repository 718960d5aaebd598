package org.nestsim.scenario;

import java.util.List;

/**
 * A misbehaviour the simulated L0 is told to show ({@code l0.faults}), so that an L1's retry and error
 * paths run: busy answers, exhausted resources, preemption. Each fault remembers where it was written.
 */
public sealed interface L0Fault {
  Location location();

  /** {@code busy-on-create: N}: {@code H_GUEST_CREATE} answers {@code H_BUSY} N times (continue-token path). */
  record BusyOnCreate(Location location, int times) implements L0Fault {}

  /** {@code busy-on-delete: N}: {@code H_GUEST_DELETE} answers {@code H_BUSY} N times before it deletes. */
  record BusyOnDelete(Location location, int times) implements L0Fault {}

  /**
   * {@code no-memory-after-vcpus: N}: {@code H_GUEST_CREATE_VCPU} fails after N vCPUs in total, with the
   * profile's code for exhausted resources.
   */
  record NoMemoryAfterVcpus(Location location, long vcpus) implements L0Fault {}

  /** {@code preempt-every: N}: a run ends with exit NONE every N (> 0) ticks of the vCPU's running time. */
  record PreemptEvery(Location location, long ticks) implements L0Fault {}

  /** {@code preempt-at: [T, …]}: one NONE exit when a running vCPU's L1 timebase passes each time. */
  record PreemptAt(Location location, List<Long> times) implements L0Fault {
    public PreemptAt {
      times = List.copyOf(times);
    }
  }
}
