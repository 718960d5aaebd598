package org.nestsim.scenario;

import java.util.List;

/**
 * One element of a {@code gsb:} mapping: its ID and its value as 8-byte parts. A 4- or 8-byte element
 * has one part; the others have size/8: {@code RUN_INPUT}/{@code RUN_OUTPUT}/{@code PROCESS_TABLE}
 * (address, size), {@code PARTITION_TABLE} (root, EA bits, root size), {@code VSRn} (high, low). A BLANK
 * element or an ID outside the catalog takes any number of parts, each 8 bytes.
 */
public record ElementValue(int id, List<Operand> parts, Location location) {
  public ElementValue {
    parts = List.copyOf(parts);
  }
}
