package org.nestsim.trace;

import java.util.List;
import java.util.Objects;

/**
 * A trace as read back: its header and its event lines, byte for byte as written (without newlines).
 * Event {@code i} (0-based) is line {@code i + 2} of the file.
 *
 * @param header the parsed header line
 * @param eventLines the event lines, immutable
 */
public record TraceFile(TraceHeader header, List<String> eventLines) {

  /** Copies {@code eventLines} into an immutable list. */
  public TraceFile {
    Objects.requireNonNull(header, "header");
    eventLines = List.copyOf(eventLines);
  }

  /** The trace hash recomputed from the event lines, as a run would print it. */
  public String hash() {
    return TraceHash.of(eventLines);
  }

  /** The number of events. */
  public int events() {
    return eventLines.size();
  }
}
