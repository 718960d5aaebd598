package org.nestsim.cpu.asm;

import java.util.ArrayList;
import java.util.List;
import org.nestsim.cpu.asm.InstructionSpec.Use;

/**
 * Builds the rows of {@link Instructions}, in disassembly priority order: for each word the disassembler
 * prints the first row that matches, so an extended mnemonic is added before the instruction it is a
 * form of. The mask of a row is every bit its operands do not write.
 */
final class Rows {
  /** Record form: the row and its {@code .} twin (Rc = 1). */
  static final int RC = 1;
  /** Overflow form: the {@code o} twins (OE = 1), with {@link #RC} also {@code o.}. */
  static final int OE = 2;

  private final List<InstructionSpec> rows = new ArrayList<>();

  List<InstructionSpec> build() {
    return List.copyOf(rows);
  }

  /** Adds one row exactly as given. */
  void add(String mnemonic, Form form, int xo, int match, String base, Use use, char hint, Operand... ops) {
    int operandBits = 0;
    for (Operand o : ops) {
      operandBits |= o.fieldMask();
    }
    rows.add(new InstructionSpec(mnemonic, form, match >>> 26, xo, match, ~operandBits, List.of(ops), base,
        use, hint));
  }

  /** A base instruction, with its {@code .} and {@code o} twins as {@code variants} asks. */
  void base(String mnemonic, Form form, int xo, int match, int variants, Operand... ops) {
    twins(mnemonic, form, xo, match, null, Use.BOTH, variants, ops);
  }

  /** An extended mnemonic of {@code base} that both the assembler and the disassembler use. */
  void ext(String mnemonic, String base, Form form, int xo, int match, int variants, Operand... ops) {
    twins(mnemonic, form, xo, match, base, Use.BOTH, variants, ops);
  }

  /** An extended mnemonic that only the assembler accepts: objdump prints another name for it. */
  void asmOnly(String mnemonic, String base, Form form, int xo, int match, int variants, Operand... ops) {
    twins(mnemonic, form, xo, match, base, Use.ASSEMBLER, variants, ops);
  }

  private void twins(String mnemonic, Form form, int xo, int match, String base, Use use, int variants,
      Operand... ops) {
    add(mnemonic, form, xo, match, base, use, (char) 0, ops);
    if ((variants & RC) != 0) {
      add(mnemonic + ".", form, xo, match | 1, base == null ? null : base + ".", use, (char) 0, ops);
    }
    if ((variants & OE) != 0) {
      add(mnemonic + "o", form, xo, match | 0x400, base == null ? null : base + "o", use, (char) 0, ops);
      if ((variants & RC) != 0) {
        add(mnemonic + "o.", form, xo, match | 0x401, base == null ? null : base + "o.", use, (char) 0, ops);
      }
    }
  }

  // ---- field values, named as in spec §10.8.1

  static int op(int opcode) {
    return opcode << 26;
  }

  /** Primary opcode 31 or 19 with a 10-bit XO in bits 21:30 (also the XO form's 9 bits, OE = 0). */
  static int x(int opcode, int xo) {
    return op(opcode) | (xo << 1);
  }

  static int rt(int v) {
    return v << 21;
  }

  static int ra(int v) {
    return v << 16;
  }

  static int rb(int v) {
    return v << 11;
  }

  static int mb(int v) {
    return v << 6;
  }

  static int me(int v) {
    return v << 1;
  }
}
