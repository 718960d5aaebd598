package org.nestsim.cpu.asm;

import static org.nestsim.cpu.asm.Operand.*;
import static org.nestsim.cpu.asm.Rows.op;
import static org.nestsim.cpu.asm.Rows.rt;
import static org.nestsim.cpu.asm.Rows.x;

import org.nestsim.cpu.asm.InstructionSpec.Use;

/**
 * The generated rows of {@link Instructions}: the branch family with its extended mnemonics (condition,
 * decrement, {@code lr}/{@code ctr} targets, link, absolute, {@code +}/{@code -} hints) and the trap
 * conditions. Hints use the POWER4 "at" encoding that GNU as emits with {@code -mpower4} and later:
 * {@code -} sets at = 10, {@code +} at = 11.
 */
final class BranchRows {
  private BranchRows() {}

  /** Condition name, CR bit within the field, branch if true; synonyms objdump never prints. */
  private record Cond(String name, int bit, boolean ifTrue, boolean synonym) {}

  private static final Cond[] CONDS = {
    new Cond("lt", 0, true, false), new Cond("le", 1, false, false), new Cond("eq", 2, true, false),
    new Cond("ge", 0, false, false), new Cond("gt", 1, true, false), new Cond("nl", 0, false, true),
    new Cond("ne", 2, false, false), new Cond("ng", 1, false, true), new Cond("so", 3, true, false),
    new Cond("ns", 3, false, false), new Cond("un", 3, true, true), new Cond("nu", 3, false, true)
  };

  /** Trap conditions: name, TO; the last four are synonyms. */
  private static final Object[][] TRAP_CONDS = {
    {"lt", 16}, {"le", 20}, {"eq", 4}, {"ge", 12}, {"gt", 8}, {"ne", 24}, {"llt", 2}, {"lle", 6},
    {"lge", 5}, {"lgt", 1}, {"u", 31}, {"nl", 12}, {"ng", 20}, {"lnl", 5}, {"lng", 6}
  };

  private static final String[] HINTS = {"", "-", "+"};

  /** {@code tw<cond>}, {@code tw<cond>i} and the doubleword forms. */
  static void traps(Rows r, String prefix, int opcode, Form form, int xo, Operand... ops) {
    int base = form == Form.D ? op(opcode) : x(31, xo);
    String baseName = form == Form.D ? prefix + "i" : prefix;
    for (int i = 0; i < TRAP_CONDS.length; i++) {
      String name = prefix + TRAP_CONDS[i][0] + (form == Form.D ? "i" : "");
      int match = base | rt((int) TRAP_CONDS[i][1]);
      if (i < 11) {
        r.ext(name, baseName, form, xo, match, 0, ops);
      } else {
        r.asmOnly(name, baseName, form, xo, match, 0, ops);
      }
    }
  }

  static void add(Rows r) {
    bc(r);
    branchToRegister(r, "lr", 16);
    branchToRegister(r, "ctr", 528);
    r.base("b", Form.I, -1, op(18), 0, LI);
    r.base("ba", Form.I, -1, op(18) | 2, 0, LI_ABSOLUTE);
    r.base("bl", Form.I, -1, op(18) | 1, 0, LI);
    r.base("bla", Form.I, -1, op(18) | 3, 0, LI_ABSOLUTE);
  }

  /** Opcode 16: extended mnemonics, then the raw {@code bc} with and without a hint. */
  private static void bc(Rows r) {
    String[] suffixes = {"", "l", "a", "la"};
    for (int aaLk = 0; aaLk < 4; aaLk++) {
      Operand target = (aaLk & 2) != 0 ? BD_ABSOLUTE : BD;
      int match = op(16) | aaLk;
      decrements(r, suffixes[aaLk], Form.B, -1, match, target);
      conditions(r, suffixes[aaLk], Form.B, -1, match, target);
    }
    for (int aaLk = 0; aaLk < 4; aaLk++) {
      Operand target = (aaLk & 2) != 0 ? BD_ABSOLUTE : BD;
      String name = "bc" + suffixes[aaLk];
      for (String hint : new String[] {"-", "+"}) {
        r.add(name + hint, Form.B, -1, op(16) | aaLk, name, Use.BOTH, hint.charAt(0), BO, BI, target);
      }
      r.base(name, Form.B, -1, op(16) | aaLk, 0, BO, BI, target);
    }
  }

  /** {@code b<cond>lr[l]}, {@code bdnzlr}, {@code blr}, {@code bclr} and the same for {@code ctr}. */
  private static void branchToRegister(Rows r, String register, int xo) {
    for (int lk = 0; lk < 2; lk++) {
      String suffix = register + (lk == 1 ? "l" : "");
      int match = x(19, xo) | lk;
      r.ext("b" + suffix, "bc" + suffix, Form.XL, xo, match | rt(20), 0, BH);
      if (xo == 16) {
        decrements(r, suffix, Form.XL, xo, match, null);
      }
      conditions(r, suffix, Form.XL, xo, match, null);
      String raw = "bc" + suffix;
      Operand bo = xo == 16 ? BO : BO_NO_CTR;
      for (String hint : new String[] {"-", "+"}) {
        r.add(raw + hint, Form.XL, xo, match, raw, Use.BOTH, hint.charAt(0), bo, BI, BH);
      }
      r.base(raw, Form.XL, xo, match, 0, bo, BI, BH);
    }
  }

  /** {@code bdnz}, {@code bdz} (with hints) and {@code bdnzt}, {@code bdnzf}, {@code bdzt}, {@code bdzf}. */
  private static void decrements(Rows r, String suffix, Form form, int xo, int match,
      Operand target) {
    String base = "bc" + suffix;
    int[] hintBits = {0, 8, 9};
    for (Object[] d : new Object[][] {{"dnz", 16}, {"dz", 18}}) {
      for (int h = 0; h < 3; h++) {
        int bo = (int) d[1] | hintBits[h];
        String name = "b" + d[0] + suffix + HINTS[h];
        if (target != null) {
          r.ext(name, base, form, xo, match | rt(bo), 0, target);
        } else {
          r.ext(name, base, form, xo, match | rt(bo), 0, BH);
        }
      }
    }
    for (Object[] d : new Object[][] {{"dnzt", 8}, {"dnzf", 0}, {"dzt", 10}, {"dzf", 2}}) {
      String name = "b" + d[0] + suffix;
      if (target != null) {
        r.ext(name, base, form, xo, match | rt((int) d[1]), 0, BI, target);
      } else {
        r.ext(name, base, form, xo, match | rt((int) d[1]), 0, BI, BH);
      }
    }
  }

  /** {@code b<cond>[suffix][hint] [crN,]...} and the assembler-only {@code bt}/{@code bf} forms. */
  private static void conditions(Rows r, String suffix, Form form, int xo, int match,
      Operand target) {
    String base = "bc" + suffix;
    for (Cond c : CONDS) {
      for (int h = 0; h < 3; h++) {
        int bo = (c.ifTrue() ? 12 : 4) | (h == 0 ? 0 : h == 1 ? 2 : 3);
        String name = "b" + c.name() + suffix + HINTS[h];
        int m = match | rt(bo) | (c.bit() << 16);
        Operand[] ops = target != null ? new Operand[] {CR, target} : new Operand[] {CR, BH};
        if (c.synonym()) {
          r.asmOnly(name, base, form, xo, m, 0, ops);
        } else {
          r.ext(name, base, form, xo, m, 0, ops);
        }
      }
    }
    for (String tf : new String[] {"t", "f"}) {
      for (int h = 0; h < 3; h++) {
        int bo = (tf.equals("t") ? 12 : 4) | (h == 0 ? 0 : h == 1 ? 2 : 3);
        Operand[] ops = target != null ? new Operand[] {BI, target} : new Operand[] {BI, BH};
        r.asmOnly("b" + tf + suffix + HINTS[h], base, form, xo, match | rt(bo), 0, ops);
      }
    }
  }
}
