package org.nestsim.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code nestsim gsb}: tools for Guest State Buffers taken from a real system. */
@Command(
    name = "gsb",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Decode, encode and list Guest State Buffer elements.",
    subcommands = {GsbDecodeCommand.class, GsbEncodeCommand.class, GsbIdsCommand.class})
public final class GsbCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing subcommand: decode, encode or ids");
  }
}
