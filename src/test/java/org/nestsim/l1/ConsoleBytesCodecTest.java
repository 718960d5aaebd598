package org.nestsim.l1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The console hcalls' byte packing (spec §7.7): first byte in the most significant byte of R5/R6. */
class ConsoleBytesCodecTest {
  @Test
  void shouldPackBigEndianFromTheTopByte() {
    long[] w = ConsoleBytesCodec.pack("hi\n".getBytes(StandardCharsets.US_ASCII));
    assertEquals(0x6869_0a00_0000_0000L, w[0]);
    assertEquals(0, w[1]);
  }

  @Test
  void shouldRoundTripSixteenBytes() {
    byte[] bytes = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    long[] w = ConsoleBytesCodec.pack(bytes);
    assertEquals(0x3031_3233_3435_3637L, w[0]);
    assertArrayEquals(bytes, ConsoleBytesCodec.unpack(16, w[0], w[1]));
    assertArrayEquals("012".getBytes(StandardCharsets.US_ASCII), ConsoleBytesCodec.unpack(3, w[0], w[1]));
  }
}
