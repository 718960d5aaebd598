package org.nestsim.cpu.asm;

import java.math.BigInteger;
import java.util.Locale;

/**
 * Evaluates a GNU as expression over 64-bit integers: decimal, {@code 0x} hex, {@code 0b} binary,
 * leading-zero octal and {@code 'c} character constants; symbols, {@code .} (the location counter) and
 * local labels ({@code 1b}, {@code 1f}); unary {@code - ~ !}; binary operators with GNU as precedence
 * ({@code * / % << >>} bind tightest, then {@code | & ^}, then {@code + -}); parentheses; and the
 * PowerPC suffixes {@code @l @h @ha @high @higha @higher @highera @highest @highesta}, which make a
 * 16-bit field value. In a CR-bit operand the names {@code cr0}..{@code cr7}, {@code lt gt eq so un} are
 * values too ({@code 4*cr1+eq}).
 */
final class Expression {
  /** Resolves symbols; throws {@link Undefined} when a symbol has no value (yet). */
  interface Symbols {
    long value(String name, int column) throws AsmException, Undefined;

    long localLabel(int number, boolean forward, int column) throws AsmException, Undefined;

    long location();
  }

  /** A symbol without a value: fatal in pass 2, deferred in pass 1. */
  static final class Undefined extends Exception {
    private static final long serialVersionUID = 1L;
    final String name;
    final int column;

    Undefined(String name, int column) {
      super(name, null, false, false);
      this.name = name;
      this.column = column;
    }
  }

  /** An evaluated expression: its value, and whether a {@code @l}-style suffix made it a 16-bit field. */
  record Value(long value, boolean field16) {}

  private final String text;
  private final int end;
  private final Symbols symbols;
  private final boolean crNames;
  private final Source source;
  private int pos;
  private boolean field16;

  /** Where errors are reported: file and line; columns come from the text offsets. */
  record Source(String file, int line) {
    AsmException error(int column, String reason) {
      return new AsmException(file, line, column, reason);
    }
  }

  private Expression(Source source, String text, int start, int end, Symbols symbols, boolean crNames) {
    this.source = source;
    this.text = text;
    this.pos = start;
    this.end = end;
    this.symbols = symbols;
    this.crNames = crNames;
  }

  /**
   * Evaluates {@code line.substring(start, end)} as one whole expression; {@code line} is the source
   * line, so that errors point at the right column.
   */
  static Value evaluate(Source source, String line, int start, int end, Symbols symbols, boolean crNames)
      throws AsmException, Undefined {
    Expression e = new Expression(source, line, start, end, symbols, crNames);
    e.skipSpaces();
    if (e.pos >= e.end) {
      throw source.error(start + 1, "missing expression");
    }
    long v = e.low();
    e.skipSpaces();
    if (e.pos < e.end) {
      throw source.error(e.pos + 1, "unexpected '" + line.substring(e.pos, e.end).trim() + "' in expression");
    }
    return new Value(v, e.field16);
  }

  private long low() throws AsmException, Undefined {
    long v = mid();
    while (true) {
      skipSpaces();
      if (peek('+')) {
        pos++;
        v += mid();
      } else if (peek('-')) {
        pos++;
        v -= mid();
      } else {
        return v;
      }
    }
  }

  private long mid() throws AsmException, Undefined {
    long v = high();
    while (true) {
      skipSpaces();
      if (peek('|') && !peek2("||")) {
        pos++;
        v |= high();
      } else if (peek('&') && !peek2("&&")) {
        pos++;
        v &= high();
      } else if (peek('^')) {
        pos++;
        v ^= high();
      } else {
        return v;
      }
    }
  }

  private long high() throws AsmException, Undefined {
    long v = unary();
    while (true) {
      skipSpaces();
      int at = pos;
      if (peek('*')) {
        pos++;
        v *= unary();
      } else if (peek('/') || peek('%')) {
        boolean div = peek('/');
        pos++;
        long d = unary();
        if (d == 0) {
          throw source.error(at + 1, "division by zero");
        }
        v = div ? v / d : v % d;
      } else if (peek2("<<")) {
        pos += 2;
        v <<= unary();
      } else if (peek2(">>")) {
        pos += 2;
        v >>= unary();
      } else {
        return v;
      }
    }
  }

  private long unary() throws AsmException, Undefined {
    skipSpaces();
    if (peek('-')) {
      pos++;
      return -unary();
    }
    if (peek('+')) {
      pos++;
      return unary();
    }
    if (peek('~')) {
      pos++;
      return ~unary();
    }
    if (peek('!')) {
      pos++;
      return unary() == 0 ? 1 : 0;
    }
    return suffix(primary());
  }

  private long primary() throws AsmException, Undefined {
    skipSpaces();
    if (pos >= end) {
      throw source.error(pos + 1, "missing operand in expression");
    }
    char c = text.charAt(pos);
    int start = pos;
    if (c == '(') {
      pos++;
      long v = low();
      skipSpaces();
      if (!peek(')')) {
        throw source.error(pos + 1, "missing ')'");
      }
      pos++;
      return v;
    }
    if (c == '\'') {
      return character();
    }
    if (Character.isDigit(c)) {
      return number();
    }
    if (isSymbolStart(c)) {
      while (pos < end && isSymbolPart(text.charAt(pos))) {
        pos++;
      }
      String name = text.substring(start, pos);
      if (name.equals(".")) {
        return symbols.location();
      }
      if (crNames) {
        Long cr = crName(name);
        if (cr != null) {
          return cr;
        }
      }
      return symbols.value(name, start + 1);
    }
    throw source.error(pos + 1, "unexpected '" + c + "' in expression");
  }

  private long number() throws AsmException, Undefined {
    int start = pos;
    while (pos < end && Character.isLetterOrDigit(text.charAt(pos))) {
      pos++;
    }
    String token = text.substring(start, pos).toLowerCase(Locale.ROOT);
    char last = token.charAt(token.length() - 1);
    if ((last == 'b' || last == 'f') && token.length() > 1 && token.chars().limit(token.length() - 1L)
        .allMatch(Character::isDigit) && !(token.startsWith("0b") && token.length() > 2)) {
      return symbols.localLabel(Integer.parseInt(token.substring(0, token.length() - 1)), last == 'f',
          start + 1);
    }
    try {
      BigInteger v;
      if (token.startsWith("0x")) {
        v = new BigInteger(token.substring(2), 16);
      } else if (token.startsWith("0b")) {
        v = new BigInteger(token.substring(2), 2);
      } else if (token.length() > 1 && token.startsWith("0")) {
        v = new BigInteger(token.substring(1), 8);
      } else {
        v = new BigInteger(token, 10);
      }
      if (v.bitLength() > 64) {
        throw source.error(start + 1, "number " + token + " does not fit in 64 bits");
      }
      return v.longValue();
    } catch (NumberFormatException e) {
      throw source.error(start + 1, "bad number '" + token + "'");
    }
  }

  /** {@code 'c}, {@code '\n}, optionally closed by a second quote as GNU as allows ({@code 'c'}). */
  private long character() throws AsmException {
    int start = pos;
    pos++;
    if (pos >= end) {
      throw source.error(start + 1, "missing character after '");
    }
    char c = text.charAt(pos++);
    long value = c;
    if (c == '\\' && pos < end) {
      char e = text.charAt(pos++);
      value = switch (e) {
        case 'n' -> '\n';
        case 't' -> '\t';
        case 'r' -> '\r';
        case '0' -> 0;
        default -> e;
      };
    }
    if (peek('\'')) {
      pos++;
    }
    return value;
  }

  private long suffix(long v) throws AsmException {
    if (!peek('@')) {
      return v;
    }
    int start = pos;
    pos++;
    int nameStart = pos;
    while (pos < end && Character.isLetter(text.charAt(pos))) {
      pos++;
    }
    String name = text.substring(nameStart, pos).toLowerCase(Locale.ROOT);
    long field = switch (name) {
      case "l" -> v;
      case "h", "high" -> v >> 16;
      case "ha", "higha" -> (v + 0x8000) >> 16;
      case "higher" -> v >> 32;
      case "highera" -> (v + 0x8000) >> 32;
      case "highest" -> v >> 48;
      case "highesta" -> (v + 0x8000) >> 48;
      default -> throw source.error(start + 1, "unknown suffix '@" + name + "'");
    };
    field16 = true;
    return (short) field;
  }

  private static Long crName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return switch (n) {
      case "lt" -> 0L;
      case "gt" -> 1L;
      case "eq" -> 2L;
      case "so", "un" -> 3L;
      default -> n.length() == 3 && n.startsWith("cr") && n.charAt(2) >= '0' && n.charAt(2) <= '7'
          ? (long) (n.charAt(2) - '0') : null;
    };
  }

  static boolean isSymbolStart(char c) {
    return Character.isLetter(c) || c == '_' || c == '.' || c == '$';
  }

  static boolean isSymbolPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '$';
  }

  private boolean peek(char c) {
    return pos < end && text.charAt(pos) == c;
  }

  private boolean peek2(String s) {
    return pos + 1 < end && text.charAt(pos) == s.charAt(0) && text.charAt(pos + 1) == s.charAt(1);
  }

  private void skipSpaces() {
    while (pos < end && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }
}
