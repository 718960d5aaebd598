package org.nestsim.scenario;

import java.util.List;

/**
 * One loaded scenario file (../shared/spec/scenario-format.md): what to simulate (the L0's settings, an
 * L1 that is either the built-in KVM-like one with its guests and events or a script of hcalls), how
 * long at most, and what must hold at the end. Every value has been checked and every default filled
 * in; the lists are unmodifiable.
 *
 * @param file the file name as the caller gave it (the {@code FILE} of failure lines)
 * @param description {@code null} when absent
 */
public record Scenario(String file, String name, String description, long seed, RunMode mode, Limits limits,
    L0Settings l0, L1Settings l1, List<GuestSpec> guests, List<EventSpec> events, Expectations expect) {
  public Scenario {
    guests = List.copyOf(guests);
    events = List.copyOf(events);
  }

  /**
   * This scenario with another seed: what {@code nestsim replay} runs when a trace's header records a
   * seed other than the file's. Everything else, the file name included, stays as loaded.
   */
  public Scenario withSeed(long newSeed) {
    return new Scenario(file, name, description, newSeed, mode, limits, l0, l1, guests, events, expect);
  }
}
