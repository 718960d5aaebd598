package org.nestsim.cpu.asm;

import static org.nestsim.cpu.asm.Operand.*;
import static org.nestsim.cpu.asm.Rows.OE;
import static org.nestsim.cpu.asm.Rows.RC;
import static org.nestsim.cpu.asm.Rows.mb;
import static org.nestsim.cpu.asm.Rows.me;
import static org.nestsim.cpu.asm.Rows.op;
import static org.nestsim.cpu.asm.Rows.ra;
import static org.nestsim.cpu.asm.Rows.rb;
import static org.nestsim.cpu.asm.Rows.rt;
import static org.nestsim.cpu.asm.Rows.x;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nestsim.cpu.asm.InstructionSpec.Use;

/**
 * The instruction table: every instruction and extended mnemonic the {@link Assembler} accepts and the
 * {@link Disassembler} prints, in one place (spec §10.8.2; docs/ISA.md lists them). The rows of a primary
 * opcode are in disassembly priority order, extended mnemonics first, as in GNU binutils, so that the
 * disassembler prints what {@code objdump} prints. The branch family and the named SPR moves are generated
 * by {@link BranchRows} and {@link SprRows} into this same table.
 */
public final class Instructions {
  private static final List<InstructionSpec> ALL;
  private static final List<List<InstructionSpec>> BY_OPCODE;
  private static final Map<String, List<InstructionSpec>> BY_MNEMONIC;

  static {
    Rows r = new Rows();
    immediates(r);
    BranchRows.add(r);
    rotates(r);
    fixedPointX(r);
    loadsAndStores(r);
    SprRows.add(r);
    system(r);
    ALL = r.build();
    List<List<InstructionSpec>> byOpcode = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      byOpcode.add(new ArrayList<>());
    }
    Map<String, List<InstructionSpec>> byMnemonic = new LinkedHashMap<>();
    for (InstructionSpec s : ALL) {
      if (s.use() != Use.ASSEMBLER) {
        byOpcode.get(s.opcode()).add(s);
      }
      if (s.use() != Use.DISASSEMBLER) {
        byMnemonic.computeIfAbsent(s.mnemonic(), k -> new ArrayList<>()).add(s);
      }
    }
    BY_OPCODE = byOpcode.stream().map(List::copyOf).toList();
    byMnemonic.replaceAll((k, v) -> List.copyOf(v));
    BY_MNEMONIC = Collections.unmodifiableMap(byMnemonic);
  }

  private Instructions() {}

  /** Every row, in table order. */
  public static List<InstructionSpec> all() {
    return ALL;
  }

  /** The rows the assembler may use for {@code mnemonic} (lower case), by operand count; empty if none. */
  public static List<InstructionSpec> byMnemonic(String mnemonic) {
    return BY_MNEMONIC.getOrDefault(mnemonic.toLowerCase(Locale.ROOT), List.of());
  }

  /** The rows of primary opcode {@code opcode} the disassembler tries, in priority order. */
  public static List<InstructionSpec> byOpcode(int opcode) {
    return BY_OPCODE.get(opcode);
  }

  /**
   * The base instruction (never an extended mnemonic) that {@code word} encodes, or null if the word is
   * not one of the supported instructions: the decoder's view of the table.
   */
  public static InstructionSpec decode(int word) {
    for (InstructionSpec s : BY_OPCODE.get(word >>> 26)) {
      if (!s.extended() && s.matches(word) && Disassembler.operandsValid(s, word)) {
        return s;
      }
    }
    return null;
  }

  /** D-form arithmetic, logical and compare immediates; traps with an immediate. */
  private static void immediates(Rows r) {
    BranchRows.traps(r, "td", 2, Form.D, -1, RA, SI);
    r.base("tdi", Form.D, -1, op(2), 0, TO, RA, SI);
    BranchRows.traps(r, "tw", 3, Form.D, -1, RA, SI);
    r.base("twi", Form.D, -1, op(3), 0, TO, RA, SI);
    r.base("mulli", Form.D, -1, op(7), 0, RT, RA, SI);
    r.base("subfic", Form.D, -1, op(8), 0, RT, RA, SI);
    r.ext("cmplwi", "cmpli", Form.D, -1, op(10), 0, BF_OPTIONAL, RA, UI_OR_SI);
    r.ext("cmpldi", "cmpli", Form.D, -1, op(10) | rt(1), 0, BF_OPTIONAL, RA, UI_OR_SI);
    r.base("cmpli", Form.D, -1, op(10), 0, BF, L, RA, UI_OR_SI);
    r.ext("cmpwi", "cmpi", Form.D, -1, op(11), 0, BF_OPTIONAL, RA, SI);
    r.ext("cmpdi", "cmpi", Form.D, -1, op(11) | rt(1), 0, BF_OPTIONAL, RA, SI);
    r.base("cmpi", Form.D, -1, op(11), 0, BF, L, RA, SI);
    r.asmOnly("subic", "addic", Form.D, -1, op(12), 0, RT, RA, NEGATED_SI);
    r.base("addic", Form.D, -1, op(12), 0, RT, RA, SI);
    r.asmOnly("subic.", "addic.", Form.D, -1, op(13), 0, RT, RA, NEGATED_SI);
    r.base("addic.", Form.D, -1, op(13), 0, RT, RA, SI);
    r.ext("li", "addi", Form.D, -1, op(14), 0, RT, SI);
    r.asmOnly("la", "addi", Form.D, -1, op(14), 0, RT, D, RA0_PARENS);
    r.asmOnly("subi", "addi", Form.D, -1, op(14), 0, RT, RA0, NEGATED_SI);
    r.base("addi", Form.D, -1, op(14), 0, RT, RA0, SI);
    r.ext("lis", "addis", Form.D, -1, op(15), 0, RT, SI_OR_UI);
    r.asmOnly("subis", "addis", Form.D, -1, op(15), 0, RT, RA0, NEGATED_SI_OR_UI);
    r.base("addis", Form.D, -1, op(15), 0, RT, RA0, SI_OR_UI);
    r.ext("nop", "ori", Form.D, -1, op(24), 0);
    r.base("ori", Form.D, -1, op(24), 0, RA, RS, UI);
    r.base("oris", Form.D, -1, op(25), 0, RA, RS, UI);
    r.ext("xnop", "xori", Form.D, -1, op(26), 0);
    r.base("xori", Form.D, -1, op(26), 0, RA, RS, UI);
    r.base("xoris", Form.D, -1, op(27), 0, RA, RS, UI);
    r.base("andi.", Form.D, -1, op(28), 0, RA, RS, UI);
    r.base("andis.", Form.D, -1, op(29), 0, RA, RS, UI);
  }

  /** Rotates (M, MD, MDS forms) and their extended mnemonics, in objdump's order of preference. */
  private static void rotates(Rows r) {
    r.base("rlwimi", Form.M, -1, op(20), RC, RA, RS, SH, MB, ME);
    r.ext("rotlwi", "rlwinm", Form.M, -1, op(21) | me(31), RC, RA, RS, SH);
    r.ext("clrlwi", "rlwinm", Form.M, -1, op(21) | me(31), RC, RA, RS, MB);
    r.ext("clrrwi", "rlwinm", Form.M, -1, op(21), RC, RA, RS, ME_CLEAR_RIGHT);
    r.ext("slwi", "rlwinm", Form.M, -1, op(21), RC, RA, RS, SH, ME_IS_31_MINUS_SH);
    r.ext("srwi", "rlwinm", Form.M, -1, op(21) | me(31), RC, RA, RS, MB, SH_IS_32_MINUS_MB);
    r.base("rlwinm", Form.M, -1, op(21), RC, RA, RS, SH, MB, ME);
    r.ext("rotlw", "rlwnm", Form.M, -1, op(23) | me(31), RC, RA, RS, RB);
    r.base("rlwnm", Form.M, -1, op(23), RC, RA, RS, RB, MB, ME);
    int md = op(30);
    r.ext("rotldi", "rldicl", Form.MD, 0, md, RC, RA, RS, SH6);
    r.ext("clrldi", "rldicl", Form.MD, 0, md, RC, RA, RS, MB6);
    r.ext("srdi", "rldicl", Form.MD, 0, md, RC, RA, RS, MB6, SH6_IS_64_MINUS_MB);
    r.base("rldicl", Form.MD, 0, md, RC, RA, RS, SH6, MB6);
    r.ext("clrrdi", "rldicr", Form.MD, 1, md | (1 << 2), RC, RA, RS, ME6_CLEAR_RIGHT);
    r.ext("sldi", "rldicr", Form.MD, 1, md | (1 << 2), RC, RA, RS, SH6, ME6_IS_63_MINUS_SH);
    r.asmOnly("extldi", "rldicr", Form.MD, 1, md | (1 << 2), RC, RA, RS, ME6_LENGTH, SH6);
    r.base("rldicr", Form.MD, 1, md | (1 << 2), RC, RA, RS, SH6, ME6);
    r.base("rldic", Form.MD, 2, md | (2 << 2), RC, RA, RS, SH6, MB6);
    r.base("rldimi", Form.MD, 3, md | (3 << 2), RC, RA, RS, SH6, MB6);
    r.ext("rotld", "rldcl", Form.MDS, 8, md | (8 << 1), RC, RA, RS, RB);
    r.base("rldcl", Form.MDS, 8, md | (8 << 1), RC, RA, RS, RB, MB6);
    r.base("rldcr", Form.MDS, 9, md | (9 << 1), RC, RA, RS, RB, ME6);
  }

  /** Opcode 31 arithmetic, logical, compare, shift, count and trap instructions. */
  private static void fixedPointX(Rows r) {
    r.ext("cmpw", "cmp", Form.X, 0, x(31, 0), 0, BF_OPTIONAL, RA, RB);
    r.ext("cmpd", "cmp", Form.X, 0, x(31, 0) | rt(1), 0, BF_OPTIONAL, RA, RB);
    r.base("cmp", Form.X, 0, x(31, 0), 0, BF, L, RA, RB);
    r.ext("cmplw", "cmpl", Form.X, 32, x(31, 32), 0, BF_OPTIONAL, RA, RB);
    r.ext("cmpld", "cmpl", Form.X, 32, x(31, 32) | rt(1), 0, BF_OPTIONAL, RA, RB);
    r.base("cmpl", Form.X, 32, x(31, 32), 0, BF, L, RA, RB);
    r.ext("trap", "tw", Form.X, 4, x(31, 4) | rt(31), 0);
    BranchRows.traps(r, "tw", 31, Form.X, 4, RA, RB);
    r.base("tw", Form.X, 4, x(31, 4), 0, TO, RA, RB);
    BranchRows.traps(r, "td", 31, Form.X, 68, RA, RB);
    r.base("td", Form.X, 68, x(31, 68), 0, TO, RA, RB);
    for (Object[] a : new Object[][] {
        {"addc", 10}, {"adde", 138}, {"add", 266}, {"subfc", 8}, {"subfe", 136}, {"subf", 40},
        {"mullw", 235}, {"mulld", 233}, {"divw", 491}, {"divwu", 459}, {"divd", 489}, {"divdu", 457}}) {
      r.base((String) a[0], Form.XO, (int) a[1], x(31, (int) a[1]), RC | OE, RT, RA, RB);
    }
    r.asmOnly("sub", "subf", Form.XO, 40, x(31, 40), RC | OE, RT, RB, RA);
    r.asmOnly("subc", "subfc", Form.XO, 8, x(31, 8), RC | OE, RT, RB, RA);
    for (Object[] a : new Object[][] {
        {"addme", 234}, {"addze", 202}, {"subfme", 232}, {"subfze", 200}, {"neg", 104}}) {
      r.base((String) a[0], Form.XO, (int) a[1], x(31, (int) a[1]), RC | OE, RT, RA);
    }
    for (Object[] a : new Object[][] {{"mulhw", 75}, {"mulhwu", 11}, {"mulhd", 73}, {"mulhdu", 9}}) {
      r.base((String) a[0], Form.XO, (int) a[1], x(31, (int) a[1]), RC, RT, RA, RB);
    }
    for (Object[] a : new Object[][] {{"modsw", 779}, {"moduw", 267}, {"modsd", 777}, {"modud", 265}}) {
      r.base((String) a[0], Form.X, (int) a[1], x(31, (int) a[1]), 0, RT, RA, RB);
    }
    r.base("and", Form.X, 28, x(31, 28), RC, RA, RS, RB);
    r.base("andc", Form.X, 60, x(31, 60), RC, RA, RS, RB);
    r.ext("miso", "or", Form.X, 444, x(31, 444) | rt(26) | ra(26) | rb(26), 0);
    r.ext("yield", "or", Form.X, 444, x(31, 444) | rt(27) | ra(27) | rb(27), 0);
    r.ext("mdoio", "or", Form.X, 444, x(31, 444) | rt(29) | ra(29) | rb(29), 0);
    r.ext("mdoom", "or", Form.X, 444, x(31, 444) | rt(30) | ra(30) | rb(30), 0);
    r.ext("mr", "or", Form.X, 444, x(31, 444), RC, RA, RS, RB_IS_RS);
    r.base("or", Form.X, 444, x(31, 444), RC, RA, RS, RB);
    r.base("orc", Form.X, 412, x(31, 412), RC, RA, RS, RB);
    r.base("xor", Form.X, 316, x(31, 316), RC, RA, RS, RB);
    r.ext("not", "nor", Form.X, 124, x(31, 124), RC, RA, RS, RB_IS_RS);
    r.base("nor", Form.X, 124, x(31, 124), RC, RA, RS, RB);
    r.base("nand", Form.X, 476, x(31, 476), RC, RA, RS, RB);
    r.base("eqv", Form.X, 284, x(31, 284), RC, RA, RS, RB);
    for (Object[] a : new Object[][] {
        {"extsb", 954}, {"extsh", 922}, {"extsw", 986}, {"cntlzw", 26}, {"cntlzd", 58}, {"cnttzw", 538},
        {"cnttzd", 570}}) {
      r.base((String) a[0], Form.X, (int) a[1], x(31, (int) a[1]), RC, RA, RS);
    }
    for (Object[] a : new Object[][] {{"popcntb", 122}, {"popcntw", 378}, {"popcntd", 506}}) {
      r.base((String) a[0], Form.X, (int) a[1], x(31, (int) a[1]), 0, RA, RS);
    }
    for (Object[] a : new Object[][] {
        {"slw", 24}, {"srw", 536}, {"sraw", 792}, {"sld", 27}, {"srd", 539}, {"srad", 794}}) {
      r.base((String) a[0], Form.X, (int) a[1], x(31, (int) a[1]), RC, RA, RS, RB);
    }
    r.base("srawi", Form.X, 824, x(31, 824), RC, RA, RS, SH);
    r.base("sradi", Form.XS, 413, op(31) | (413 << 2), RC, RA, RS, SH6);
    r.ext("isellt", "isel", Form.A, 15, x(31, 15), 0, RT, RA0, RB);
    r.ext("iselgt", "isel", Form.A, 15, x(31, 15) | (1 << 6), 0, RT, RA0, RB);
    r.ext("iseleq", "isel", Form.A, 15, x(31, 15) | (2 << 6), 0, RT, RA0, RB);
    r.base("isel", Form.A, 15, x(31, 15), 0, RT, RA0, RB, BC);
  }

  /** Integer and floating-point loads and stores (D, DS and X forms). */
  private static void loadsAndStores(Rows r) {
    for (Object[] a : new Object[][] {
        {"lwz", 32}, {"lbz", 34}, {"lhz", 40}, {"lha", 42}}) {
      int opcode = (int) a[1];
      r.base((String) a[0], Form.D, -1, op(opcode), 0, RT, D, RA0_PARENS);
      r.base(a[0] + "u", Form.D, -1, op(opcode + 1), 0, RT, D, RA_LOAD_UPDATE_PARENS);
    }
    for (Object[] a : new Object[][] {{"stw", 36}, {"stb", 38}, {"sth", 44}}) {
      int opcode = (int) a[1];
      r.base((String) a[0], Form.D, -1, op(opcode), 0, RS, D, RA0_PARENS);
      r.base(a[0] + "u", Form.D, -1, op(opcode + 1), 0, RS, D, RA_STORE_UPDATE_PARENS);
    }
    r.base("lfd", Form.D, -1, op(50), 0, FRT, D, RA0_PARENS);
    r.base("lfdu", Form.D, -1, op(51), 0, FRT, D, RA_STORE_UPDATE_PARENS);
    r.base("stfd", Form.D, -1, op(54), 0, FRS, D, RA0_PARENS);
    r.base("stfdu", Form.D, -1, op(55), 0, FRS, D, RA_STORE_UPDATE_PARENS);
    r.base("ld", Form.DS, 0, op(58), 0, RT, DS, RA0_PARENS);
    r.base("ldu", Form.DS, 1, op(58) | 1, 0, RT, DS, RA_LOAD_UPDATE_PARENS);
    r.base("lwa", Form.DS, 2, op(58) | 2, 0, RT, DS, RA0_PARENS);
    r.base("std", Form.DS, 0, op(62), 0, RS, DS, RA0_PARENS);
    r.base("stdu", Form.DS, 1, op(62) | 1, 0, RS, DS, RA_STORE_UPDATE_PARENS);
    for (Object[] a : new Object[][] {
        {"lbzx", 87}, {"lhzx", 279}, {"lhax", 343}, {"lwzx", 23}, {"lwax", 341}, {"ldx", 21},
        {"lhbrx", 790}, {"lwbrx", 534}, {"ldbrx", 532}}) {
      r.base((String) a[0], Form.X, (int) a[1], x(31, (int) a[1]), 0, RT, RA0, RB);
    }
    for (Object[] a : new Object[][] {
        {"lbzux", 119}, {"lhzux", 311}, {"lhaux", 375}, {"lwzux", 55}, {"lwaux", 373}, {"ldux", 53}}) {
      r.base((String) a[0], Form.X, (int) a[1], x(31, (int) a[1]), 0, RT, RA_LOAD_UPDATE, RB);
    }
    for (Object[] a : new Object[][] {
        {"stbx", 215}, {"sthx", 407}, {"stwx", 151}, {"stdx", 149}, {"sthbrx", 918}, {"stwbrx", 662},
        {"stdbrx", 660}}) {
      r.base((String) a[0], Form.X, (int) a[1], x(31, (int) a[1]), 0, RS, RA0, RB);
    }
    for (Object[] a : new Object[][] {{"stbux", 247}, {"sthux", 439}, {"stwux", 183}, {"stdux", 181}}) {
      r.base((String) a[0], Form.X, (int) a[1], x(31, (int) a[1]), 0, RS, RA_STORE_UPDATE, RB);
    }
    r.base("lfdx", Form.X, 599, x(31, 599), 0, FRT, RA0, RB);
    r.base("stfdx", Form.X, 727, x(31, 727), 0, FRS, RA0, RB);
  }

  /** CR moves, MSR, barriers, sc, rfid and doorbells. */
  private static void system(Rows r) {
    r.base("sc", Form.SC, -1, op(17) | 2, 0, LEV);
    r.base("mcrf", Form.XL, 0, x(19, 0), 0, BF, BFA);
    r.ext("crset", "creqv", Form.XL, 289, x(19, 289), 0, BT, BA_IS_BT, BB_IS_BT);
    r.ext("crclr", "crxor", Form.XL, 193, x(19, 193), 0, BT, BA_IS_BT, BB_IS_BT);
    r.ext("crnot", "crnor", Form.XL, 33, x(19, 33), 0, BT, BA, BB_IS_BA);
    r.ext("crmove", "cror", Form.XL, 449, x(19, 449), 0, BT, BA, BB_IS_BA);
    for (Object[] a : new Object[][] {
        {"crand", 257}, {"crandc", 129}, {"creqv", 289}, {"crnand", 225}, {"crnor", 33}, {"cror", 449},
        {"crorc", 417}, {"crxor", 193}}) {
      r.base((String) a[0], Form.XL, (int) a[1], x(19, (int) a[1]), 0, BT, BA, BB);
    }
    r.base("rfid", Form.XL, 18, x(19, 18), 0);
    r.base("isync", Form.XL, 150, x(19, 150), 0);
    r.base("mfcr", Form.XFX, 19, x(31, 19), 0, RT);
    r.base("mfocrf", Form.XFX, 19, x(31, 19) | (1 << 20), 0, RT, FXM_ONE_FIELD);
    r.ext("mtcr", "mtcrf", Form.XFX, 144, x(31, 144) | (0xFF << 12), 0, RS);
    r.base("mtcrf", Form.XFX, 144, x(31, 144), 0, FXM, RS);
    r.base("mtocrf", Form.XFX, 144, x(31, 144) | (1 << 20), 0, FXM_ONE_FIELD, RS);
    r.base("mfmsr", Form.X, 83, x(31, 83), 0, RT);
    r.base("mtmsrd", Form.X, 178, x(31, 178), 0, RS, L_MTMSRD);
    r.ext("hwsync", "sync", Form.X, 598, x(31, 598), 0);
    r.ext("lwsync", "sync", Form.X, 598, x(31, 598) | rt(1), 0);
    r.ext("ptesync", "sync", Form.X, 598, x(31, 598) | rt(2), 0);
    r.add("sync", Form.X, 598, x(31, 598), null, Use.ASSEMBLER, (char) 0, L_SYNC);
    r.base("eieio", Form.X, 854, x(31, 854), 0);
    r.base("msgsndp", Form.X, 142, x(31, 142), 0, RB);
    r.base("msgclrp", Form.X, 174, x(31, 174), 0, RB);
  }
}
