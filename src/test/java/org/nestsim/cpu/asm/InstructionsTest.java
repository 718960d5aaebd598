package org.nestsim.cpu.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nestsim.cpu.asm.InstructionSpec.Use;

/** The instruction table is consistent, unambiguous, and covers the subset the interpreter executes. */
class InstructionsTest {
  /** The base instructions of the subset (issue 3), with their record and overflow forms. */
  static final String SUBSET = "add addc adde addme addze subf subfc subfe subfme subfze neg mullw mulld mulhw "
      + "mulhwu mulhd mulhdu divw divwu divd divdu addi addis addic addic. subfic mulli and andc or orc xor nor "
      + "nand eqv andi. andis. ori oris xori xoris extsb extsh extsw cntlzw cntlzd cnttzw cnttzd popcntb "
      + "popcntw popcntd modsw moduw modsd modud isel cmp cmpl cmpi cmpli rlwinm rlwnm rlwimi rldicl rldicr "
      + "rldic rldimi rldcl rldcr slw srw sraw srawi sld srd srad sradi "
      + "lbz lbzu lbzx lbzux lhz lhzu lhzx lhzux lha lhau lhax lhaux lwz lwzu lwzx lwzux lwa lwax lwaux ld ldu "
      + "ldx ldux stb stbu stbx stbux sth sthu sthx sthux stw stwu stwx stwux std stdu stdx stdux lhbrx lwbrx "
      + "ldbrx sthbrx stwbrx stdbrx b ba bl bla bc bca bcl bcla bclr bclrl bcctr bcctrl crand crandc creqv "
      + "crnand crnor cror crorc crxor mcrf mfcr mtcrf mtocrf mfocrf mfspr mtspr mftb mfmsr mtmsrd rfid sc tw "
      + "td twi tdi isync sync eieio msgsndp msgclrp lfd lfdu lfdx stfd stfdu stfdx";

  /** The extended mnemonics the issue asks for, and the named SPR moves. */
  static final String EXTENDED = "li lis la mr nop blr bctr bctrl blrl beq bne blt bgt ble bge bso bns beq+ "
      + "bne- bdnz bdz cmpwi cmpdi cmplwi cmpldi cmpw cmpd cmplw cmpld slwi srwi sldi srdi clrldi clrrdi "
      + "clrlwi rotlwi rotldi extldi mtlr mflr mtctr mfctr subi subis sub subc not mtcr crset crclr crnot "
      + "crmove trap lwsync mfxer mtxer mfsrr0 mfsrr1 mtsrr0 mtsrr1 mfsprg0 mfsprg1 mfsprg2 mfsprg3 mtsprg0 "
      + "mtsprg1 mtsprg2 mtsprg3 mfsprg mtsprg mfdar mfdsisr mfdec mtdec";

  @Test
  void shouldKeepEveryRowsFixedBitsInsideItsMask() {
    for (InstructionSpec s : Instructions.all()) {
      assertEquals(0, s.match() & ~s.mask(), s.toString());
      assertEquals(0xFC000000, s.mask() & 0xFC000000, s.toString());
      assertEquals(s.opcode(), s.match() >>> 26, s.toString());
      assertTrue(s.matches(s.match()), s.toString());
    }
  }

  @Test
  void shouldNotLetTwoBaseInstructionsMatchTheSameWord() {
    List<String> overlaps = new ArrayList<>();
    for (int opcode = 0; opcode < 64; opcode++) {
      List<InstructionSpec> bases = Instructions.byOpcode(opcode).stream().filter(s -> !s.extended()).toList();
      for (int i = 0; i < bases.size(); i++) {
        for (int j = i + 1; j < bases.size(); j++) {
          InstructionSpec a = bases.get(i);
          InstructionSpec b = bases.get(j);
          if (((a.match() ^ b.match()) & a.mask() & b.mask()) == 0) {
            overlaps.add(a + " / " + b);
          }
        }
      }
    }
    assertTrue(overlaps.isEmpty(), String.join("\n", overlaps));
  }

  @Test
  void shouldGiveEachMnemonicOneRowPerOperandCount() {
    Set<String> seen = new HashSet<>();
    for (InstructionSpec s : Instructions.all()) {
      if (s.use() == Use.DISASSEMBLER) {
        continue;
      }
      int slots = (int) s.sourceOperands().stream().filter(o -> !o.inParens()).count();
      int required = s.requiredOperands() - (int) s.sourceOperands().stream().filter(Operand::inParens).count();
      for (int n = required; n <= slots; n++) {
        assertTrue(seen.add(s.mnemonic() + "/" + n), "two rows for '" + s.mnemonic() + "' with " + n + " operands");
      }
    }
  }

  @Test
  void shouldNameAnExistingBaseForEveryExtendedMnemonic() {
    Set<String> mnemonics = new HashSet<>();
    Instructions.all().forEach(s -> mnemonics.add(s.mnemonic()));
    for (InstructionSpec s : Instructions.all()) {
      if (s.extended()) {
        assertTrue(mnemonics.contains(s.base()), s + ": no row for " + s.base());
      }
    }
  }

  @Test
  void shouldAcceptTheWholeSubsetAndItsExtendedMnemonics() {
    for (String m : (SUBSET + " " + EXTENDED).split(" ")) {
      assertFalse(Instructions.byMnemonic(m).isEmpty(), m);
    }
    for (String m : "add subf neg mullw mulld divw divwu divd divdu addc adde addme addze subfc subfe".split(" ")) {
      for (String suffix : new String[] {".", "o", "o."}) {
        assertFalse(Instructions.byMnemonic(m + suffix).isEmpty(), m + suffix);
      }
    }
    for (String m : "and or xor rlwinm rldicl sradi extsw cntlzd cnttzw slw mr not slwi sldi".split(" ")) {
      assertFalse(Instructions.byMnemonic(m + ".").isEmpty(), m + ".");
    }
  }

  @Test
  void shouldDescribeOperandSyntax() {
    assertEquals("rT,D(rA)", Instructions.byMnemonic("lwz").get(0).syntax());
    assertEquals("[crN,]target", Instructions.byMnemonic("beq").get(0).syntax());
    assertEquals("rS[,L]", Instructions.byMnemonic("mtmsrd").get(0).syntax());
    assertEquals("[BF,]rA,SI", Instructions.byMnemonic("cmpwi").get(0).syntax());
    assertEquals("[crN][,BH]", Instructions.byMnemonic("beqlr").get(0).syntax());
    assertEquals(Form.XO, Instructions.byMnemonic("addo.").get(0).form());
    assertEquals(266, Instructions.byMnemonic("addo.").get(0).xo());
  }
}
