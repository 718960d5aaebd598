package org.nestsim.scenario;

import java.util.List;
import org.nestsim.l0.Profile;

/**
 * The simulated L0 ({@code l0}): the capability bits {@code H_GUEST_GET_CAPABILITIES} returns (an OR of
 * {@link org.nestsim.hcall.Capability} masks; default POWER9 | POWER10), how many guests (1..4095,
 * default 4095) and vCPUs per guest (1..2048, default 2048) it accepts, whose answers it gives
 * ({@link Profile}, default {@link Profile#SPEC}), and the faults it injects, in file order.
 */
public record L0Settings(long capabilities, int maxGuests, int maxVcpus, Profile profile, List<L0Fault> faults) {
  public L0Settings {
    faults = List.copyOf(faults);
  }
}
