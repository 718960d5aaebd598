package org.nestsim.scenario;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded fuzzing of the loader: valid files with a few characters or lines deleted, duplicated or
 * replaced must load or fail with problems that all read {@code FILE:LINE:COL: message}; any other
 * exception is a loader bug. A failure names the iteration's seed; {@code -Dnestsim.fuzz.replay=SEED}
 * runs that one input alone, {@code -Dnestsim.fuzz.seed=S} changes the whole run.
 */
class ScenarioFuzzTest {
  private static final long SEED = Long.getLong("nestsim.fuzz.seed", 0x5CE7A210L);
  private static final int ITERATIONS = Integer.getInteger("nestsim.fuzz.iterations", 4000);
  private static final Pattern PROBLEM = Pattern.compile("^[^:]+:\\d+:\\d+: .+");
  /** Characters that matter to YAML and to the loader's value syntax. */
  private static final String ALPHABET = ":-[]{},#&*!|>'\"\n\t $0x1K9GaZ_.?%@`\\/";

  private static final String PROGRAM_FILE = """
      name: from-files
      guests:
        - name: a
          memory: 1M
          program-file: programs/hello.s
        - name: b
          memory: 1M
          program-file: programs/bad.s
      """;

  @TempDir
  Path dir;

  private List<String> bases;

  @BeforeEach
  void writePrograms() throws IOException {
    Files.createDirectories(dir.resolve("programs"));
    Files.writeString(dir.resolve("programs/hello.s"), ".org 0x100\nli 3,1\nsc 1\n");
    Files.writeString(dir.resolve("programs/bad.s"), "nop\n");
    bases = List.of(ScenarioExamples.TOP_LEVEL, ScenarioExamples.GUESTS, ScenarioExamples.SCRIPT,
        ScenarioExamples.THREADS, PROGRAM_FILE);
  }

  @Test
  void shouldLoadEveryUnmutatedBase() {
    for (String base : bases) {
      assertDoesNotThrow(() -> ScenarioLoader.parse("fuzz.yaml", base, dir), base);
    }
  }

  @Test
  void shouldGiveAScenarioOrLocatedProblemsForEveryMutation() {
    Long replay = Long.getLong("nestsim.fuzz.replay");
    SplittableRandom master = new SplittableRandom(SEED);
    int loaded = 0;
    int rejected = 0;
    int n = replay != null ? 1 : ITERATIONS;
    for (int i = 0; i < n; i++) {
      long seed = replay != null ? replay : master.nextLong();
      SplittableRandom random = new SplittableRandom(seed);
      String text = mutate(bases.get(random.nextInt(bases.size())), random);
      try {
        ScenarioLoader.parse("fuzz.yaml", text, dir);
        loaded++;
      } catch (ScenarioException e) {
        rejected++;
        assertTrue(!e.problems().isEmpty(), () -> report(seed, text, "no problems"));
        for (String p : e.problems()) {
          assertTrue(PROBLEM.matcher(p).matches(), () -> report(seed, text, "badly formed problem: " + p));
        }
      } catch (Throwable t) {
        fail(report(seed, text, t.toString()), t);
      }
    }
    if (replay == null) {
      int l = loaded;
      int r = rejected;
      assertTrue(l > n / 20 && r > n / 4, () -> "mutations too mild or too harsh: " + l + " loaded, " + r
          + " rejected");
    }
  }

  private static String report(long seed, String text, String what) {
    return "seed " + seed + " (rerun with -Dnestsim.fuzz.replay=" + seed + "): " + what + "\n--- input ---\n"
        + text;
  }

  /** One to three edits: a character or a line deleted, duplicated, replaced or inserted. */
  static String mutate(String text, SplittableRandom random) {
    StringBuilder b = new StringBuilder(text);
    int edits = 1 + random.nextInt(3);
    for (int e = 0; e < edits && b.length() > 0; e++) {
      int at = random.nextInt(b.length());
      char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
      switch (random.nextInt(6)) {
        case 0 -> b.deleteCharAt(at);
        case 1 -> b.insert(at, b.charAt(at));
        case 2 -> b.setCharAt(at, c);
        case 3 -> b.insert(at, c);
        case 4 -> {
          List<String> lines = new ArrayList<>(Arrays.asList(b.toString().split("\n", -1)));
          lines.remove(random.nextInt(lines.size()));
          b = new StringBuilder(String.join("\n", lines));
        }
        default -> {
          List<String> lines = new ArrayList<>(Arrays.asList(b.toString().split("\n", -1)));
          int line = random.nextInt(lines.size());
          lines.add(random.nextInt(lines.size() + 1), lines.get(line));
          b = new StringBuilder(String.join("\n", lines));
        }
      }
    }
    return b.toString();
  }
}
