package org.nestsim.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * {@code runSlice(budget, until)}: the contract the vCPU actor relies on to interleave thousands of
 * vCPUs on quanta of simulated time (DESIGN.md "Simulated time").
 */
class SliceTest {
  private static Machine spinning(int ticksPerInstruction) {
    Machine m = new Machine(ticksPerInstruction);
    return m.load("start:\n addi r3, r3, 1\n b start\n");
  }

  @Test
  void shouldStopExactlyAtTheEndOfTheQuantum() {
    Machine m = spinning(1);
    assertEquals(Interpreter.SLICE_OVER, m.cpu.runSlice(1_000_000, 100));
    assertEquals(100, m.s.now);
    assertEquals(100, m.s.instructions);
    assertEquals(50, m.s.gpr[3]);
    assertEquals(Interpreter.SLICE_OVER, m.cpu.runSlice(1_000_000, 250));
    assertEquals(250, m.s.now, "the next quantum continues where the last one stopped");
    assertEquals(125, m.s.gpr[3]);
  }

  @Test
  void shouldStopAfterTheBudget() {
    Machine m = spinning(1);
    assertEquals(Interpreter.SLICE_OVER, m.cpu.runSlice(7, Long.MAX_VALUE));
    assertEquals(7, m.s.instructions);
    assertEquals(Interpreter.SLICE_OVER, m.cpu.runSlice(0, Long.MAX_VALUE));
    assertEquals(7, m.s.instructions, "a budget of 0 runs nothing");
  }

  @Test
  void shouldChargeTicksPerInstructionAndKeepDeadlinesExactAcrossSlices() {
    Machine m = spinning(3);
    m.s.reg[VcpuState.R_HDEC_EXPIRY_TB] = 31;
    assertEquals(Interpreter.SLICE_OVER, m.cpu.runSlice(1_000, 20));
    assertEquals(21, m.s.now, "an instruction started before the end of the quantum completes");
    assertEquals(7, m.s.instructions);
    assertEquals(0x980, m.cpu.runSlice(1_000, 1_000));
    assertEquals(33, m.s.now, "the first instruction boundary at or after the HDEC deadline");
    assertEquals(11, m.s.instructions);
  }
}
