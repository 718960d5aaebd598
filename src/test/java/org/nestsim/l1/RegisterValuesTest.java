package org.nestsim.l1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.nestsim.gsb.linux.LinuxGsid;

/** The register cache's values by flattened ID, against a TreeMap. */
class RegisterValuesTest {
  @Test
  void shouldHoldWhatATreeMapHoldsThroughPutsGrowthAndRetains() {
    SplittableRandom random = new SplittableRandom(42);
    for (int round = 0; round < 100; round++) {
      RegisterValues values = new RegisterValues();
      TreeMap<Integer, Long> expected = new TreeMap<>();
      for (int step = 0; step < 400; step++) {
        int bit = 1 + random.nextInt(LinuxGsid.IDEN_COUNT - 1);
        switch (random.nextInt(20)) {
          case 0 -> {
            values.clear();
            expected.clear();
          }
          case 1 -> {
            int mod = 2 + random.nextInt(4);
            values.retainIf(b -> b % mod == 0);
            expected.keySet().removeIf(b -> b % mod != 0);
          }
          default -> {
            long v = random.nextLong();
            values.put(bit, v);
            expected.put(bit, v);
          }
        }
        assertEquals(expected.size(), values.size());
      }
      for (int bit = 0; bit < LinuxGsid.IDEN_COUNT; bit++) {
        Long want = expected.get(bit);
        assertEquals(want != null, values.contains(bit));
        if (want != null) {
          assertEquals(want, values.get(bit));
        }
      }
    }
  }

  @Test
  void shouldRefuseToReadAValueItDoesNotHold() {
    RegisterValues values = new RegisterValues();
    values.put(181, -1);
    values.put(15, 7);
    assertEquals(-1, values.get(181), "the highest flattened ID fits the key type");
    assertTrue(values.contains(15));
    assertFalse(values.contains(16));
    assertThrows(IllegalStateException.class, () -> values.get(16));
  }
}
