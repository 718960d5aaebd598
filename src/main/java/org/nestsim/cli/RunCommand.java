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
 * expectation (scenario-format.md) and one {@code ok FILE} per passing file. Exit 0 when every file
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
        RunReport report = session.run(scenario, trace);
        if (report.kvm() != null && report.kvm().traceHash() != null) {
          out.println(scenario.file() + ": trace-hash: " + report.kvm().traceHash());
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
