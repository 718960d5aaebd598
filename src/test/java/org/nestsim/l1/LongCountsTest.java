package org.nestsim.l1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The runner's primitive counts by key, against a TreeMap of boxed counts. */
class LongCountsTest {
  @Test
  void shouldCountLikeATreeMapInAnyOrderOfKeys() {
    SplittableRandom random = new SplittableRandom(6);
    for (int round = 0; round < 200; round++) {
      LongCounts counts = new LongCounts();
      TreeMap<Long, Long> expected = new TreeMap<>();
      int keys = 1 + random.nextInt(12);
      for (int i = 0; i < 300; i++) {
        long key = random.nextInt(keys) * 0x100L - (random.nextBoolean() ? 0 : 1L << 40);
        counts.increment(key);
        expected.merge(key, 1L, Long::sum);
      }
      Map<Long, Long> snapshot = counts.snapshot();
      assertEquals(expected, snapshot);
      assertEquals(snapshot, expected);
      assertEquals(expected.hashCode(), snapshot.hashCode());
      assertEquals(List.copyOf(expected.keySet()), List.copyOf(snapshot.keySet()), "ascending key order");
      assertEquals(expected.size(), counts.size());
      expected.forEach((k, n) -> assertEquals(n, counts.get(k)));
    }
  }

  @Test
  void shouldKeepASnapshotApartFromLaterCounts() {
    LongCounts counts = new LongCounts();
    counts.increment(0xC00);
    counts.increment(0xC00);
    counts.increment(0x400);
    Map<Long, Long> before = counts.snapshot();
    counts.increment(0xC00);
    counts.increment(0x980);
    assertEquals(Map.of(0x400L, 1L, 0xC00L, 2L), before);
    assertEquals(Map.of(0x400L, 1L, 0x980L, 1L, 0xC00L, 3L), counts.snapshot());
    assertEquals(0, counts.get(0x500));
    assertNull(before.get(0x980L));
    assertNull(before.get("0xC00"));
    assertThrows(UnsupportedOperationException.class, () -> before.put(1L, 1L));
  }

  @Test
  void shouldShareTheEmptySnapshot() {
    assertSame(Map.of(), new LongCounts().snapshot());
  }
}
