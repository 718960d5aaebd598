package org.nestsim.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded property test: random events of every type encode to lines that Jackson parses as one JSON
 * object whose keys are {@code t}, {@code e} and the record's components in order, and whose values
 * give back the record's (hex strings as the 64-bit pattern, numbers exactly, strings and nulls).
 */
class TraceEventPropertyTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long SEED = 20261201L;
  private static final int EVENTS = 20_000;
  private static final List<String> HEX_FIELDS = List.of("opcode", "r4", "r5", "r6", "r7", "r8", "out4", "out5",
      "vector");
  private static final char[] TRICKY = {'"', '\\', '\n', '\r', '\t', 0, 0x1f, 0x7f, 0x85, 0xa0, 'é', '中',
      0x2028, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xfffd, 0xffff, ' ', '/'};

  @Test
  void shouldEncodeRandomEventsToParseableLinesThatGiveTheirValuesBack() throws Exception {
    SplittableRandom random = new SplittableRandom(SEED);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < EVENTS; i++) {
      TraceEvent event = randomEvent(random);
      String line = event.canonical();
      String where = "seed " + SEED + ", event " + i + ": " + line;
      assertFalse(line.chars().anyMatch(c -> c < 0x20), where);
      assertNull(TraceReader.checkEvent(line), where);
      checkFields(event, JSON.readTree(line), where);
      lines.add(line);
    }
    TraceHash hash = new TraceHash();
    lines.forEach(hash::add);
    assertEquals(TraceHash.of(lines), hash.value());
  }

  private static void checkFields(TraceEvent event, JsonNode node, String where) throws Exception {
    assertTrue(node.isObject(), where);
    Iterator<String> keys = node.fieldNames();
    assertEquals("t", keys.next(), where);
    assertEquals("e", keys.next(), where);
    assertEquals(event.time(), node.get("t").longValue(), where);
    assertTrue(node.get("t").canConvertToLong(), where);
    int typeIndex = List.of(TraceEvent.class.getPermittedSubclasses()).indexOf(event.getClass());
    assertEquals(JsonLine.TYPES.get(typeIndex), node.get("e").textValue(), where);
    for (RecordComponent c : event.getClass().getRecordComponents()) {
      if (c.getName().equals("time")) {
        continue;
      }
      assertEquals(c.getName(), keys.next(), where);
      Object value = c.getAccessor().invoke(event);
      JsonNode field = node.get(c.getName());
      if (value == null) {
        assertTrue(field.isNull(), where);
      } else if (value instanceof String s) {
        assertEquals(s, field.textValue(), where);
      } else if (HEX_FIELDS.contains(c.getName())) {
        String text = field.textValue();
        assertTrue(text.startsWith("0x") && (text.length() == 3 || text.charAt(2) != '0'), where);
        assertEquals(text.toLowerCase(), text, where);
        assertEquals((long) value, Long.parseUnsignedLong(text.substring(2), 16), where);
      } else {
        assertTrue(field.isIntegralNumber() && field.canConvertToLong(), where);
        assertEquals((long) value, field.longValue(), where);
      }
    }
    assertFalse(keys.hasNext(), where);
  }

  private static TraceEvent randomEvent(SplittableRandom r) {
    long t = r.nextLong(0, Long.MAX_VALUE);
    return switch (r.nextInt(6)) {
      case 0 -> new HcallEvent(t, text(r), reg(r), reg(r), reg(r), reg(r), reg(r), reg(r), reg(r), reg(r),
          reg(r));
      case 1 -> new ExitEvent(t, reg(r), reg(r), reg(r), reg(r), hexOutput(r));
      case 2 -> new InjectEvent(t, text(r), text(r), reg(r), text(r));
      case 3 -> new L2HcallEvent(t, text(r), reg(r), reg(r), reg(r));
      case 4 -> new ConsoleEvent(t, text(r), text(r));
      default -> new LifecycleEvent(t, text(r), text(r), reg(r), text(r));
    };
  }

  /** Small values, edge patterns and full-width noise, so every hex length and sign appears. */
  private static long reg(SplittableRandom r) {
    return switch (r.nextInt(4)) {
      case 0 -> r.nextInt(-1000, 1000);
      case 1 -> new long[] {0, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 53, (1L << 53) + 1}[r.nextInt(6)];
      case 2 -> r.nextLong() >>> r.nextInt(64);
      default -> r.nextLong();
    };
  }

  private static String text(SplittableRandom r) {
    if (r.nextInt(10) == 0) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = r.nextInt(12); i > 0; i--) {
      switch (r.nextInt(4)) {
        case 0 -> sb.append(TRICKY[r.nextInt(TRICKY.length)]);
        case 1 -> sb.appendCodePoint(r.nextInt(0x10000, 0x110000));
        case 2 -> sb.append((char) r.nextInt(0x10000));
        default -> sb.append((char) r.nextInt(0x20, 0x7f));
      }
    }
    return sb.toString();
  }

  private static String hexOutput(SplittableRandom r) {
    byte[] bytes = new byte[r.nextInt(40)];
    r.nextBytes(bytes);
    return ExitEvent.hex(bytes);
  }
}
