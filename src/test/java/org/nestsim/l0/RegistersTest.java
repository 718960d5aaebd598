package org.nestsim.l0;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The inspection's map over two arrays: the same answers, equality and hash as any map of the same entries. */
class RegistersTest {
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4})
  void shouldBehaveAsTheMapOfItsEntries(long seed) {
    Random random = new Random(seed);
    int capacity = 1 + random.nextInt(30);
    int[] ids = new int[capacity];
    long[] values = new long[capacity];
    Map<Integer, Long> expected = new HashMap<>();
    int n = 0;
    while (n < capacity - random.nextInt(capacity)) {
      int id = 0x1000 + random.nextInt(64);
      if (!expected.containsKey(id)) {
        ids[n] = id;
        values[n] = random.nextLong();
        expected.put(id, values[n++]);
      }
    }
    Registers r = new Registers(ids, values, n);
    assertEquals(expected, r);
    assertEquals(r, expected);
    assertEquals(expected.hashCode(), r.hashCode());
    assertEquals(Map.copyOf(expected), r);
    for (int id = 0x1000; id < 0x1040; id++) {
      assertEquals(expected.get(id), r.get(id));
      assertEquals(expected.containsKey(id), r.containsKey(id));
    }
    assertNull(r.get("0x1000"));
    assertFalse(r.containsKey(null));
    assertThrows(UnsupportedOperationException.class, () -> r.put(1, 1L));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 3})
  void shouldBeKeptAsItIsByAnInspection(int n) {
    Registers r = new Registers(new int[] {0x1003, 0x1004, 0x1005}, new long[] {1, 2, 3}, n);
    L0Protocol.Inspection i = new L0Protocol.Inspection(1, 0, L0Protocol.Inspection.Status.IDLE, r);
    assertTrue(i.values() == r, "an immutable map needs no copy");
    assertEquals(n, i.values().size());
  }
}
