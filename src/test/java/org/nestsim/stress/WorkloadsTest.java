package org.nestsim.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.nestsim.cpu.asm.Assembler;

/** The generated programs: they assemble, fit their slots, and depend only on the seed. */
class WorkloadsTest {

  @Test
  void shouldFitEveryProgramInItsCodeSlotForManySeeds() throws Exception {
    for (Workloads.Kind kind : Workloads.Kind.values()) {
      for (long seed = 0; seed < 50; seed++) {
        List<Workloads.Program> ps = Workloads.generate(kind, 3, seed);
        // Each program alone: assembled at its slot, it must end before the next slot begins.
        for (Workloads.Program p : ps) {
          byte[] image = Assembler.assemble(p.source(), "p.s", 0, ByteOrder.BIG_ENDIAN).bytes();
          assertTrue(image.length <= Workloads.codeAddress(p.vcpu() + 1), kind + " seed " + seed + ": "
              + (image.length - Workloads.codeAddress(p.vcpu())) + " bytes");
        }
        Assembler.assemble(Workloads.source(ps), "g.s", 0, ByteOrder.BIG_ENDIAN);
      }
    }
  }

  @Test
  void shouldDrawTheSameProgramsWhateverTheRoundsAndFitTheLongestInTheirSlots() throws Exception {
    for (Workloads.Kind kind : Workloads.Kind.values()) {
      List<Workloads.Program> one = Workloads.generate(kind, 4, 9);
      List<Workloads.Program> most = Workloads.generate(kind, 4, 9, Workloads.MAX_ROUNDS);
      for (int v = 0; v < 4; v++) {
        Workloads.Program a = one.get(v);
        Workloads.Program b = most.get(v);
        assertEquals(a.salt(), b.salt());
        if (kind == Workloads.Kind.FAULT) {
          assertEquals(a.iterations(), b.iterations());
          assertEquals(Workloads.MAX_ROUNDS, b.passes());
        } else {
          assertEquals((long) a.iterations() * Workloads.MAX_ROUNDS, b.iterations());
        }
        byte[] image = Assembler.assemble(b.source(true), "p.s", 0, ByteOrder.BIG_ENDIAN).bytes();
        assertTrue(image.length <= Workloads.codeAddress(b.vcpu() + 1), kind + ": too long");
      }
    }
    assertThrows(IllegalArgumentException.class, () -> Workloads.generate(null, 4, 9, Workloads.MAX_ROUNDS + 1));
    assertThrows(IllegalArgumentException.class, () -> Workloads.generate(null, 4, 9, 0));
  }

  @Test
  void shouldGiveTheSameProgramsForTheSameSeedAndOthersForAnother() {
    assertEquals(Workloads.generate(null, 8, 42), Workloads.generate(null, 8, 42));
    assertNotEquals(Workloads.generate(null, 8, 42), Workloads.generate(null, 8, 43));
  }

  @Test
  void shouldMixEveryKindAcrossAGuestOfManyVcpus() {
    Set<Workloads.Kind> kinds = Workloads.generate(null, 64, 7).stream().map(Workloads.Program::kind)
        .collect(Collectors.toSet());
    assertEquals(EnumSet.allOf(Workloads.Kind.class), kinds);
  }

  @Test
  void shouldComputeTheChecksumOfASmallMmioProgramByHand() {
    // i = 1, 2 with salt 10: values 11, 12 then 12, 13.
    long c = 0;
    for (long v : new long[] {11, 12, 12, 13}) {
      c = c * 31 + v;
    }
    assertEquals(c, new Workloads.Program(Workloads.Kind.MMIO, 0, 2, 10, 0, 0, 0).expected());
  }
}
