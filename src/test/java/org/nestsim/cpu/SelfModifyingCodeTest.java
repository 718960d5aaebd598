package org.nestsim.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nestsim.memory.SparseMemory;

/**
 * Code that changes under the interpreter runs as changed: a guest store over an instruction ahead of
 * it (in the page being executed, and in a loop the run has already executed), and the L1 rewriting
 * L2 code through {@link org.nestsim.memory.L1Memory} between runs, without telling the interpreter.
 * Each case runs interpreted and with everything compiled from its first entry (the compiled region
 * compares its words with memory before each entry, and leaves after a store into them).
 */
class SelfModifyingCodeTest {
  private static final int HCALL = 0xC00;
  private static final long CODE = 0x1000;

  private static final int ADDI_R3_1 = 0x38630001; // addi r3,r3,1
  private static final int ADDI_R3_100 = 0x38630064; // addi r3,r3,100
  private static final int SC_1 = 0x44000022;

  private final SparseMemory memory = new SparseMemory(1 << 20);
  private VcpuState s;
  private Interpreter cpu;

  private void load(boolean compiled, int... words) {
    for (int i = 0; i < words.length; i++) {
      memory.writeInt(CODE + 4L * i, words[i]);
    }
    s = new VcpuState();
    s.nia = CODE;
    s.msr = Msr.SF;
    s.reg[VcpuState.R_HDEC_EXPIRY_TB] = -1L;
    cpu = new Interpreter(s, memory, 1);
    cpu.setFlatMemory();
    cpu.setCompilation(compiled);
    cpu.setCompileThreshold(1);
    if (compiled) {
      cpu.codeCache().setWarmEntries(0);
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void shouldExecuteAnInstructionAGuestStoreRewroteAheadOfIt(boolean compiled) {
    load(compiled,
        0x38600000, // li r3,0
        0x3d200000, // lis r9,0
        0x61291018, // ori r9,r9,0x1018 (the addi below)
        0x3c803863, // lis r4,0x3863
        0x60840064, // ori r4,r4,0x0064: r4 = addi r3,r3,100
        0x90890000, // stw r4,0(r9)
        ADDI_R3_1, // at 0x1018: rewritten before it runs
        SC_1);

    assertEquals(HCALL, cpu.runSlice(1000, Long.MAX_VALUE));
    assertEquals(100, s.gpr[3]);
    assertEquals(ADDI_R3_100, memory.readInt(CODE + 0x18));
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void shouldExecuteTheNewWordWhenALoopRewritesItsOwnBody(boolean compiled) {
    // Two passes over the body (CTR = 2); the first pass replaces the body's addi after running it.
    load(compiled,
        0x38600000, // li r3,0
        0x38a00002, // li r5,2
        0x7ca903a6, // mtctr r5
        0x3d200000, // lis r9,0
        0x61291020, // ori r9,r9,0x1020 (the addi in the loop)
        0x3c803863, // lis r4,0x3863
        0x60840064, // ori r4,r4,0x0064: r4 = addi r3,r3,100
        0x60000000, // nop
        ADDI_R3_1, // loop (0x1020): addi r3,r3,1 on the first pass, addi r3,r3,100 on the second
        0x90890000, // stw r4,0(r9)
        0x4200fff8, // bdnz loop
        SC_1);

    assertEquals(HCALL, cpu.runSlice(1000, Long.MAX_VALUE));
    assertEquals(101, s.gpr[3]);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void shouldExecuteCodeTheL1RewroteBetweenRuns(boolean compiled) {
    load(compiled, ADDI_R3_1, SC_1);
    assertEquals(HCALL, cpu.runSlice(1000, Long.MAX_VALUE));
    assertEquals(1, s.gpr[3]);

    // writeInt, the L1's word store; no stateChanged(): nothing needs telling.
    memory.writeInt(CODE, ADDI_R3_100);
    s.nia = CODE;
    assertEquals(HCALL, cpu.runSlice(1000, Long.MAX_VALUE));
    assertEquals(101, s.gpr[3]);

    // write(byte[]), a bulk copy.
    memory.write(CODE, new byte[] {0x38, 0x63, 0x03, (byte) 0xE8}, 0, 4); // addi r3,r3,1000
    s.nia = CODE;
    assertEquals(HCALL, cpu.runSlice(1000, Long.MAX_VALUE));
    assertEquals(1101, s.gpr[3]);

    // writeLong over both words: addi r3,r3,-1 and sc 1 again.
    memory.writeLong(CODE, (0x3863FFFFL << 32) | (SC_1 & 0xFFFF_FFFFL));
    s.nia = CODE;
    assertEquals(HCALL, cpu.runSlice(1000, Long.MAX_VALUE));
    assertEquals(1100, s.gpr[3]);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void shouldStopAtTheSameInstructionWithTheSameTimeInAnySlicing(boolean compiled) {
    // The inline loop and the per-instruction path agree on time and NIA at every slice boundary.
    int[] program = {
      0x38600000, // li r3,0
      0x38a00064, // li r5,100
      0x7ca903a6, // mtctr r5
      0x38630001, // loop: addi r3,r3,1
      0x7c632a14, // add r3,r3,r5
      0x4200fff8, // bdnz loop
      SC_1,
    };
    long expectedR3 = 0;
    for (int i = 0; i < 100; i++) {
      expectedR3 += 1 + 100;
    }
    for (int slice = 1; slice <= 7; slice++) {
      load(compiled, program);
      int exit;
      long slices = 0;
      do {
        long before = s.instructions;
        exit = cpu.runSlice(slice, Long.MAX_VALUE);
        slices++;
        assertEquals(s.instructions, s.now, "one tick per instruction");
        if (exit == Interpreter.SLICE_OVER) {
          assertEquals(slice, s.instructions - before, "a slice runs its whole budget");
        }
      } while (exit == Interpreter.SLICE_OVER);
      assertEquals(HCALL, exit);
      assertEquals(expectedR3, s.gpr[3]);
      assertEquals(3 + 3 * 100 + 1, s.instructions);
      assertEquals(CODE + 4 * 7, s.nia);
    }
  }
}
