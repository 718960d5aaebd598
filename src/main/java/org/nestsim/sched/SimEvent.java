package org.nestsim.sched;

import java.util.Comparator;
import java.util.Objects;

/**
 * One event on the simulated L1 timebase: it takes effect at the first quantum boundary at or after
 * {@code time}. Events are totally ordered by (time, kind, guest, vCPU, serial) — {@link #ORDER} — so a
 * run delivers them in the same order however they were scheduled; only the serial, which the {@link
 * EventQueue} assigns at insertion, depends on insertion order, and only between events that agree on
 * every other key.
 *
 * @param time L1 timebase ticks, non-negative
 * @param kind what the event is; its declaration order breaks ties at equal time
 * @param guest the guest it concerns, {@link #NO_GUEST} for none
 * @param vcpu the vCPU it concerns, {@link #NO_VCPU} for none
 * @param serial assigned by the queue at insertion, increasing
 * @param payload what the driver needs to act on it (immutable if it crosses actors)
 * @param <T> the payload type
 */
public record SimEvent<T>(long time, EventKind kind, int guest, int vcpu, long serial, T payload) {
  /** The guest id of an event that concerns no guest. */
  public static final int NO_GUEST = 0;
  /** The vCPU id of an event that concerns no vCPU. */
  public static final int NO_VCPU = -1;

  /** The total delivery order: time, kind (declaration order), guest, vCPU, serial. */
  public static final Comparator<SimEvent<?>> ORDER = SimEvent::compareOrder;

  /** Checks the keys; the serial is trusted (only the queue makes events). */
  public SimEvent {
    if (time < 0) {
      throw new IllegalArgumentException("negative event time " + time);
    }
    Objects.requireNonNull(kind, "kind");
    if (guest < NO_GUEST) {
      throw new IllegalArgumentException("negative guest id " + guest);
    }
    if (vcpu < NO_VCPU) {
      throw new IllegalArgumentException("vCPU id below " + NO_VCPU + ": " + vcpu);
    }
    Objects.requireNonNull(payload, "payload");
  }

  private static int compareOrder(SimEvent<?> a, SimEvent<?> b) {
    int c = Long.compare(a.time, b.time);
    if (c == 0) {
      c = a.kind.compareTo(b.kind);
    }
    if (c == 0) {
      c = Integer.compare(a.guest, b.guest);
    }
    if (c == 0) {
      c = Integer.compare(a.vcpu, b.vcpu);
    }
    return c != 0 ? c : Long.compare(a.serial, b.serial);
  }
}
