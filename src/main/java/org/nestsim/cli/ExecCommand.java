package org.nestsim.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import org.nestsim.cpu.Interpreter;
import org.nestsim.cpu.Msr;
import org.nestsim.cpu.VcpuState;
import org.nestsim.cpu.asm.AsmException;
import org.nestsim.cpu.asm.Assembler;
import org.nestsim.gsb.GsbValueFormat;
import org.nestsim.gsb.GsbValueParser;
import org.nestsim.hcall.ExitReason;
import org.nestsim.memory.SparseMemory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nestsim exec}: runs a program on one bare L2 vCPU — flat memory mapped 1:1, relocation off,
 * no HDEC deadline, MSR = SF (+LE) so the decrementer stays masked — until its first exit or an
 * instruction limit, and prints the exit and the registers.
 */
@Command(
    name = "exec",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Run a program (assembly source FILE.s, or raw instruction bytes) on one bare L2 vCPU until its "
          + "first exit or the instruction limit, and print the exit and the registers.",
      "Memory is flat (guest real = L1 real addresses), relocation is off, GPRs start at 0, MSR = SF "
          + "(plus LE with --le), and there is no HDEC deadline."
    })
public final class ExecCommand implements Callable<Integer> {
  /** The largest flat memory: the L1 memory model's limit (2^52 bytes). */
  private static final long MAX_MEMORY = 1L << 52;

  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print the result as one JSON object.")
  boolean json;

  @Option(names = "--max-instructions", paramLabel = "N", defaultValue = "10000000",
      description = "Stop after N instructions (default ${DEFAULT-VALUE}); the exit is then LIMIT.")
  long maxInstructions;

  @Option(names = "--memory", paramLabel = "SIZE", defaultValue = "16M",
      description = "Size of the flat memory (default ${DEFAULT-VALUE}; K/M/G suffixes).")
  String memorySize;

  @Option(names = "--load", paramLabel = "ADDR", defaultValue = "0",
      description = "Address the program is loaded at (default ${DEFAULT-VALUE}).")
  String load;

  @Option(names = "--entry", paramLabel = "ADDR",
      description = "Initial NIA (default: the load address).")
  String entry;

  @Option(names = "--le", description = "Run little-endian (MSR[LE]=1); a .s file is assembled so.")
  boolean littleEndian;

  @Parameters(paramLabel = "FILE", description = "FILE.s (assembled by NestSim) or raw bytes (any other name).")
  Path file;

  @Override
  public Integer call() {
    long size = number("--memory", memorySize);
    long loadAddress = number("--load", load);
    long entryAddress = entry == null ? loadAddress : number("--entry", entry);
    if (size <= 0 || (size & 0xFFF) != 0 || size > MAX_MEMORY) {
      throw CliFailure.usage("--memory must be a positive multiple of 4K up to 4P, got " + memorySize);
    }
    if (maxInstructions < 0) {
      throw CliFailure.usage("--max-instructions must not be negative");
    }
    if ((loadAddress & 3) != 0 || (entryAddress & 3) != 0) {
      throw CliFailure.usage("--load and --entry must be multiples of 4 (instructions are words)");
    }
    byte[] image = image(loadAddress);
    if (loadAddress < 0 || loadAddress > size - image.length) {
      throw CliFailure.usage("the program (" + image.length + " bytes at 0x" + Long.toHexString(loadAddress)
          + ") does not fit in " + size + " bytes of memory");
    }
    SparseMemory memory = new SparseMemory(size);
    memory.write(loadAddress, image, 0, image.length);
    VcpuState state = new VcpuState();
    state.nia = entryAddress;
    state.msr = Msr.SF | (littleEndian ? Msr.LE : 0);
    state.reg[VcpuState.R_HDEC_EXPIRY_TB] = -1L;
    state.reg[VcpuState.R_DEC_EXPIRY_TB] = 0x7FFF_FFFFL;
    Interpreter cpu = new Interpreter(state, memory, 1);
    cpu.setFlatMemory();

    int vector = Interpreter.SLICE_OVER;
    while (state.instructions < maxInstructions) {
      long left = maxInstructions - state.instructions;
      vector = cpu.runSlice((int) Math.min(left, 1 << 20), Long.MAX_VALUE);
      if (vector != Interpreter.SLICE_OVER) {
        break;
      }
    }
    print(state, vector);
    return ExitCodes.OK;
  }

  private static long number(String option, String text) {
    try {
      return GsbValueParser.parseInteger(text);
    } catch (IllegalArgumentException e) {
      throw CliFailure.usage(option + ": " + e.getMessage());
    }
  }

  private byte[] image(long origin) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw CliFailure.usage("cannot read " + file + ": " + CliFailure.describe(e));
    }
    if (!file.toString().endsWith(".s")) {
      return bytes;
    }
    try {
      return Assembler.assemble(new String(bytes, StandardCharsets.UTF_8), file.toString(), origin,
          littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN).bytes();
    } catch (AsmException e) {
      throw new CliFailure(ExitCodes.USAGE, e.getMessage());
    }
  }

  private void print(VcpuState s, int vector) {
    PrintWriter out = spec.commandLine().getOut();
    String exit = vector == Interpreter.SLICE_OVER ? "LIMIT"
        : ExitReason.fromVector(vector).map(Enum::name).orElse("0x" + Integer.toHexString(vector));
    String vectorText = vector == Interpreter.SLICE_OVER ? null : String.format("0x%03x", vector);
    if (json) {
      printJson(out, s, exit, vectorText);
    } else {
      out.printf("exit %s%s after %d instructions%n", exit, vectorText == null ? "" : " (" + vectorText + ")",
          s.instructions);
      out.printf("nia %s  msr %s  cr %s%n", hex64(s.nia), hex64(s.msr), hex32(s.cr));
      out.printf("lr  %s  ctr %s  xer %s%n", hex64(s.lr), hex64(s.ctr), hex64(s.xer()));
      for (int i = 0; i < 32; i += 4) {
        out.printf("r%-2d %s  r%-2d %s  r%-2d %s  r%-2d %s%n", i, hex64(s.gpr[i]), i + 1, hex64(s.gpr[i + 1]),
            i + 2, hex64(s.gpr[i + 2]), i + 3, hex64(s.gpr[i + 3]));
      }
    }
    out.flush();
  }

  /**
   * Exactly {@code {"exit":"HCALL","vector":"0xc00","instructions":N,"nia":"0x…","msr":"0x…","cr":"0x…",
   * "xer":"0x…","lr":"0x…","ctr":"0x…","gpr":[…32 values]}}.
   */
  private static void printJson(PrintWriter out, VcpuState s, String exit, String vector) {
    try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
      g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
      g.writeStartObject();
      g.writeStringField("exit", exit);
      g.writeStringField("vector", vector);
      g.writeNumberField("instructions", s.instructions);
      g.writeStringField("nia", hex64(s.nia));
      g.writeStringField("msr", hex64(s.msr));
      g.writeStringField("cr", hex32(s.cr));
      g.writeStringField("xer", hex64(s.xer()));
      g.writeStringField("lr", hex64(s.lr));
      g.writeStringField("ctr", hex64(s.ctr));
      g.writeArrayFieldStart("gpr");
      for (long r : s.gpr) {
        g.writeString(hex64(r));
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.println();
  }

  private static String hex64(long v) {
    return GsbValueFormat.hex64(v);
  }

  private static String hex32(int v) {
    return "0x" + HexFormat.of().toHexDigits(v);
  }
}
