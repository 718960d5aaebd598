package org.nestsim.sched;

/**
 * The logical identity of a vCPU for the clock: (guest, vCPU), ordered by guest then vCPU so that the
 * clock iterates runnable vCPUs and deadlines in the same order in every run (never by creation order
 * or identity hash).
 *
 * @param guest the guest id, non-negative
 * @param vcpu the vCPU id within the guest, non-negative
 */
public record VcpuKey(int guest, int vcpu) implements Comparable<VcpuKey> {
  /** Checks that both ids are non-negative. */
  public VcpuKey {
    if (guest < 0 || vcpu < 0) {
      throw new IllegalArgumentException("negative id: guest " + guest + ", vCPU " + vcpu);
    }
  }

  @Override
  public int compareTo(VcpuKey other) {
    int c = Integer.compare(guest, other.guest);
    return c != 0 ? c : Integer.compare(vcpu, other.vcpu);
  }
}
