package org.nestsim.scenario;

import java.util.List;

/**
 * {@code expect.halted}: which guests must have every vCPU halted at the end (by {@code H_SIM_HALT} or
 * an exit the L1 treats as fatal): all of them, none of them, or the named ones.
 */
public sealed interface HaltedSpec {
  /** {@code halted: all}. */
  record All() implements HaltedSpec {}

  /** {@code halted: none}. */
  record None() implements HaltedSpec {}

  /** {@code halted: [web.0, …]}: the named guests, names as written. */
  record Guests(List<String> names) implements HaltedSpec {
    public Guests {
      names = List.copyOf(names);
    }
  }
}
