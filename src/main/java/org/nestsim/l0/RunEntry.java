package org.nestsim.l0;

import java.nio.ByteBuffer;
import org.nestsim.cpu.Interpreter;
import org.nestsim.cpu.VcpuState;
import org.nestsim.gsb.GsbRequest;
import org.nestsim.hcall.HcallFlags;
import org.nestsim.hcall.HcallResult;
import org.nestsim.hcall.ReturnCode;
import org.nestsim.memory.L1Memory;

/**
 * What {@code H_GUEST_RUN_VCPU} does before the vCPU runs (spec §2.8 steps 1–5, §6.6): the checks in
 * order, the input buffer applied whole or not at all, and the interrupts the RUN flags ask for. Plain
 * logic for the {@link Vcpu} actor.
 */
final class RunEntry {
  private static final HcallResult H_P2 = HcallResult.of(ReturnCode.H_P2);
  private static final HcallResult H_BUSY = HcallResult.of(ReturnCode.H_BUSY);
  private static final HcallResult H_NOT_AVAILABLE = HcallResult.of(ReturnCode.H_NOT_AVAILABLE);

  private RunEntry() {}

  /**
   * The checks, then the input buffer: null when the run may start (the input buffer is then applied),
   * else the answer (nothing changed).
   *
   * @param state the vCPU's registers, null when the vCPU does not exist
   * @param running whether a run of the vCPU is in progress
   */
  static HcallResult check(Profile profile, L1Memory memory, long flags, boolean guestAlive, VcpuState state,
      VcpuRecord record, GuestWide guestWide, boolean running, Interpreter interpreter) {
    HcallResult refused = HcallChecks.runFlags(profile, flags);
    if (refused != null) {
      return refused;
    }
    if (!guestAlive) {
      return H_P2;
    }
    if (state == null || !record.enabled()) {
      return HcallChecks.p3();
    }
    if (running) {
      return H_BUSY;
    }
    if (!record.runBuffersRegistered()
        || !memory.contains(record.runInputAddress(), record.runInputSize())
        || !memory.contains(record.runOutputAddress(), record.runOutputSize())) {
      return HcallChecks.p3();
    }
    if (guestWide == null || !guestWide.partitionTableSet()) {
      return H_NOT_AVAILABLE;
    }
    Scratch scratch = Scratch.get();
    int length = (int) record.runInputSize();
    ByteBuffer buffer = scratch.gsb.load(memory, record.runInputAddress(), length);
    long[] reg = state.reg;
    long pidr = reg[VcpuState.R_PIDR];
    long amr = reg[VcpuState.R_AMR];
    long iamr = reg[VcpuState.R_IAMR];
    long lpcr = reg[VcpuState.R_LPCR];
    HcallResult input = StateBuffers.set(profile, GsbRequest.RUN_INPUT, scratch.gsb.reader(), buffer, 0, length,
        null, state, record);
    if (input != StateBuffers.OK) {
      return input;
    }
    if (scratch.gsb.reader().count() > 0) {
      // Cached translations depend on PIDR, AMR, IAMR and LPCR: drop them only if one of these changed,
      // so that an input buffer of GPRs, NIA, MSR and timers costs no page walk.
      if (reg[VcpuState.R_PIDR] != pidr || reg[VcpuState.R_AMR] != amr || reg[VcpuState.R_IAMR] != iamr
          || reg[VcpuState.R_LPCR] != lpcr) {
        interpreter.stateChanged();
      } else {
        interpreter.registersChanged();
      }
    }
    return null;
  }

  /**
   * The interrupts the spec profile's RUN flags ask for (spec §2.8): an external interrupt (pending
   * until delivered), a privileged doorbell (DPDES), a system reset.
   */
  static void inject(long flags, VcpuState state, Interpreter interpreter) {
    if (flags == 0) {
      return;
    }
    if ((flags & HcallFlags.H_GUEST_RUN_EXTERNAL_INTERRUPT) != 0) {
      state.externalPending = true;
    }
    if ((flags & HcallFlags.H_GUEST_RUN_PRIVILEGED_DOORBELL) != 0) {
      state.reg[VcpuState.R_DPDES] |= 1;
    }
    if ((flags & HcallFlags.H_GUEST_RUN_SYSTEM_RESET) != 0) {
      state.systemResetPending = true;
    }
    interpreter.stateChanged();
  }
}
