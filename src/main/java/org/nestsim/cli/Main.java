package org.nestsim.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** The {@code nestsim} entry point: parses the command line and maps every outcome to an exit code. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    int code = run(out, err, args);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs one command line with the given writers; returns the exit code. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return commandLine(out, err).execute(args);
  }

  /** The configured command line: usage errors are one line and exit 2, user errors have no trace. */
  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new NestsimCommand());
    cl.setOut(out);
    cl.setErr(err);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setParameterExceptionHandler((ex, args) -> {
      ex.getCommandLine().getErr().println(prefix(ex.getCommandLine()) + ex.getMessage()
          + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
      return ExitCodes.USAGE;
    });
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      if (ex instanceof CliFailure failure) {
        commandLine.getErr().println(prefix(commandLine) + failure.getMessage());
        return failure.exitCode();
      }
      commandLine.getErr().println("nestsim: internal error, please report it with this trace:");
      ex.printStackTrace(commandLine.getErr());
      return ExitCodes.SOFTWARE;
    });
    return cl;
  }

  /** {@code "gsb: "} for the gsb commands, {@code "nestsim: "} for the top level. */
  static String prefix(CommandLine cl) {
    String[] words = cl.getCommandSpec().qualifiedName().split(" ");
    return (words.length > 1 ? words[1] : words[0]) + ": ";
  }
}
