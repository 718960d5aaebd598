package org.nestsim.cli;

/**
 * A user's error found while a command runs (a missing file, an unknown name): {@link Main} prints
 * {@code nestsim: MESSAGE} on one line and exits with {@link #exitCode()}, without a stack trace.
 */
public final class CliFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  public CliFailure(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  /** Bad arguments: exit 2. */
  public static CliFailure usage(String message) {
    return new CliFailure(ExitCodes.USAGE, message);
  }

  public int exitCode() {
    return exitCode;
  }
}
