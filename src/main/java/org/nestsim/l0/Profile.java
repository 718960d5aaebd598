package org.nestsim.l0;

import java.util.Locale;
import java.util.Optional;

/**
 * Whose answers the L0 gives where the PAPR documentation and QEMU, the reference L0, differ (spec §9,
 * configuration key {@code l0.profile}). The profiles differ only in hcall answers, never in what the
 * simulated machine does; docs/CONFORMANCE.md has the table.
 */
public enum Profile {
  /**
   * The documentation, and the spec's recommendations where it is silent: {@code H_INVALID_ELEMENT_*}
   * with R4 = element index or offset, every element of spec §5 stored and returned.
   */
  SPEC,
  /**
   * QEMU's answers: {@code H_P3} without R4 for every buffer problem, elements QEMU lacks rejected,
   * elements QEMU ignores neither stored nor returned. Where QEMU aborts it answers a code: {@code H_P3}
   * for a buffer problem (a GET/SET size out of range included), the {@link #SPEC} one otherwise.
   */
  QEMU;

  /** The name in scenario files and configuration: {@code spec}, {@code qemu}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The profile with this configuration name, case-insensitive. */
  public static Optional<Profile> fromConfigName(String name) {
    for (Profile p : values()) {
      if (p.configName().equalsIgnoreCase(name.trim())) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
