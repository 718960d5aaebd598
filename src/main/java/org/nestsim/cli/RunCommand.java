package org.nestsim.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.nestsim.scenario.RunReport;
import org.nestsim.scenario.RunSession;
import org.nestsim.scenario.Scenario;
import org.nestsim.scenario.ScenarioException;
import org.nestsim.scenario.ScenarioLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nestsim run FILE…}: loads every scenario file first (an invalid one prints each problem as
 * {@code FILE:LINE:COL: message}), then runs the valid ones in order and prints one line per failed
 * expectation (scenario-format.md) and one {@code ok FILE} per passing file; with {@code --summary}, a
 * {@link RunSummary} of each run after it. Exit 0 when every file
 * passed, 1 when an expectation failed, 2 when a file was invalid.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Run scenario files (sim-scenarios/, docs/SCENARIOS.md) and check their expectations.",
      "Prints 'ok FILE' for a file whose every expectation held, and one line per failed expectation "
          + "otherwise. Exit 0: all passed; 1: an expectation failed; 2: a file is invalid (each problem "
          + "printed as FILE:LINE:COL: MESSAGE)."
    })
public final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Scenario files (.yaml).")
  List<Path> files;

  @Option(names = "--transcript", description = "Also print every answered hcall of a script: the step, "
      + "R3, R4, R5 and, for a run, the exit, its time and the output buffer.")
  boolean transcript;

  @Option(names = "--trace", paramLabel = "FILE.jsonl", description = "Write the run's trace as JSON Lines "
      + "(docs/TRACES.md); only with one scenario file.")
  Path trace;

  @Option(names = "--summary", description = "Also print a summary of each run for a person, as 'nestsim' "
      + "does for its demo: guests, simulated time, instructions, exits, hcalls, console, wall time, "
      + "trace hash (instead of the 'FILE: trace-hash:' line).")
  boolean summary;

  @Option(names = {"-q", "--quiet"}, description = "No progress line on stderr (shown with --summary, only "
      + "on a terminal, for runs longer than 2 s).")
  boolean quiet;

  @SuppressWarnings("try") // the progress line is closed by the try; the body never reads it
  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (trace != null && files.size() != 1) {
      throw CliFailure.usage("--trace takes one scenario file, not " + files.size());
    }
    List<Scenario> scenarios = new ArrayList<>();
    boolean invalid = false;
    for (Path file : files) {
      try {
        scenarios.add(ScenarioLoader.load(file));
      } catch (ScenarioException e) {
        e.problems().forEach(err::println);
        invalid = true;
      }
    }
    err.flush();
    boolean failed = false;
    try (RunSession session = new RunSession()) {
      for (Scenario scenario : scenarios) {
        RunReport report;
        long startup;
        long wall;
        try (Progress progress = Progress.start(err, scenario.file(), session::tracedEvents, quiet || !summary)) {
          long start = System.nanoTime();
          session.prepare(scenario.mode());
          startup = System.nanoTime() - start;
          start = System.nanoTime();
          report = session.run(scenario, trace);
          wall = System.nanoTime() - start;
        }
        if (!summary && report.traceHash() != null) {
          out.println(scenario.file() + ": trace-hash: " + report.traceHash());
        }
        if (transcript) {
          report.transcript().forEach(line -> out.println(scenario.file() + ": " + line));
        }
        if (report.passed()) {
          out.println("ok " + scenario.file());
        } else {
          report.failures().forEach(out::println);
          failed = true;
        }
        if (summary) {
          RunSummary.print(out, scenario, report, wall, startup);
          out.println();
        }
        out.flush();
      }
    }
    out.flush();
    if (invalid) {
      return ExitCodes.USAGE;
    }
    return failed ? ExitCodes.FAILED : ExitCodes.OK;
  }
}
