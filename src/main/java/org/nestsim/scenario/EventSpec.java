package org.nestsim.scenario;

/**
 * Something the KVM-like L1 does at a simulated time ({@code events}); it takes effect at the first
 * quantum boundary at or after {@code at}. Guest names are as written: {@code web} (count 1) or
 * {@code web.N}.
 */
public sealed interface EventSpec {
  /** The simulated L1 timebase tick at which the event is due. */
  long at();

  Location location();

  /** {@code inject: KIND}: external-interrupt, doorbell, system-reset or kick, into one vCPU (default 0). */
  record Inject(Location location, long at, String kind, String guest, int vcpu) implements EventSpec {}

  /** {@code delete: GUEST}: the L1 deletes the guest (kick, retry on {@code H_BUSY}, delete). */
  record Delete(Location location, long at, String guest) implements EventSpec {}

  /** {@code kexec: true}: the L1 deletes every guest at once and boots all of the file's guests again. */
  record Kexec(Location location, long at) implements EventSpec {}
}
