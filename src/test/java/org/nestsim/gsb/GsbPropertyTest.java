package org.nestsim.gsb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nestsim.gsb.linux.LinuxGsBuffer;
import org.nestsim.gsb.linux.LinuxGsParser;

/**
 * Seeded properties of the codec, over 1.2 million generated inputs in all: encoding then decoding is
 * the identity, and any byte string either validates or fails with a {@link GsbFormatException} whose
 * position lies inside the buffer — never another exception. A failure prints its seed and case; rerun
 * one seed with {@code -Dnestsim.seed=S}.
 */
class GsbPropertyTest {
  private static final List<GsbElement> ELEMENTS = GsbCatalog.all();
  private static final GsbRequest[] REQUESTS = {
    GsbRequest.DECODE, GsbRequest.RUN_INPUT,
    GsbRequest.getState(Scope.THREAD), GsbRequest.getState(Scope.GUEST), GsbRequest.getState(Scope.HOST),
    GsbRequest.setState(Scope.THREAD), GsbRequest.setState(Scope.GUEST), GsbRequest.decode(Scope.HOST)
  };

  private static long seedOr(long dflt) {
    String s = System.getProperty("nestsim.seed");
    return s != null ? Long.decode(s) : dflt;
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2})
  void shouldDecodeWhatItEncodes(long defaultSeed) {
    long seed = seedOr(defaultSeed);
    SplittableRandom rnd = new SplittableRandom(seed);
    GsbWriter writer = new GsbWriter();
    GsbReader reader = new GsbReader();
    ByteBuffer buffer = ByteBuffer.allocate(4096);
    ByteBuffer copy = ByteBuffer.allocate(4096);
    for (int iteration = 0; iteration < 50_000; iteration++) {
      int n = rnd.nextInt(40);
      int[] ids = new int[n];
      byte[][] values = new byte[n][];
      writer.wrap(buffer, 0, buffer.capacity());
      for (int i = 0; i < n; i++) {
        GsbElement e = ELEMENTS.get(rnd.nextInt(ELEMENTS.size()));
        ids[i] = e.id();
        values[i] = new byte[e.size() < 0 ? rnd.nextInt(9) : e.size()];
        rnd.nextBytes(values[i]);
        writer.putRaw(e.id(), values[i]);
      }
      String context = "seed " + seed + " iteration " + iteration;
      reader.wrap(buffer, 0, writer.length());
      assertEquals(n, GsbValidator.validate(reader, GsbRequest.DECODE), context);
      GsbWriter again = new GsbWriter().wrap(copy, 0, copy.capacity());
      for (int i = 0; i < n; i++) {
        assertTrue(reader.next(), context);
        assertEquals(ids[i], reader.id(), context);
        byte[] value = new byte[reader.size()];
        buffer.get(reader.valuePosition(), value);
        assertArrayEquals(values[i], value, context);
        again.copyElement(reader);
      }
      assertEquals(writer.length(), reader.endOffset(), context);
      assertEquals(GsbSnapshot.copyOf(buffer, 0, writer.length()), GsbSnapshot.copyOf(copy, 0, again.length()),
          context);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {11, 12})
  void shouldAnswerAnyByteStringWithABufferOrADefinedFault(long defaultSeed) {
    long seed = seedOr(defaultSeed);
    SplittableRandom rnd = new SplittableRandom(seed);
    GsbReader reader = new GsbReader();
    LinuxGsParser linux = new LinuxGsParser();
    byte[] valid = validBuffer(rnd);
    for (int iteration = 0; iteration < 550_000; iteration++) {
      byte[] input = (iteration & 1) == 0 ? garbage(rnd) : mutate(valid, rnd);
      GsbRequest request = REQUESTS[rnd.nextInt(REQUESTS.length)];
      try {
        checkOne(input, request, reader);
        checkLinux(input, linux);
      } catch (AssertionError | RuntimeException e) {
        fail("seed " + seed + " iteration " + iteration + " request " + request + " input "
            + HexFormat.of().formatHex(input) + ": " + e, e);
      }
      if (iteration % 1000 == 0) {
        valid = validBuffer(rnd);
      }
    }
  }

  private static void checkOne(byte[] input, GsbRequest request, GsbReader reader) {
    ByteBuffer b = ByteBuffer.wrap(input);
    try {
      int count = GsbValidator.validate(reader.wrap(b, 0, input.length), request);
      int visited = 0;
      while (reader.next()) {
        visited++;
        assertTrue(reader.endOffset() <= input.length);
        GsbValueFormat.describe(reader);
      }
      assertEquals(count, visited);
    } catch (GsbFormatException e) {
      assertTrue(e.offset() >= 0 && e.offset() <= input.length, "offset " + e.offset());
      assertTrue(e.index() >= GsbFormatException.NO_ELEMENT, "index " + e.index());
      assertTrue(e.getMessage().endsWith("(" + e.returnCode().name() + ")"));
      e.toResult(request);
    }
  }

  private static void checkLinux(byte[] input, LinuxGsParser parser) {
    if (input.length < 4) {
      return;
    }
    LinuxGsBuffer gsb = LinuxGsBuffer.create(input.length);
    gsb.data().put(0, input);
    int rc = parser.parse(gsb);
    assertTrue(rc == 0 || rc == -22, "rc " + rc);
  }

  private static byte[] garbage(SplittableRandom rnd) {
    byte[] b = new byte[rnd.nextInt(72)];
    rnd.nextBytes(b);
    if (b.length >= 4 && rnd.nextBoolean()) {
      b[0] = 0;
      b[1] = 0;
      b[2] = 0;
      b[3] = (byte) rnd.nextInt(6);
    }
    return b;
  }

  private static byte[] validBuffer(SplittableRandom rnd) {
    ByteBuffer b = ByteBuffer.allocate(512);
    GsbWriter w = new GsbWriter().wrap(b, 0, 512);
    int n = 1 + rnd.nextInt(8);
    for (int i = 0; i < n; i++) {
      GsbElement e = ELEMENTS.get(rnd.nextInt(ELEMENTS.size()));
      byte[] v = new byte[Math.max(e.size(), 0)];
      rnd.nextBytes(v);
      w.putRaw(e.id(), v);
    }
    byte[] out = new byte[w.length()];
    b.get(0, out);
    return out;
  }

  private static byte[] mutate(byte[] valid, SplittableRandom rnd) {
    byte[] b;
    switch (rnd.nextInt(4)) {
      case 0 -> {
        b = java.util.Arrays.copyOf(valid, rnd.nextInt(valid.length + 1));
      }
      case 1 -> {
        b = valid.clone();
        b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
      }
      case 2 -> {
        b = valid.clone();
        b[3] = (byte) (b[3] + rnd.nextInt(-2, 3));
      }
      default -> {
        b = java.util.Arrays.copyOf(valid, valid.length + rnd.nextInt(8));
        int at = rnd.nextInt(b.length);
        b[at] = (byte) rnd.nextInt(256);
      }
    }
    return b;
  }
}
