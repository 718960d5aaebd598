package org.nestsim.trace;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a trace file strictly: UTF-8, lines ended by {@code '\n'} only (the last one too), a header
 * line ({@link TraceHeader#parse}), then event lines that are each one JSON object whose first key is
 * {@code "t"} (an integer) and second {@code "e"} (a known event type). Every failure is a
 * {@link TraceFormatException} naming the file and the 1-based line. Event lines are kept byte for byte
 * as written; the reader checks their shape, not that they are canonical, so an edited line is kept
 * and shows up as a different hash or the first difference on replay.
 */
public final class TraceReader {
  private static final JsonFactory JSON =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private final String name;
  private final List<String> lines = new ArrayList<>();
  private final StringBuilder current = new StringBuilder(256);
  private TraceHeader header;
  private long lineNo = 1;

  private TraceReader(String name) {
    this.name = name;
  }

  /** Reads and checks {@code file}. */
  public static TraceFile read(Path file) throws IOException, TraceFormatException {
    TraceReader reader = new TraceReader(file.toString());
    try (InputStream in = Files.newInputStream(file)) {
      reader.decode(in);
    }
    return reader.finish();
  }

  /**
   * Decodes by hand rather than through an {@code InputStreamReader}, which reports malformed bytes
   * before handing out the characters decoded ahead of them and so would blame the wrong line.
   */
  private void decode(InputStream in) throws IOException, TraceFormatException {
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer bytes = ByteBuffer.allocate(8192);
    CharBuffer chars = CharBuffer.allocate(8192);
    boolean eof = false;
    while (true) {
      if (!eof) {
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        eof = n < 0;
        bytes.position(bytes.position() + Math.max(n, 0));
      }
      bytes.flip();
      CoderResult result = utf8.decode(bytes, chars, eof);
      bytes.compact();
      accept(chars);
      if (result.isError()) {
        throw new TraceFormatException(name, lineNo, "not valid UTF-8");
      }
      if (eof && result.isUnderflow()) {
        utf8.flush(chars);
        accept(chars);
        return;
      }
    }
  }

  /** Splits decoded characters into lines; the last, unfinished line waits in {@code current}. */
  private void accept(CharBuffer chars) throws TraceFormatException {
    chars.flip();
    char[] a = chars.array();
    int start = 0;
    int n = chars.limit();
    for (int i = 0; i < n; i++) {
      if (a[i] == '\n') {
        current.append(a, start, i - start);
        start = i + 1;
        line(current.toString());
        current.setLength(0);
      }
    }
    current.append(a, start, n - start);
    chars.clear();
  }

  private void line(String line) throws TraceFormatException {
    if (lineNo == 1) {
      try {
        header = TraceHeader.parse(line);
      } catch (TraceFormatException e) {
        throw e.inFile(name);
      }
    } else {
      String problem = checkEvent(line);
      if (problem != null) {
        throw new TraceFormatException(name, lineNo, problem);
      }
      lines.add(line);
    }
    lineNo++;
  }

  private TraceFile finish() throws TraceFormatException {
    if (current.length() > 0) {
      throw new TraceFormatException(name, lineNo, "the last line has no newline (a truncated trace?)");
    }
    if (header == null) {
      throw new TraceFormatException(name, 1, "empty file: no trace header");
    }
    return new TraceFile(header, lines);
  }

  /** Why {@code line} is not an event line, or null when it is one. */
  static String checkEvent(String line) {
    if (line.isEmpty()) {
      return "empty line";
    }
    if (line.charAt(line.length() - 1) == '\r') {
      return "carriage return at the end of the line (CRLF line ends?)";
    }
    try (JsonParser p = JSON.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return "not a JSON object";
      }
      if (p.nextToken() != JsonToken.FIELD_NAME || !"t".equals(p.currentName())) {
        return "the first key is not \"t\"";
      }
      if (p.nextToken() != JsonToken.VALUE_NUMBER_INT
          || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
        return "\"t\" is not a 64-bit integer";
      }
      if (p.nextToken() != JsonToken.FIELD_NAME || !"e".equals(p.currentName())) {
        return "the second key is not \"e\"";
      }
      if (p.nextToken() != JsonToken.VALUE_STRING || !JsonLine.TYPES.contains(p.getText())) {
        return "\"e\" is not one of " + JsonLine.TYPES + ": " + p.getText();
      }
      for (int depth = 1; depth > 0; ) {
        JsonToken t = p.nextToken();
        if (t == null) {
          return "unterminated JSON object";
        } else if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
          depth++;
        } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
          depth--;
        }
      }
      if (p.nextToken() != null) {
        return "more than one JSON value on the line";
      }
      return null;
    } catch (JsonProcessingException e) {
      return "not JSON (" + e.getOriginalMessage() + ")";
    } catch (IOException e) {
      return "not JSON (" + e.getMessage() + ")";
    }
  }
}
