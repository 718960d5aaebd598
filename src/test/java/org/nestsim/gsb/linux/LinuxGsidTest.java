package org.nestsim.gsb.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The flattening of element IDs into the 182 bits of Linux's bitmaps (spec §4.6), for every 16-bit ID. */
class LinuxGsidTest {
  /** The classes of spec §4.6: first ID and count, in bit order. */
  private static final int[][] CLASSES = {{0x0000, 7}, {0x0800, 5}, {0x0C00, 3}, {0x1000, 84}, {0x2000, 15},
      {0x3000, 64}, {0xF000, 4}};

  @Test
  void shouldFlattenEveryIdAsTheClassListSaysAndUnflattenBack() {
    int bits = 0;
    for (int id = 0; id <= 0xFFFF; id++) {
      int want = 0;
      int first = 0;
      int cls = -1;
      for (int c = 0; c < CLASSES.length; c++) {
        if (id >= CLASSES[c][0] && id < CLASSES[c][0] + CLASSES[c][1]) {
          want = first + id - CLASSES[c][0];
          cls = c;
        }
        first += CLASSES[c][1];
      }
      assertEquals(want, LinuxGsid.flatten(id), "0x" + Integer.toHexString(id));
      assertEquals(cls == 0 ? LinuxGsid.FLAGS_WIDE : cls == 1 ? LinuxGsid.FLAGS_HOST_WIDE : 0, LinuxGsid.flags(id));
      if (cls >= 0) {
        assertEquals(id, LinuxGsid.unflatten(want));
        bits++;
      }
    }
    assertEquals(LinuxGsid.IDEN_COUNT, bits);
    assertEquals(0, LinuxGsid.flatten(-1));
    assertEquals(0, LinuxGsid.flatten(0x1_0000));
  }
}
