package org.nestsim.l1;

/**
 * The packing of console bytes in {@code H_PUT_TERM_CHAR}/{@code H_GET_TERM_CHAR} registers (spec §7.7):
 * up to 16 bytes in two 64-bit registers, big-endian, the first byte in the most significant byte of
 * the first register.
 */
final class ConsoleBytesCodec {
  /** The most bytes one hcall carries. */
  static final int MAX = 16;

  private ConsoleBytesCodec() {}

  /** The first {@code length} (0…16) bytes of {@code hi}, {@code lo}. */
  static byte[] unpack(int length, long hi, long lo) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      long word = i < 8 ? hi : lo;
      bytes[i] = (byte) (word >>> (56 - 8 * (i & 7)));
    }
    return bytes;
  }

  /** Up to 16 bytes packed into two registers, unused bytes 0. */
  static long[] pack(byte[] bytes) {
    long[] words = new long[2];
    for (int i = 0; i < Math.min(MAX, bytes.length); i++) {
      words[i >>> 3] |= (bytes[i] & 0xFFL) << (56 - 8 * (i & 7));
    }
    return words;
  }
}
