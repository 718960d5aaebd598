package org.nestsim.cli;

/** The exit codes of every {@code nestsim} command. */
public final class ExitCodes {
  private ExitCodes() {}

  /** Success: the job ran and every expectation held. */
  public static final int OK = 0;
  /** The input was well-formed but its content failed: a malformed buffer, an unmet expectation. */
  public static final int FAILED = 1;
  /** Bad arguments or an unreadable or invalid input file. */
  public static final int USAGE = 2;
  /** A bug in NestSim (BSD {@code EX_SOFTWARE}); the stack trace is printed. */
  public static final int SOFTWARE = 70;
}
