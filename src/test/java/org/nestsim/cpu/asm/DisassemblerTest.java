package org.nestsim.cpu.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The disassembler's text for known words, as objdump prints them (no binutils needed). */
class DisassemblerTest {
  private static void assertText(String expected, int word, long address) throws AsmException {
    String text = Disassembler.disassemble(word, address);
    assertEquals(expected, text.replaceAll("\\s+", " "));
    if (!expected.startsWith(".long")) {
      assertEquals(word, Assembler.assembleOne(text, address), "round trip of " + text);
    }
  }

  @Test
  void shouldPrintInstructionsAsObjdumpDoes() throws AsmException {
    assertText("addi r3,r1,-16", 0x3861fff0, 0);
    assertText("li r3,5", 0x38600005, 0);
    assertText("lwz r3,0(0)", 0x80600000, 0);
    assertText("lwzx r3,0,r4", 0x7c60202e, 0);
    assertText("stdu r1,-32(r1)", 0xf821ffe1, 0);
    assertText("mr r5,r6", 0x7cc53378, 0);
    assertText("mflr r0", 0x7c0802a6, 0);
    assertText("mfsprg r3,0", 0x7c7042a6, 0);
    assertText("mtmsrd r3,1", 0x7c610164, 0);
    assertText("sc", 0x44000002, 0);
    assertText("sc 1", 0x44000022, 0);
    assertText("rfid", 0x4c000024, 0);
    assertText("hwsync", 0x7c0004ac, 0);
    assertText("lwsync", 0x7c2004ac, 0);
    assertText("trap", 0x7fe00008, 0);
    assertText("tweq r3,r4", 0x7c832008, 0);
    assertText("nop", 0x60000000, 0);
    assertText("crset 4*cr1+eq", 0x4cc63242, 0);
    assertText("cmpwi cr3,r4,-5", 0x2d84fffb, 0);
    assertText("sldi r3,r4,7", 0x78833e24, 0);
    assertText("rlwinm r3,r4,0,1,0", 0x54830040, 0);
  }

  @Test
  void shouldPrintBranchTargetsAsAbsoluteAddresses() throws AsmException {
    assertText("bl 0x1234", 0x48000235, 0x1000);
    assertText("b 0xffc", 0x4bfffffc, 0x1000);
    assertText("beq cr1,0x1008", 0x41860008, 0x1000);
    assertText("bdnz+ 0xff0", 0x4320fff0, 0x1000);
    assertText("ba 0x100", 0x48000102, 0x1000);
    assertText("ba 0xff0d5628", 0x4b0d562a, 0);
    assertText("beqlr cr0,3", 0x4d821820, 0);
    assertText("blr", 0x4e800020, 0);
  }

  @Test
  void shouldPrintUnknownWordsAsLong() throws AsmException {
    assertText(".long 0x0", 0, 0);
    assertText(".long 0x7c6004ac", 0x7c6004ac, 0); // sync with the reserved L = 3
    assertText(".long 0x40a60040", 0x40a60040, 0); // bne with a reserved BO (GNU as rejects it)
  }

  @Test
  void shouldDecodeTheLegacyMftbWithoutAssemblingIt() throws AsmException {
    assertEquals("mftb    r3", Disassembler.disassemble(0x7c6c42e6, 0));
    assertEquals(0x7c6c42a6, Assembler.assembleOne("mftb r3", 0)); // GNU as -mpower10 emits mfspr 268
    assertEquals("mftb", Instructions.decode(0x7c6c42e6).mnemonic());
  }

  @Test
  void shouldDecodeExtendedMnemonicsToTheirBaseInstruction() {
    assertEquals("addi", Instructions.decode(0x38600005).mnemonic());
    assertEquals("bc", Instructions.decode(0x41860008).mnemonic());
    assertEquals("mfspr", Instructions.decode(0x7c0802a6).mnemonic());
    assertEquals("or.", Instructions.decode(0x7cc53379).mnemonic());
    assertNull(Instructions.decode(0));
  }

  @Test
  void shouldListAnImageLikeObjdump() {
    byte[] image = HexFormat.of().parseHex("f0ff61380000000001");
    List<String> lines = Disassembler.listing(image, 0x1000, ByteOrder.LITTLE_ENDIAN);
    assertEquals(List.of(
        "    1000:\tf0 ff 61 38 \taddi    r3,r1,-16",
        "    1004:\t00 00 00 00 \t.long 0x0",
        "    1008:\t01          \t.byte 0x1"), lines);
  }

  @Test
  void shouldAssembleBackEveryWordItDisassembles() throws AsmException {
    java.util.Random rnd = new java.util.Random(42);
    List<Integer> words = new java.util.ArrayList<>(WordSets.fieldFuzz(rnd, 64));
    words.addAll(WordSets.random(rnd, 100_000));
    int decoded = 0;
    for (int word : words) {
      long address = 0x10000 + 4L * rnd.nextInt(1 << 20);
      String text = Disassembler.disassemble(word, address);
      if (!text.startsWith(".long") && (word & 0xFC0007FE) != ((31 << 26) | (371 << 1))) {
        assertEquals(word, Assembler.assembleOne(text, address), text);
        decoded++;
      }
    }
    assertEquals(true, decoded > 50_000, decoded + " words decoded");
  }
}
