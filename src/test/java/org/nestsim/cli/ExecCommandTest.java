package org.nestsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nestsim.cli.CliRun.nestsim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nestsim exec}: one bare vCPU, its exit and its registers, exactly as the issue specifies. */
class ExecCommandTest {
  @TempDir Path dir;

  private Path source(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  private static String gprs(long... values) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < 32; i++) {
      long v = i < values.length ? values[i] : 0;
      sb.append(i == 0 ? "" : ",").append(String.format("\"0x%016x\"", v));
    }
    return sb.append(']').toString();
  }

  @Test
  void shouldRunToTheFirstExitAndPrintExactJson() throws IOException {
    Path s = source("sum.s", """
        li r3, 0
        li r4, 10
        mtctr r4
        loop:
          add r3, r3, r4
          addi r4, r4, -1
          bdnz loop
        sc 1
        """);
    String out = nestsim("exec", "--json", s.toString()).assertSuccess();
    assertEquals("{\"exit\":\"HCALL\",\"vector\":\"0xc00\",\"instructions\":34,\"nia\":\"0x000000000000001c\","
        + "\"msr\":\"0x8000000000000000\",\"cr\":\"0x00000000\",\"xer\":\"0x0000000000000000\","
        + "\"lr\":\"0x0000000000000000\",\"ctr\":\"0x0000000000000000\",\"gpr\":"
        + gprs(0, 0, 0, 55, 0) + "}\n", out);
  }

  @Test
  void shouldStopAtTheInstructionLimit() throws IOException {
    Path s = source("spin.s", "loop: addi r3, r3, 1\n b loop\n");
    String out = nestsim("exec", "--json", "--max-instructions", "1001", s.toString()).assertSuccess();
    assertTrue(out.startsWith("{\"exit\":\"LIMIT\",\"vector\":null,\"instructions\":1001,\"nia\":\"0x0000000000000004\""),
        out);
    assertTrue(out.contains(gprs(0, 0, 0, 501)), out);
  }

  @Test
  void shouldLoadAtAnAddressEnterAtAnotherAndRunLittleEndian() throws IOException {
    Path s = source("le.s", "nop\nstart:\n li r5, 7\n .long 0\n");
    String out = nestsim("exec", "--json", "--le", "--load", "0x1000", "--entry", "0x1004", s.toString())
        .assertSuccess();
    assertTrue(out.startsWith("{\"exit\":\"HEA\",\"vector\":\"0xe40\",\"instructions\":2,"
        + "\"nia\":\"0x0000000000001008\",\"msr\":\"0x8000000000000001\""), out);
    assertTrue(out.contains(gprs(0, 0, 0, 0, 0, 7)), out);
  }

  @Test
  void shouldRunRawInstructionBytes() throws IOException {
    Path bin = dir.resolve("prog.bin");
    Files.write(bin, new byte[] {0x38, 0x60, 0x00, 0x2a, 0x44, 0x00, 0x00, 0x22}); // li r3,42; sc 1
    String out = nestsim("exec", bin.toString()).assertSuccess();
    assertTrue(out.startsWith("exit HCALL (0xc00) after 2 instructions"), out);
    assertTrue(out.contains("r3  0x000000000000002a"), out);
  }

  @Test
  void shouldReportAnHdsiForAnAccessBeyondMemory() throws IOException {
    Path s = source("far.s", "lis r4, 0x200\n ld r5, 0(r4)\n");
    String out = nestsim("exec", "--json", "--memory", "16M", s.toString()).assertSuccess();
    assertTrue(out.startsWith("{\"exit\":\"HDSI\",\"vector\":\"0xe00\",\"instructions\":2,\"nia\":\"0x0000000000000004\""),
        out);
  }

  @Test
  void shouldAnswerAssemblerErrorsWithFileLineColumn() throws IOException {
    Path s = source("bad.s", "li r3, 1\n frobnicate r3\n");
    String line = nestsim("exec", s.toString()).assertOneLineFailure(ExitCodes.USAGE);
    assertTrue(line.startsWith("exec: " + s + ":2:2: "), line);
  }

  @Test
  void shouldRejectBadArgumentsWithOneLine() throws IOException {
    Path s = source("ok.s", "sc 1\n");
    assertTrue(nestsim("exec", "--memory", "12345", s.toString()).assertOneLineFailure(ExitCodes.USAGE)
        .contains("multiple of 4K"));
    assertTrue(nestsim("exec", "--load", "zz", s.toString()).assertOneLineFailure(ExitCodes.USAGE)
        .contains("--load"));
    assertTrue(nestsim("exec", dir.resolve("missing.s").toString()).assertOneLineFailure(ExitCodes.USAGE)
        .contains("no such file"));
    assertTrue(nestsim("exec", "--load", "0x1000000", s.toString()).assertOneLineFailure(ExitCodes.USAGE)
        .contains("does not fit"));
    assertTrue(nestsim("exec", "--load", "0x7ffffffffffffff8", s.toString())
        .assertOneLineFailure(ExitCodes.USAGE).contains("does not fit"), "no overflow");
    assertTrue(nestsim("exec", "--memory", "0x10000000001000", s.toString())
        .assertOneLineFailure(ExitCodes.USAGE).contains("--memory"));
    assertTrue(nestsim("exec", "--entry", "0xffe", s.toString()).assertOneLineFailure(ExitCodes.USAGE)
        .contains("multiples of 4"));
  }
}
