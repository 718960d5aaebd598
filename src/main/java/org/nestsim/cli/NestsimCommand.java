package org.nestsim.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.nestsim.scenario.RunReport;
import org.nestsim.scenario.RunSession;
import org.nestsim.scenario.Scenario;
import org.nestsim.scenario.ScenarioException;
import org.nestsim.scenario.ScenarioLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nestsim}: without a subcommand it runs the main job on its embedded default, the demo
 * scenario {@value #DEMO_RESOURCE} (several guests and vCPUs printing through the console hcall,
 * faulting in memory, taking timer and emulation exits), and prints its {@link RunSummary}. Exit 0
 * when the demo's expectations held, 1 otherwise (a NestSim regression), with the failures printed.
 */
@Command(
    name = "nestsim",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "A simulator of the PAPR nested virtualization v2 API (KVM on PowerVM).",
      "Without a command, runs an embedded demo scenario and prints a summary of the run."
    },
    subcommands = {RunCommand.class, ReplayCommand.class, GsbCommand.class, ExecCommand.class, AsmCommand.class,
        DisasmCommand.class, StressCommand.class})
public final class NestsimCommand implements Callable<Integer> {
  /** The embedded demo, a classpath resource beside this class. */
  static final String DEMO_RESOURCE = "demo.yaml";
  /** The demo's file name in failure lines. */
  static final String DEMO_NAME = "embedded:" + DEMO_RESOURCE;

  private static final int WIDTH = 100;

  @Spec CommandSpec spec;

  @Option(names = {"-q", "--quiet"}, description = "No progress line on stderr (shown only on a terminal, "
      + "for runs longer than 2 s).")
  boolean quiet;

  @SuppressWarnings("try") // the progress line is closed by the try; the body never reads it
  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Scenario demo = demoScenario();
    out.println(wrap("NestSim's demo: " + demo.description()));
    out.println();
    out.flush();
    RunReport report;
    long startup;
    long wall;
    try (RunSession session = new RunSession();
        Progress progress = Progress.start(spec.commandLine().getErr(), "demo", session::tracedEvents, quiet)) {
      long start = System.nanoTime();
      session.prepare(demo.mode());
      startup = System.nanoTime() - start;
      start = System.nanoTime();
      report = session.run(demo);
      wall = System.nanoTime() - start;
    }
    RunSummary.print(out, demo, report, wall, startup);
    report.failures().forEach(out::println);
    out.println();
    out.println("nestsim run --summary FILE.yaml runs a scenario of yours (docs/SCENARIOS.md); "
        + "nestsim --help lists the commands.");
    out.flush();
    return report.passed() ? ExitCodes.OK : ExitCodes.FAILED;
  }

  /** The demo scenario, loaded from the jar. */
  static Scenario demoScenario() {
    try {
      return ScenarioLoader.parse(DEMO_NAME, demoText(), null);
    } catch (ScenarioException e) {
      throw new IllegalStateException("the embedded demo is invalid:\n" + String.join("\n", e.problems()), e);
    }
  }

  /** The demo's YAML text. */
  static String demoText() {
    try (InputStream in = NestsimCommand.class.getResourceAsStream(DEMO_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + DEMO_RESOURCE + " missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + DEMO_RESOURCE, e);
    }
  }

  /** {@code text} in lines of at most {@value #WIDTH} characters, broken at spaces. */
  static String wrap(String text) {
    StringBuilder sb = new StringBuilder();
    int lineStart = 0;
    for (String word : text.trim().split("\\s+")) {
      if (sb.length() > lineStart && sb.length() - lineStart + 1 + word.length() > WIDTH) {
        sb.append('\n');
        lineStart = sb.length();
      } else if (sb.length() > lineStart) {
        sb.append(' ');
      }
      sb.append(word);
    }
    return sb.toString();
  }
}
