package org.nestsim.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pins the canonical line of every event type and of both header shapes byte for byte against
 * {@code golden-events.jsonl}: the trace hash depends on every byte, so a change here changes every
 * recorded hash and must be deliberate.
 */
class TraceEventGoldenTest {
  private static List<String> golden;

  @BeforeAll
  static void readGolden() throws IOException {
    try (InputStream in = TraceEventGoldenTest.class.getResourceAsStream("golden-events.jsonl")) {
      golden = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }

  @Test
  void shouldEncodeAnHcallWithRegistersAsHexAndTheReturnCodeAsDecimal() {
    assertEquals(golden.get(0), new HcallEvent(12345, "web.0/1", 0x480, 0, 1, 2, -1L, Long.MIN_VALUE, -55,
        0xdeadbeefcafe0123L, 0x10).canonical());
  }

  @Test
  void shouldEncodeAnExit() {
    assertEquals(golden.get(1), new ExitEvent(20000, 1, 0, 0x980, 2500,
        ExitEvent.hex(new byte[] {0, 0, 0, 1, 0, 1, 0, 8})).canonical());
  }

  @Test
  void shouldEncodeAnInjection() {
    assertEquals(golden.get(2), new InjectEvent(30000, "doorbell", "web.0", 1, "dpdes").canonical());
  }

  @Test
  void shouldEncodeAnL2Hcall() {
    assertEquals(golden.get(3), new L2HcallEvent(40000, "web.0", 0, 0x58, -4).canonical());
  }

  @Test
  void shouldEncodeConsoleTextEscaped() {
    assertEquals(golden.get(4), new ConsoleEvent(50000, "web.0", "hi \"x\" \\ é\n").canonical());
  }

  @Test
  void shouldEncodeNullStringsAsNull() {
    assertEquals(golden.get(5), new LifecycleEvent(60000, "halt", null, -1, null).canonical());
  }

  @Test
  void shouldEncodeAScenarioHeader() {
    TraceHeader h = TraceHeader.forScenario("sim-scenarios/a.yaml",
        TraceHeader.sha256Of("x".getBytes(StandardCharsets.UTF_8)), 7, "deterministic", "0.1.0");
    assertEquals(golden.get(6), h.canonical());
  }

  @Test
  void shouldEncodeAGeneratedRunsHeader() {
    TraceHeader h = TraceHeader.forCommand(List.of("nestsim", "stress", "--vcpus", "10", "--note", "a \"b\""),
        -3, "parallel", "dev");
    assertEquals(golden.get(7), h.canonical());
  }

  @Test
  void shouldWriteHexWithoutLeadingZeros() {
    long[] values = {0, 1, 0xf, 0x10, 0xabc, 0x7fffffffffffffffL, -1, Long.MIN_VALUE};
    String[] expected = {"0x0", "0x1", "0xf", "0x10", "0xabc", "0x7fffffffffffffff", "0xffffffffffffffff",
        "0x8000000000000000"};
    for (int i = 0; i < values.length; i++) {
      assertEquals("{\"t\":0,\"e\":\"l2hcall\",\"guest\":\"g\",\"vcpu\":0,\"opcode\":\"" + expected[i]
          + "\",\"rc\":0}", new L2HcallEvent(0, "g", 0, values[i], 0).canonical());
    }
  }

  @Test
  void shouldAppendTheSameLineAsCanonical() {
    StringBuilder sb = new StringBuilder("prefix");
    TraceEvent e = new InjectEvent(1, "kick", "web.1", 3, "kick");
    e.appendTo(sb);
    assertEquals("prefix" + e.canonical(), sb.toString());
  }

  @Test
  void shouldGiveExitOutputAsLowercaseHex() {
    assertEquals("00ff7f80", ExitEvent.hex(new byte[] {0, (byte) 0xff, 0x7f, (byte) 0x80}));
    assertEquals("7f80", ExitEvent.hex(new byte[] {0, (byte) 0xff, 0x7f, (byte) 0x80}, 2, 2));
    assertEquals("", ExitEvent.hex(new byte[0]));
  }
}
