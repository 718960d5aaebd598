package org.nestsim.l1;

import java.util.List;

/**
 * One L2 guest as the KVM-like L1 boots it (scenario-format.md, "Guests", one instance of a {@code
 * count}).
 *
 * @param name the instance name ({@code web.0}, or {@code web} when the count is 1)
 * @param memory bytes of L2 real memory, mapped on first touch
 * @param vcpus the number of vCPUs (ids 0…vcpus−1)
 * @param logicalPvr the logical PVR the L1 sets (element {@code 0x0003})
 * @param image the program, loaded at L2 real address 0
 * @param entry NIA of every vCPU at start (r3 = the vCPU id)
 * @param msr MSR at start
 * @param console whether the L1 emulates the console hcalls
 * @param consoleInput the bytes {@code H_GET_TERM_CHAR} returns
 * @param timeslice the HDEC deadline of every run, in ticks from its start
 * @param devices the MMIO regions the L1 emulates
 */
public record GuestPlan(String name, long memory, int vcpus, long logicalPvr, byte[] image, long entry, long msr,
    boolean console, byte[] consoleInput, long timeslice, List<DevicePlan> devices) {

  /** A counter device (scenario-format.md): a load returns a 64-bit value that then increments. */
  public record DevicePlan(long base, long size) {
    boolean contains(long address) {
      return Long.compareUnsigned(address - base, size) < 0;
    }
  }
}
