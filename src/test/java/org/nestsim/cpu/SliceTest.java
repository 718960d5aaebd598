package org.nestsim.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code runSlice(budget, until)}: the contract the vCPU actor relies on to interleave thousands of
 * vCPUs on quanta of simulated time (DESIGN.md "Simulated time"). Each case runs interpreted and with
 * the loop compiled from its first entry.
 */
class SliceTest {
  private static Machine spinning(int ticksPerInstruction, boolean compiled) {
    Machine m = new Machine(ticksPerInstruction);
    m.cpu.setCompilation(compiled);
    m.cpu.setCompileThreshold(1);
    if (compiled) {
      m.cpu.codeCache().setWarmEntries(0);
    }
    return m.load("start:\n addi r3, r3, 1\n b start\n");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void shouldStopExactlyAtTheEndOfTheQuantum(boolean compiled) {
    Machine m = spinning(1, compiled);
    assertEquals(Interpreter.SLICE_OVER, m.cpu.runSlice(1_000_000, 100));
    assertEquals(100, m.s.now);
    assertEquals(100, m.s.instructions);
    assertEquals(50, m.s.gpr[3]);
    assertEquals(Interpreter.SLICE_OVER, m.cpu.runSlice(1_000_000, 250));
    assertEquals(250, m.s.now, "the next quantum continues where the last one stopped");
    assertEquals(125, m.s.gpr[3]);
    assertTrue(!compiled || m.cpu.codeCache().compiled() > 0, "the loop ran compiled");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void shouldStopAfterTheBudget(boolean compiled) {
    Machine m = spinning(1, compiled);
    assertEquals(Interpreter.SLICE_OVER, m.cpu.runSlice(7, Long.MAX_VALUE));
    assertEquals(7, m.s.instructions);
    assertEquals(Interpreter.SLICE_OVER, m.cpu.runSlice(0, Long.MAX_VALUE));
    assertEquals(7, m.s.instructions, "a budget of 0 runs nothing");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void shouldChargeTicksPerInstructionAndKeepDeadlinesExactAcrossSlices(boolean compiled) {
    Machine m = spinning(3, compiled);
    m.s.reg[VcpuState.R_HDEC_EXPIRY_TB] = 31;
    assertEquals(Interpreter.SLICE_OVER, m.cpu.runSlice(1_000, 20));
    assertEquals(21, m.s.now, "an instruction started before the end of the quantum completes");
    assertEquals(7, m.s.instructions);
    assertEquals(0x980, m.cpu.runSlice(1_000, 1_000));
    assertEquals(33, m.s.now, "the first instruction boundary at or after the HDEC deadline");
    assertEquals(11, m.s.instructions);
  }
}
