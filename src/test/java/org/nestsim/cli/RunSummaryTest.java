package org.nestsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nestsim.cli.CliRun.nestsim;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The summary of {@code nestsim run --summary} (and of the demo): its parts, console escaping and
 * cutting, tallies most frequent first; and the progress line, which appears only after its delay and
 * is erased at the end.
 */
class RunSummaryTest {

  @Test
  void shouldPrintASummaryOfAKvmRunWithRunSummary() {
    List<String> lines = nestsim("run", "--summary", "sim-scenarios/hello-console.yaml").assertSuccess()
        .lines().toList();

    assertEquals("ok sim-scenarios/hello-console.yaml", lines.get(0));
    assertEquals("hello-console: 2 guests, 2 vCPUs; deterministic, seed 1; ended: halted", lines.get(1));
    assertTrue(lines.contains("exits            6: HCALL 4, HISI 2"), String.join("\n", lines));
    assertTrue(lines.contains("L2 hcalls        4: H_SUCCESS 4"), String.join("\n", lines));
    assertTrue(lines.contains("  web.0          \"hi\\n\""), String.join("\n", lines));
    assertTrue(lines.contains("  web.1          \"hi\\n\""), String.join("\n", lines));
    assertTrue(lines.stream().anyMatch(l -> l.matches("trace-hash: sha256:[0-9a-f]{64}")), String.join("\n", lines));
    assertTrue(lines.stream().noneMatch(l -> l.startsWith("sim-scenarios/hello-console.yaml: trace-hash")),
        "the summary's hash replaces the FILE: trace-hash line");
  }

  @Test
  void shouldEscapeConsoleTextAndCutItWhenLong() {
    assertEquals("\"a\\\"b\\\\c\\n\\t\\r\\x00\\x7f é\"", RunSummary.quote("a\"b\\c\n\t\r\u0000\u007f é"));
    String cut = RunSummary.quote("x".repeat(1000));
    assertTrue(cut.startsWith("\"" + "x".repeat(RunSummary.CONSOLE_LIMIT)), cut);
    assertTrue(cut.endsWith("\"… (1,000 characters in all)"), cut);
  }

  @Test
  void shouldTallyMostFrequentFirstThenByName() {
    assertEquals("1,006: HDEC 1,000, HCALL 3, HDSI 3", RunSummary.tally(1006,
        Map.of("HDSI", 3L, "HDEC", 1000L, "HCALL", 3L)));
    assertEquals("0", RunSummary.tally(0, Map.of()));
  }

  @Test
  void shouldShowProgressOnlyAfterItsDelayAndEraseIt() throws Exception {
    StringWriter text = new StringWriter();
    PrintWriter err = new PrintWriter(text);
    AtomicLong events = new AtomicLong(1234);

    try (Progress p = Progress.start(err, "demo", events::get, Duration.ofHours(1), Duration.ofMillis(5))) {
      Thread.sleep(50);
    }
    assertEquals("", text.toString(), "nothing before the delay");

    try (Progress p = Progress.start(err, "demo", events::get, Duration.ZERO, Duration.ofMillis(5))) {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!text.toString().contains("1,234 trace events") && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
    }
    String shown = text.toString();
    assertTrue(shown.startsWith("\rnestsim: demo: 0 s, 1,234 trace events ..."), shown);
    assertTrue(shown.endsWith("\r"), "erased at the end: " + shown);
  }

  @Test
  void shouldShowNothingWhenQuietOrNotOnATerminal() throws Exception {
    StringWriter text = new StringWriter();
    try (Progress p = Progress.start(new PrintWriter(text), "demo", () -> 1, true)) {
      Thread.sleep(10);
    }
    assertEquals("", text.toString());
  }
}
