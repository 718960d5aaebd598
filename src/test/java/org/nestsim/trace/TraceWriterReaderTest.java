package org.nestsim.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing a trace and reading it back: header, lines and hash survive, and bad files are located. */
class TraceWriterReaderTest {
  private static final TraceHeader HEADER =
      TraceHeader.forScenario("s.yaml", TraceHeader.sha256Of(new byte[0]), 42, "deterministic", "dev");
  private static final List<TraceEvent> EVENTS = List.of(
      new LifecycleEvent(0, "boot", "web.0", -1, "ok"),
      new HcallEvent(0, "setup", 0x470, 0, 0, 0, 0, 0, 0, 1, 0),
      new ExitEvent(10000, 1, 0, 0x980, 2500, "00"),
      new InjectEvent(10000, "external-interrupt", "web.0", 0, "lpcr-mer"),
      new L2HcallEvent(20000, "web.0", 0, 0x58, 0),
      new ConsoleEvent(20000, "web.0", "héllo\n"));

  @TempDir
  Path dir;

  private Path file(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }

  private TraceFormatException readFails(Path file) {
    return assertThrows(TraceFormatException.class, () -> TraceReader.read(file));
  }

  @Test
  void shouldReadBackWhatWasWritten() throws Exception {
    Path path = dir.resolve("t.jsonl");
    String hash;
    try (TraceWriter w = TraceWriter.open(path, HEADER)) {
      EVENTS.forEach(w::write);
      hash = w.hash();
      assertEquals(EVENTS.size(), w.events());
    }
    TraceFile read = TraceReader.read(path);
    assertEquals(HEADER, read.header());
    assertEquals(EVENTS.stream().map(TraceEvent::canonical).toList(), read.eventLines());
    assertEquals(hash, read.hash());
    String text = Files.readString(path);
    assertEquals(HEADER.canonical() + "\n", text.substring(0, text.indexOf('\n') + 1));
    assertEquals(TraceHash.of(read.eventLines()), hash);
  }

  @Test
  void shouldHashTheSameWithoutWriting() {
    StringWriter out = new StringWriter();
    TraceWriter written = new TraceWriter(out, HEADER);
    TraceWriter hashOnly = TraceWriter.hashOnly(HEADER);
    TraceWriter nullWriter = new TraceWriter(null, null);
    for (TraceEvent e : EVENTS) {
      written.write(e);
      hashOnly.write(e);
      nullWriter.write(e);
    }
    assertEquals(written.hash(), hashOnly.hash());
    assertEquals(written.hash(), nullWriter.hash());
    String body = out.toString().substring(out.toString().indexOf('\n') + 1);
    assertEquals(written.hash(), TraceHash.of(body.lines().toList()));
    written.close();
    written.close();
    assertThrows(IllegalStateException.class, () -> written.write(EVENTS.get(0)));
  }

  @Test
  void shouldReadAHeaderOnlyTraceAsZeroEvents() throws Exception {
    TraceFile read = TraceReader.read(file("h.jsonl", HEADER.canonical() + "\n"));
    assertEquals(0, read.events());
    assertEquals(new TraceHash().value(), read.hash());
  }

  @Test
  void shouldRoundTripAGeneratedRunsHeader() throws Exception {
    TraceHeader h = TraceHeader.forCommand(List.of("nestsim", "stress", "--seed", "9", "é \"q\""), 9,
        "deterministic", "0.1.0");
    assertEquals(h, TraceHeader.parse(h.canonical()));
    assertNull(TraceHeader.parse(h.canonical()).scenario());
  }

  @Test
  void shouldAcceptHeaderKeysInAnyOrder() throws Exception {
    String line = "{\"version\":\"v\",\"mode\":\"m\",\"seed\":-1,\"command\":[\"x\"],\"scenario-sha256\":null,"
        + "\"scenario\":null,\"nestsim-trace\":1}";
    assertEquals(TraceHeader.forCommand(List.of("x"), -1, "m", "v"), TraceHeader.parse(line));
  }

  @Test
  void shouldLocateABadHeader() throws Exception {
    TraceFormatException e = readFails(file("a.jsonl", "hello\n"));
    assertEquals(1, e.line());
    assertEquals(dir.resolve("a.jsonl") + ":1: not a trace header: not JSON", e.getMessage().split(" \\(")[0]);
    assertEquals("not a trace header: not a JSON object", readFails(file("b.jsonl", "[1]\n")).reason());
    assertEquals("not a trace header: no \"nestsim-trace\" key", readFails(file("c.jsonl", "{}\n")).reason());
    String two = HEADER.canonical().replace("\"nestsim-trace\":1", "\"nestsim-trace\":2");
    assertEquals("unsupported trace format 2 (this NestSim reads 1)", readFails(file("d.jsonl", two + "\n")).reason());
    String noSeed = HEADER.canonical().replace(",\"seed\":42", "");
    assertEquals("header: missing \"seed\"", readFails(file("e.jsonl", noSeed + "\n")).reason());
    String extra = HEADER.canonical().replace("{\"nestsim-trace\":1", "{\"nestsim-trace\":1,\"x\":0");
    assertEquals("header: unknown key \"x\"", readFails(file("f.jsonl", extra + "\n")).reason());
    assertEquals("empty file: no trace header", readFails(file("g.jsonl", "")).reason());
  }

  @Test
  void shouldRefuseInconsistentHeaders() {
    String noSha = HEADER.canonical().replaceFirst("\"scenario-sha256\":\"[0-9a-f]+\"", "\"scenario-sha256\":null");
    TraceFormatException e = assertThrows(TraceFormatException.class, () -> TraceHeader.parse(noSha));
    assertEquals("line 1: header: scenario and scenario-sha256 go together (s.yaml, null)", e.getMessage());
    String noCommand = "{\"nestsim-trace\":1,\"scenario\":null,\"scenario-sha256\":null,\"command\":[],"
        + "\"seed\":1,\"mode\":\"m\",\"version\":\"v\"}";
    assertEquals("header: a generated run (no scenario) must name its command line",
        assertThrows(TraceFormatException.class, () -> TraceHeader.parse(noCommand)).reason());
    String badSeed = HEADER.canonical().replace("\"seed\":42", "\"seed\":1.5");
    assertEquals("header: \"seed\" must be an integer that fits 64 bits, not 1.5",
        assertThrows(TraceFormatException.class, () -> TraceHeader.parse(badSeed)).reason());
    assertThrows(IllegalArgumentException.class, () -> TraceHeader.forScenario("s", "ABC", 0, "m", "v"));
    assertThrows(IllegalArgumentException.class, () -> TraceHeader.forCommand(List.of(), 0, "m", "v"));
  }

  private String withEvents(String... lines) {
    return HEADER.canonical() + "\n" + EVENTS.get(0).canonical() + "\n" + String.join("", lines);
  }

  @Test
  void shouldLocateABadEventLine() throws Exception {
    TraceFormatException e = readFails(file("a.jsonl", withEvents("not json\n")));
    assertEquals(3, e.line());
    assertEquals(dir.resolve("a.jsonl") + ":3: not JSON", e.getMessage().split(" \\(")[0]);
    assertEquals("not a JSON object", readFails(file("b.jsonl", withEvents("[1]\n"))).reason());
    assertEquals("the first key is not \"t\"", readFails(file("c.jsonl", withEvents("{\"e\":\"life\",\"t\":1}\n"))).reason());
    assertEquals("\"t\" is not a 64-bit integer", readFails(file("d.jsonl", withEvents("{\"t\":\"1\",\"e\":\"life\"}\n"))).reason());
    assertEquals("\"t\" is not a 64-bit integer",
        readFails(file("d2.jsonl", withEvents("{\"t\":99999999999999999999,\"e\":\"life\"}\n"))).reason());
    assertEquals("the second key is not \"e\"", readFails(file("e.jsonl", withEvents("{\"t\":1}\n"))).reason());
    assertEquals("\"e\" is not one of [hcall, exit, inject, l2hcall, console, life]: boot",
        readFails(file("f.jsonl", withEvents("{\"t\":1,\"e\":\"boot\"}\n"))).reason());
    assertEquals("more than one JSON value on the line",
        readFails(file("g.jsonl", withEvents("{\"t\":1,\"e\":\"life\"}{}\n"))).reason());
    assertEquals(4, readFails(file("h.jsonl", withEvents(EVENTS.get(1).canonical() + "\n", "{\"t\":1,\"e\":\"life\"\n"))).line());
    assertEquals("empty line", readFails(file("i.jsonl", withEvents("\n"))).reason());
    assertEquals("carriage return at the end of the line (CRLF line ends?)",
        readFails(file("j.jsonl", withEvents(EVENTS.get(1).canonical() + "\r\n"))).reason());
    assertEquals("not JSON", readFails(file("k.jsonl", withEvents("{\"t\":1,\"e\":\"life\",\"a\":1,\"a\":2}\n")))
        .reason().split(" \\(")[0]);
  }

  @Test
  void shouldRefuseATruncatedLastLine() throws Exception {
    TraceFormatException e = readFails(file("a.jsonl", withEvents(EVENTS.get(1).canonical())));
    assertEquals(3, e.line());
    assertEquals("the last line has no newline (a truncated trace?)", e.reason());
  }

  @Test
  void shouldRefuseInvalidUtf8WithItsLine() throws Exception {
    byte[] head = withEvents().getBytes(StandardCharsets.UTF_8);
    byte[] bad = "{\"t\":1,\"e\":\"console\",\"guest\":null,\"text\":\"\u00ff\"}\n".getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = new byte[head.length + bad.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(bad, 0, all, head.length, bad.length);
    Path path = Files.write(dir.resolve("u.jsonl"), all);
    TraceFormatException e = readFails(path);
    assertEquals(3, e.line());
    assertEquals("not valid UTF-8", e.reason());
  }

  @Test
  void shouldReadLinesLongerThanItsChunks() throws Exception {
    TraceEvent big = new ConsoleEvent(1, "g", "y".repeat(20_000));
    TraceFile read = TraceReader.read(file("big.jsonl", withEvents(big.canonical() + "\n", "{\"t\":2,\"e\":\"life\"}\n")));
    assertEquals(List.of(EVENTS.get(0).canonical(), big.canonical(), "{\"t\":2,\"e\":\"life\"}"), read.eventLines());
  }
}
