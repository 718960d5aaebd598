package org.nestsim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The racing script of sim-scenarios/conformance (a delete racing a run, then a kick) under the
 * deterministic dispatcher: one seed gives the same transcript every time, and across seeds every
 * outcome is one the file allows, and both of its outcomes occur.
 */
class ScriptDeterminismTest {
  static final Path RACE = Path.of("sim-scenarios/conformance/race-delete-while-running.yaml");
  static final RunSession SESSION = new RunSession();

  @AfterAll
  static void close() {
    SESSION.close();
  }

  static Scenario withSeed(long seed) throws Exception {
    String text = Files.readString(RACE).replaceFirst("(?m)^seed: .*$", "seed: " + seed);
    return ScenarioLoader.parse(RACE.toString(), text, RACE.getParent());
  }

  @Test
  void shouldRepeatARunExactlyWithTheSameSeed() throws Exception {
    for (long seed : new long[] {1, 7, 42}) {
      RunReport first = SESSION.run(withSeed(seed));
      RunReport second = SESSION.run(withSeed(seed));
      assertEquals(List.of(), first.failures(), "seed " + seed);
      assertEquals(first.transcript(), second.transcript(), "seed " + seed);
    }
  }

  @Test
  void shouldReachOnlyAllowedOutcomesAndBothOfThemAcrossSeeds() throws Exception {
    Set<String> deleteOutcomes = new HashSet<>();
    for (long seed = 0; seed < 60; seed++) {
      RunReport report = SESSION.run(withSeed(seed));
      assertEquals(List.of(), report.failures(), "seed " + seed);
      report.transcript().stream().filter(line -> line.startsWith("step deleter.1"))
          .forEach(line -> deleteOutcomes.add(line.split(" ")[3]));
    }
    assertTrue(deleteOutcomes.containsAll(Set.of("H_SUCCESS", "H_BUSY")), "outcomes seen: " + deleteOutcomes);
  }
}
