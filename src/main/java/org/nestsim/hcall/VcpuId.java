package org.nestsim.hcall;

/**
 * The id of an L2 vCPU within its guest, chosen by the L1: 0…2047 (spec §2.6, §4.5). Like {@link
 * GuestId}, only a value the L0 has checked becomes a {@code VcpuId}.
 */
public record VcpuId(int value) implements Comparable<VcpuId> {
  /** The largest vCPU id PAPR allows ({@code PAPR_NESTED_GUEST_VCPU_MAX} − 1). */
  public static final int MAX = 2047;

  public VcpuId {
    if (value < 0 || value > MAX) {
      throw new IllegalArgumentException("vCPU id out of 0.." + MAX + ": " + value);
    }
  }

  public static VcpuId of(int value) {
    return new VcpuId(value);
  }

  @Override
  public int compareTo(VcpuId other) {
    return Integer.compare(value, other.value);
  }

  @Override
  public String toString() {
    return "vcpu " + value;
  }
}
