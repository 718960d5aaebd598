package org.nestsim.trace;

/**
 * Bytes an L2 wrote to its console, as the UTF-8 text of those bytes (JSON-escaped in the line). Line:
 * {@code {"t":40000,"e":"console","guest":"web.0","text":"hello"}}; a newline in the text is the
 * six characters {@code \}{@code u000a}.
 *
 * @param time simulated L1 timebase
 * @param guest the scenario's guest name
 * @param text the text written
 */
public record ConsoleEvent(long time, String guest, String text) implements TraceEvent {

  @Override
  public void appendTo(StringBuilder sb) {
    JsonLine.start(sb, time, "console");
    JsonLine.string(sb, "guest", guest);
    JsonLine.string(sb, "text", text);
    JsonLine.end(sb);
  }
}
