package org.nestsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nestsim.cli.CliRun.nestsim;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code nestsim} itself: without arguments it runs the embedded demo and prints its summary (the same
 * trace hash every time); {@code --help} still lists the commands; bad top-level arguments are one line
 * and exit 2.
 */
class NestsimCommandTest {

  @Test
  void shouldRunTheDemoAndPrintItsSummaryWithoutArguments() {
    List<String> lines = nestsim().assertSuccess().lines().toList();
    String all = String.join("\n", lines);

    assertTrue(lines.get(0).startsWith("NestSim's demo: "), all);
    assertTrue(lines.contains("demo: 3 guests, 6 vCPUs; deterministic, seed 2024; ended: halted"), all);
    for (String label : List.of("simulated time", "L2 instructions", "exits", "L2 hcalls", "wall time")) {
      assertTrue(lines.stream().anyMatch(l -> l.startsWith(label + " ")), label + " in\n" + all);
    }
    String exits = line(lines, "exits ");
    for (String reason : List.of("HCALL 30", "HDSI 24", "HEA 6", "HDEC ")) {
      assertTrue(exits.contains(reason), exits);
    }
    assertTrue(line(lines, "L2 hcalls ").contains("H_SUCCESS 24, H_FUNCTION 6"), all);
    assertTrue(line(lines, "wall time ").matches(
        "wall time +\\d+\\.\\d\\d s, [\\d,]+ exits/s( \\(and \\d+\\.\\d\\d s to start the actor system\\))?"), all);
    for (String guest : List.of("demo.0", "demo.1", "demo.2")) {
      String console = line(lines, "  " + guest + " ");
      for (String text : List.of("0: hello\\n", "1: hello\\n", "0: SIGILL\\n", "1: SIGILL\\n", "0: bye\\n",
          "1: bye\\n")) {
        assertTrue(console.contains(text), text + " in " + console);
      }
    }
    assertTrue(line(lines, "trace-hash: ").matches("trace-hash: sha256:[0-9a-f]{64}"), all);
  }

  @Test
  void shouldPrintTheSameTraceHashOnEveryRunOfTheDemo() {
    String first = line(nestsim().assertSuccess().lines().toList(), "trace-hash: ");
    String second = line(nestsim("--quiet").assertSuccess().lines().toList(), "trace-hash: ");

    assertEquals(first, second);
  }

  @Test
  void shouldListTheCommandsWithHelp() {
    String help = nestsim("--help").assertSuccess();

    assertTrue(help.startsWith("Usage: nestsim"), help);
    for (String command : List.of("run", "replay", "gsb", "exec", "asm", "disasm")) {
      assertTrue(help.lines().anyMatch(l -> l.trim().startsWith(command + " ")), command + " in\n" + help);
    }
  }

  private static String line(List<String> lines, String prefix) {
    return lines.stream().filter(l -> l.startsWith(prefix)).findFirst()
        .orElseThrow(() -> new AssertionError("no line starting with '" + prefix + "' in\n"
            + String.join("\n", lines)));
  }

  @Test
  void shouldExitTwoWithOneLineForGsbWithoutASubcommand() {
    assertEquals("gsb: missing subcommand: decode, encode or ids (see 'nestsim gsb --help')",
        nestsim("gsb").assertOneLineFailure(ExitCodes.USAGE));
  }

  @Test
  void shouldExitTwoWithOneLineForAnUnknownGsbSubcommand() {
    String line = nestsim("gsb", "decoed", "--hex", "00000000").assertOneLineFailure(ExitCodes.USAGE);

    assertTrue(line.startsWith("gsb: "), line);
    assertTrue(line.contains("decoed"), line);
  }

  @Test
  void shouldExitTwoWithOneLineForAnUnknownTopLevelOption() {
    assertEquals("nestsim: Unknown option: '--frobnicate' (see 'nestsim --help')",
        nestsim("--frobnicate").assertOneLineFailure(ExitCodes.USAGE));
  }

  @Test
  void shouldExitTwoWithOneLineForAnUnknownCommand() {
    String line = nestsim("simulate").assertOneLineFailure(ExitCodes.USAGE);

    assertTrue(line.startsWith("nestsim: "), line);
    assertTrue(line.contains("'simulate'"), line);
  }

  @Test
  void shouldPrintHelpForGsbAndExitZero() {
    String help = nestsim("gsb", "--help").assertSuccess();

    assertTrue(help.startsWith("Usage: nestsim gsb"), help);
    for (String sub : List.of("decode", "encode", "ids")) {
      assertTrue(help.lines().anyMatch(l -> l.trim().startsWith(sub + " ")), sub + " in\n" + help);
    }
  }
}
