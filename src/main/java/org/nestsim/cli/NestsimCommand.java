package org.nestsim.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.nestsim.gsb.GsbRequest;
import org.nestsim.gsb.GsbSnapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code nestsim}: without a subcommand it runs the main job on its embedded default. Until the
 * simulation exists that job is to show the usage and decode an embedded sample Guest State Buffer
 * (the output buffer of an HDSI exit, spec §8.8).
 */
@Command(
    name = "nestsim",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "A simulator of the PAPR nested virtualization v2 API (KVM on PowerVM).",
    subcommands = {RunCommand.class, GsbCommand.class, ExecCommand.class, AsmCommand.class, DisasmCommand.class})
public final class NestsimCommand implements Callable<Integer> {
  /** The embedded sample, a classpath resource of hex text. */
  static final String SAMPLE_RESOURCE = "sample-hdsi-output.hex";

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    spec.commandLine().usage(out);
    out.println();
    out.println("Sample: the output buffer an L0 writes after an HDSI exit (spec §8.8),");
    out.println("decoded as 'nestsim gsb decode --hex ...' would:");
    out.println();
    GsbSnapshot sample = GsbSnapshot.fromHex(sampleHex());
    GsbDecodeCommand.printTable(out, sample.reader(), sample.validate(GsbRequest.DECODE), sample.length());
    return ExitCodes.OK;
  }

  static String sampleHex() {
    try (InputStream in = NestsimCommand.class.getResourceAsStream(SAMPLE_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + SAMPLE_RESOURCE + " missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII).replaceAll("#[^\n]*", "");
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + SAMPLE_RESOURCE, e);
    }
  }
}
