package org.nestsim.cpu.asm;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.nestsim.cpu.asm.Expression.Source;
import org.nestsim.cpu.asm.Expression.Symbols;
import org.nestsim.cpu.asm.Expression.Undefined;
import org.nestsim.cpu.asm.SourceParser.Span;
import org.nestsim.cpu.asm.SourceParser.Statement;

/**
 * Encodes one instruction statement: picks the table row by mnemonic and operand count, parses each
 * operand by its kind (registers as {@code 3}, {@code r3}, {@code %r3}, {@code sp}; CR fields as {@code
 * cr1}; CR bits as {@code 4*cr1+eq}; immediates and targets as expressions) and inserts it.
 */
final class InstructionEncoder {
  private InstructionEncoder() {}

  private static final Pattern REGISTER = Pattern.compile("%?(r|f|cr)([0-9]+)", Pattern.CASE_INSENSITIVE);

  static int encode(Statement st, Source src, long address, Symbols symbols) throws AsmException, Undefined {
    List<InstructionSpec> rows = Instructions.byMnemonic(st.op());
    if (rows.isEmpty()) {
      throw src.error(st.opColumn(), "unknown instruction '" + st.op() + "'");
    }
    int given = st.operands().size();
    InstructionSpec spec = null;
    for (InstructionSpec row : rows) {
      int slots = (int) row.sourceOperands().stream().filter(o -> !o.inParens()).count();
      if (given >= row.requiredOperands() - parensCount(row) && given <= slots) {
        spec = row;
        break;
      }
    }
    if (spec == null) {
      String syntaxes = rows.stream().map(r -> "'" + r.mnemonic() + (r.syntax().isEmpty() ? "" : " "
          + r.syntax()) + "'").collect(Collectors.joining(" or "));
      int most = rows.stream().mapToInt(r -> (int) r.sourceOperands().stream().filter(o -> !o.inParens())
          .count()).max().orElse(0);
      if (given > most) {
        throw src.error(st.operands().get(most).column(), "too many operands: expected " + syntaxes);
      }
      int column = given == 0 ? st.opColumn() + st.op().length() : st.operands().get(given - 1).end() + 1;
      throw src.error(column, (given == 0 ? "missing operands" : "missing operand") + ": expected "
          + syntaxes);
    }
    return insertAll(spec, st, src, address, symbols);
  }

  private static int parensCount(InstructionSpec row) {
    return (int) row.sourceOperands().stream().filter(Operand::inParens).count();
  }

  private static int insertAll(InstructionSpec spec, Statement st, Source src, long address, Symbols symbols)
      throws AsmException, Undefined {
    int word = spec.match();
    List<Operand> ops = spec.operands();
    int optionalToFill = st.operands().size() - (spec.requiredOperands() - parensCount(spec));
    int next = 0;
    for (int i = 0; i < ops.size(); i++) {
      Operand o = ops.get(i);
      if (o.inParens()) {
        continue;
      }
      if (o.derived()) {
        word = o.insert(word, 0, address);
        continue;
      }
      if (o.optional()) {
        if (optionalToFill <= 0) {
          word = o.insert(word, 0, address);
          continue;
        }
        optionalToFill--;
      }
      Span span = st.operands().get(next++);
      Operand parens = i + 1 < ops.size() && ops.get(i + 1).inParens() ? ops.get(i + 1) : null;
      if (parens != null) {
        int close = span.end() - 1;
        int open = matchingOpen(st.text(), span.start(), close);
        if (st.text().charAt(close) != ')' || open < 0) {
          throw src.error(span.column(), "expected " + o.syntax() + "(" + parens.syntax() + "), e.g. 8(r1)");
        }
        Span expr = SourceParser.trim(st.text(), span.start(), open);
        Span base = SourceParser.trim(st.text(), open + 1, close);
        if (expr.start() >= expr.end()) {
          throw src.error(span.column(), "missing displacement before '('");
        }
        word = insert(o, word, parse(o, expr, st, src, symbols), address, src, expr);
        word = insert(parens, word, parse(parens, base, st, src, symbols), address, src, base);
      } else {
        word = insert(o, word, parse(o, span, st, src, symbols), address, src, span);
      }
    }
    if (spec.hint() != 0) {
      word = applyHint(word, spec.hint(), src, st.opColumn());
    }
    return word;
  }

  private static int matchingOpen(String text, int start, int close) {
    int depth = 0;
    for (int i = close; i >= start; i--) {
      char c = text.charAt(i);
      if (c == ')') {
        depth++;
      } else if (c == '(' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  private static int insert(Operand o, int word, long value, long address, Source src, Span span)
      throws AsmException {
    try {
      return o.insert(word, value, address);
    } catch (IllegalArgumentException e) {
      throw src.error(span.column(), e.getMessage());
    }
  }

  /**
   * {@code +}/{@code -} on a raw bc, bclr or bcctr: set the "at" bits of BO (POWER4 encoding); a BO that
   * already carries the same hint keeps it, a different one is an error (as in GNU as).
   */
  private static int applyHint(int word, char hint, Source src, int column) throws AsmException {
    int bo = (word >>> 21) & 31;
    if ((bo & 0x14) != 0x04 && (bo & 0x14) != 0x10) {
      throw src.error(column, "BO value " + bo + " has no branch hint; drop the '" + hint + "'");
    }
    int atBits = (bo & 0x14) == 0x04 ? 3 : 9;
    int wanted = hint == '+' ? atBits : atBits & ~1;
    if ((bo & atBits) != 0 && (bo & atBits) != wanted) {
      throw src.error(column, "BO value " + bo + " already has the other branch hint; drop the '" + hint
          + "'");
    }
    return word | (wanted << 21);
  }

  private static long parse(Operand o, Span span, Statement st, Source src, Symbols symbols)
      throws AsmException, Undefined {
    String text = st.text().substring(span.start(), span.end());
    Matcher m = REGISTER.matcher(text);
    String reg = m.matches() ? m.group(1).toLowerCase(Locale.ROOT) : null;
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.equals("sp") || lower.equals("%sp")) {
      reg = "r";
      text = "1";
    } else if (lower.equals("rtoc") || lower.equals("%rtoc")) {
      reg = "r";
      text = "2";
    } else if (reg != null) {
      text = m.group(2);
    }
    String wanted = switch (o.kind()) {
      case GPR, GPR0 -> "r";
      case FPR -> "f";
      case CR_FIELD -> "cr";
      default -> null;
    };
    if (reg != null && !reg.equals(wanted)) {
      throw src.error(span.column(), "expected " + describe(o) + ", got '"
          + st.text().substring(span.start(), span.end()) + "'");
    }
    if (reg != null) {
      long n = Long.parseLong(text.length() > 3 ? "99" : text);
      if (n > (wanted.equals("cr") ? 7 : 31)) {
        throw src.error(span.column(), "no such register '" + st.text().substring(span.start(), span.end())
            + "'");
      }
      return n;
    }
    Expression.Value v = Expression.evaluate(src, st.text(), span.start(), span.end(), symbols,
        o.kind() == Operand.Kind.CR_BIT);
    if (v.field16()) {
      return o.kind() == Operand.Kind.UNSIGNED ? v.value() & 0xFFFF : (short) v.value();
    }
    return v.value();
  }

  private static String describe(Operand o) {
    return switch (o.kind()) {
      case GPR, GPR0 -> "a general-purpose register (r0-r31)";
      case FPR -> "a floating-point register (f0-f31)";
      case CR_FIELD -> "a CR field (cr0-cr7)";
      case CR_BIT -> "a CR bit (0-31, e.g. 4*cr1+eq)";
      case RELATIVE, ABSOLUTE -> "a branch target";
      default -> "a number";
    };
  }
}
