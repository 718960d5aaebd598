package org.nestsim.hcall;

/**
 * The id of an L2 guest that the L0 has checked: 1…4095 (spec §2.5, §4.5; id 0 is never used). Hcall
 * messages keep the raw R5 value the L1 passed, because an L1 may pass garbage and the L0 must answer
 * it; only a checked value becomes a {@code GuestId}.
 */
public record GuestId(int value) implements Comparable<GuestId> {
  /** The largest guest id PAPR allows ({@code PAPR_NESTED_GUEST_MAX} − 1). */
  public static final int MAX = 4095;

  public GuestId {
    if (value < 1 || value > MAX) {
      throw new IllegalArgumentException("guest id out of 1.." + MAX + ": " + value);
    }
  }

  public static GuestId of(int value) {
    return new GuestId(value);
  }

  @Override
  public int compareTo(GuestId other) {
    return Integer.compare(value, other.value);
  }

  @Override
  public String toString() {
    return "guest " + value;
  }
}
