package org.nestsim.cpu;

import java.util.List;
import java.util.Set;

/**
 * One generated instruction sequence of the QEMU differential test: its assembly body (labels
 * included), the mnemonics it uses, and the register and scratch state it starts from.
 *
 * <p>The body never writes r31, which holds the address of the sequence's data block, and reaches
 * memory only inside the block's scratch area ({@link DifferentialHarness#SCRATCH_OFFSET}).
 *
 * @param index the sequence's position in its program (its labels are {@code S<index>}, {@code E<index>})
 * @param body assembly lines, in GNU {@code as -mregnames} syntax; label lines end with a colon
 * @param mnemonics the mnemonics of the instructions the generator chose (not the address set-up)
 * @param gpr initial GPR0–GPR30
 * @param cr initial CR
 * @param xer initial XER
 * @param lr initial LR
 * @param ctr initial CTR
 * @param scratch the initial bytes of the scratch area
 */
record PowerSequence(int index, List<String> body, Set<String> mnemonics, long[] gpr, int cr, long xer,
    long lr, long ctr, byte[] scratch) {

  /** The body as one text, one instruction per line, labels flush left. */
  String assembly() {
    StringBuilder b = new StringBuilder();
    for (String line : body) {
      b.append(line.endsWith(":") ? "" : "    ").append(line).append('\n');
    }
    return b.toString();
  }

  /** The initial registers and scratch bytes, for a failure message. */
  String initialState() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < gpr.length; i++) {
      b.append(String.format("r%-2d %016x%s", i, gpr[i], i % 4 == 3 ? "\n" : "  "));
    }
    b.append(String.format("\ncr  %08x  xer %016x  lr %016x  ctr %016x%n", cr, xer, lr, ctr));
    b.append("scratch:\n").append(RegisterDump.hexLines(scratch));
    return b.toString();
  }
}
