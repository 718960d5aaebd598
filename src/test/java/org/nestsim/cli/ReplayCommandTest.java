package org.nestsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nestsim.cli.CliRun.nestsim;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nestsim.trace.TraceHeader;
import org.nestsim.trace.TraceReader;

/**
 * {@code nestsim replay}: a freshly recorded trace replays identically; an edited event line is
 * reported with both lines; a malformed trace, a missing scenario and a generated run are one line and
 * exit 2; a scenario changed since the recording is replayed with a warning and the recorded seed.
 */
class ReplayCommandTest {
  static final String HELLO = "sim-scenarios/hello-console.yaml";

  @TempDir Path dir;

  private Path record(String scenario) {
    Path trace = dir.resolve("t.jsonl");
    nestsim("run", "--trace", trace.toString(), scenario).assertSuccess();
    return trace;
  }

  @Test
  void shouldSayIdenticalWithTheHashForAFreshlyRecordedTrace() throws Exception {
    Path trace = record(HELLO);

    String out = nestsim("replay", trace.toString()).assertSuccess();

    assertEquals("identical: " + TraceReader.read(trace).hash() + "\n", out);
  }

  @Test
  void shouldReportTheFirstEventThatDiffersWithBothLines() throws Exception {
    Path trace = record(HELLO);
    List<String> lines = new ArrayList<>(Files.readAllLines(trace, StandardCharsets.UTF_8));
    int line = 0;
    while (!lines.get(line).contains("\"e\":\"exit\"")) {
      line++;
    }
    String original = lines.get(line);
    String edited = original.replaceFirst("\"instructions\":\\d+", "\"instructions\":999");
    assertNotEquals(original, edited);
    lines.set(line, edited);
    Files.write(trace, lines, StandardCharsets.UTF_8);

    CliRun run = nestsim("replay", trace.toString());

    int event = line - 1;
    assertEquals(ExitCodes.FAILED, run.exitCode(), run.err());
    assertEquals("", run.err());
    assertEquals(List.of(
        "differs at event " + event + " (line " + (line + 1) + " of the trace):",
        "  expected: " + edited,
        "  actual:   " + original), run.outLines());
  }

  @Test
  void shouldExitTwoWithFileAndLineForAMalformedTrace() throws Exception {
    Path trace = record(HELLO);
    List<String> lines = new ArrayList<>(Files.readAllLines(trace, StandardCharsets.UTF_8));
    lines.set(3, "{\"e\":\"exit\",\"t\":1}");
    Files.write(trace, lines, StandardCharsets.UTF_8);

    assertEquals(trace + ":4: the first key is not \"t\"",
        nestsim("replay", trace.toString()).assertOneLineFailure(ExitCodes.USAGE));
  }

  @Test
  void shouldExitTwoWithOneLineWhenTheTraceIsMissing() {
    String line = nestsim("replay", dir.resolve("none.jsonl").toString()).assertOneLineFailure(ExitCodes.USAGE);

    assertEquals("replay: " + dir.resolve("none.jsonl") + ": no such file or directory", line);
  }

  @Test
  void shouldExitTwoWithOneLineWhenTheScenarioIsMissing() throws Exception {
    Path trace = dir.resolve("t.jsonl");
    TraceHeader header = TraceHeader.forScenario("no/such/scenario.yaml", "0".repeat(64), 1, "deterministic", "dev");
    Files.writeString(trace, header.canonical() + "\n");

    String line = nestsim("replay", trace.toString()).assertOneLineFailure(ExitCodes.USAGE);

    assertTrue(line.startsWith("replay: " + trace + ": its scenario no/such/scenario.yaml: no such file"), line);
  }

  @Test
  void shouldExitTwoWithOneLineForAGeneratedRunOtherThanStress() throws Exception {
    Path trace = dir.resolve("t.jsonl");
    TraceHeader header = TraceHeader.forCommand(List.of("nestsim", "fuzz", "--guests", "4"), 3, "deterministic",
        "dev");
    Files.writeString(trace, header.canonical() + "\n");

    String line = nestsim("replay", trace.toString()).assertOneLineFailure(ExitCodes.USAGE);

    assertTrue(line.contains("'nestsim fuzz --guests 4'") && line.contains("'nestsim stress' only"), line);
  }

  private Path recordStress(String... mode) {
    Path trace = dir.resolve("stress.jsonl");
    List<String> args = new ArrayList<>(List.of("stress", "--guests", "2", "--vcpus-per-guest", "2", "--seed", "6",
        "--faults", "external,kick", "--trace", trace.toString(), "-q"));
    args.addAll(List.of(mode));
    nestsim(args.toArray(new String[0])).assertSuccess();
    return trace;
  }

  @Test
  void shouldReplayADeterministicStressRunIdentically() throws Exception {
    Path trace = recordStress();
    assertEquals(List.of("nestsim", "stress", "--guests", "2", "--vcpus-per-guest", "2", "--workload", "mix", "--mode",
        "deterministic", "--seed", "6", "--faults", "external,kick"), TraceReader.read(trace).header().command());

    String out = nestsim("replay", trace.toString()).assertSuccess();

    assertEquals("identical: " + TraceReader.read(trace).hash() + "\n", out);
  }

  @Test
  void shouldReportTheFirstDifferenceOfATamperedStressTrace() throws Exception {
    Path trace = recordStress();
    List<String> lines = new ArrayList<>(Files.readAllLines(trace, StandardCharsets.UTF_8));
    int line = lines.size() / 2;
    String original = lines.get(line);
    String edited = original.replaceFirst("^\\{\"t\":(\\d+)", "{\"t\":9$1");
    assertNotEquals(original, edited);
    lines.set(line, edited);
    Files.write(trace, lines, StandardCharsets.UTF_8);

    CliRun run = nestsim("replay", trace.toString());

    assertEquals(ExitCodes.FAILED, run.exitCode(), run.out() + run.err());
    assertEquals(List.of("differs at event " + (line - 1) + " (line " + (line + 1) + " of the trace):",
        "  expected: " + edited, "  actual:   " + original), run.outLines());
  }

  @Test
  void shouldSayAParallelStressRunIsNotReproducible() {
    Path trace = recordStress("--mode", "parallel");

    String line = nestsim("replay", trace.toString()).assertOneLineFailure(ExitCodes.USAGE);

    assertTrue(line.contains("a parallel stress run is not reproducible"), line);
  }

  @Test
  void shouldWarnWhenTheScenarioChangedAndReplayWithTheRecordedSeed() throws Exception {
    Path scenario = dir.resolve("hello.yaml");
    Files.copy(Path.of(HELLO), scenario);
    Path trace = record(scenario.toString());
    // Another seed gives another interleaving of the two guests (another hash): the header's must be used.
    Files.writeString(scenario, Files.readString(scenario).replaceFirst("(?m)^seed: .*$", "seed: 9"));

    CliRun run = nestsim("replay", trace.toString());

    assertEquals(ExitCodes.OK, run.exitCode(), run.out() + run.err());
    assertEquals("identical: " + TraceReader.read(trace).hash() + "\n", run.out());
    assertEquals(List.of("replay: warning: " + scenario + " has changed since the trace was recorded "
        + "(its SHA-256 differs); replaying it as it is now"), run.errLines());
  }
}
