package org.nestsim.cpu.asm;

import java.util.List;
import java.util.Set;
import org.nestsim.cpu.asm.Assembler.Pass;
import org.nestsim.cpu.asm.Expression.Source;
import org.nestsim.cpu.asm.Expression.Undefined;
import org.nestsim.cpu.asm.SourceParser.Span;
import org.nestsim.cpu.asm.SourceParser.Statement;

/**
 * The assembler directives: data ({@code .byte .short .long .quad} and their GNU synonyms), layout
 * ({@code .space .align .p2align .balign .org}), symbols ({@code .set .equ =}), and the ELF ones GNU as
 * needs that are harmless to ignore in a flat image ({@code .text .globl .abiversion .type .size ...}).
 * Layout values must be known when pass 1 reaches them (no forward references), as in GNU as.
 */
final class Directives {
  private Directives() {}

  private static final Set<String> IGNORED = Set.of(".globl", ".global", ".local", ".weak", ".hidden",
      ".abiversion", ".type", ".size", ".machine", ".file", ".ident", ".localentry");

  /** {@code ori 0,0,0}: what GNU as pads code with when an alignment gap is a multiple of 4. */
  private static final int NOP = 0x6000_0000;

  static void apply(Pass p, Statement st, Source src) throws AsmException, Undefined {
    String op = st.op();
    switch (op) {
      case "=" -> assign(p, st, src);
      case ".set", ".equ" -> {
        count(st, src, 2, 2);
        assign(p, st, src);
      }
      case ".byte" -> data(p, st, src, 1);
      case ".short", ".hword", ".2byte" -> data(p, st, src, 2);
      case ".long", ".int", ".4byte" -> data(p, st, src, 4);
      case ".quad", ".8byte" -> data(p, st, src, 8);
      case ".word" -> throw src.error(st.opColumn(),
          ".word is 2 bytes in GNU as for PowerPC; write .short (2 bytes) or .long (4 bytes)");
      case ".space", ".skip" -> space(p, st, src);
      case ".align", ".p2align" -> align(p, st, src, true);
      case ".balign" -> align(p, st, src, false);
      case ".org" -> org(p, st, src);
      case ".text" -> count(st, src, 0, 0);
      case ".section" -> section(st, src);
      case ".data", ".bss", ".rodata" -> throw src.error(st.opColumn(),
          "only the .text section is supported (the output is one flat image)");
      default -> {
        if (!IGNORED.contains(op)) {
          throw src.error(st.opColumn(), "unknown directive '" + op + "'");
        }
      }
    }
  }

  private static void assign(Pass p, Statement st, Source src) throws AsmException, Undefined {
    Span name = st.operands().get(0);
    String n = st.text().substring(name.start(), name.end());
    if (n.isEmpty() || !Expression.isSymbolStart(n.charAt(0)) || !n.chars().allMatch(c ->
        Expression.isSymbolPart((char) c)) || n.equals(".")) {
      throw src.error(name.column(), "'" + n + "' is not a symbol name");
    }
    Long label = (p.first != null ? p.first.labels : p.labels).get(n);
    if (label != null) {
      throw src.error(name.column(), "symbol '" + n + "' is already defined as a label");
    }
    try {
      p.sets.put(n, value(p, st, src, st.operands().get(1)));
    } catch (Undefined u) {
      if (p.writing()) {
        throw u;
      }
      p.sets.remove(n);
    }
  }

  private static void data(Pass p, Statement st, Source src, int size) throws AsmException, Undefined {
    for (Span s : st.operands()) {
      try {
        long v = value(p, st, src, s);
        if (size < 8 && (v < -(1L << (size * 8 - 1)) || v >= (1L << (size * 8)))) {
          throw src.error(s.column(), "value 0x" + Long.toHexString(v) + " does not fit in " + size + " byte"
              + (size == 1 ? "" : "s"));
        }
        p.image.put(p.location, v, size);
      } catch (Undefined u) {
        if (p.writing()) {
          throw u;
        }
      }
      p.location += size;
      p.image.reach(p.location, src, s.column());
    }
  }

  private static void space(Pass p, Statement st, Source src) throws AsmException, Undefined {
    count(st, src, 1, 2);
    long n = layoutValue(p, st, src, st.operands().get(0));
    if (n < 0) {
      throw src.error(st.operands().get(0).column(), "negative size " + n);
    }
    byte fill = fill(p, st, src, 1);
    p.image.reach(p.location + n, src, st.opColumn());
    p.image.fill(p.location, n, fill);
    p.location += n;
  }

  private static void align(Pass p, Statement st, Source src, boolean power) throws AsmException, Undefined {
    count(st, src, 1, 3);
    if (st.operands().size() == 3) {
      throw src.error(st.operands().get(2).column(), "the maximum-skip operand of " + st.op()
          + " is not supported");
    }
    Span first = st.operands().get(0);
    long n = layoutValue(p, st, src, first);
    long alignment;
    if (power) {
      if (n < 0 || n > 20) {
        throw src.error(first.column(), "alignment exponent " + n + " is out of range 0..20");
      }
      alignment = 1L << n;
    } else {
      alignment = n == 0 ? 1 : n;
      if (alignment < 0 || alignment > (1 << 20) || Long.bitCount(alignment) != 1) {
        throw src.error(first.column(), "alignment " + n + " is not a power of 2 up to 1 MiB");
      }
    }
    long gap = Math.floorMod(-p.location, alignment);
    p.image.reach(p.location + gap, src, st.opColumn());
    if (st.operands().size() >= 2) {
      p.image.fill(p.location, gap, fill(p, st, src, 1));
    } else if (gap % 4 == 0) {
      for (long a = p.location; a < p.location + gap; a += 4) {
        p.image.putWord(a, NOP);
      }
    } else {
      p.image.fill(p.location, gap, (byte) 0);
    }
    p.location += gap;
  }

  private static void org(Pass p, Statement st, Source src) throws AsmException, Undefined {
    count(st, src, 1, 2);
    Span s = st.operands().get(0);
    long target = layoutValue(p, st, src, s);
    if (target < p.location) {
      throw src.error(s.column(), ".org 0x" + Long.toHexString(target)
          + " would move the location counter backwards (it is at 0x" + Long.toHexString(p.location) + ")");
    }
    byte fill = fill(p, st, src, 1);
    p.image.reach(target, src, s.column());
    p.image.fill(p.location, target - p.location, fill);
    p.location = target;
  }

  private static void section(Statement st, Source src) throws AsmException {
    count(st, src, 1, Integer.MAX_VALUE);
    Span s = st.operands().get(0);
    String name = st.text().substring(s.start(), s.end());
    if (!name.equals(".text") && !name.startsWith(".text.")) {
      throw src.error(s.column(), "only the .text section is supported (the output is one flat image), not '"
          + name + "'");
    }
  }

  private static byte fill(Pass p, Statement st, Source src, int index) throws AsmException, Undefined {
    if (st.operands().size() <= index) {
      return 0;
    }
    Span s = st.operands().get(index);
    long v = layoutValue(p, st, src, s);
    if (v < -128 || v > 255) {
      throw src.error(s.column(), "fill value " + v + " does not fit in a byte");
    }
    return (byte) v;
  }

  /** A value pass 1 needs for the layout: every symbol in it must already be defined. */
  private static long layoutValue(Pass p, Statement st, Source src, Span s) throws AsmException {
    try {
      return value(p, st, src, s);
    } catch (Undefined u) {
      throw src.error(u.column, "symbol '" + u.name + "' must be defined before this line: " + st.op()
          + " is laid out in the first pass");
    }
  }

  private static long value(Pass p, Statement st, Source src, Span s) throws AsmException, Undefined {
    return Expression.evaluate(src, st.text(), s.start(), s.end(), p, false).value();
  }

  private static void count(Statement st, Source src, int min, int max) throws AsmException {
    List<Span> ops = st.operands();
    if (ops.size() < min) {
      throw src.error(st.opColumn(), st.op() + " needs " + (min == max ? "" : "at least ") + min + " operand"
          + (min == 1 ? "" : "s"));
    }
    if (ops.size() > max) {
      throw src.error(ops.get(max).column(), "too many operands for " + st.op());
    }
  }
}
