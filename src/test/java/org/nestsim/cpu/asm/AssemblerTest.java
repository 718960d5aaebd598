package org.nestsim.cpu.asm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Labels, directives, byte order and error positions of the assembler (no binutils needed). */
class AssemblerTest {
  private static Assembly be(String source, long origin) throws AsmException {
    return Assembler.assemble(source, "t.s", origin, ByteOrder.BIG_ENDIAN);
  }

  private static String hex(Assembly a) {
    return HexFormat.of().formatHex(a.bytes());
  }

  private static AsmException error(String source) {
    return assertThrows(AsmException.class, () -> be(source, 0x1000));
  }

  @Test
  void shouldDefineLabelsAtTheirAddressesInSourceOrder() throws AsmException {
    Assembly a = be("start: nop\nloop:   b loop\n  bl end ; b start\nend:\n", 0x1000);
    assertEquals(Map.of("start", 0x1000L, "loop", 0x1004L, "end", 0x1010L), a.labels());
    assertEquals(List.of("start", "loop", "end"), List.copyOf(a.labels().keySet()));
    assertEquals("60000000" + "48000000" + "48000009" + "4bfffff4", hex(a));
    assertEquals(0x1004L, a.address("loop"));
  }

  @Test
  void shouldResolveLocalLabelsBackwardAndForward() throws AsmException {
    Assembly a = be("1: b 1f\n1: b 1b\n b 1b\n1: nop\n", 0);
    assertEquals("48000004" + "48000000" + "4bfffffc" + "60000000", hex(a));
  }

  @Test
  void shouldTreatANumericBranchTargetAsAnAddress() throws AsmException {
    assertEquals(0x48000235, Assembler.assembleOne("bl 0x1234", 0x1000));
    assertEquals(0x41820008, Assembler.assembleOne("beq .+8", 0x1000));
    assertEquals(0x48000102, Assembler.assembleOne("ba 0x100", 0x1000));
  }

  @Test
  void shouldWriteInstructionsAndDataInEitherByteOrder() throws AsmException {
    String source = "addi r3,r1,-16\n.long 0x11223344\n.quad 0x0102030405060708\n.short 0xa1b2\n.byte 7\n";
    assertEquals("3861fff0" + "11223344" + "0102030405060708" + "a1b2" + "07", hex(be(source, 0)));
    Assembly le = Assembler.assemble(source, "t.s", 0, ByteOrder.LITTLE_ENDIAN);
    assertEquals("f0ff6138" + "44332211" + "0807060504030201" + "b2a1" + "07", hex(le));
    assertEquals(0x3861fff0, le.word(0));
    assertEquals(ByteOrder.LITTLE_ENDIAN, le.order());
  }

  @Test
  void shouldMoveTheLocationWithOrgToAnAbsoluteAddress() throws AsmException {
    Assembly a = be("nop\n.org 0x100c\nnop\n.org 0x1014, 0xff\nhere: .long .\n", 0x1000);
    assertEquals("60000000" + "0000000000000000" + "60000000" + "ffffffff" + "00001014", hex(a));
    assertEquals(0x1014L, a.address("here"));
  }

  @Test
  void shouldAlignWithNopsOrZerosAsGnuAsDoes() throws AsmException {
    assertEquals("60000000" + "60000000" + "7fe00008", hex(be("nop\n.align 3\ntrap", 0)));
    assertEquals("01000000" + "00000000" + "7fe00008", hex(be(".byte 1\n.align 3\ntrap", 0)));
    assertEquals("01" + "ffffff" + "7fe00008", hex(be(".byte 1\n.p2align 2,0xff\ntrap", 0)));
    assertEquals("01" + "00000000000000" + "7fe00008", hex(be(".byte 1\n.balign 8,0\ntrap", 0)));
    assertEquals("7fe00008", hex(be(".align 4\ntrap", 0x2000)));
  }

  @Test
  void shouldReserveSpaceWithAnOptionalFill() throws AsmException {
    assertEquals("000000" + "1111" + "000000" + "60000000", hex(be(".space 3\n.skip 2,0x11\n.align 2,0\nnop", 0)));
  }

  @Test
  void shouldEvaluateSymbolsAndExpressions() throws AsmException {
    Assembly a = be(".set four, 4\neight = four*2\n.equ mask, (1<<4)-1\nli r3,eight+mask\n"
        + "li r4,-(1<<4)|3\nli r5,'A\nli r6,010\nli r7,0b101\nlis r8,target@ha\naddi r8,r8,target@l\n"
        + ".org 0x9000\ntarget: blr", 0x1000);
    int[] w = a.words();
    assertEquals(0x38600017, w[0]);
    assertEquals(0x3880fff3, w[1]);
    assertEquals(0x38a00041, w[2]);
    assertEquals(0x38c00008, w[3]);
    assertEquals(0x38e00005, w[4]);
    assertEquals(0x3d000001, w[5]); // 0x9000@ha = 1 (0x9000 = 0x10000 - 0x7000)
    assertEquals(0x39089000, w[6]); // @l = -0x7000
  }

  @Test
  void shouldAcceptCrBitExpressionsAndRegisterSpellings() throws AsmException {
    assertEquals(0x4c835a02, Assembler.assembleOne("crand 4*cr1+lt,so,cr2*4+un", 0));
    assertEquals(0x7c221a14, Assembler.assembleOne("add sp,rtoc,%r3", 0));
    assertEquals(0x7c641a14, Assembler.assembleOne("ADD 3, R4, 3", 0));
    assertEquals(0x41860008, Assembler.assembleOne("beq cr1,.+8", 0));
    assertEquals(0x41e20008, Assembler.assembleOne("beq+ .+8", 0));
  }

  @Test
  void shouldIgnoreCommentsAndElfDirectives() throws AsmException {
    Assembly a = be("# comment\n.text\n.globl f\n.abiversion 2\n.type f,@function\n/* block\n comment */"
        + "f: blr # trailing\n.size f,.-f\n.section .text\n", 0);
    assertEquals("4e800020", hex(a));
  }

  @Test
  void shouldReportUnknownInstructionsWithFileLineAndColumn() {
    AsmException e = error("nop\n        frob r3\n");
    assertEquals("t.s:2:9: unknown instruction 'frob'", e.getMessage());
    assertEquals("t.s", e.file());
    assertEquals(2, e.line());
    assertEquals(9, e.column());
    assertEquals("unknown instruction 'frob'", e.reason());
  }

  @Test
  void shouldPointAtTheOffendingOperand() {
    assertEquals("t.s:1:13: operand 40000 is out of range -32768..32767", error("addi r3,r4, 40000").getMessage());
    assertEquals("t.s:1:5: expected a general-purpose register (r0-r31), got 'f3'",
        error("add f3,r4,r5").getMessage());
    assertEquals("t.s:1:7: undefined symbol 'nowhere'", error("li r3,nowhere").getMessage());
    assertEquals("t.s:1:14: too many operands: expected 'add rT,rA,rB'", error("add r3,r4,r5,r6").getMessage());
    assertEquals("t.s:1:10: missing operand: expected 'add rT,rA,rB'", error("add r3,r4").getMessage());
    assertEquals("t.s:1:5: missing operands: expected 'mflr rT'", error("mflr").getMessage());
    assertEquals("t.s:1:11: invalid update form: rA must be neither 0 nor the target register rT",
        error("lwzu r3,8(r3)").getMessage());
    assertEquals("t.s:1:7: displacement 6 is not a multiple of 4", error("ld r3,6(r4)").getMessage());
    assertEquals("t.s:1:5: branch target 0x9000 is out of reach (offset 32768, limit ±32 KiB)",
        error("bne 0x9000").getMessage());
  }

  @Test
  void shouldReportLayoutErrors() {
    assertEquals("t.s:2:1: instruction at 0x1001 is not on a 4-byte boundary", error(".byte 1\nnop").getMessage());
    assertEquals("t.s:2:6: .org 0x1000 would move the location counter backwards (it is at 0x1004)",
        error("nop\n.org 0x1000").getMessage());
    assertEquals("t.s:2:1: symbol 'a' is already defined (line 1)", error("a: nop\na: nop").getMessage());
    assertEquals("t.s:1:8: symbol 'later' must be defined before this line: .space is laid out in the first pass",
        error(".space later\nlater: nop").getMessage());
    assertEquals("t.s:1:1: unknown directive '.frob'", error(".frob 1").getMessage());
    assertEquals("t.s:1:7: value 0x100 does not fit in 1 byte", error(".byte 256").getMessage());
  }

  @Test
  void shouldReportTheFirstErrorInLineOrder() {
    assertEquals("t.s:2:16: operand 99999 is out of range -32768..32767",
        error("nop\nli r3,0; li r4,99999\n.org 0\n b later\nlater:").getMessage());
  }

  @Test
  void shouldAssembleOneInstructionAtAnAddress() throws AsmException {
    assertEquals(0x4bfffffc, Assembler.assembleOne("b 0xffc", 0x1000));
    assertEquals(0x7c0802a6, Assembler.assembleOne("mflr r0", 0));
    assertArrayEquals(new int[] {0x44000022}, be("sc 1", 0).words());
  }

  @Test
  void shouldAssembleOrReportAnAsmExceptionForMangledSource() {
    java.util.Random rnd = new java.util.Random(11);
    String alphabet = "r0123456789,()+-*.:#;@' x\tabcfl";
    List<String> seeds = List.of("addi r3,r1,-16", "lwz r3,8(r1)", "beq+ cr1,.+8", "crand 4*cr1+eq,so,2",
        "1: bdnz 1b", ".align 3,0x5a", ".org .+8", "li r3,x@ha", "x = 3*4", "rldicl. r3,r4,5,10", "mtsprg 2,r3");
    for (int i = 0; i < 20_000; i++) {
      StringBuilder b = new StringBuilder(seeds.get(rnd.nextInt(seeds.size())));
      for (int k = rnd.nextInt(4); k >= 0; k--) {
        int at = rnd.nextInt(b.length() + 1);
        if (rnd.nextBoolean() && at < b.length()) {
          b.deleteCharAt(at);
        } else {
          b.insert(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
      }
      try {
        Assembler.assemble(b.toString(), "fuzz.s", 0x1000, ByteOrder.BIG_ENDIAN);
      } catch (AsmException e) {
        assertEquals(1, e.line(), e.getMessage());
        assertTrue(e.column() >= 1 && e.column() <= b.length() + 1, b + " -> " + e.getMessage());
      }
    }
  }
}
