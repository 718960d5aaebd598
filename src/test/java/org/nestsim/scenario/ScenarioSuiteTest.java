package org.nestsim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every scenario in sim-scenarios/ (the example programs of docs/SCENARIOS.md and the conformance
 * scripts) passes as {@code nestsim run} would report it, repeats itself exactly, and does not depend
 * on its seed:
 * <ul>
 *   <li>a deterministic file runs twice with its own seed: no failure, and the same trace hash (the
 *       same transcript for a script) both times;</li>
 *   <li>every file runs once more with another seed (seed + 1, written into the text as {@code
 *       ScriptDeterminismTest} does): the only failure allowed is {@code expect.trace-hash}, which
 *       names one seed's run.</li>
 * </ul>
 * One run session serves every file, so the deterministic actor system is made once.
 */
class ScenarioSuiteTest {
  static final Path DIR = Path.of("sim-scenarios");
  static final RunSession SESSION = new RunSession();

  @AfterAll
  static void close() {
    SESSION.close();
  }

  static Stream<Path> files() throws IOException {
    try (Stream<Path> listing = Files.walk(DIR)) {
      List<Path> yaml = listing.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
      assertFalse(yaml.isEmpty(), "no scenario in " + DIR.toAbsolutePath());
      return yaml.stream();
    }
  }

  /** The file's text with its top-level {@code seed} replaced by (or, without one, given) {@code seed}. */
  static Scenario withSeed(Path file, long seed) throws Exception {
    String text = Files.readString(file);
    Matcher m = Pattern.compile("(?m)^seed:.*$").matcher(text);
    String changed = m.find() ? m.replaceFirst("seed: " + seed) : text + "\nseed: " + seed + "\n";
    return ScenarioLoader.parse(file.toString(), changed, file.getParent());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void shouldPassRepeatablyAndWhateverTheSeed(Path file) throws Exception {
    Scenario scenario = ScenarioLoader.load(file);
    RunReport first = SESSION.run(scenario);
    assertEquals(List.of(), first.failures(), () -> file + " failed with seed " + scenario.seed());

    if (scenario.mode() == RunMode.DETERMINISTIC) {
      RunReport second = SESSION.run(ScenarioLoader.load(file));
      assertEquals(List.of(), second.failures(), () -> file + " failed on its second run with seed " + scenario.seed());
      assertNotNull(first.traceHash(), () -> file + ": a deterministic run has a trace hash");
      assertEquals(first.traceHash(), second.traceHash(),
          () -> file + ": two runs with seed " + scenario.seed() + " gave different trace hashes");
      assertEquals(first.transcript(), second.transcript(),
          () -> file + ": two runs with seed " + scenario.seed() + " gave different transcripts");
    }

    long other = scenario.seed() + 1;
    RunReport reseeded = SESSION.run(withSeed(file, other));
    List<String> unexpected = reseeded.failures().stream()
        .filter(line -> !line.contains(": expect.trace-hash:")).toList();
    assertTrue(unexpected.isEmpty(), () -> file + " depends on its seed: with seed " + other
        + " (instead of " + scenario.seed() + ") it failed:\n" + String.join("\n", unexpected));
  }
}
