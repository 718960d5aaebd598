package org.nestsim.trace;

/**
 * A trace file that cannot be read: where ({@link #source()}, {@link #line()} counted from 1, the
 * header being line 1) and why. The message is {@code FILE:LINE: reason}, or {@code line LINE: reason}
 * when no file is known (a header parsed from a string). It reports bad input, not a bug, so it carries
 * no stack trace.
 */
public final class TraceFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final long line;
  private final String reason;

  /**
   * @param source the file, or null
   * @param line the 1-based line
   * @param reason what is wrong, without position
   */
  public TraceFormatException(String source, long line, String reason) {
    super(null, null, false, false);
    this.source = source;
    this.line = line;
    this.reason = reason;
  }

  /** The file as given to the reader, or null. */
  public String source() {
    return source;
  }

  /** The 1-based line; the header is line 1, event {@code i} (0-based) is line {@code i + 2}. */
  public long line() {
    return line;
  }

  /** What is wrong, without position. */
  public String reason() {
    return reason;
  }

  /** The same fault, located in {@code file}. */
  public TraceFormatException inFile(String file) {
    return new TraceFormatException(file, line, reason);
  }

  @Override
  public String getMessage() {
    return (source != null ? source + ":" + line : "line " + line) + ": " + reason;
  }
}
