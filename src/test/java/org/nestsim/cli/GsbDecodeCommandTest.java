package org.nestsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nestsim.cli.CliRun.nestsim;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code nestsim gsb decode}: the test vectors of spec §8 decoded to the exact JSON the issue
 * specifies, the text table, the three input forms, one exit-1 line per malformation and one exit-2
 * line per bad argument.
 */
class GsbDecodeCommandTest {

  // ---------------------------------------------------------------------------------------------
  // Spec §8 vectors, as the spec prints them (bytes separated by spaces, fields by '|', one element
  // per line), and the exact JSON the issue asks for.

  /** §8.1 test_creating_buffer: an empty buffer. */
  static final String V81_EMPTY = "00 00 00 00";

  static final String V81_JSON = "{\"count\":0,\"elements\":[]}";

  /** §8.2 test_adding_element, the whole 48-byte buffer on an LE host. */
  static final String V82_LE_HOST =
      """
      00 00 00 03
      10 00 00 08 EF BE AD DE 00 00 00 00
      10 01 00 08 00 00 00 00 CA FE F0 0D
      30 00 00 10 00 00 00 00 00 00 00 02 00 00 00 00 00 00 00 01
      """;

  static final String V82_JSON =
      "{\"count\":3,\"elements\":["
          + "{\"index\":0,\"id\":\"0x1000\",\"name\":\"GPR0\",\"size\":8,\"value\":\"0xefbeadde00000000\"},"
          + "{\"index\":1,\"id\":\"0x1001\",\"name\":\"GPR1\",\"size\":8,\"value\":\"0x00000000cafef00d\"},"
          + "{\"index\":2,\"id\":\"0x3000\",\"name\":\"VSR0\",\"size\":16,"
          + "\"value\":\"0x00000000000000020000000000000001\"}]}";

  /** §8.3 test_gs_parsing. */
  static final String V83 = "00 00 00 01 | 10 00 00 08 | 00 00 00 00 DE AD BE EF";

  static final String V83_JSON =
      "{\"count\":1,\"elements\":["
          + "{\"index\":0,\"id\":\"0x1000\",\"name\":\"GPR0\",\"size\":8,\"value\":\"0x00000000deadbeef\"}]}";

  /** §8.5 test_gs_msg, 92 bytes. */
  static final String V85 =
      """
      00 00 00 05
      10 00 00 08 00 00 00 00 DE AD BE EF
      20 00 00 04 00 00 00 01
      00 05 00 18 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
      00 06 00 10 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
      0C 00 00 10 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
      """;

  static final String V85_JSON =
      "{\"count\":5,\"elements\":["
          + "{\"index\":0,\"id\":\"0x1000\",\"name\":\"GPR0\",\"size\":8,\"value\":\"0x00000000deadbeef\"},"
          + "{\"index\":1,\"id\":\"0x2000\",\"name\":\"CR\",\"size\":4,\"value\":\"0x00000001\"},"
          + "{\"index\":2,\"id\":\"0x0005\",\"name\":\"PARTITION_TABLE\",\"size\":24,"
          + "\"value\":\"0x000000000000000000000000000000000000000000000000\"},"
          + "{\"index\":3,\"id\":\"0x0006\",\"name\":\"PROCESS_TABLE\",\"size\":16,"
          + "\"value\":\"0x00000000000000000000000000000000\"},"
          + "{\"index\":4,\"id\":\"0x0c00\",\"name\":\"RUN_INPUT\",\"size\":16,"
          + "\"value\":\"0x00000000000000000000000000000000\"}]}";

  /** §8.6 test_gs_hostwide_msg, 64 bytes. */
  static final String V86 =
      """
      00 00 00 05
      08 00 00 08 00 00 00 00 DE AD BE EF
      08 01 00 08 FF FF FF FF FF FF FF FF
      08 02 00 08 00 00 00 00 00 00 00 FF
      08 03 00 08 00 00 00 00 00 FF FF FF
      08 04 00 08 00 00 00 00 DE AD BE EF
      """;

  static final String V86_JSON =
      "{\"count\":5,\"elements\":["
          + "{\"index\":0,\"id\":\"0x0800\",\"name\":\"L0_GUEST_HEAP\",\"size\":8,"
          + "\"value\":\"0x00000000deadbeef\"},"
          + "{\"index\":1,\"id\":\"0x0801\",\"name\":\"L0_GUEST_HEAP_MAX\",\"size\":8,"
          + "\"value\":\"0xffffffffffffffff\"},"
          + "{\"index\":2,\"id\":\"0x0802\",\"name\":\"L0_GUEST_PGTABLE_SIZE\",\"size\":8,"
          + "\"value\":\"0x00000000000000ff\"},"
          + "{\"index\":3,\"id\":\"0x0803\",\"name\":\"L0_GUEST_PGTABLE_SIZE_MAX\",\"size\":8,"
          + "\"value\":\"0x0000000000ffffff\"},"
          + "{\"index\":4,\"id\":\"0x0804\",\"name\":\"L0_GUEST_PGTABLE_RECLAIM\",\"size\":8,"
          + "\"value\":\"0x00000000deadbeef\"}]}";

  /** §8.8 GET of the run-output minimum size: the request, value bytes zero. */
  static final String V88_MIN_SIZE_REQUEST = "00 00 00 01 | 00 02 00 08 | 00 00 00 00 00 00 00 00";

  static final String V88_MIN_SIZE_REQUEST_JSON =
      "{\"count\":1,\"elements\":[{\"index\":0,\"id\":\"0x0002\",\"name\":\"RUN_OUTPUT_MIN_SIZE\","
          + "\"size\":8,\"value\":\"0x0000000000000000\"}]}";

  /** §8.8 the same buffer after the L0 answered: the value became 0x80. */
  static final String V88_MIN_SIZE_REPLY = "00 00 00 01 | 00 02 00 08 | 00 00 00 00 00 00 00 80";

  static final String V88_MIN_SIZE_REPLY_JSON =
      "{\"count\":1,\"elements\":[{\"index\":0,\"id\":\"0x0002\",\"name\":\"RUN_OUTPUT_MIN_SIZE\","
          + "\"size\":8,\"value\":\"0x0000000000000080\"}]}";

  /** §8.8 registering a 128-byte output buffer at L1 real address 0x1f00000. */
  static final String V88_RUN_OUTPUT =
      "00 00 00 01 | 0C 01 00 10 | 00 00 00 00 01 F0 00 00 | 00 00 00 00 00 00 00 80";

  static final String V88_RUN_OUTPUT_JSON =
      "{\"count\":1,\"elements\":[{\"index\":0,\"id\":\"0x0c01\",\"name\":\"RUN_OUTPUT\",\"size\":16,"
          + "\"value\":\"0x0000000001f000000000000000000080\"}]}";

  /**
   * §8.8 partition table (root at 0x1000000, 52 EA bits, 64 KiB root directory, the example of §5.1)
   * and process table (4 KiB at 0x1010000).
   */
  static final String V88_TABLES =
      "00 00 00 02 | 00 05 00 18 | 00 00 00 00 01 00 00 00 | 00 00 00 00 00 00 00 34"
          + " | 00 00 00 00 00 01 00 00 | 00 06 00 10 | 00 00 00 00 01 01 00 00"
          + " | 00 00 00 00 00 00 10 00";

  static final String V88_TABLES_JSON =
      "{\"count\":2,\"elements\":["
          + "{\"index\":0,\"id\":\"0x0005\",\"name\":\"PARTITION_TABLE\",\"size\":24,"
          + "\"value\":\"0x000000000100000000000000000000340000000000010000\"},"
          + "{\"index\":1,\"id\":\"0x0006\",\"name\":\"PROCESS_TABLE\",\"size\":16,"
          + "\"value\":\"0x00000000010100000000000000001000\"}]}";

  /** §8.8 output buffer after an hcall exit (124 bytes): GPR3 = 0x300 (the hcall), GPRn = n after. */
  static final String V88_HCALL_EXIT =
      """
      00 00 00 0A
      10 03 00 08 00 00 00 00 00 00 03 00
      10 04 00 08 00 00 00 00 00 00 00 04
      10 05 00 08 00 00 00 00 00 00 00 05
      10 06 00 08 00 00 00 00 00 00 00 06
      10 07 00 08 00 00 00 00 00 00 00 07
      10 08 00 08 00 00 00 00 00 00 00 08
      10 09 00 08 00 00 00 00 00 00 00 09
      10 0A 00 08 00 00 00 00 00 00 00 0A
      10 0B 00 08 00 00 00 00 00 00 00 0B
      10 0C 00 08 00 00 00 00 00 00 00 0C
      """;

  static final String V88_HCALL_EXIT_JSON =
      "{\"count\":10,\"elements\":["
          + "{\"index\":0,\"id\":\"0x1003\",\"name\":\"GPR3\",\"size\":8,\"value\":\"0x0000000000000300\"},"
          + "{\"index\":1,\"id\":\"0x1004\",\"name\":\"GPR4\",\"size\":8,\"value\":\"0x0000000000000004\"},"
          + "{\"index\":2,\"id\":\"0x1005\",\"name\":\"GPR5\",\"size\":8,\"value\":\"0x0000000000000005\"},"
          + "{\"index\":3,\"id\":\"0x1006\",\"name\":\"GPR6\",\"size\":8,\"value\":\"0x0000000000000006\"},"
          + "{\"index\":4,\"id\":\"0x1007\",\"name\":\"GPR7\",\"size\":8,\"value\":\"0x0000000000000007\"},"
          + "{\"index\":5,\"id\":\"0x1008\",\"name\":\"GPR8\",\"size\":8,\"value\":\"0x0000000000000008\"},"
          + "{\"index\":6,\"id\":\"0x1009\",\"name\":\"GPR9\",\"size\":8,\"value\":\"0x0000000000000009\"},"
          + "{\"index\":7,\"id\":\"0x100a\",\"name\":\"GPR10\",\"size\":8,\"value\":\"0x000000000000000a\"},"
          + "{\"index\":8,\"id\":\"0x100b\",\"name\":\"GPR11\",\"size\":8,\"value\":\"0x000000000000000b\"},"
          + "{\"index\":9,\"id\":\"0x100c\",\"name\":\"GPR12\",\"size\":8,\"value\":\"0x000000000000000c\"}]}";

  /**
   * §8.8 output buffer after an HDSI exit (60 bytes): a load from L2 real address 0x4008 found no
   * partition-scoped translation, at NIA 0x500 with MSR = SF|IR|DR|RI|LE.
   */
  static final String V88_HDSI_EXIT =
      """
      00 00 00 05
      F0 00 00 08 | 00 00 00 00 00 00 40 08
      F0 01 00 04 | 40 00 00 00
      F0 03 00 08 | 00 00 00 00 00 00 40 00
      10 21 00 08 | 00 00 00 00 00 00 05 00
      10 22 00 08 | 80 00 00 00 00 00 10 33
      """;

  static final String V88_HDSI_EXIT_JSON =
      "{\"count\":5,\"elements\":["
          + "{\"index\":0,\"id\":\"0xf000\",\"name\":\"HDAR\",\"size\":8,\"value\":\"0x0000000000004008\"},"
          + "{\"index\":1,\"id\":\"0xf001\",\"name\":\"HDSISR\",\"size\":4,\"value\":\"0x40000000\"},"
          + "{\"index\":2,\"id\":\"0xf003\",\"name\":\"ASDR\",\"size\":8,\"value\":\"0x0000000000004000\"},"
          + "{\"index\":3,\"id\":\"0x1021\",\"name\":\"NIA\",\"size\":8,\"value\":\"0x0000000000000500\"},"
          + "{\"index\":4,\"id\":\"0x1022\",\"name\":\"MSR\",\"size\":8,\"value\":\"0x8000000000001033\"}]}";

  static Stream<Arguments> specVectors() {
    return Stream.of(
        Arguments.of("8.1 empty buffer", V81_EMPTY, 4, V81_JSON),
        Arguments.of("8.2 LE host", V82_LE_HOST, 48, V82_JSON),
        Arguments.of("8.3 parsing", V83, 16, V83_JSON),
        Arguments.of("8.5 message", V85, 92, V85_JSON),
        Arguments.of("8.6 host-wide message", V86, 64, V86_JSON),
        Arguments.of("8.8 min-size request", V88_MIN_SIZE_REQUEST, 16, V88_MIN_SIZE_REQUEST_JSON),
        Arguments.of("8.8 min-size reply", V88_MIN_SIZE_REPLY, 16, V88_MIN_SIZE_REPLY_JSON),
        Arguments.of("8.8 run output", V88_RUN_OUTPUT, 24, V88_RUN_OUTPUT_JSON),
        Arguments.of("8.8 tables", V88_TABLES, 52, V88_TABLES_JSON),
        Arguments.of("8.8 hcall exit", V88_HCALL_EXIT, 124, V88_HCALL_EXIT_JSON),
        Arguments.of("8.8 HDSI exit", V88_HDSI_EXIT, 60, V88_HDSI_EXIT_JSON));
  }

  @ParameterizedTest(name = "§{0}")
  @MethodSource("specVectors")
  void shouldDecodeEverySpecVectorToTheExactJson(String vector, String hex, int length, String json) {
    assertEquals(length, bytes(hex).length, "the vector as transcribed has the spec's length");

    CliRun run = nestsim("gsb", "decode", "--json", "--hex", hex);

    assertEquals(json + System.lineSeparator(), run.assertSuccess());
  }

  @ParameterizedTest(name = "§{0}")
  @MethodSource("specVectors")
  void shouldDecodeEverySpecVectorFromARawFileAsFromHex(
      String vector, String hex, int length, String json, @TempDir Path dir) throws IOException {
    Path file = dir.resolve("buffer.bin");
    Files.write(file, bytes(hex));

    CliRun run = nestsim("gsb", "decode", "--json", file.toString());

    assertEquals(json + System.lineSeparator(), run.assertSuccess());
  }

  @Test
  void shouldDecodeTheHostWideVectorUnderHostScope() {
    assertEquals(V86_JSON + System.lineSeparator(),
        nestsim("gsb", "decode", "--json", "--scope", "host", "--hex", V86).assertSuccess());
    assertEquals(V86_JSON + System.lineSeparator(),
        nestsim("gsb", "decode", "--json", "--check", "get", "--scope", "host", "--hex", V86)
            .assertSuccess());
  }

  @Test
  void shouldAcceptTheDerivedSetBuffersUnderTheL0SetRules() {
    // The §8.8 buffers an L1 really sends must pass the checks that reject the malformed ones below.
    assertEquals(V88_TABLES_JSON + System.lineSeparator(),
        nestsim("gsb", "decode", "--json", "--check", "set", "--scope", "guest", "--hex", V88_TABLES)
            .assertSuccess());
    assertEquals(V88_RUN_OUTPUT_JSON + System.lineSeparator(),
        nestsim("gsb", "decode", "--json", "--check", "set", "--hex", V88_RUN_OUTPUT).assertSuccess());
    assertEquals(V88_HCALL_EXIT_JSON + System.lineSeparator(),
        nestsim("gsb", "decode", "--json", "--check", "run", "--hex", V88_HCALL_EXIT).assertSuccess());
  }

  @Test
  void shouldAcceptReadOnlyElementsInAGetAndInAPlainDecode() {
    assertEquals(V88_HDSI_EXIT_JSON + System.lineSeparator(),
        nestsim("gsb", "decode", "--json", "--check", "get", "--hex", V88_HDSI_EXIT).assertSuccess());
    assertEquals(V88_HDSI_EXIT_JSON + System.lineSeparator(),
        nestsim("gsb", "decode", "--json", "--scope", "thread", "--hex", V88_HDSI_EXIT).assertSuccess());
  }

  @Test
  void shouldNameBlankAndSierAsTheSpecDoes() {
    String hex = "00 00 00 03 | 00 00 00 03 | AB CD EF | 10 40 00 08 | 00 00 00 00 00 00 00 07"
        + " | 00 00 00 00";

    CliRun run = nestsim("gsb", "decode", "--json", "--hex", hex);

    assertEquals("{\"count\":3,\"elements\":["
        + "{\"index\":0,\"id\":\"0x0000\",\"name\":\"BLANK\",\"size\":3,\"value\":\"0xabcdef\"},"
        + "{\"index\":1,\"id\":\"0x1040\",\"name\":\"SIER\",\"size\":8,\"value\":\"0x0000000000000007\"},"
        + "{\"index\":2,\"id\":\"0x0000\",\"name\":\"BLANK\",\"size\":0,\"value\":\"0x\"}]}"
        + System.lineSeparator(), run.assertSuccess());
  }

  @Test
  void shouldDecodeTheHeaOutputBufferWithTheL0sFourByteHeir() {
    // §6.4: after an 0xE40 exit the L0 writes HEIR with 4 bytes (QEMU and the doc; Linux expects 8).
    String hex = "00 00 00 03 | F0 02 00 04 | 7C 00 02 A6 | 10 21 00 08 | 00 00 00 00 00 00 07 00"
        + " | 10 22 00 08 | 80 00 00 00 00 00 10 33";

    CliRun run = nestsim("gsb", "decode", "--json", "--hex", hex);

    assertEquals("{\"count\":3,\"elements\":["
        + "{\"index\":0,\"id\":\"0xf002\",\"name\":\"HEIR\",\"size\":4,\"value\":\"0x7c0002a6\"},"
        + "{\"index\":1,\"id\":\"0x1021\",\"name\":\"NIA\",\"size\":8,\"value\":\"0x0000000000000700\"},"
        + "{\"index\":2,\"id\":\"0x1022\",\"name\":\"MSR\",\"size\":8,\"value\":\"0x8000000000001033\"}]}"
        + System.lineSeparator(), run.assertSuccess());
  }

  @Test
  void shouldIgnoreBytesAfterTheCountedElements() {
    // Linux passes its whole capacity: bytes after the last counted element are not content (§4.1).
    CliRun run = nestsim("gsb", "decode", "--json", "--hex", V83 + " | DE AD BE EF 00 00 00 00");

    assertEquals(V83_JSON + System.lineSeparator(), run.assertSuccess());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "00000001100000080000000 0deadbeef",
      "0x00000001 10000008 00000000deadbeef",
      "00 00 00 01\n10 00 00 08\n00 00 00 00 DE AD BE EF\n",
      "00000001\t|\t1000\t0008\t|\t00000000 DEADBEEF",
      "0X0000000110000008 00000000DeadBeef"})
  void shouldAcceptHexWithSpacesNewlinesBarsAndEitherCase(String hex) {
    assertEquals(V83_JSON + System.lineSeparator(),
        nestsim("gsb", "decode", "--json", "--hex", hex).assertSuccess());
  }

  // ---------------------------------------------------------------------------------------------
  // Text mode.

  @Test
  void shouldPrintOneRowPerElementWithIndexIdNameSizeAndValue() {
    List<String> lines = nestsim("gsb", "decode", "--hex", V82_LE_HOST).assertSuccess().lines().toList();

    assertEquals(5, lines.size(), String.join("\n", lines));
    assertEquals("3 elements, 48 bytes used of 48", lines.get(0));
    assertEquals(List.of("index", "id", "name", "size", "value"), words(lines.get(1)));
    assertEquals(List.of("0", "0x1000", "GPR0", "8", "0xefbeadde00000000"), words(lines.get(2)));
    assertEquals(List.of("1", "0x1001", "GPR1", "8", "0x00000000cafef00d"), words(lines.get(3)));
    assertEquals(List.of("2", "0x3000", "VSR0", "16", "0x00000000000000020000000000000001"),
        words(lines.get(4)));
  }

  @Test
  void shouldPrintTableValuesAsTheirFieldsInTextMode() {
    List<String> lines = nestsim("gsb", "decode", "--hex", V88_TABLES).assertSuccess().lines().toList();

    assertEquals(4, lines.size(), String.join("\n", lines));
    assertEquals("2 elements, 52 bytes used of 52", lines.get(0));
    assertEquals(List.of("0", "0x0005", "PARTITION_TABLE", "24", "address=0x0000000001000000",
        "ea-bits=52", "root-size=0x10000"), words(lines.get(2)));
    assertEquals(List.of("1", "0x0006", "PROCESS_TABLE", "16", "address=0x0000000001010000",
        "size=0x1000"), words(lines.get(3)));
  }

  @Test
  void shouldReportUsedAndTotalLengthAndNoRowsForAnEmptyBuffer() {
    assertEquals(List.of("0 elements, 4 bytes used of 8"),
        nestsim("gsb", "decode", "--hex", "00000000 deadbeef").assertSuccess().lines().toList());
  }

  @Test
  void shouldPrintTheSameTableForARawFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("hdsi.bin");
    Files.write(file, bytes(V88_HDSI_EXIT));

    assertEquals(nestsim("gsb", "decode", "--hex", V88_HDSI_EXIT).assertSuccess(),
        nestsim("gsb", "decode", file.toString()).assertSuccess());
  }

  // ---------------------------------------------------------------------------------------------
  // '-' reads stdin. Main reads System.in itself, so that is exercised in a child JVM rather than by
  // replacing the test JVM's System.in (which surefire's forked JVM may use).

  @Test
  void shouldDecodeRawBytesFromStdin(@TempDir Path dir) throws Exception {
    ChildRun run = childNestsim(dir, bytes(V85), "gsb", "decode", "--json", "-");

    assertEquals(0, run.exitCode, run.err);
    assertEquals(V85_JSON, run.out.strip());
    assertEquals("", run.err);
  }

  @Test
  void shouldReportAMalformedBufferFromStdinWithExitOne(@TempDir Path dir) throws Exception {
    ChildRun run = childNestsim(dir, bytes("00 00 00 02 | 10 00 00 08 | 00 00 00 00 DE AD BE EF"),
        "gsb", "decode", "-");

    assertEquals(1, run.exitCode, run.err);
    assertEquals("", run.out);
    assertEquals("gsb: element 1 at offset 0x10: the header counts 2 elements, the buffer ends after 1"
        + " (H_INVALID_ELEMENT_SIZE)", run.err.strip());
  }

  // ---------------------------------------------------------------------------------------------
  // Malformed buffers: exit 1, one line naming index, offset, reason and return code, nothing on
  // stdout.

  static Stream<Arguments> malformations() {
    return Stream.of(
        Arguments.of("truncated header", List.of("--hex", "00 00 00"),
            "gsb: header at offset 0x0: buffer of 3 bytes, the header needs 4 (H_P5)"),
        Arguments.of("empty buffer", List.of("--hex", ""),
            "gsb: header at offset 0x0: buffer of 0 bytes, the header needs 4 (H_P5)"),
        Arguments.of("element header overrun", List.of("--hex", "00 00 00 01 | 10 00"),
            "gsb: element 0 at offset 0x4: the element header needs 4 bytes, the buffer ends after 2"
                + " (H_INVALID_ELEMENT_SIZE)"),
        Arguments.of("element value overrun",
            List.of("--hex", "00 00 00 02 | 10 03 00 08 | 00 00 00 00 00 00 00 2A | 10 04 00 08"
                + " | 00 00 00 00"),
            "gsb: element 1 at offset 0x10: size 8 of GPR4 runs past the end: 4 bytes left"
                + " (H_INVALID_ELEMENT_SIZE)"),
        Arguments.of("count mismatch",
            List.of("--hex", "00 00 00 02 | 10 00 00 08 | 00 00 00 00 DE AD BE EF"),
            "gsb: element 1 at offset 0x10: the header counts 2 elements, the buffer ends after 1"
                + " (H_INVALID_ELEMENT_SIZE)"),
        Arguments.of("count mismatch, nelems = 2^32 - 1", List.of("--hex", "FF FF FF FF"),
            "gsb: element 0 at offset 0x4: the header counts 4294967295 elements, the buffer ends"
                + " after 0 (H_INVALID_ELEMENT_SIZE)"),
        Arguments.of("unknown ID right after DPDES",
            List.of("--hex", "00 00 00 02 | 10 53 00 08 | 00 00 00 00 00 00 00 01 | 10 54 00 08"
                + " | 00 00 00 00 00 00 00 02"),
            "gsb: element 1 at offset 0x10: unknown element ID 0x1054 (H_INVALID_ELEMENT_ID)"),
        Arguments.of("size mismatch, the issue's example",
            List.of("--hex", "00 00 00 04 | 20 00 00 04 00 00 00 00 | 20 01 00 04 00 00 00 00"
                + " | 20 02 00 04 00 00 00 00 | 10 03 00 04 00 00 00 00"),
            "gsb: element 3 at offset 0x1c: size 4, GPR3 needs 8 (H_INVALID_ELEMENT_SIZE)"),
        Arguments.of("size mismatch, Linux's 8-byte HEIR",
            List.of("--hex", "00 00 00 01 | F0 02 00 08 | 00 00 00 00 7C 00 02 A6"),
            "gsb: element 0 at offset 0x4: size 8, HEIR needs 4 (H_INVALID_ELEMENT_SIZE)"),
        Arguments.of("first malformation wins",
            List.of("--hex", "00 00 00 03 | 10 00 00 08 00 00 00 00 00 00 00 00 | 07 00 00 00"
                + " | 10 01 00 08 00"),
            "gsb: element 1 at offset 0x10: unknown element ID 0x0700 (H_INVALID_ELEMENT_ID)"),
        Arguments.of("read-only written, --check set",
            List.of("--check", "set", "--hex", "00 00 00 02 | 10 21 00 08 00 00 00 00 00 00 01 0C"
                + " | F0 01 00 04 42 00 00 00"),
            "gsb: element 1 at offset 0x10: HDSISR (0xf001) is read-only (H_INVALID_ELEMENT_ID)"),
        Arguments.of("read-only written, --check run",
            List.of("--check", "run", "--hex", V88_HDSI_EXIT),
            "gsb: element 0 at offset 0x4: HDAR (0xf000) is read-only (H_INVALID_ELEMENT_ID)"),
        Arguments.of("read-only host-wide written, --check set --scope host",
            List.of("--check", "set", "--scope", "host", "--hex", V86),
            "gsb: element 0 at offset 0x4: L0_GUEST_HEAP (0x0800) is read-only (H_INVALID_ELEMENT_ID)"),
        Arguments.of("wrong scope, --scope guest",
            List.of("--scope", "guest", "--hex", "00 00 00 02 | 00 03 00 04 0F 00 00 06"
                + " | 10 00 00 08 00 00 00 00 00 00 00 00"),
            "gsb: element 1 at offset 0xc: GPR0 (0x1000) is thread-wide, the request is guest-wide"
                + " (H_INVALID_ELEMENT_ID)"),
        Arguments.of("wrong scope, --scope thread",
            List.of("--scope", "thread", "--hex", V88_TABLES),
            "gsb: element 0 at offset 0x4: PARTITION_TABLE (0x0005) is guest-wide, the request is"
                + " thread-wide (H_INVALID_ELEMENT_ID)"),
        Arguments.of("wrong scope, --check get defaults to thread",
            List.of("--check", "get", "--hex", V86),
            "gsb: element 0 at offset 0x4: L0_GUEST_HEAP (0x0800) is host-wide, the request is"
                + " thread-wide (H_INVALID_ELEMENT_ID)"),
        Arguments.of("bad value, PARTITION_TABLE EA bits 48",
            List.of("--check", "set", "--scope", "guest", "--hex", "00 00 00 01 | 00 05 00 18"
                + " | 00 00 00 00 01 00 00 00 | 00 00 00 00 00 00 00 30 | 00 00 00 00 00 01 00 00"),
            "gsb: element 0 at offset 0x4: PARTITION_TABLE EA bits 48, must be 52"
                + " (H_INVALID_ELEMENT_VALUE)"),
        Arguments.of("bad value, PROCESS_TABLE of 2 KiB",
            List.of("--check", "set", "--scope", "guest", "--hex", "00 00 00 01 | 00 06 00 10"
                + " | 00 00 00 00 01 01 00 00 | 00 00 00 00 00 00 08 00"),
            "gsb: element 0 at offset 0x4: PROCESS_TABLE size 0x800 is not a power of two from 4 KiB"
                + " to 2^36 (H_INVALID_ELEMENT_VALUE)"),
        Arguments.of("bad value, RUN_OUTPUT of 64 bytes",
            List.of("--check", "set", "--hex",
                "00 00 00 01 | 0C 01 00 10 | 00 00 00 00 01 F0 00 00 | 00 00 00 00 00 00 00 40"),
            "gsb: element 0 at offset 0x4: RUN_OUTPUT size 64 is outside 128..16384"
                + " (H_INVALID_ELEMENT_VALUE)"),
        Arguments.of("bad value, RUN_INPUT at address 0",
            List.of("--check", "set", "--hex",
                "00 00 00 01 | 0C 00 00 10 | 00 00 00 00 00 00 00 00 | 00 00 00 00 00 00 00 80"),
            "gsb: element 0 at offset 0x4: RUN_INPUT address 0 (H_INVALID_ELEMENT_VALUE)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformations")
  void shouldExitOneWithTheIndexOffsetReasonAndReturnCode(
      String shape, List<String> options, String expectedLine) {
    for (boolean json : new boolean[] {false, true}) {
      List<String> args = new ArrayList<>(List.of("gsb", "decode"));
      if (json) {
        args.add("--json");
      }
      args.addAll(options);

      CliRun run = nestsim(args.toArray(String[]::new));

      assertEquals(expectedLine, run.assertOneLineFailure(ExitCodes.FAILED), "json=" + json);
    }
  }

  @Test
  void shouldAcceptWithoutACheckTheBuffersThatOnlyTheL0RulesReject() {
    // Without --check and --scope only structure, IDs and sizes are checked (the issue).
    nestsim("gsb", "decode", "--hex", V86).assertSuccess();
    nestsim("gsb", "decode", "--hex", V88_HDSI_EXIT).assertSuccess();
    nestsim("gsb", "decode", "--hex", "00 00 00 01 | 00 05 00 18 | 00 00 00 00 01 00 00 00"
        + " | 00 00 00 00 00 00 00 30 | 00 00 00 00 00 01 00 00").assertSuccess();
    nestsim("gsb", "decode", "--hex", V85).assertSuccess();
  }

  @Test
  void shouldReportAMalformedFileWithExitOne(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("short.bin");
    Files.write(file, new byte[] {0, 0});

    CliRun run = nestsim("gsb", "decode", "--json", file.toString());

    assertEquals("gsb: header at offset 0x0: buffer of 2 bytes, the header needs 4 (H_P5)",
        run.assertOneLineFailure(ExitCodes.FAILED));
  }

  // ---------------------------------------------------------------------------------------------
  // Bad arguments: exit 2, one line, no stack trace.

  static Stream<Arguments> badArguments() {
    return Stream.of(
        Arguments.of("non-hex digit", List.of("--hex", "00 00 00 0g"),
            "gsb: --hex is not hex: 'g' at digit 8"),
        Arguments.of("odd digit count", List.of("--hex", "00 00 00 00 0"),
            "gsb: --hex has an odd number of hex digits (9)"),
        Arguments.of("--hex and FILE", List.of("--hex", "00000000", "buffer.bin"),
            "gsb: give the buffer as --hex HEX, a FILE, or - for stdin (exactly one)"),
        Arguments.of("--hex and -", List.of("--hex", "00000000", "-"),
            "gsb: give the buffer as --hex HEX, a FILE, or - for stdin (exactly one)"),
        Arguments.of("neither --hex nor FILE", List.of(),
            "gsb: give the buffer as --hex HEX, a FILE, or - for stdin (exactly one)"),
        Arguments.of("--scope any", List.of("--scope", "any", "--hex", "00000000"),
            "gsb: Invalid value for option '--scope': expected one of [thread, guest, host] (case-insensitive)"
                + " but was 'any' (see 'nestsim gsb decode --help')"),
        Arguments.of("--check run with a wide scope",
            List.of("--check", "run", "--scope", "guest", "--hex", "00000000"),
            "gsb: --check run holds thread-wide elements only"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badArguments")
  void shouldExitTwoWithOneLineForABadArgument(String what, List<String> options, String line) {
    List<String> args = new ArrayList<>(List.of("gsb", "decode"));
    args.addAll(options);

    assertEquals(line, nestsim(args.toArray(String[]::new)).assertOneLineFailure(ExitCodes.USAGE));
  }

  @Test
  void shouldExitTwoForAMissingFile(@TempDir Path dir) {
    Path missing = dir.resolve("missing.bin");

    CliRun run = nestsim("gsb", "decode", "--json", missing.toString());

    assertEquals("gsb: no such file: " + missing, run.assertOneLineFailure(ExitCodes.USAGE));
  }

  @Test
  void shouldExitTwoForADirectoryGivenAsFile(@TempDir Path dir) {
    String line = nestsim("gsb", "decode", dir.toString()).assertOneLineFailure(ExitCodes.USAGE);

    assertTrue(line.startsWith("gsb: cannot read " + dir), line);
  }

  @ParameterizedTest
  @ValueSource(strings = {"--jsn", "--scope=bogus", "--check=bogus", "--scope"})
  void shouldExitTwoWithOneLineForAnOptionPicocliRejects(String option) {
    String line = nestsim("gsb", "decode", "--hex", "00000000", option)
        .assertOneLineFailure(ExitCodes.USAGE);

    assertTrue(line.startsWith("gsb: "), line);
    assertTrue(line.contains(option.replaceAll("=.*", "")), line);
    assertTrue(line.endsWith("(see 'nestsim gsb decode --help')"), line);
  }

  @Test
  void shouldExitTwoWhenHexIsGivenTwice() {
    String line = nestsim("gsb", "decode", "--hex", "00000000", "--hex", "00000000")
        .assertOneLineFailure(ExitCodes.USAGE);

    assertTrue(line.startsWith("gsb: option '--hex'"), line);
  }

  // ---------------------------------------------------------------------------------------------

  /** The bytes of a vector written as the spec writes them. */
  static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex.replaceAll("[\\s|]+", ""));
  }

  private static List<String> words(String line) {
    return List.of(line.trim().split("\\s+"));
  }

  private record ChildRun(int exitCode, String out, String err) {}

  /** Runs {@code nestsim ARGS} in a child JVM on this test's class path, with {@code stdin} as input. */
  private static ChildRun childNestsim(Path dir, byte[] stdin, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    Path out = dir.resolve("stdout.txt");
    Path err = dir.resolve("stderr.txt");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
        .start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(stdin);
    }
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("nestsim " + String.join(" ", args) + " did not finish");
    }
    return new ChildRun(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
