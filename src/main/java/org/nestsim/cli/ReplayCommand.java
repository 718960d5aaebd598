package org.nestsim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.nestsim.l1.RunMonitor;
import org.nestsim.scenario.RunMode;
import org.nestsim.scenario.RunSession;
import org.nestsim.scenario.Scenario;
import org.nestsim.scenario.ScenarioException;
import org.nestsim.scenario.ScenarioLoader;
import org.nestsim.stress.StressPlan;
import org.nestsim.stress.StressRun;
import org.nestsim.trace.TraceDiff;
import org.nestsim.trace.TraceFile;
import org.nestsim.trace.TraceFormatException;
import org.nestsim.trace.TraceHeader;
import org.nestsim.trace.TraceReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nestsim replay FILE.jsonl}: runs again what a trace's header names — the scenario file, with the
 * header's seed, or the {@code nestsim stress} command line, whose plan is regenerated from the recorded
 * options ({@link StressCommand#options()}) — records the new trace in a temporary file and compares the
 * event lines (docs/TRACES.md). Prints {@code identical: sha256:…} (exit 0) or where the traces part, with
 * both lines (exit 1). A malformed trace is one {@code FILE:LINE: reason} line, and a missing scenario, an
 * unparsable command line or a parallel stress run one line too (exit 2). A scenario whose content changed
 * since the recording is replayed as it is now, with a warning.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Run again what a trace's header names (the scenario file, as recorded, relative to the current "
          + "directory, with its seed; or the 'nestsim stress' command line of a deterministic stress run), "
          + "and compare the new trace with it.",
      "Prints 'identical: sha256:...' or the first event that differs, with the recorded and the "
          + "re-run line. Exit 0: identical; 1: they differ; 2: the trace is malformed (FILE:LINE: reason), "
          + "its scenario is missing or invalid, or it is a parallel stress run (not reproducible)."
    })
public final class ReplayCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE.jsonl", description = "A trace written by 'nestsim run --trace' or "
      + "'nestsim stress --trace'.")
  Path file;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    TraceFile recorded;
    try {
      recorded = TraceReader.read(file);
    } catch (TraceFormatException e) {
      err.println(e.getMessage());
      return ExitCodes.USAGE;
    } catch (IOException e) {
      throw CliFailure.usage(file + ": " + CliFailure.describe(e));
    }
    TraceHeader header = recorded.header();
    List<String> actual;
    if (header.scenario() == null) {
      StressPlan plan = stressPlan(file, header);
      actual = recordAgain((session, trace) -> StressRun.run(session, plan, trace, RunMonitor.NONE));
    } else {
      Scenario scenario = load(file, header, err);
      if (scenario == null) {
        return ExitCodes.USAGE;
      }
      if (scenario.seed() != header.seed()) {
        scenario = scenario.withSeed(header.seed());
      }
      if (scenario.mode() != RunMode.DETERMINISTIC || !"deterministic".equals(header.mode())) {
        err.println("replay: warning: a parallel run need not repeat: expect differences");
      }
      Scenario s = scenario;
      actual = recordAgain((session, trace) -> session.run(s, trace));
    }
    OptionalInt at = TraceDiff.firstDifference(recorded.eventLines(), actual);
    if (at.isEmpty()) {
      out.println("identical: " + recorded.hash());
      return ExitCodes.OK;
    }
    String described = TraceDiff.describe(recorded.eventLines(), actual, at.getAsInt());
    // describe() starts "event N (line L of the trace) differs:"; here "differs" leads the line.
    out.println("differs at " + described.replaceFirst("^(event \\d+ \\(line \\d+ of the trace\\)) differs:", "$1:"));
    if (!header.version().equals(RunSession.version())) {
      out.println("note: recorded by NestSim " + header.version() + ", replayed by " + RunSession.version());
    }
    return ExitCodes.FAILED;
  }

  /** The scenario the header names, or null after printing why it cannot be loaded. */
  private static Scenario load(Path trace, TraceHeader header, PrintWriter err) {
    Path path = Path.of(header.scenario());
    byte[] content;
    try {
      content = Files.readAllBytes(path);
    } catch (IOException e) {
      throw CliFailure.usage(trace + ": its scenario " + header.scenario() + ": " + CliFailure.describe(e)
          + " (the path is as recorded, relative to the current directory)");
    }
    if (!TraceHeader.sha256Of(content).equals(header.scenarioSha256())) {
      err.println("replay: warning: " + header.scenario() + " has changed since the trace was recorded "
          + "(its SHA-256 differs); replaying it as it is now");
    }
    Scenario scenario;
    try {
      scenario = ScenarioLoader.load(path);
    } catch (ScenarioException e) {
      e.problems().forEach(err::println);
      return null;
    }
    return scenario;
  }

  /**
   * The plan a stress trace's header names: its command line ({@code nestsim stress …}) parsed by {@link
   * StressCommand} as the run did. A parallel run, whose trace is one of many possible orders, is refused.
   */
  private static StressPlan stressPlan(Path file, TraceHeader header) {
    List<String> command = header.command();
    if (command.size() < 2 || !command.get(0).equals("nestsim") || !command.get(1).equals("stress")) {
      throw CliFailure.usage(file + ": replaying a generated run ('" + String.join(" ", command)
          + "') is supported for 'nestsim stress' only");
    }
    StressCommand stress = new StressCommand();
    try {
      new CommandLine(stress).parseArgs(command.subList(2, command.size()).toArray(new String[0]));
    } catch (CommandLine.ParameterException e) {
      throw CliFailure.usage(file + ": the recorded command line does not parse: " + e.getMessage());
    }
    StressPlan.Options options = stress.options();
    if (!options.deterministic() || !"deterministic".equals(header.mode())) {
      throw CliFailure.usage(file + ": a parallel stress run is not reproducible (its trace is one of many "
          + "possible orders); record it with --mode deterministic to replay it");
    }
    if (options.seed() != header.seed()) {
      throw CliFailure.usage(file + ": the header's seed " + header.seed() + " is not the command line's "
          + options.seed());
    }
    return StressCommand.plan(options);
  }

  /** A re-run: runs on {@code session} with its trace going to {@code trace}. */
  private interface Rerun {
    void run(RunSession session, Path trace);
  }

  /** Runs {@code rerun} with a trace in a temporary file, and returns the trace's event lines. */
  private static List<String> recordAgain(Rerun rerun) {
    Path trace = null;
    try {
      trace = Files.createTempFile("nestsim-replay-", ".jsonl");
      try (RunSession session = new RunSession()) {
        rerun.run(session, trace);
      }
      return TraceReader.read(trace).eventLines();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the re-run in " + trace, e);
    } catch (TraceFormatException e) {
      throw new IllegalStateException("the re-run wrote a trace its reader refuses: " + e.getMessage(), e);
    } finally {
      if (trace != null) {
        try {
          Files.deleteIfExists(trace);
        } catch (IOException e) {
          // A temporary file left behind is harmless.
        }
      }
    }
  }
}
