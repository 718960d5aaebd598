package org.nestsim.cpu.asm;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One row of the instruction table ({@link Instructions}): a mnemonic and the words it stands for.
 *
 * <p>A word is this instruction when {@code (word & mask) == match}; the mask covers every bit that no
 * operand writes, so reserved fields must be zero, as GNU {@code objdump} requires. An <em>extended
 * mnemonic</em> ({@code li}, {@code beq}, {@code slwi}) is a row of its own: its {@code base} names the
 * instruction it is a form of, its fixed fields are part of {@code match}, and derived operands express
 * the relations between fields that a mask cannot.
 *
 * @param mnemonic as written in source, with its {@code .}, {@code o}, {@code +} or {@code -} suffix
 * @param form the instruction format
 * @param opcode the primary opcode (bits 0:5)
 * @param xo the extended opcode in the form's XO field, or -1 when the form has none
 * @param match the fixed bits
 * @param mask which bits are fixed
 * @param operands in source order, derived ones last
 * @param base the mnemonic of the instruction this extended mnemonic stands for, or null for a base
 *     instruction
 * @param use who may use the row
 * @param hint the branch prediction suffix, {@code '+'}, {@code '-'} or 0
 */
public record InstructionSpec(
    String mnemonic,
    Form form,
    int opcode,
    int xo,
    int match,
    int mask,
    List<Operand> operands,
    String base,
    Use use,
    char hint) {

  /** Who may use a row of the table. */
  public enum Use {
    /** The assembler and the disassembler. */
    BOTH,
    /** The assembler only: a synonym that objdump never prints ({@code bnl} for {@code bge}). */
    ASSEMBLER,
    /**
     * The disassembler only: an encoding GNU as no longer produces ({@code mftb} with XO 371; GNU as
     * {@code -mpower10} encodes {@code mftb} as {@code mfspr 268}).
     */
    DISASSEMBLER
  }

  public InstructionSpec {
    operands = List.copyOf(operands);
  }

  /** Whether {@code word} has this row's fixed bits. */
  public boolean matches(int word) {
    return (word & mask) == match;
  }

  /** Whether this row is an extended mnemonic of another instruction. */
  public boolean extended() {
    return base != null;
  }

  /** The operands written in source (not the derived ones). */
  public List<Operand> sourceOperands() {
    return operands.stream().filter(o -> !o.derived()).toList();
  }

  /** How many source operands are required (not optional). */
  public int requiredOperands() {
    return (int) operands.stream().filter(o -> !o.derived() && !o.optional()).count();
  }

  /** The operand syntax, e.g. {@code rT,D(rA)}, {@code [BF,]rA,SI} or {@code rS[,L]}. */
  public String syntax() {
    List<Operand> ops = sourceOperands();
    StringBuilder b = new StringBuilder();
    boolean comma = false;
    for (int i = 0; i < ops.size(); i++) {
      Operand o = ops.get(i);
      boolean requiredLater = ops.subList(i + 1, ops.size()).stream()
          .anyMatch(l -> !l.optional() && !l.inParens());
      if (o.inParens()) {
        b.append('(').append(o.syntax()).append(')');
      } else if (o.optional() && requiredLater) {
        b.append(comma ? "," : "").append('[').append(o.syntax()).append(",]");
        comma = false;
      } else if (o.optional()) {
        b.append('[').append(comma ? "," : "").append(o.syntax()).append(']');
        comma = true;
      } else {
        b.append(comma ? "," : "").append(o.syntax());
        comma = true;
      }
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return mnemonic + " " + syntax() + (base != null ? " (" + base + ")" : "")
        + operands.stream().filter(Operand::derived).map(Operand::name)
            .collect(Collectors.joining(",", operands.stream().anyMatch(Operand::derived) ? " [" : "",
                operands.stream().anyMatch(Operand::derived) ? "]" : ""));
  }
}
