package org.nestsim.l0;

import org.nestsim.cpu.Interpreter;
import org.nestsim.cpu.VcpuState;

/**
 * An immutable copy of a guest's guest-wide values, the form in which they reach its vCPUs: a
 * guest-wide SET succeeds while vCPUs run and each takes the values at its next entry (issue 4).
 *
 * @param generation {@link GuestState#generation()} when copied
 * @param logicalPvr element {@code 0x0003}
 * @param tbOffset element {@code 0x0004}
 * @param pateDw0 the encoded partition table (0 = not set)
 * @param pateDw1 the encoded process table
 * @param partitionTableSet whether {@code 0x0005} was set (RUN_VCPU needs it)
 */
public record GuestWide(
    long generation, long logicalPvr, long tbOffset, long pateDw0, long pateDw1, boolean partitionTableSet) {

  /**
   * Loads these values into a vCPU before it runs, if it does not have them yet: PVR, TB offset, and the
   * partition-table entry (which drops its cached translations). Every vCPU, also one created after the
   * SET, gets the current values (unlike QEMU, spec §9 item 12; docs/CONFORMANCE.md).
   *
   * @return whether anything was loaded
   */
  public boolean loadInto(VcpuRecord record, Interpreter interpreter) {
    if (record.loadedGeneration() == generation) {
      return false;
    }
    VcpuState s = interpreter.state();
    s.pvr = logicalPvr;
    s.tbOffset = tbOffset;
    interpreter.setPartitionTable(pateDw0, pateDw1);
    interpreter.stateChanged();
    record.setLoadedGeneration(generation);
    return true;
  }
}
