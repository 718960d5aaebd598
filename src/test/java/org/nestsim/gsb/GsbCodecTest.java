package org.nestsim.gsb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Writer and reader round trips for every value type, and golden wire fixtures (spec §4, §8.8). */
class GsbCodecTest {
  private static final HexFormat HEX = HexFormat.of();

  private static String hex(ByteBuffer b, int length) {
    byte[] out = new byte[length];
    b.get(0, out);
    return HEX.formatHex(out);
  }

  private static String unspaced(String s) {
    return s.replaceAll("[\\s|]", "").toLowerCase();
  }

  @Test
  void shouldRoundTripEveryValueType() {
    ByteBuffer b = ByteBuffer.allocate(256);
    GsbWriter w = new GsbWriter().wrap(b, 16, 200);
    w.putBe32(Gsid.CR, 0x8000_0001)
        .putBe64(Gsid.NIA, 0xC000_0000_0000_0100L)
        .putVec128(Gsid.vsr(5), 0x0102030405060708L, 0x1112131415161718L)
        .putPartitionTable(0x100_0000L, 52, 0x1_0000)
        .putProcessTable(0x200_0000L, 4096)
        .putBuffer(Gsid.RUN_INPUT, 0x300_0000L, 0x1000)
        .putRaw(Gsid.BLANK, new byte[] {1, 2, 3});
    assertEquals(7, w.count());
    assertEquals(4 + 8 + 12 + 20 + 28 + 20 + 20 + 7, w.length());

    GsbReader r = new GsbReader().wrap(b, 16, w.length());
    assertEquals(7, GsbValidator.validate(r, GsbRequest.DECODE));
    assertTrue(r.next());
    assertEquals(Gsid.CR, r.id());
    assertEquals(0x8000_0001, r.be32());
    assertEquals(0x8000_0001L, r.register(), "BE32 widens unsigned");
    assertTrue(r.next());
    assertEquals(0xC000_0000_0000_0100L, r.be64());
    assertTrue(r.next());
    assertEquals(0x0102030405060708L, r.be64(0));
    assertEquals(0x1112131415161718L, r.be64(1));
    assertTrue(r.next());
    assertEquals(0x100_0000L, r.be64(0));
    assertEquals(52, r.be64(1));
    assertEquals(0x1_0000, r.be64(2));
    assertTrue(r.next());
    assertEquals(0x200_0000L, r.be64(0));
    assertEquals(4096, r.be64(1));
    assertTrue(r.next());
    assertEquals(Gsid.RUN_INPUT, r.id());
    assertEquals(0x300_0000L, r.be64(0));
    assertEquals(0x1000, r.be64(1));
    assertTrue(r.next());
    assertEquals(Gsid.BLANK, r.id());
    assertEquals(3, r.size());
    assertEquals(6, r.index());
    assertFalse(r.next());
    assertEquals(w.length(), r.endOffset());
  }

  @Test
  void shouldWriteTheOutputBufferOfAnHcallExitAsSection88() {
    ByteBuffer b = ByteBuffer.allocate(GsbLayout.MIN_RUN_BUFFER_LENGTH);
    GsbWriter w = new GsbWriter().wrap(b, 0, b.capacity());
    for (int n = 3; n <= 12; n++) {
      w.putRegister(Gsid.gpr(n), 0x100 + n);
    }
    assertEquals(124, w.length());
    StringBuilder expected = new StringBuilder("0000000a");
    for (int n = 3; n <= 12; n++) {
      expected.append(String.format("10%02x0008%016x", n, 0x100 + n));
    }
    assertEquals(expected.toString(), hex(b, w.length()));
  }

  @Test
  void shouldWriteTheOutputBufferOfAnHdsiExitAsSection88() {
    ByteBuffer b = ByteBuffer.allocate(128);
    GsbWriter w = new GsbWriter().wrap(b, 0, 128);
    w.putRegister(Gsid.HDAR, 0x2000).putRegister(Gsid.HDSISR, 0x4200_0000L).putRegister(Gsid.ASDR, 0x2000)
        .putRegister(Gsid.NIA, 0x10C).putRegister(Gsid.MSR, 0x8000_0000_0000_0000L);
    assertEquals(60, w.length());
    assertEquals(unspaced("00 00 00 05 | F0 00 00 08 00 00 00 00 00 00 20 00 | F0 01 00 04 42 00 00 00 |"
        + " F0 03 00 08 00 00 00 00 00 00 20 00 | 10 21 00 08 00 00 00 00 00 00 01 0C |"
        + " 10 22 00 08 80 00 00 00 00 00 00 00"), hex(b, 60));
  }

  @Test
  void shouldWriteRegistrationBuffersAsSection88() {
    ByteBuffer b = ByteBuffer.allocate(64);
    GsbWriter w = new GsbWriter().wrap(b, 0, 64);
    w.putBuffer(Gsid.RUN_OUTPUT, 0x0000_0000_0123_4000L, 0x80);
    assertEquals(unspaced("00 00 00 01 | 0C 01 00 10 | 00 00 00 00 01 23 40 00 | 00 00 00 00 00 00 00 80"),
        hex(b, w.length()));

    w.wrap(b, 0, 64).putPartitionTable(0x100_0000L, 52, 0x10000).putProcessTable(0x200_0000L, 0x1000);
    assertEquals(unspaced("00 00 00 02 | 00 05 00 18 | 00 00 00 00 01 00 00 00 | 00 00 00 00 00 00 00 34"
        + " | 00 00 00 00 00 01 00 00 | 00 06 00 10 | 00 00 00 00 02 00 00 00 | 00 00 00 00 00 00 10 00"),
        hex(b, w.length()));
    assertEquals(2, GsbValidator.validate(b, 0, w.length(), GsbRequest.setState(Scope.GUEST)));
  }

  @Test
  void shouldAnswerGetOfRunOutputMinSizeInPlace() {
    // §8.8: the L1 sends 00 00 00 01 | 00 02 00 08 | 00…00; the L0 writes 0x80 into the value.
    ByteBuffer b = ByteBuffer.wrap(HEX.parseHex("00000001" + "00020008" + "0000000000000000"));
    GsbReader r = new GsbReader().wrap(b, 0, b.capacity());
    assertEquals(1, GsbValidator.validate(r, GsbRequest.getState(Scope.GUEST)));
    while (r.next()) {
      b.putLong(r.valuePosition(), GsbLayout.MIN_RUN_BUFFER_LENGTH);
    }
    assertEquals("00000001000200080000000000000080", HEX.formatHex(b.array()));
  }

  @Test
  void shouldWriteTheLowWordOfRegistersHeldIn32Bits() {
    ByteBuffer b = ByteBuffer.allocate(32);
    new GsbWriter().wrap(b, 0, 32).putRegister(Gsid.HDSISR, 0xFFFF_FFFF_4200_0000L);
    assertEquals("00000001f001000442000000", hex(b, 12));
  }

  @Test
  void shouldRefuseTypedPutsOfTheWrongTypeAndOverflow() {
    GsbWriter w = new GsbWriter().wrap(ByteBuffer.allocate(16), 0, 16);
    assertThrows(IllegalArgumentException.class, () -> w.putBe64(Gsid.CR, 1));
    assertThrows(IllegalArgumentException.class, () -> w.putBe32(0x1054, 1));
    w.putBe64(Gsid.NIA, 1);
    assertThrows(IllegalStateException.class, () -> w.putBe32(Gsid.CR, 1));
    assertEquals(1, w.count(), "a refused put leaves the buffer as it was");
    assertEquals(16, w.length());
    assertThrows(IllegalArgumentException.class,
        () -> new GsbReader().wrap(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN), 0, 8));
  }

  @Test
  void shouldCopySnapshotsOnceAndCompareByContent() {
    ByteBuffer b = ByteBuffer.allocate(64);
    GsbWriter w = new GsbWriter().wrap(b, 0, 64).putRegister(Gsid.gpr(3), 42).putRegister(Gsid.CR, 7);
    GsbSnapshot s = GsbSnapshot.copyOf(b, 0, w.length());
    GsbSnapshot same = GsbSnapshot.fromHex(s.toHex());
    b.putLong(8, 99);
    assertEquals(42, s.register(Gsid.gpr(3)).orElseThrow(), "later writes to the source do not leak in");
    assertEquals(7, s.register(Gsid.CR).orElseThrow());
    assertTrue(s.register(Gsid.NIA).isEmpty());
    assertEquals(same, s);
    assertEquals(same.hashCode(), s.hashCode());
    byte[] copy = s.toByteArray();
    copy[0] = 9;
    assertNotEquals(HEX.formatHex(copy), s.toHex(), "toByteArray hands out a copy");
    assertEquals(2, s.validate(GsbRequest.RUN_INPUT));
    assertEquals("00000000", GsbSnapshot.empty().toHex());
  }

  @Test
  void shouldLetTheLastDuplicateWinInSnapshots() {
    GsbSnapshot s = GsbSnapshot.fromHex("00000002 102c0008 0000000000000800 102c0008 0000000000000000");
    assertEquals(0, s.register(Gsid.LPCR).orElseThrow());
  }

  @Test
  void shouldCopyAnElementVerbatim() {
    ByteBuffer src = ByteBuffer.allocate(64);
    new GsbWriter().wrap(src, 0, 64).putVec128(Gsid.vsr(1), 1, 2);
    GsbReader r = new GsbReader().wrap(src, 0, 24);
    assertTrue(r.next());
    ByteBuffer dst = ByteBuffer.allocate(64);
    GsbWriter w = new GsbWriter().wrap(dst, 8, 40).copyElement(r);
    assertArrayEquals(GsbSnapshot.copyOf(src, 0, 24).toByteArray(), GsbSnapshot.copyOf(dst, 8, w.length()).toByteArray());
  }
}
