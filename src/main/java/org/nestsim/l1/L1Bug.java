package org.nestsim.l1;

import java.util.Arrays;
import java.util.Locale;

/**
 * A known-buggy variant of the KVM-like L1 (issue 6, "Planted bugs prove the oracle works"), each
 * modelled on a real upstream fix; {@link #NONE} is the correct L1. {@code nestsim stress --l1-bug NAME}
 * switches one on; the stress oracle must report it. The correct path costs one field test.
 */
public enum L1Bug {
  /** The correct L1. */
  NONE,
  /** The hcall return value the L1 sets in R3 is marked clean at the flush without being written. */
  UNFLUSHED_DIRTY,
  /** The cache is not invalidated after an exit: values from before the run stay "valid". */
  STALE_CACHE,
  /**
   * After a run with an injected external interrupt the L1 keeps LPCR as the L0 reports it, MER
   * included, instead of restoring its own: MER stays set and the L2 takes external interrupts again
   * and again (an interrupt storm).
   */
  MER_REIMPORT,
  /** A doorbell pending at entry is not sent as DPDES (but counted as injected). */
  LOST_DOORBELL,
  /**
   * {@code H_BUSY} from {@code H_GUEST_DELETE} is taken as success: the L1 forgets a guest the L0
   * still has (a zombie guest, its memory and vCPUs leaked at the L0).
   */
  IGNORE_BUSY_DELETE;

  /** The command-line name: {@code unflushed-dirty}, … ({@code none} for the correct L1). */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The bug named {@code label} ({@link #label()}). */
  public static L1Bug byLabel(String label) {
    for (L1Bug b : values()) {
      if (b.label().equals(label)) {
        return b;
      }
    }
    throw new IllegalArgumentException("--l1-bug: expected one of " + Arrays.stream(values())
        .map(L1Bug::label).toList() + ", got '" + label + "'");
  }
}
