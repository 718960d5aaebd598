package org.nestsim.scenario;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every script of sim-scenarios/conformance — one file per hcall behaviour of spec §2 and profile —
 * runs and passes, as {@code nestsim run} would report it. One run session serves all files (the
 * deterministic actor system is made once), so the suite stays fast.
 */
class ConformanceScenariosTest {
  static final Path DIR = Path.of("sim-scenarios/conformance");
  static final RunSession SESSION = new RunSession();

  @AfterAll
  static void close() {
    SESSION.close();
  }

  static Stream<Path> files() throws IOException {
    try (Stream<Path> listing = Files.list(DIR)) {
      List<Path> yaml = listing.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
      assertFalse(yaml.isEmpty(), "no scenario in " + DIR.toAbsolutePath());
      return yaml.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void shouldPass(Path file) throws Exception {
    RunReport report = SESSION.run(ScenarioLoader.load(file));
    assertTrue(report.failures().isEmpty(), () -> file + " failed:\n" + String.join("\n", report.failures()));
  }
}
