package org.nestsim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import org.nestsim.cpu.asm.Disassembler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nestsim disasm}: prints an image of Power ISA instructions as GNU objdump does. */
@Command(
    name = "disasm",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Disassemble Power ISA instructions as GNU objdump -d prints them: ADDRESS: BYTES TEXT per word.",
      "Words outside the supported subset (docs/ISA.md) print as .long 0x...; branch targets are "
          + "absolute addresses from --origin."
    })
public final class DisasmCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--hex", paramLabel = "HEX",
      description = "The image as hex digits in memory order; spaces, newlines and '|' are ignored.")
  String hex;

  @Parameters(arity = "0..1", paramLabel = "FILE", description = "A file of raw bytes, or - for stdin.")
  String file;

  @Option(names = "--le", description = "Little-endian instructions (default: big-endian).")
  boolean littleEndian;

  @Option(names = "--origin", paramLabel = "ADDR", defaultValue = "0",
      description = "Address of the first byte, decimal or 0x hex, a multiple of 4 "
          + "(default: ${DEFAULT-VALUE}).")
  String origin;

  @Override
  public Integer call() {
    long base = AsmCommand.address("--origin", origin);
    byte[] bytes = input();
    PrintWriter out = spec.commandLine().getOut();
    for (String line : Disassembler.listing(bytes, base,
        littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN)) {
      out.println(line);
    }
    out.flush();
    return ExitCodes.OK;
  }

  private byte[] input() {
    if ((hex == null) == (file == null)) {
      throw CliFailure.usage("give the image as --hex HEX, a FILE, or - for stdin (exactly one)");
    }
    if (hex != null) {
      String digits = hex.replaceAll("[\\s|]+", "");
      if (digits.startsWith("0x") || digits.startsWith("0X")) {
        digits = digits.substring(2);
      }
      if (digits.length() % 2 != 0) {
        throw CliFailure.usage("--hex has an odd number of hex digits (" + digits.length() + ")");
      }
      for (int i = 0; i < digits.length(); i++) {
        if (Character.digit(digits.charAt(i), 16) < 0) {
          throw CliFailure.usage("--hex is not hex: '" + digits.charAt(i) + "' at digit " + (i + 1));
        }
      }
      return HexFormat.of().parseHex(digits);
    }
    try {
      return file.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(file));
    } catch (NoSuchFileException e) {
      throw CliFailure.usage("no such file: " + file);
    } catch (IOException e) {
      throw CliFailure.usage("cannot read " + file + ": " + e.getMessage());
    }
  }
}
