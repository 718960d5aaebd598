package org.nestsim.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nestsim.memory.SparseMemory;
import org.openjdk.jol.info.GraphLayout;

/**
 * The resident state of one vCPU engine — registers, translation cache, walker, interpreter — must stay
 * within 2.5 KiB without vector state (DESIGN.md's budget of 8 KiB per vCPU, all in). Measured with JOL
 * over the object graph, excluding the L1 memory and the compiled code all vCPUs share.
 */
class VcpuFootprintTest {
  private static final long BUDGET = 2560;

  @Test
  void shouldKeepAVcpuWithinTwoAndAHalfKibWithoutVectorState() {
    SparseMemory memory = new SparseMemory(1 << 20);
    VcpuState state = new VcpuState();
    Interpreter cpu = new Interpreter(state, memory, 1);
    state.reg[VcpuState.R_HDEC_EXPIRY_TB] = -1L;
    cpu.setFlatMemory();
    memory.writeInt(0, 0x44000022); // sc 1: run once so that the caches hold a page
    cpu.runSlice(10, Long.MAX_VALUE);

    // The L1 memory and the compiled code (CodeCache) are shared by every vCPU over the memory.
    Object[] shared = cpu.codeCache() == null ? new Object[] {memory} : new Object[] {memory, cpu.codeCache()};
    long size = GraphLayout.parseInstance(cpu).subtract(GraphLayout.parseInstance(shared)).totalSize();
    System.out.printf("vCPU engine footprint: %d bytes (registers %d)%n", size,
        GraphLayout.parseInstance(state).totalSize());
    assertTrue(size <= BUDGET, "vCPU engine takes " + size + " bytes, budget " + BUDGET);
    assertTrue(!state.hasVectorState(), "no vector state until used");
  }
}
