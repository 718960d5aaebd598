package org.nestsim.cpu.asm;

/**
 * A source file the {@link Assembler} cannot assemble: it carries where (file, 1-based line and column)
 * and why, and its message is GNU-style {@code file:line:col: reason} so that editors can jump to it.
 */
public final class AsmException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;
  private final int column;
  private final String reason;

  public AsmException(String file, int line, int column, String reason) {
    super(file + ":" + line + ":" + column + ": " + reason, null, false, false);
    this.file = file;
    this.line = line;
    this.column = column;
    this.reason = reason;
  }

  /** The file name given to the assembler. */
  public String file() {
    return file;
  }

  /** The 1-based line of the fault. */
  public int line() {
    return line;
  }

  /** The 1-based column (character index) of the fault within its line. */
  public int column() {
    return column;
  }

  /** The reason alone, without the position. */
  public String reason() {
    return reason;
  }
}
