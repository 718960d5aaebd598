package org.nestsim.cpu.asm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits GNU as source into statements: {@code #} and {@code /* *}{@code /} comments are blanked (so
 * columns stay true), {@code ;} separates statements on a line, leading {@code name:} and {@code 1:}
 * define labels, and the rest is a directive, an assignment ({@code name = expr}) or an instruction with
 * comma-separated operands.
 */
final class SourceParser {
  private SourceParser() {}

  /** A text range {@code [start, end)} of a line, trimmed; {@code column()} is 1-based. */
  record Span(int start, int end) {
    int column() {
      return start + 1;
    }
  }

  /** A label defined at the start of a statement. */
  record Label(String name, int column) {}

  /**
   * One statement. {@code op} is the lower-cased mnemonic or directive ({@code "="} for an assignment,
   * whose operands are then the name and the expression), or null for a statement of labels only.
   */
  record Statement(int line, String text, List<Label> labels, String op, int opColumn, List<Span> operands) {}

  static List<Statement> parse(String source, String file) throws AsmException {
    List<Statement> statements = new ArrayList<>();
    String[] lines = source.split("\r?\n", -1);
    boolean inBlockComment = false;
    for (int i = 0; i < lines.length; i++) {
      char[] text = lines[i].toCharArray();
      inBlockComment = blankComments(text, inBlockComment);
      String line = new String(text);
      int start = 0;
      for (int j = 0; j <= line.length(); j++) {
        if (j == line.length() || line.charAt(j) == ';') {
          statement(file, i + 1, line, start, j, statements);
          start = j + 1;
        } else if (line.charAt(j) == '\'') {
          j = skipCharacter(line, j);
        }
      }
    }
    return statements;
  }

  /** Replaces comments with spaces; returns whether a block comment continues on the next line. */
  private static boolean blankComments(char[] t, boolean inBlock) {
    for (int i = 0; i < t.length; i++) {
      if (inBlock) {
        if (t[i] == '*' && i + 1 < t.length && t[i + 1] == '/') {
          t[i] = ' ';
          t[i + 1] = ' ';
          i++;
          inBlock = false;
        } else {
          t[i] = ' ';
        }
      } else if (t[i] == '\'') {
        i = skipCharacter(new String(t), i);
      } else if (t[i] == '#') {
        for (int j = i; j < t.length; j++) {
          t[j] = ' ';
        }
        return false;
      } else if (t[i] == '/' && i + 1 < t.length && t[i + 1] == '*') {
        t[i] = ' ';
        t[i + 1] = ' ';
        i++;
        inBlock = true;
      }
    }
    return inBlock;
  }

  /** The index of the last character of the character constant ({@code 'c}, {@code '\c}, {@code 'c'}). */
  private static int skipCharacter(String line, int quote) {
    int j = quote + 1;
    if (j < line.length() && line.charAt(j) == '\\') {
      j++;
    }
    if (j + 1 < line.length() && line.charAt(j + 1) == '\'') {
      j++;
    }
    return Math.min(j, line.length() - 1);
  }

  private static void statement(String file, int lineNo, String line, int start, int end,
      List<Statement> out) throws AsmException {
    int p = skipSpaces(line, start, end);
    List<Label> labels = new ArrayList<>();
    while (true) {
      int q = p;
      while (q < end && (Expression.isSymbolPart(line.charAt(q)))) {
        q++;
      }
      if (q > p && q < end && line.charAt(q) == ':' && (Expression.isSymbolStart(line.charAt(p))
          || line.substring(p, q).chars().allMatch(Character::isDigit))) {
        labels.add(new Label(line.substring(p, q), p + 1));
        p = skipSpaces(line, q + 1, end);
      } else {
        break;
      }
    }
    if (p >= end) {
      if (!labels.isEmpty()) {
        out.add(new Statement(lineNo, line, labels, null, 0, List.of()));
      }
      return;
    }
    int q = p;
    while (q < end && !Character.isWhitespace(line.charAt(q)) && line.charAt(q) != '=') {
      q++;
    }
    int afterName = skipSpaces(line, q, end);
    if (afterName < end && line.charAt(afterName) == '=' && (afterName + 1 >= end
        || line.charAt(afterName + 1) != '=')) {
      Span name = new Span(p, q);
      Span value = trim(line, afterName + 1, end);
      if (value.start() >= value.end()) {
        throw new AsmException(file, lineNo, afterName + 2, "missing expression after '='");
      }
      out.add(new Statement(lineNo, line, labels, "=", afterName + 1, List.of(name, value)));
      return;
    }
    String op = line.substring(p, q).toLowerCase(Locale.ROOT);
    out.add(new Statement(lineNo, line, labels, op, p + 1, operands(file, lineNo, line, q, end)));
  }

  /** Splits at commas outside parentheses and character constants; an empty operand is an error. */
  private static List<Span> operands(String file, int lineNo, String line, int start, int end)
      throws AsmException {
    List<Span> spans = new ArrayList<>();
    if (skipSpaces(line, start, end) >= end) {
      return spans;
    }
    int depth = 0;
    int from = start;
    for (int i = start; i <= end; i++) {
      char c = i < end ? line.charAt(i) : ',';
      if (c == '\'') {
        i = skipCharacter(line, i);
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && (depth <= 0 || i == end)) {
        Span s = trim(line, from, i);
        if (s.start() >= s.end()) {
          throw new AsmException(file, lineNo, Math.min(i, end) + 1, "missing operand");
        }
        spans.add(s);
        from = i + 1;
        depth = 0;
      }
    }
    return spans;
  }

  static Span trim(String line, int start, int end) {
    int s = skipSpaces(line, start, end);
    int e = end;
    while (e > s && Character.isWhitespace(line.charAt(e - 1))) {
      e--;
    }
    return new Span(s, e);
  }

  private static int skipSpaces(String line, int p, int end) {
    while (p < end && Character.isWhitespace(line.charAt(p))) {
      p++;
    }
    return p;
  }
}
