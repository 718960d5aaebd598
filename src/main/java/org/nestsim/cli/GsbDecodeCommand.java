package org.nestsim.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import org.nestsim.gsb.GsbElement;
import org.nestsim.gsb.GsbFormatException;
import org.nestsim.gsb.GsbReader;
import org.nestsim.gsb.GsbRequest;
import org.nestsim.gsb.GsbValidator;
import org.nestsim.gsb.GsbValueFormat;
import org.nestsim.gsb.Scope;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nestsim gsb decode}: checks a Guest State Buffer and prints one row per element, or the first
 * malformation as {@code gsb: element 3 at offset 0x1c: size 4, GPR3 needs 8 (H_INVALID_ELEMENT_SIZE)}
 * with exit 1.
 */
@Command(
    name = "decode",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Decode a Guest State Buffer and print one row per element.",
      "A malformed buffer prints the bad element's index, byte offset, reason and PAPR return code "
          + "and exits 1."
    })
public final class GsbDecodeCommand implements Callable<Integer> {

  /** The L0's rules a buffer can be checked against. */
  enum Check {
    /** Structure, IDs, sizes (and the scope, if given). */
    none,
    /** As H_GUEST_GET_STATE would: read-only elements allowed. */
    get,
    /** As H_GUEST_SET_STATE would: no read-only elements, values checked. */
    set,
    /** As the H_GUEST_RUN_VCPU input buffer: thread-wide SET rules, errors report offsets. */
    run
  }

  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print JSON: {\"count\":N,\"elements\":[{\"index\":0,\"id\":"
      + "\"0x1000\",\"name\":\"GPR0\",\"size\":8,\"value\":\"0x…\"}, …]}.")
  boolean json;

  /** The scopes a request can name (BLANK's "any" is not one). */
  enum ScopeOption {
    thread(Scope.THREAD),
    guest(Scope.GUEST),
    host(Scope.HOST);

    final Scope scope;

    ScopeOption(Scope scope) {
      this.scope = scope;
    }
  }

  @Option(names = "--scope", paramLabel = "thread|guest|host",
      description = "Require every element to have this scope (default: no scope check).")
  ScopeOption scopeOption;

  @Option(names = "--check", paramLabel = "none|get|set|run", defaultValue = "none",
      description = "Also apply the L0's rules for this request (default: ${DEFAULT-VALUE}); get and set "
          + "use --scope, default thread.")
  Check check;

  @Option(names = "--hex", paramLabel = "HEX",
      description = "The buffer as hex digits; spaces, newlines and '|' are ignored.")
  String hex;

  @Parameters(arity = "0..1", paramLabel = "FILE", description = "A file of raw bytes, or - for stdin.")
  String file;

  @Override
  public Integer call() {
    byte[] bytes = input();
    GsbRequest request = request();
    GsbReader reader = new GsbReader();
    int count;
    try {
      reader.wrap(ByteBuffer.wrap(bytes), 0, bytes.length);
      count = GsbValidator.validate(reader, request);
    } catch (GsbFormatException e) {
      spec.commandLine().getErr().println("gsb: " + e.getMessage());
      return ExitCodes.FAILED;
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      printJson(out, reader, count);
    } else {
      printTable(out, reader, count, bytes.length);
    }
    return ExitCodes.OK;
  }

  private GsbRequest request() {
    Scope scope = scopeOption != null ? scopeOption.scope : null;
    Scope s = scope != null ? scope : Scope.THREAD;
    return switch (check) {
      case none -> scope != null ? GsbRequest.decode(scope) : GsbRequest.DECODE;
      case get -> GsbRequest.getState(s);
      case set -> GsbRequest.setState(s);
      case run -> {
        if (scope != null && scope != Scope.THREAD) {
          throw CliFailure.usage("--check run holds thread-wide elements only");
        }
        yield GsbRequest.RUN_INPUT;
      }
    };
  }

  private byte[] input() {
    if ((hex == null) == (file == null)) {
      throw CliFailure.usage("give the buffer as --hex HEX, a FILE, or - for stdin (exactly one)");
    }
    if (hex != null) {
      // Each group may carry its own 0x, as bytes copied from a dump often do.
      String digits = hex.replaceAll("(^|[\\s|])0[xX]", "$1").replaceAll("[\\s|]+", "");
      if (digits.length() % 2 != 0) {
        throw CliFailure.usage("--hex has an odd number of hex digits (" + digits.length() + ")");
      }
      try {
        return HexFormat.of().parseHex(digits);
      } catch (IllegalArgumentException e) {
        throw CliFailure.usage("--hex is not hex: " + firstNonHex(digits));
      }
    }
    try {
      return file.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(file));
    } catch (NoSuchFileException e) {
      throw CliFailure.usage("no such file: " + file);
    } catch (IOException e) {
      throw CliFailure.usage("cannot read " + file + ": " + CliFailure.describe(e));
    }
  }

  private static String firstNonHex(String digits) {
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
        return "'" + digits.charAt(i) + "' at digit " + (i + 1);
      }
    }
    return digits;
  }

  /** One row per element: index, ID, name, size, value. */
  static void printTable(PrintWriter out, GsbReader reader, int count, int length) {
    reader.rewind();
    int used = usedLength(reader);
    out.printf("%d element%s, %d bytes used of %d%n", count, count == 1 ? "" : "s", used, length);
    if (count > 0) {
      out.printf("%5s  %-6s  %-26s %4s  %s%n", "index", "id", "name", "size", "value");
    }
    reader.rewind();
    while (reader.next()) {
      String name = reader.element() != null ? reader.element().name() : "?";
      out.printf("%5d  %-6s  %-26s %4d  %s%n", reader.index(),
          GsbElement.hex(reader.id()), name, reader.size(), GsbValueFormat.describe(reader));
    }
    out.flush();
  }

  private static int usedLength(GsbReader reader) {
    int end = 4;
    while (reader.next()) {
      end = reader.endOffset();
    }
    return end;
  }

  /** Exactly {@code {"count":N,"elements":[{"index":0,"id":"0x1000","name":"GPR0","size":8,"value":"0x…"}]}}. */
  static void printJson(PrintWriter out, GsbReader reader, int count) {
    try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
      g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
      g.writeStartObject();
      g.writeNumberField("count", count);
      g.writeArrayFieldStart("elements");
      reader.rewind();
      while (reader.next()) {
        g.writeStartObject();
        g.writeNumberField("index", reader.index());
        g.writeStringField("id", GsbElement.hex(reader.id()));
        g.writeStringField("name", reader.element() != null ? reader.element().name() : null);
        g.writeNumberField("size", reader.size());
        g.writeStringField("value", GsbValueFormat.rawHex(reader));
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.println();
    out.flush();
  }
}
