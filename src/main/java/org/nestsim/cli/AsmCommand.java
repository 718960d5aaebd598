package org.nestsim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nestsim.cpu.asm.AsmException;
import org.nestsim.cpu.asm.Assembler;
import org.nestsim.cpu.asm.Assembly;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nestsim asm FILE.s}: assembles Power ISA source (GNU as syntax, docs/ISA.md) and prints the
 * image, or writes it with {@code -o}. A source error prints {@code FILE:LINE:COL: reason} and exits 2.
 */
@Command(
    name = "asm",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Assemble Power ISA source (GNU as syntax, see docs/ISA.md) into an image at --origin.",
      "Prints one line per 4-byte word, ADDRESS: WORD in hex (WORD as the CPU reads it, so the same for "
          + "both byte orders; a trailing partial word is printed as its bytes). --hex prints the image as "
          + "one hex string of bytes in memory order, which 'nestsim disasm --hex' reads back; -o writes "
          + "the raw bytes. A source error prints FILE:LINE:COL: MESSAGE and exits 2."
    })
public final class AsmCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE.s", description = "The source file, or - for stdin.")
  String file;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the raw image bytes to FILE.")
  Path output;

  @Option(names = "--le", description = "Little-endian instructions and data (default: big-endian).")
  boolean littleEndian;

  @Option(names = "--origin", paramLabel = "ADDR", defaultValue = "0",
      description = "Address of the first byte, decimal or 0x hex, a multiple of 4 "
          + "(default: ${DEFAULT-VALUE}).")
  String origin;

  @Option(names = "--hex", description = "Print the image as one hex string of bytes in memory order.")
  boolean hex;

  @Option(names = "--labels", description = "Also print every label as NAME = 0xADDRESS, in source order.")
  boolean labels;

  @Override
  public Integer call() {
    long base = address("--origin", origin);
    String source = read();
    String name = file.equals("-") ? "<stdin>" : file;
    Assembly image;
    try {
      image = Assembler.assemble(source, name, base,
          littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    } catch (AsmException e) {
      spec.commandLine().getErr().println(e.getMessage());
      spec.commandLine().getErr().flush();
      return ExitCodes.USAGE;
    }
    PrintWriter out = spec.commandLine().getOut();
    if (output != null) {
      try {
        Files.write(output, image.bytes());
      } catch (IOException e) {
        throw CliFailure.usage("cannot write " + output + ": " + e.getMessage());
      }
    } else if (hex) {
      out.println(HexFormat.of().formatHex(image.bytes()));
    } else {
      printWords(out, image);
    }
    if (labels) {
      for (Map.Entry<String, Long> l : image.labels().entrySet()) {
        out.printf("%s = 0x%x%n", l.getKey(), l.getValue());
      }
    }
    out.flush();
    return ExitCodes.OK;
  }

  private static void printWords(PrintWriter out, Assembly image) {
    byte[] bytes = image.bytes();
    int whole = bytes.length / 4 * 4;
    for (int i = 0; i < whole; i += 4) {
      out.printf("%08x: %08x%n", image.origin() + i, image.word(image.origin() + i));
    }
    if (whole < bytes.length) {
      out.printf("%08x: %s%n", image.origin() + whole,
          HexFormat.of().formatHex(bytes, whole, bytes.length));
    }
  }

  private String read() {
    try {
      byte[] bytes = file.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(file));
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw CliFailure.usage("no such file: " + file);
    } catch (IOException e) {
      throw CliFailure.usage("cannot read " + file + ": " + e.getMessage());
    }
  }

  /** An address option: decimal or 0x hex (up to 64 bits), a multiple of 4. */
  static long address(String option, String text) {
    String t = text.trim().replace("_", "");
    long value;
    if (t.startsWith("-")) {
      throw CliFailure.usage(option + " '" + text + "' must not be negative");
    }
    try {
      value = t.startsWith("0x") || t.startsWith("0X") ? Long.parseUnsignedLong(t.substring(2), 16)
          : Long.parseLong(t);
    } catch (NumberFormatException e) {
      throw CliFailure.usage(option + " '" + text + "' is not a number (decimal or 0x hex)");
    }
    if ((value & 3) != 0) {
      throw CliFailure.usage(option + " 0x" + Long.toHexString(value) + " is not a multiple of 4");
    }
    return value;
  }
}
