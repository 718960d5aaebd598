package org.nestsim.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nestsim.cli.CliRun.nestsim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code nestsim gsb encode NAME=VALUE ...}: the hex it prints decodes back to the values given, for
 * every value type; {@code -o} writes the raw bytes; values and names it cannot encode exit 2.
 */
class GsbEncodeCommandTest {

  /** The hex {@code encode} printed, which must be one line on stdout. */
  private static String encode(String... elements) {
    List<String> args = new ArrayList<>(List.of("gsb", "encode"));
    args.addAll(List.of(elements));
    List<String> lines = nestsim(args.toArray(String[]::new)).assertSuccess().lines().toList();
    assertEquals(1, lines.size(), String.join("\n", lines));
    return lines.get(0);
  }

  /** The one element of {@code decode --json} of a one-element buffer. */
  private static String json(int index, String id, String name, int size, String value) {
    return "{\"index\":" + index + ",\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"size\":" + size
        + ",\"value\":\"" + value + "\"}";
  }

  static Stream<Arguments> everyValueType() {
    return Stream.of(
        Arguments.of("BE32", "CR=0x12345678",
            json(0, "0x2000", "CR", 4, "0x12345678")),
        Arguments.of("BE32, all ones as -1", "PMC6=-1",
            json(0, "0x200c", "PMC6", 4, "0xffffffff")),
        Arguments.of("BE32, K suffix", "PIDR=4K",
            json(0, "0x2001", "PIDR", 4, "0x00001000")),
        Arguments.of("BE64", "NIA=0x10c",
            json(0, "0x1021", "NIA", 8, "0x000000000000010c")),
        Arguments.of("BE64, decimal", "GPR31=3735928559",
            json(0, "0x101f", "GPR31", 8, "0x00000000deadbeef")),
        Arguments.of("BE64, all ones", "VPA=0xffffffffffffffff",
            json(0, "0x0c02", "VPA", 8, "0xffffffffffffffff")),
        Arguments.of("BE64, -1", "AMOR=-1",
            json(0, "0x1048", "AMOR", 8, "0xffffffffffffffff")),
        Arguments.of("VEC128, high doubleword first", "VSR63=0x000102030405060708090a0b0c0d0e0f",
            json(0, "0x303f", "VSR63", 16, "0x000102030405060708090a0b0c0d0e0f")),
        Arguments.of("VEC128, small", "VSR0=2",
            json(0, "0x3000", "VSR0", 16, "0x00000000000000000000000000000002")),
        Arguments.of("VEC128, -1", "VSR32=-1",
            json(0, "0x3020", "VSR32", 16, "0xffffffffffffffffffffffffffffffff")),
        Arguments.of("PARTITION_TABLE", "PARTITION_TABLE=16M,52,64K",
            json(0, "0x0005", "PARTITION_TABLE", 24,
                "0x000000000100000000000000000000340000000000010000")),
        Arguments.of("PROCESS_TABLE", "PROCESS_TABLE=0x1010000,4K",
            json(0, "0x0006", "PROCESS_TABLE", 16, "0x00000000010100000000000000001000")),
        Arguments.of("BUFFER, RUN_INPUT", "RUN_INPUT=0x1e00000,0x80",
            json(0, "0x0c00", "RUN_INPUT", 16, "0x0000000001e000000000000000000080")),
        Arguments.of("BUFFER, RUN_OUTPUT", "RUN_OUTPUT=0x1f00000,16K",
            json(0, "0x0c01", "RUN_OUTPUT", 16, "0x0000000001f000000000000000004000")),
        Arguments.of("BLANK with bytes", "BLANK=abcdef",
            json(0, "0x0000", "BLANK", 3, "0xabcdef")),
        Arguments.of("BLANK with 0x bytes", "BLANK=0x00ff",
            json(0, "0x0000", "BLANK", 2, "0x00ff")),
        Arguments.of("BLANK, empty", "BLANK=",
            json(0, "0x0000", "BLANK", 0, "0x")),
        Arguments.of("4-byte HEIR, the L0's size", "HEIR=0x7c0002a6",
            json(0, "0xf002", "HEIR", 4, "0x7c0002a6")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyValueType")
  void shouldRoundTripEveryValueTypeThroughDecode(String type, String element, String expected) {
    String hex = encode(element);

    CliRun decoded = nestsim("gsb", "decode", "--json", "--hex", hex);

    assertEquals("{\"count\":1,\"elements\":[" + expected + "]}" + System.lineSeparator(),
        decoded.assertSuccess());
  }

  @Test
  void shouldKeepTheOrderOfTheArgumentsAndAllowRepeats() {
    String hex = encode("GPR4=4", "GPR3=3", "GPR4=5");

    assertEquals("{\"count\":3,\"elements\":["
        + json(0, "0x1004", "GPR4", 8, "0x0000000000000004") + ","
        + json(1, "0x1003", "GPR3", 8, "0x0000000000000003") + ","
        + json(2, "0x1004", "GPR4", 8, "0x0000000000000005") + "]}" + System.lineSeparator(),
        nestsim("gsb", "decode", "--json", "--hex", hex).assertSuccess());
  }

  @Test
  void shouldPrintTheExactBytesOfTheSpecMessageVector() {
    // §8.5 test_gs_msg: GPR0 = 0xdeadbeef, CR = 1, then zero tables and a zero RUN_INPUT, 92 bytes.
    String hex = encode("GPR0=0xdeadbeef", "CR=1", "PARTITION_TABLE=0,0,0", "PROCESS_TABLE=0,0",
        "RUN_INPUT=0,0");

    assertEquals("00000005"
        + "10000008" + "00000000deadbeef"
        + "20000004" + "00000001"
        + "00050018" + "0".repeat(48)
        + "00060010" + "0".repeat(32)
        + "0c000010" + "0".repeat(32), hex);
  }

  @Test
  void shouldPrintTheExactBytesOfTheHdsiOutputBuffer() {
    String hex = encode("HDAR=0x2000", "HDSISR=0x42000000", "ASDR=0x2000", "NIA=0x10c",
        "MSR=0x8000000000000000");

    assertEquals("00000005"
        + "f0000008" + "0000000000002000"
        + "f0010004" + "42000000"
        + "f0030008" + "0000000000002000"
        + "10210008" + "000000000000010c"
        + "10220008" + "8000000000000000", hex);
  }

  @Test
  void shouldPrintAnEmptyBufferForNoElements() {
    assertEquals("00000000", encode());
  }

  @Test
  void shouldAcceptNamesInAnyCaseWithThePrefixAndIds() {
    String expected = encode("GPR3=1");

    assertEquals(expected, encode("gpr3=1"));
    assertEquals(expected, encode("KVMPPC_GSID_GPR3=1"));
    assertEquals(expected, encode("0x1003=1"));
    assertEquals(encode("SIER=7"), encode("SIER1=7"));
  }

  @Test
  void shouldWriteTheRawBytesToAFileWithDashO(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("out.bin");

    CliRun run = nestsim("gsb", "encode", "-o", file.toString(), "GPR0=0xdeadbeef");

    assertEquals("", run.assertSuccess());
    assertArrayEquals(new byte[] {0, 0, 0, 1, 0x10, 0, 0, 8, 0, 0, 0, 0, (byte) 0xde, (byte) 0xad,
        (byte) 0xbe, (byte) 0xef}, Files.readAllBytes(file));
  }

  @Test
  void shouldWriteAFileThatDecodeReadsBack(@TempDir Path dir) {
    Path file = dir.resolve("tables.bin");
    nestsim("gsb", "encode", "--output", file.toString(), "PARTITION_TABLE=0x1000000,52,0x10000",
        "PROCESS_TABLE=0x1010000,0x1000").assertSuccess();

    CliRun run = nestsim("gsb", "decode", "--json", "--check", "set", "--scope", "guest",
        file.toString());

    assertEquals(GsbDecodeCommandTest.V88_TABLES_JSON + System.lineSeparator(), run.assertSuccess());
  }

  // ---------------------------------------------------------------------------------------------
  // Bad arguments: exit 2, one line, no stack trace, nothing written.

  static Stream<Arguments> badElements() {
    return Stream.of(
        Arguments.of("BE32 with 2^32", "CR=0x100000000",
            "gsb: CR: '0x100000000' does not fit in 32 bits"),
        Arguments.of("BE32 with 4G", "PMC1=4G", "gsb: PMC1: '4G' does not fit in 32 bits"),
        Arguments.of("BE32 below -2^31", "CR=-2147483649",
            "gsb: CR: '-2147483649' does not fit in 32 bits"),
        Arguments.of("BE64 with 2^64", "GPR3=0x10000000000000000",
            "gsb: GPR3: '0x10000000000000000' does not fit in 64 bits"),
        Arguments.of("VEC128 with 2^128", "VSR0=0x100000000000000000000000000000000",
            "gsb: VSR0: '0x100000000000000000000000000000000' does not fit in 128 bits"),
        Arguments.of("not a number", "GPR3=abc", "gsb: GPR3: 'abc' is not a number"),
        Arguments.of("empty number", "GPR3=", "gsb: GPR3: empty number"),
        Arguments.of("two fields for three", "PARTITION_TABLE=1,2",
            "gsb: PARTITION_TABLE: takes ADDRESS,EA_BITS,ROOT_SIZE, got '1,2'"),
        Arguments.of("three fields for two", "RUN_INPUT=1,2,3",
            "gsb: RUN_INPUT: takes ADDRESS,SIZE, got '1,2,3'"),
        Arguments.of("BLANK with odd hex", "BLANK=abc", "gsb: BLANK: takes hex bytes, got 'abc'"),
        Arguments.of("no '='", "GPR3", "gsb: 'GPR3' is not NAME=VALUE"),
        Arguments.of("unknown name with a suggestion", "HDSIR=1",
            "gsb: unknown element 'HDSIR' (did you mean HDSISR?)"),
        Arguments.of("unknown name, one letter too many", "NIAA=1",
            "gsb: unknown element 'NIAA' (did you mean NIA?)"),
        Arguments.of("unknown name without a suggestion", "FOOBARBAZ=1",
            "gsb: unknown element 'FOOBARBAZ'"),
        Arguments.of("reserved ID", "0x1054=1", "gsb: unknown element ID 0x1054"),
        Arguments.of("ID beyond 16 bits", "0x11000=1", "gsb: unknown element ID 0x11000"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badElements")
  void shouldExitTwoWithOneLineForAnElementItCannotEncode(String what, String element, String line) {
    assertEquals(line, nestsim("gsb", "encode", "GPR0=1", element).assertOneLineFailure(ExitCodes.USAGE));
  }

  @Test
  void shouldWriteNoFileWhenAnElementIsBad(@TempDir Path dir) {
    Path file = dir.resolve("out.bin");

    nestsim("gsb", "encode", "-o", file.toString(), "GPR0=1", "CR=0x100000000")
        .assertOneLineFailure(ExitCodes.USAGE);

    assertTrue(Files.notExists(file));
  }

  @Test
  void shouldExitTwoWhenTheOutputFileCannotBeWritten(@TempDir Path dir) {
    Path file = dir.resolve("no-such-dir").resolve("out.bin");

    String line = nestsim("gsb", "encode", "-o", file.toString(), "GPR0=1")
        .assertOneLineFailure(ExitCodes.USAGE);

    assertTrue(line.startsWith("gsb: cannot write " + file), line);
  }

  @Test
  void shouldExitTwoForAnUnknownOption() {
    String line = nestsim("gsb", "encode", "--hex", "GPR0=1").assertOneLineFailure(ExitCodes.USAGE);

    assertTrue(line.startsWith("gsb: Unknown option: '--hex'"), line);
  }

  @Test
  void shouldRejectA64BitHexValueForA32BitElement() {
    assertEquals("gsb: CR: '0xFFFFFFFF80000000' does not fit in 32 bits",
        nestsim("gsb", "encode", "CR=0xFFFFFFFF80000000").assertOneLineFailure(ExitCodes.USAGE));
    assertEquals("gsb: CR: '0xFFFFFFFFFFFFFFFF' does not fit in 32 bits",
        nestsim("gsb", "encode", "CR=0xFFFFFFFFFFFFFFFF").assertOneLineFailure(ExitCodes.USAGE));
  }

  @Test
  void shouldRejectAVectorValueBelowMinus2To127() {
    String minus2To128 = "-0x1" + "0".repeat(32);

    assertEquals("gsb: VSR0: '" + minus2To128 + "' does not fit in 128 bits",
        nestsim("gsb", "encode", "VSR0=" + minus2To128).assertOneLineFailure(ExitCodes.USAGE));
  }

  @Test
  void shouldExitTwoForAValueLongerThanAU16Size() {
    String line = nestsim("gsb", "encode", "BLANK=" + "00".repeat(0x10000))
        .assertOneLineFailure(ExitCodes.USAGE);

    assertTrue(line.startsWith("gsb: BLANK"), line);
  }
}
