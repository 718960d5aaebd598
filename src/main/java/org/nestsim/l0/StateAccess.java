package org.nestsim.l0;

import java.nio.ByteBuffer;
import org.nestsim.cpu.VcpuState;
import org.nestsim.gsb.GsbReader;
import org.nestsim.gsb.GsbRequest;
import org.nestsim.gsb.Gsid;
import org.nestsim.gsb.Scope;
import org.nestsim.hcall.HcallResult;
import org.nestsim.memory.L1Memory;

/**
 * Steps 4–6 of {@code H_GUEST_GET_STATE}/{@code H_GUEST_SET_STATE} (spec §2.7) once flags, size and
 * guest have been checked: the buffer's place in L1 memory, its validation, then — unless the caller
 * has a reason to refuse that comes after validation (no such vCPU, a running vCPU) — the apply or
 * the in-place answer, copied back to L1 memory. The one implementation for the supervisor (host-wide),
 * a guest (guest-wide, or a vCPU that does not exist) and a vCPU (thread-wide).
 */
final class StateAccess {
  private StateAccess() {}

  /**
   * Performs a GET or SET whose elements have {@code scope}.
   *
   * @param guest the guest, for guest-wide elements (else null)
   * @param vcpu the vCPU's registers, for thread-wide elements (else null)
   * @param record what the L0 holds for the vCPU (else null)
   * @param counters the host-wide statistics, for a host-wide GET (else null)
   * @param refusal the answer to give instead of applying a valid buffer, or null to apply it
   * @param vcpuExists whether the request's vCPU id names a vCPU: a guest-wide GET of {@code
   *     RUN_OUTPUT_MIN_SIZE} needs one (QEMU asserts, spec §5.1, §9.5: {@code H_P3})
   * @return the hcall's answer; {@link StateBuffers#OK} when the buffer was applied or answered
   */
  static HcallResult perform(Profile profile, L1Memory memory, boolean get, Scope scope, long address, long size,
      GuestState guest, VcpuState vcpu, VcpuRecord record, HostWideCounters counters, HcallResult refusal,
      boolean vcpuExists) {
    HcallResult misplaced = HcallChecks.placement(profile, memory, address, size);
    if (misplaced != null) {
      return misplaced;
    }
    Scratch scratch = Scratch.get();
    int length = (int) size;
    ByteBuffer buffer = scratch.gsb.load(memory, address, length);
    GsbRequest request = get ? StateBuffers.getRequest(scope) : StateBuffers.setRequest(scope);
    HcallResult result = StateBuffers.check(profile, request, scratch.gsb.reader(), buffer, 0, length);
    if (result != StateBuffers.OK) {
      return result;
    }
    if (refusal != null) {
      return refusal;
    }
    if (!vcpuExists && scope == Scope.GUEST && holds(scratch.gsb.reader(), Gsid.RUN_OUTPUT_MIN_SIZE)) {
      return HcallChecks.p3();
    }
    if (get) {
      StateBuffers.answerGet(profile, scratch.gsb.reader(), guest, vcpu, record, counters);
      scratch.gsb.store(memory, address, length);
    } else {
      StateBuffers.applySet(profile, scratch.gsb.reader(), guest, vcpu, record);
    }
    return result;
  }

  /** Whether a validated buffer holds element {@code id}; rewinds the reader. */
  private static boolean holds(GsbReader reader, int id) {
    boolean found = false;
    while (reader.next()) {
      if (reader.id() == id) {
        found = true;
        break;
      }
    }
    reader.rewind();
    return found;
  }
}
