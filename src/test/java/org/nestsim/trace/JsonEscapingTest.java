package org.nestsim.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * String escaping in canonical lines: each case gives the text and its expected JSON string, and the
 * line must parse back to the text.
 */
class JsonEscapingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static void check(String text, String expectedJson) throws Exception {
    String line = new ConsoleEvent(0, "g", text).canonical();
    assertEquals("{\"t\":0,\"e\":\"console\",\"guest\":\"g\",\"text\":" + expectedJson + "}", line);
    assertEquals(text, JSON.readTree(line).get("text").textValue());
  }

  @Test
  void shouldEscapeQuotesAndBackslashWithABackslash() throws Exception {
    check("a\"b\\c", "\"a\\\"b\\\\c\"");
  }

  @Test
  void shouldEscapeNewlineAndOtherControlCharactersAsUnicodeEscapes() throws Exception {
    check("a\nb\r\t\b\f", "\"a\\u000ab\\u000d\\u0009\\u0008\\u000c\"");
    check("\0\u001f", "\"\\u0000\\u001f\"");
  }

  @Test
  void shouldEscapeDelAndC1Controls() throws Exception {
    check("\u007f\u0085\u009f", "\"\\u007f\\u0085\\u009f\"");
  }

  @Test
  void shouldWriteNonAsciiAsItself() throws Exception {
    check("é中\u00a0\u2028", "\"é中\u00a0\u2028\"");
    check("\ud83d\ude00", "\"\ud83d\ude00\"");
  }

  @Test
  void shouldEscapeUnpairedSurrogates() throws Exception {
    check("\ud800x", "\"\\ud800x\"");
    check("x\udc00", "\"x\\udc00\"");
    check("\udc00\ud800", "\"\\udc00\\ud800\"");
    check("\ud800", "\"\\ud800\"");
  }

  @Test
  void shouldWriteEmptyAndNullStrings() throws Exception {
    check("", "\"\"");
    assertEquals("{\"t\":0,\"e\":\"console\",\"guest\":null,\"text\":null}",
        new ConsoleEvent(0, null, null).canonical());
  }
}
