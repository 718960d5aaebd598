package org.nestsim.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nestsim.memory.SparseMemory;

/** A counted loop ending in an hcall, hand-encoded: the smallest end-to-end check of the engine. */
class InterpreterLoopTest {

  @Test
  void shouldCountToOneThousandAndExitWithAnHcall() {
    SparseMemory memory = new SparseMemory(1 << 20);
    int[] program = {
      0x38600000, // li r3,0
      0x388003E8, // li r4,1000
      0x7C8903A6, // mtctr r4
      0x38630001, // loop: addi r3,r3,1
      0x4200FFFC, // bdnz loop
      0x44000022, // sc 1
    };
    for (int i = 0; i < program.length; i++) {
      memory.writeInt(0x100 + 4L * i, program[i]);
    }
    VcpuState s = new VcpuState();
    s.nia = 0x100;
    s.msr = Msr.SF;
    s.reg[VcpuState.R_HDEC_EXPIRY_TB] = -1L;
    Interpreter cpu = new Interpreter(s, memory, 1);
    cpu.setFlatMemory();

    int exit = cpu.runSlice(1_000_000, Long.MAX_VALUE);

    assertEquals(0xC00, exit);
    assertEquals(1000, s.gpr[3]);
    assertEquals(0x100 + 4 * 6, s.nia, "NIA is the instruction after the sc");
    assertEquals(s.nia, s.reg[VcpuState.R_SRR0], "sc 1 goes through SRR0/SRR1");
    assertEquals(Msr.SF, s.exitMsr);
    assertEquals(3 + 2 * 1000 + 1, s.instructions);
    assertEquals(s.instructions, s.now, "one tick per instruction");
  }
}
