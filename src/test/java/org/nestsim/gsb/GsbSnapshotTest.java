package org.nestsim.gsb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link GsbSnapshot#forEachRegister}, the allocation-free walk of every exit's output buffer: the same
 * elements as the reader, and the reader's fault, with nothing visited, for a malformed buffer.
 */
class GsbSnapshotTest {
  private record Seen(int id, int size, long value) {}

  private static List<Seen> walked(GsbSnapshot s) {
    List<Seen> seen = new ArrayList<>();
    s.forEachRegister(seen, (list, id, size, value) -> list.add(new Seen(id, size, value)));
    return seen;
  }

  private static List<Seen> read(GsbSnapshot s) {
    List<Seen> seen = new ArrayList<>();
    GsbReader r = s.reader();
    while (r.next()) {
      if (r.size() == 4 || r.size() == 8) {
        seen.add(new Seen(r.id(), r.size(), r.register()));
      }
    }
    return seen;
  }

  /** Seeded buffers of 4-, 8-, 16- and odd-sized elements. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void shouldVisitWhatTheReaderReadsSkippingOtherSizes(long seed) {
    Random random = new Random(seed);
    ByteBuffer b = ByteBuffer.allocate(1024);
    GsbWriter w = new GsbWriter().wrap(b, 0, 1024);
    for (int i = random.nextInt(20); i > 0; i--) {
      switch (random.nextInt(4)) {
        case 0 -> w.putBe32(Gsid.CR, random.nextInt());
        case 1 -> w.putBe64(Gsid.gpr(random.nextInt(32)), random.nextLong());
        case 2 -> w.putVec128(Gsid.vsr(random.nextInt(64)), random.nextLong(), random.nextLong());
        default -> w.putRaw(Gsid.BLANK, new byte[random.nextInt(3)]);
      }
    }
    GsbSnapshot s = GsbSnapshot.copyOf(b, 0, w.length());
    assertEquals(read(s), walked(s));
  }

  /** Header counts past the end, an element header cut short, a value past the end, no header. */
  @ParameterizedTest
  @ValueSource(strings = {"00000002 1003 0008 0000000000000001", "00000001 10", "00000001 1003 0008 00000000",
      "000000"})
  void shouldThrowTheReadersFaultAndVisitNothingWhenMalformed(String hex) {
    GsbSnapshot s = GsbSnapshot.fromHex(hex);
    GsbFormatException expected = assertThrows(GsbFormatException.class, () -> {
      GsbReader r = s.reader();
      while (r.next()) {
        // to the fault
      }
    });
    List<Seen> seen = new ArrayList<>();
    GsbFormatException thrown = assertThrows(GsbFormatException.class,
        () -> s.forEachRegister(seen, (list, id, size, value) -> list.add(new Seen(id, size, value))));
    assertEquals(expected.getMessage(), thrown.getMessage());
    assertTrue(seen.isEmpty(), seen.toString());
  }
}
