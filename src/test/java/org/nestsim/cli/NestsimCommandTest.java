package org.nestsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nestsim.cli.CliRun.nestsim;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code nestsim} itself: without arguments it prints the usage and decodes the embedded sample, the
 * output buffer of an HDSI exit (spec §8.8); bad top-level arguments are one line and exit 2.
 */
class NestsimCommandTest {

  @Test
  void shouldPrintTheUsageAndDecodeTheSampleWithoutArguments() {
    List<String> lines = nestsim().assertSuccess().lines().toList();

    assertTrue(lines.get(0).startsWith("Usage: nestsim"), lines.get(0));
    assertTrue(lines.stream().anyMatch(l -> l.trim().startsWith("gsb ")), "lists the gsb command");
    int summary = lines.indexOf("5 elements, 60 bytes used of 60");
    assertTrue(summary > 0, String.join("\n", lines));
    assertEquals(List.of(
            List.of("index", "id", "name", "size", "value"),
            List.of("0", "0xf000", "HDAR", "8", "0x0000000000002000"),
            List.of("1", "0xf001", "HDSISR", "4", "0x42000000"),
            List.of("2", "0xf003", "ASDR", "8", "0x0000000000002000"),
            List.of("3", "0x1021", "NIA", "8", "0x000000000000010c"),
            List.of("4", "0x1022", "MSR", "8", "0x8000000000000000")),
        lines.subList(summary + 1, lines.size()).stream()
            .map(l -> List.of(l.trim().split("\\s+"))).toList());
  }

  @Test
  void shouldDecodeTheSampleAsGsbDecodeWould() {
    List<String> lines = nestsim().assertSuccess().lines().toList();
    String decoded = nestsim("gsb", "decode", "--hex", NestsimCommand.sampleHex()).assertSuccess();

    List<String> sample = lines.subList(lines.indexOf("5 elements, 60 bytes used of 60"), lines.size());
    assertEquals(decoded.lines().toList(), sample);
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
