package org.nestsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/**
 * One {@code nestsim} command line run in-process through {@link Main#run}, with what it printed: the
 * exit code, stdout and stderr. Test helper shared by the command tests of this package.
 *
 * @param exitCode what {@code nestsim} would exit with
 * @param out everything printed on stdout
 * @param err everything printed on stderr
 */
record CliRun(int exitCode, String out, String err) {

  /** Runs {@code nestsim ARGS...}. */
  static CliRun nestsim(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code;
    try (PrintWriter o = new PrintWriter(out, true); PrintWriter e = new PrintWriter(err, true)) {
      code = Main.run(o, e, args);
    }
    return new CliRun(code, out.toString(), err.toString());
  }

  /** The lines of stdout, without line terminators. */
  List<String> outLines() {
    return out.lines().toList();
  }

  /** The lines of stderr, without line terminators. */
  List<String> errLines() {
    return err.lines().toList();
  }

  /**
   * Asserts the contract for a user's error: this exit code, nothing on stdout, exactly one line on
   * stderr and no stack trace in it; returns that line.
   */
  String assertOneLineFailure(int expectedExitCode) {
    String context = "stdout: " + out + "\nstderr: " + err;
    assertEquals(expectedExitCode, exitCode, context);
    assertEquals("", out, context);
    assertEquals(1, errLines().size(), context);
    String line = errLines().get(0);
    assertFalse(line.contains("Exception"), line);
    assertFalse(line.contains("at org."), line);
    assertFalse(line.contains("at java."), line);
    return line;
  }

  /** Asserts success (exit 0, nothing on stderr) and returns stdout. */
  String assertSuccess() {
    assertEquals(ExitCodes.OK, exitCode, "stdout: " + out + "\nstderr: " + err);
    assertEquals("", err);
    return out;
  }
}
