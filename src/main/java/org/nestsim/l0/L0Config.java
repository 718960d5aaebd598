package org.nestsim.l0;

import java.util.List;
import org.nestsim.hcall.Capability;
import org.nestsim.hcall.GuestId;
import org.nestsim.hcall.VcpuId;

/**
 * How an L0 behaves: its profile, what it advertises, its limits, the faults a scenario injects
 * ({@code scenario-format.md}, "Faults") and the pace of simulated time.
 *
 * @param profile whose hcall answers to give
 * @param capabilities the mode bits GET_CAPABILITIES returns (spec §3)
 * @param maxGuests guest ids are 1…maxGuests (at most 4095)
 * @param maxVcpus vCPU ids are 0…maxVcpus−1 (at most 2048)
 * @param busyOnCreate {@code H_GUEST_CREATE} answers {@code H_BUSY} this many times (continue tokens)
 * @param busyOnDelete {@code H_GUEST_DELETE} answers {@code H_BUSY} this many times per guest (and per
 *     delete-all) before it deletes
 * @param noMemoryAfterVcpus {@code H_GUEST_CREATE_VCPU} fails after this many vCPUs created in total
 *     (-1: never)
 * @param preemptEvery a run ends with {@code NONE} every this many ticks of a vCPU's running time (0:
 *     never)
 * @param preemptAt one {@code NONE} exit when a running vCPU's L1 timebase passes each of these, sorted
 * @param quantumTicks the simulated clock's quantum
 * @param ticksPerInstruction L1 timebase ticks per L2 instruction
 * @param sliceInstructions instructions per slice, between which a vCPU's actor lets others run
 */
public record L0Config(
    Profile profile,
    long capabilities,
    int maxGuests,
    int maxVcpus,
    int busyOnCreate,
    int busyOnDelete,
    long noMemoryAfterVcpus,
    long preemptEvery,
    List<Long> preemptAt,
    long quantumTicks,
    int ticksPerInstruction,
    int sliceInstructions) {

  /** The defaults of {@code scenario-format.md}: spec profile, POWER9 and POWER10, every id, no faults. */
  public static final L0Config DEFAULT = new L0Config(Profile.SPEC,
      Capability.POWER9.mask() | Capability.POWER10.mask(), GuestId.MAX, VcpuId.MAX + 1, 0, 0, -1, 0,
      List.of(), 10_000, 1, 2_000);

  /** Checks the ranges. */
  public L0Config {
    if (maxGuests < 1 || maxGuests > GuestId.MAX) {
      throw new IllegalArgumentException("max-guests " + maxGuests + " outside 1.." + GuestId.MAX);
    }
    if (maxVcpus < 1 || maxVcpus > VcpuId.MAX + 1) {
      throw new IllegalArgumentException("max-vcpus " + maxVcpus + " outside 1.." + (VcpuId.MAX + 1));
    }
    if (quantumTicks <= 0 || ticksPerInstruction <= 0 || sliceInstructions <= 0) {
      throw new IllegalArgumentException("quantum, ticks per instruction and slice must be positive");
    }
    preemptAt = preemptAt.stream().sorted().toList();
  }

  public L0Config withProfile(Profile p) {
    return new L0Config(p, capabilities, maxGuests, maxVcpus, busyOnCreate, busyOnDelete,
        noMemoryAfterVcpus, preemptEvery, preemptAt, quantumTicks, ticksPerInstruction, sliceInstructions);
  }

  public L0Config withLimits(long caps, int guests, int vcpus) {
    return new L0Config(profile, caps, guests, vcpus, busyOnCreate, busyOnDelete, noMemoryAfterVcpus,
        preemptEvery, preemptAt, quantumTicks, ticksPerInstruction, sliceInstructions);
  }

  public L0Config withFaults(int busyCreate, int busyDelete, long noMemoryAfter, long every, List<Long> at) {
    return new L0Config(profile, capabilities, maxGuests, maxVcpus, busyCreate, busyDelete, noMemoryAfter,
        every, at, quantumTicks, ticksPerInstruction, sliceInstructions);
  }

  public L0Config withTiming(long quantum, int ticks, int slice) {
    return new L0Config(profile, capabilities, maxGuests, maxVcpus, busyOnCreate, busyOnDelete,
        noMemoryAfterVcpus, preemptEvery, preemptAt, quantum, ticks, slice);
  }
}
