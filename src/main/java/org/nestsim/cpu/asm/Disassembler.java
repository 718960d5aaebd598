package org.nestsim.cpu.asm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns instruction words back into GNU objdump's text: {@code addi    r3,r1,-16}, {@code bl      0x1234}
 * (targets as absolute addresses), {@code .long 0x7c0007ff} for a word that is not one of the supported
 * instructions. The first row of {@link Instructions} that matches the word and whose operands are all
 * valid names it, so extended mnemonics win as in objdump. Every text it prints assembles back to the same
 * word with {@link Assembler}, except the legacy {@code mftb} encoding (docs/ISA.md).
 */
public final class Disassembler {
  private Disassembler() {}

  /** The text of {@code word} at {@code address}, mnemonic padded to 7 columns as objdump does. */
  public static String disassemble(int word, long address) {
    for (InstructionSpec s : Instructions.byOpcode(word >>> 26)) {
      if (s.matches(word) && operandsValid(s, word)) {
        return format(s, word, address);
      }
    }
    return ".long 0x" + Integer.toHexString(word);
  }

  /**
   * An objdump-style listing of {@code image} at {@code origin}: {@code     1000:\t38 61 ff f0 \taddi ...}
   * per word, bytes in memory order; a trailing partial word is listed as {@code .byte} values.
   */
  public static List<String> listing(byte[] image, long origin, ByteOrder order) {
    List<String> lines = new ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(image).order(order);
    int i = 0;
    for (; i + 4 <= image.length; i += 4) {
      long address = origin + i;
      lines.add(String.format("%8x:\t%02x %02x %02x %02x \t%s", address, image[i], image[i + 1], image[i + 2],
          image[i + 3], disassemble(b.getInt(i), address)));
    }
    if (i < image.length) {
      StringBuilder bytes = new StringBuilder();
      StringBuilder values = new StringBuilder();
      for (int j = i; j < image.length; j++) {
        bytes.append(String.format("%02x ", image[j]));
        values.append(j > i ? "," : "").append(String.format("0x%x", image[j] & 0xFF));
      }
      lines.add(String.format("%8x:\t%-12s\t.byte %s", origin + i, bytes, values));
    }
    return lines;
  }

  /** Whether every operand of {@code spec} accepts its field in {@code word}, hints included. */
  static boolean operandsValid(InstructionSpec spec, int word) {
    for (Operand o : spec.operands()) {
      if (!o.valid(word)) {
        return false;
      }
    }
    if (spec.hint() != 0) {
      int bo = (word >>> 21) & 31;
      int at = spec.hint() == '+' ? 3 : 2;
      return ((bo & 0x14) == 0x04 && (bo & 3) == at)
          || ((bo & 0x14) == 0x10 && (bo & 9) == (at == 3 ? 9 : 8));
    }
    return true;
  }

  private static String format(InstructionSpec spec, int word, long address) {
    List<Operand> ops = spec.sourceOperands();
    StringBuilder text = new StringBuilder();
    boolean skipOptional = false;
    for (int i = 0; i < ops.size(); i++) {
      Operand o = ops.get(i);
      if (o.optional()) {
        skipOptional = skipOptional || defaultsFrom(ops, i, word, address);
        if (skipOptional) {
          continue;
        }
      }
      String value = o.format(o.extract(word, address));
      if (o.inParens()) {
        text.append('(').append(value).append(')');
      } else {
        text.append(text.length() > 0 ? "," : "").append(value);
      }
    }
    if (text.length() == 0) {
      return spec.mnemonic();
    }
    StringBuilder line = new StringBuilder(spec.mnemonic());
    while (line.length() < 7) {
      line.append(' ');
    }
    return line.append(' ').append(text).toString();
  }

  /** objdump omits an optional operand when it and every later optional operand are 0. */
  private static boolean defaultsFrom(List<Operand> ops, int from, int word, long address) {
    for (int i = from; i < ops.size(); i++) {
      if (ops.get(i).optional() && ops.get(i).extract(word, address) != 0) {
        return false;
      }
    }
    return true;
  }
}
