package org.nestsim.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import org.nestsim.gsb.GsbCatalog;
import org.nestsim.gsb.GsbElement;
import org.nestsim.gsb.GsbLayout;
import org.nestsim.gsb.GsbValueParser;
import org.nestsim.gsb.GsbWriter;
import org.nestsim.scenario.Suggestions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nestsim gsb encode NAME=VALUE ...}: builds a Guest State Buffer and prints its hex. */
@Command(
    name = "encode",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Build a Guest State Buffer from NAME=VALUE pairs, in the order given, and print it as hex.",
      "NAME is an element name (GPR3, NIA, RUN_INPUT; case-insensitive) or an ID (0x1003). VALUE is an "
          + "integer (decimal or 0x hex, K/M/G suffixes) for registers and VSRs, ADDRESS,EA_BITS,ROOT_SIZE "
          + "for PARTITION_TABLE, ADDRESS,SIZE for PROCESS_TABLE, RUN_INPUT and RUN_OUTPUT, hex bytes for "
          + "BLANK."
    })
public final class GsbEncodeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the raw bytes to FILE.")
  Path output;

  @Parameters(arity = "0..*", paramLabel = "NAME=VALUE", description = "The elements, in order.")
  List<String> elements = List.of();

  @Override
  public Integer call() {
    int capacity = GsbLayout.HEADER_LENGTH;
    byte[][] values = new byte[elements.size()][];
    int[] ids = new int[elements.size()];
    for (int i = 0; i < elements.size(); i++) {
      String arg = elements.get(i);
      int eq = arg.indexOf('=');
      if (eq < 0) {
        throw CliFailure.usage("'" + arg + "' is not NAME=VALUE");
      }
      GsbElement e = element(arg.substring(0, eq));
      try {
        values[i] = GsbValueParser.parse(e, arg.substring(eq + 1));
      } catch (IllegalArgumentException ex) {
        throw CliFailure.usage(e.name() + ": " + ex.getMessage());
      }
      ids[i] = e.id();
      capacity += GsbLayout.elementLength(values[i].length);
    }
    ByteBuffer buffer = ByteBuffer.allocate(capacity);
    GsbWriter writer = new GsbWriter().wrap(buffer, 0, capacity);
    for (int i = 0; i < ids.length; i++) {
      writer.putRaw(ids[i], values[i]);
    }
    if (output != null) {
      try {
        Files.write(output, buffer.array());
      } catch (IOException ex) {
        throw CliFailure.usage("cannot write " + output + ": " + CliFailure.describe(ex));
      }
    } else {
      spec.commandLine().getOut().println(HexFormat.of().formatHex(buffer.array()));
      spec.commandLine().getOut().flush();
    }
    return ExitCodes.OK;
  }

  private static GsbElement element(String name) {
    String n = name.trim();
    if (n.startsWith("0x") || n.startsWith("0X")) {
      try {
        int id = Integer.parseInt(n.substring(2), 16);
        if (id >= 0 && id <= 0xFFFF && GsbCatalog.isKnown(id)) {
          return GsbCatalog.byId(id);
        }
      } catch (NumberFormatException ignored) {
        // reported below
      }
      throw CliFailure.usage("unknown element ID " + n);
    }
    return GsbCatalog.byName(n).orElseThrow(() -> CliFailure.usage("unknown element '" + n + "'"
        + Suggestions.closest(n, GsbCatalog.all().stream().map(GsbElement::name).toList())
            .map(s -> " (did you mean " + s + "?)").orElse("")));
  }
}
