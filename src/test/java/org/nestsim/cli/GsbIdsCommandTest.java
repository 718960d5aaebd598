package org.nestsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nestsim.cli.CliRun.nestsim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nestsim.gsb.GsbCatalog;
import org.nestsim.gsb.GsbElement;

/** {@code nestsim gsb ids}: one row per element of the catalog of spec §5. */
class GsbIdsCommandTest {
  private static List<String> lines;
  /** The rows, by their ID column, in printed order. */
  private static Map<String, List<String>> rows;

  @BeforeAll
  static void listTheIds() {
    lines = nestsim("gsb", "ids").assertSuccess().lines().toList();
    rows = new LinkedHashMap<>();
    for (String line : lines) {
      if (line.matches("0x[0-9a-f]{4}\\s.*")) {
        List<String> words = List.of(line.trim().split("\\s+"));
        assertEquals(null, rows.put(words.get(0), words), "ID listed twice: " + line);
      }
    }
  }

  @Test
  void shouldListOneRowPerCatalogElement() {
    assertEquals(GsbCatalog.all().size(), rows.size(), String.join("\n", lines));
    assertEquals(182, rows.size(), "the 181 IDs of spec §8.4 and BLANK");
  }

  @Test
  void shouldListEveryElementWithItsIdNameAndSizeInAscendingIdOrder() {
    List<String> printedIds = List.copyOf(rows.keySet());
    for (int i = 0; i < GsbCatalog.all().size(); i++) {
      GsbElement e = GsbCatalog.all().get(i);
      assertEquals(e.idHex(), printedIds.get(i));
      List<String> row = rows.get(e.idHex());
      assertEquals(e.name(), row.get(1), e.idHex());
      assertEquals(e.size() < 0 ? "any" : Integer.toString(e.size()), row.get(2), e.idHex());
    }
  }

  @Test
  void shouldStartWithAHeaderRow() {
    assertEquals(List.of("id", "name", "size", "scope", "access", "type", "qemu"),
        List.of(lines.get(0).trim().split("\\s+")));
  }

  @Test
  void shouldPrintTheSpecNamesAndSizes() {
    assertRow("0x0000", "BLANK", "any", "any scope");
    assertRow("0x0005", "PARTITION_TABLE", "24", "guest-wide");
    assertRow("0x0804", "L0_GUEST_PGTABLE_RECLAIM", "8", "host-wide");
    assertRow("0x0c00", "RUN_INPUT", "16", "thread-wide");
    assertRow("0x1040", "SIER", "8", "thread-wide");
    assertRow("0x1053", "DPDES", "8", "thread-wide");
    assertRow("0x200e", "PSPB", "4", "thread-wide");
    assertRow("0x303f", "VSR63", "16", "thread-wide");
    assertRow("0xf002", "HEIR", "4", "thread-wide");
  }

  @Test
  void shouldMarkTheInterruptRegistersReadOnly() {
    for (String id : List.of("0xf000", "0xf001", "0xf002", "0xf003")) {
      assertTrue(rows.get(id).contains("read-only"), String.join(" ", rows.get(id)));
    }
    assertTrue(rows.get("0x1021").contains("read-write"), String.join(" ", rows.get("0x1021")));
  }

  @Test
  void shouldNoteTheHeirSizeDisagreement() {
    assertTrue(lines.get(lines.size() - 1).startsWith("HEIR (0xf002) is 4 bytes on the L0 side"),
        lines.get(lines.size() - 1));
  }

  private static void assertRow(String id, String name, String size, String scope) {
    List<String> row = rows.get(id);
    assertNotNull(row, id + " not listed");
    assertEquals(List.of(id, name, size), row.subList(0, 3));
    assertTrue(String.join(" ", row).contains(" " + scope + " "), String.join(" ", row));
  }
}
