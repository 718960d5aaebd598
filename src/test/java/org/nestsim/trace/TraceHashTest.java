package org.nestsim.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The trace hash is SHA-256 over each event line's UTF-8 bytes and a newline. */
class TraceHashTest {

  private static String sha256(String bytes) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    return "sha256:" + HexFormat.of().formatHex(md.digest(bytes.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void shouldHashZeroEventsAsEmptyInput() {
    TraceHash h = new TraceHash();
    assertEquals("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", h.value());
    assertEquals(0, h.events());
    assertEquals(h.value(), TraceHash.of(List.of()));
  }

  @Test
  void shouldHashALineWithItsNewline() {
    // printf 'abc\n' | sha256sum
    assertEquals("sha256:edeaaff3f1774ad2888673770c6d64097e391bc362d7d6fb34982ddf0efd18cb",
        TraceHash.of(List.of("abc")));
  }

  @Test
  void shouldMatchMessageDigestOverTheJoinedLines() throws Exception {
    List<String> lines = List.of(new HcallEvent(0, "setup", 0x460, 0, 0, 0, 0, 0, 0, 7, 0).canonical(),
        new ConsoleEvent(5, "web.0", "héllo ✓ \ud83d\ude00\n").canonical(),
        new LifecycleEvent(9, "halt", "web.0", -1, null).canonical());
    TraceHash h = new TraceHash();
    lines.forEach(h::add);
    assertEquals(sha256(String.join("\n", lines) + "\n"), h.value());
    assertEquals(3, h.events());
  }

  @Test
  void shouldLetValueBeReadAndHashingGoOn() throws Exception {
    TraceHash h = new TraceHash();
    h.add("a");
    assertEquals(sha256("a\n"), h.value());
    assertEquals(sha256("a\n"), h.value());
    h.add(new StringBuilder("b"));
    assertEquals(sha256("a\nb\n"), h.value());
  }

  @Test
  void shouldHashLongLinesBeyondItsScratchBuffer() throws Exception {
    String line = "x".repeat(10_000);
    assertEquals(sha256(line + "\n"), TraceHash.of(List.of(line)));
  }

  @Test
  void shouldRecogniseTheHashForm() {
    assertTrue(TraceHash.isHash(new TraceHash().value()));
    assertFalse(TraceHash.isHash("sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"));
    assertFalse(TraceHash.isHash("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    assertFalse(TraceHash.isHash(null));
  }
}
