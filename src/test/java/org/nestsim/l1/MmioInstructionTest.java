package org.nestsim.l1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nestsim.cpu.asm.Assembler;

/**
 * The L1's decoder of MMIO loads and stores, checked against the encodings of NestSim's assembler
 * (itself checked against GNU as): every emulated form, and forms it must refuse.
 */
class MmioInstructionTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "'lbz 5,8(9)', false, 1, 5, 9, false", "'lbzu 5,8(9)', false, 1, 5, 9, true",
    "'lhz 5,8(9)', false, 2, 5, 9, false", "'lhzu 5,8(9)', false, 2, 5, 9, true",
    "'lwz 5,8(9)', false, 4, 5, 9, false", "'lwzu 5,8(9)', false, 4, 5, 9, true",
    "'ld 5,8(9)', false, 8, 5, 9, false", "'ldu 5,8(9)', false, 8, 5, 9, true",
    "'stb 5,8(9)', true, 1, 5, 9, false", "'stbu 5,8(9)', true, 1, 5, 9, true",
    "'sth 5,8(9)', true, 2, 5, 9, false", "'sthu 5,8(9)', true, 2, 5, 9, true",
    "'stw 5,8(9)', true, 4, 5, 9, false", "'stwu 5,8(9)', true, 4, 5, 9, true",
    "'std 5,8(9)', true, 8, 5, 9, false", "'stdu 5,8(9)', true, 8, 5, 9, true",
    "'lbzx 5,9,10', false, 1, 5, 9, false", "'lbzux 5,9,10', false, 1, 5, 9, true",
    "'lhzx 5,9,10', false, 2, 5, 9, false", "'lhzux 5,9,10', false, 2, 5, 9, true",
    "'lwzx 5,9,10', false, 4, 5, 9, false", "'lwzux 5,9,10', false, 4, 5, 9, true",
    "'ldx 5,9,10', false, 8, 5, 9, false", "'ldux 5,9,10', false, 8, 5, 9, true",
    "'stbx 5,9,10', true, 1, 5, 9, false", "'stbux 5,9,10', true, 1, 5, 9, true",
    "'sthx 5,9,10', true, 2, 5, 9, false", "'sthux 5,9,10', true, 2, 5, 9, true",
    "'stwx 5,9,10', true, 4, 5, 9, false", "'stwux 5,9,10', true, 4, 5, 9, true",
    "'stdx 5,9,10', true, 8, 5, 9, false", "'stdux 5,9,10', true, 8, 5, 9, true",
  })
  void shouldDecodeEveryEmulatedForm(String source, boolean store, int size, int rt, int ra, boolean update)
      throws Exception {
    int word = Assembler.assemble(source, "t.s", 0, ByteOrder.BIG_ENDIAN).word(0);
    assertEquals(new MmioInstruction(store, size, rt, ra, update), MmioInstruction.decode(word));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"'lwa 5,8(9)'", "'addi 5,9,8'", "'lfd 1,8(9)'", "'lwbrx 5,9,10'", "'lha 5,8(9)'"})
  void shouldRefuseOtherInstructions(String source) throws Exception {
    int word = Assembler.assemble(source, "t.s", 0, ByteOrder.BIG_ENDIAN).word(0);
    assertNull(MmioInstruction.decode(word));
  }

  @ParameterizedTest
  @CsvSource({"1, 0x1ff, 0xff", "2, 0x1ffff, 0xffff", "4, -1, 0xffffffff", "8, -1, -1"})
  void shouldTruncateToTheAccessSize(int size, long value, long truncated) {
    assertEquals(truncated, new MmioInstruction(false, size, 1, 2, false).truncate(value));
  }
}
