package org.nestsim.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nestsim.gsb.GsbCatalog;
import org.nestsim.gsb.GsbElement;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code nestsim gsb ids}: the element catalog of spec §5. */
@Command(
    name = "ids",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "List every Guest State Buffer element: ID, name, size, scope, access, type, QEMU.")
public final class GsbIdsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.printf("%-6s  %-26s %4s  %-11s  %-10s  %-15s  %s%n", "id", "name", "size", "scope", "access",
        "type", "qemu");
    for (GsbElement e : GsbCatalog.all()) {
      out.printf("%-6s  %-26s %4s  %-11s  %-10s  %-15s  %s%n", e.idHex(), e.name(),
          e.size() < 0 ? "any" : Integer.toString(e.size()), e.scope().description(),
          lower(e.access().name()), e.type().name(), lower(e.qemu().name()));
    }
    out.println("HEIR (0xf002) is 4 bytes on the L0 side, as documented; a Linux L1 expects 8 (spec §9 item 3).");
    out.flush();
    return ExitCodes.OK;
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
