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

  /** An I/O failure in words, without the exception's class name or a repeated path. */
  public static String describe(java.io.IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    return e.getMessage() != null ? e.getMessage() : "I/O error";
  }

  public int exitCode() {
    return exitCode;
  }
}
