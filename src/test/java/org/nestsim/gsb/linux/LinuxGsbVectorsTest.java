package org.nestsim.gsb.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nestsim.gsb.GsbRequest;
import org.nestsim.gsb.GsbSnapshot;
import org.nestsim.gsb.Gsid;
import org.nestsim.hcall.HcallFlags;

/**
 * The Linux kernel's kunit vectors ({@code test-guest-state-buffer.c}, spec §8.1–§8.6), run against the
 * L1-side library bit for bit. Where a vector depends on the host's byte order, the little-endian host
 * the kernel tests run on is modelled explicitly: the host's bytes of a value are computed with a
 * little-endian {@link ByteBuffer}.
 */
class LinuxGsbVectorsTest {
  private static final HexFormat HEX = HexFormat.of();

  private static String hex(LinuxGsBuffer gsb) {
    return HEX.formatHex(gsb.toByteArray());
  }

  private static String unspaced(String s) {
    return s.replaceAll("\\s", "").toLowerCase();
  }

  /** The bytes a little-endian host holds for a u64. */
  private static byte[] leHostBytes(long v) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, v).array();
  }

  @Test
  void shouldCreateABuffer() {
    // §8.1 test_creating_buffer
    LinuxGsBuffer gsb = LinuxGsBuffer.create(0x100, 0, 0);
    assertEquals(0x100, gsb.capacity());
    assertEquals(4, gsb.length());
    assertEquals("00000000", hex(gsb));
  }

  @Test
  void shouldRoundCapacityUpToAPowerOfTwo() {
    assertEquals(0x100, LinuxGsBuffer.create(0x100).capacity());
    assertEquals(128, LinuxGsBuffer.create(88).capacity());
    assertEquals(64, LinuxGsBuffer.create(60).capacity());
    assertEquals(64, LinuxGsBuffer.create(52).capacity());
    assertEquals(1, LinuxGsBuffer.roundUpPowerOfTwo(1));
    assertEquals(4096, LinuxGsBuffer.roundUpPowerOfTwo(2484));
  }

  @Test
  void shouldAddElements() {
    // §8.2 test_adding_element, on a little-endian host
    LinuxGsBuffer gsb = LinuxGsBuffer.create(0x1000);
    assertEquals(0, gsb.putRaw(Gsid.gpr(0), leHostBytes(0xdeadbeefL)));
    assertEquals(0, gsb.putU64(Gsid.gpr(1), 0xcafef00dL));
    // u.dw[0] = 1, u.dw[1] = 2 in host memory: on a little-endian host dw[1] is the high doubleword.
    assertEquals(0, gsb.putVector128(Gsid.vsr(0), 2, 1));
    assertEquals(unspaced("""
        00 00 00 03
        10 00 00 08 EF BE AD DE 00 00 00 00
        10 01 00 08 00 00 00 00 CA FE F0 0D
        30 00 00 10 00 00 00 00 00 00 00 02 00 00 00 00 00 00 00 01"""), hex(gsb));

    LinuxGsParser parser = new LinuxGsParser();
    assertEquals(0, parser.parse(gsb));
    List<Integer> visited = new ArrayList<>();
    GsbSnapshot snapshot = GsbSnapshot.copyOf(gsb.toByteArray());
    var reader = snapshot.reader();
    while (reader.next()) {
      visited.add(reader.id());
    }
    assertEquals(List.of(0x1000, 0x1001, 0x3000), visited);
    assertEquals(0xdeadbeefL, Long.reverseBytes(parser.getU64(Gsid.gpr(0))), "raw bytes read back verbatim");
    assertEquals(0xcafef00dL, parser.getU64(Gsid.gpr(1)));
    assertEquals(2, parser.getDoubleword(Gsid.vsr(0), 0));
    assertEquals(1, parser.getDoubleword(Gsid.vsr(0), 1));

    gsb.reset();
    assertEquals(0, gsb.nelems());
    assertEquals(4, gsb.length());
  }

  @Test
  void shouldParseABuffer() {
    // §8.3 test_gs_parsing
    LinuxGsBuffer gsb = LinuxGsBuffer.create(0x1000);
    assertEquals(0, gsb.putU64(Gsid.gpr(0), 0xdeadbeefL));
    assertEquals("00000001" + "10000008" + "00000000deadbeef", hex(gsb));
    LinuxGsParser parser = new LinuxGsParser();
    assertEquals(0, parser.parse(gsb));
    assertTrue(parser.has(Gsid.gpr(0)));
    assertEquals(0xdeadbeefL, parser.getU64(Gsid.gpr(0)));
  }

  @Test
  void shouldSetTestClearAndIterateEveryIdInABitmap() {
    // §8.4 test_gs_bitmap
    int[][] ranges = {{0x0001, 0x0006}, {0x0800, 0x0804}, {0x0C00, 0x0C02}, {0x1000, 0x1053},
        {0x2000, 0x200E}, {0x3000, 0x303F}, {0xF000, 0xF003}};
    LinuxGsBitmap first = new LinuxGsBitmap();
    LinuxGsBitmap second = new LinuxGsBitmap();
    int i = 0;
    for (int[] r : ranges) {
      for (int id = r[0]; id <= r[1]; id++) {
        first.set(id);
        assertTrue(first.test(id));
        first.clear(id);
        assertFalse(first.test(id));
        second.set(id);
        i++;
      }
    }
    assertEquals(181, i);
    LinuxGsBitmap third = new LinuxGsBitmap();
    int j = 0;
    int previous = -1;
    for (int id = second.next(0); id != 0; id = second.next(id)) {
      assertTrue(LinuxGsid.flatten(id) > previous, "iteration follows flattened order");
      previous = LinuxGsid.flatten(id);
      third.set(id);
      j++;
    }
    assertEquals(i, j);
    assertEquals(second, third);
    assertEquals(0, first.cardinality());

    LinuxGsBitmap filled = new LinuxGsBitmap();
    filled.fill();
    assertEquals(second, filled, "fill = every ID but 0x0000");
    assertEquals(181, filled.cardinality());
  }

  @Test
  void shouldAgreeBitByBitWithTheIdOperations() {
    LinuxGsBitmap byId = new LinuxGsBitmap();
    LinuxGsBitmap byBit = new LinuxGsBitmap();
    java.util.Random random = new java.util.Random(182);
    for (int i = 0; i < 400; i++) {
      int bit = random.nextInt(LinuxGsid.IDEN_COUNT);
      int id = LinuxGsid.unflatten(bit);
      if (random.nextBoolean()) {
        byId.set(id);
        byBit.setBit(bit);
      } else {
        byId.clear(id);
        byBit.clearBit(bit);
      }
      assertEquals(byId, byBit);
      assertEquals(byId.test(id), byBit.testBit(bit));
      assertEquals(byId.cardinality() == 0, byBit.isEmpty());
    }
    // nextBit walks the bits that next walks the IDs of (bit 0 included: next stops there, nextBit not).
    byBit.clearBit(0);
    List<Integer> ids = new java.util.ArrayList<>();
    for (int id = byBit.next(0); id != 0; id = byBit.next(id)) {
      ids.add(id);
    }
    List<Integer> bits = new java.util.ArrayList<>();
    for (int bit = byBit.nextBit(0); bit >= 0; bit = byBit.nextBit(bit + 1)) {
      bits.add(LinuxGsid.unflatten(bit));
    }
    assertEquals(ids, bits);
    assertEquals(-1, byBit.nextBit(LinuxGsid.IDEN_COUNT));
    byBit.zero();
    assertTrue(byBit.isEmpty());
    assertEquals(-1, byBit.nextBit(0));
  }

  @Test
  void shouldFlattenIdsInClassOrder() {
    assertEquals(0, LinuxGsid.flatten(0x0000));
    assertEquals(6, LinuxGsid.flatten(0x0006));
    assertEquals(7, LinuxGsid.flatten(0x0800));
    assertEquals(12, LinuxGsid.flatten(0x0C00));
    assertEquals(15, LinuxGsid.flatten(0x1000));
    assertEquals(98, LinuxGsid.flatten(0x1053));
    assertEquals(99, LinuxGsid.flatten(0x2000));
    assertEquals(114, LinuxGsid.flatten(0x3000));
    assertEquals(178, LinuxGsid.flatten(0xF000));
    assertEquals(181, LinuxGsid.flatten(0xF003));
    assertEquals(0, LinuxGsid.flatten(0x1054), "IDs outside every class flatten to 0");
    for (int bit = 0; bit < LinuxGsid.IDEN_COUNT; bit++) {
      assertEquals(bit, LinuxGsid.flatten(LinuxGsid.unflatten(bit)));
    }
  }

  @Test
  void shouldSerialiseAMessageOfFiveElements() {
    // §8.5 test_gs_msg: GPR0, CR, partition table, process table, RUN_INPUT; all tables zero.
    int size = 12 + 8 + 28 + 20 + 20;
    assertEquals(88, size);
    LinuxGsBuffer gsb = LinuxGsBuffer.create(size);
    assertEquals(128, gsb.capacity());
    assertEquals(0, gsb.putU64(Gsid.gpr(0), 0xdeadbeefL));
    assertEquals(0, gsb.putU32(Gsid.CR, 1));
    assertEquals(0, gsb.putPartitionTable(0, 0, 0));
    assertEquals(0, gsb.putProcessTable(0, 0));
    assertEquals(0, gsb.putBufferInfo(Gsid.RUN_INPUT, 0, 0));
    assertEquals(unspaced("00 00 00 05 10 00 00 08 00 00 00 00 DE AD BE EF 20 00 00 04 00 00 00 01"
        + " 00 05 00 18" + "00".repeat(24) + " 00 06 00 10" + "00".repeat(16)
        + " 0C 00 00 10" + "00".repeat(16)), hex(gsb));
    assertEquals(92, gsb.length());

    LinuxGsParser parser = new LinuxGsParser();
    assertEquals(0, parser.parse(gsb));
    assertEquals(0xdeadbeefL, parser.getU64(Gsid.gpr(0)));
    assertEquals(1, parser.getU32(Gsid.CR));
    assertTrue(parser.has(Gsid.PROCESS_TABLE));
    assertTrue(parser.has(Gsid.RUN_INPUT));
  }

  @Test
  void shouldSerialiseTheHostWideStatistics() {
    // §8.6 test_gs_hostwide_msg
    long[] values = {0xdeadbeefL, 0xFFFF_FFFF_FFFF_FFFFL, 0xff, 0xffffff, 0xdeadbeefL};
    LinuxGsBuffer gsb = LinuxGsBuffer.create(5 * 12);
    assertEquals(64, gsb.capacity());
    for (int i = 0; i < 5; i++) {
      assertEquals(0, gsb.putU64(Gsid.L0_GUEST_HEAP + i, values[i]));
    }
    assertEquals(unspaced("""
        00 00 00 05
        08 00 00 08 00 00 00 00 DE AD BE EF
        08 01 00 08 FF FF FF FF FF FF FF FF
        08 02 00 08 00 00 00 00 00 00 00 FF
        08 03 00 08 00 00 00 00 00 FF FF FF
        08 04 00 08 00 00 00 00 DE AD BE EF"""), hex(gsb));
    assertEquals(64, gsb.length(), "completely full");
    assertEquals(HcallFlags.H_GUEST_FLAGS_HOST_WIDE, LinuxGsid.hcallFlags(Gsid.L0_GUEST_HEAP));

    LinuxGsParser parser = new LinuxGsParser();
    assertEquals(0, parser.parse(gsb));
    for (int i = 0; i < 5; i++) {
      assertEquals(values[i], parser.getU64(Gsid.L0_GUEST_HEAP + i));
    }
    // The buffer is also one the L0 accepts as a host-wide GET.
    assertEquals(5, GsbSnapshot.copyOf(gsb.toByteArray()).validate(GsbRequest.getState(
        org.nestsim.gsb.Scope.HOST)));
  }

  @Test
  void shouldFailPutsExactlyWhereTheKernelDoes() {
    LinuxGsBuffer gsb = LinuxGsBuffer.create(16);
    assertEquals(-Errno.EINVAL, gsb.putRaw(Gsid.gpr(0), new byte[4]), "wrong size");
    assertEquals(-Errno.ENOMEM, gsb.putRaw(Gsid.gpr(0), new byte[16]), "capacity is checked first");
    assertEquals(0, gsb.putU64(Gsid.gpr(0), 1));
    assertEquals(-Errno.ENOMEM, gsb.putU32(Gsid.CR, 1), "4 + 4 + 16 > 16");
    assertEquals(1, gsb.nelems());

    LinuxGsBuffer regs = LinuxGsBuffer.create(64);
    assertEquals(-Errno.EINVAL, regs.putRegister(Gsid.CR, 0x1_0000_0000L), "too wide for a 4-byte ID");
    assertEquals(0, regs.putRegister(Gsid.CR, 0xFFFF_FFFFL));
    assertEquals(-Errno.EINVAL, regs.putRegister(Gsid.VSR0, 1), "no register form for 16 bytes");
    assertEquals(0, regs.putRegister(Gsid.LPCR, -1L));
    LinuxGsParser parser = new LinuxGsParser();
    assertEquals(0, parser.parse(regs));
    assertEquals(0x0070_0000_0382_0C00L, parser.getU64(Gsid.LPCR), "LPCR is masked");
  }

  @Test
  void shouldMaskMsrAndGiveHeirEightBytes() {
    LinuxGsBuffer gsb = LinuxGsBuffer.create(64);
    assertEquals(0, gsb.putU64(Gsid.MSR, -1L));
    assertEquals(0, gsb.putU64(Gsid.HEIR, 0x7c0004ac));
    LinuxGsParser parser = new LinuxGsParser();
    assertEquals(0, parser.parse(gsb));
    assertEquals(0xEFFF_FFFF_FFBF_EFFFL, parser.getU64(Gsid.MSR));
    assertEquals(8, LinuxGsid.size(Gsid.HEIR));
    assertEquals(0, LinuxGsid.size(Gsid.BLANK));
    assertEquals(0, LinuxGsid.size(0x1054));
  }

  @Test
  void shouldRejectQemusFourByteHeirLikeALinuxL1() {
    // Spec §9 item 3: a Linux L1 parsing the output buffer of an HEA exit written by QEMU fails.
    LinuxGsBuffer out = LinuxGsBuffer.create(128);
    out.data().put(0, HEX.parseHex("00000003" + "f0020004" + "7c0004ac" + "10210008" + "0000000000000100"
        + "10220008" + "8000000000000000"));
    assertEquals(-Errno.EINVAL, new LinuxGsParser().parse(out));
  }

  @Test
  void shouldParseLikeTheKernel() {
    LinuxGsParser parser = new LinuxGsParser();
    LinuxGsBuffer dup = LinuxGsBuffer.create(64);
    dup.putU64(Gsid.NIA, 1);
    dup.putU64(Gsid.NIA, 2);
    assertEquals(0, parser.parse(dup));
    assertEquals(2, parser.getU64(Gsid.NIA), "a later duplicate replaces an earlier one");

    LinuxGsBuffer counted = LinuxGsBuffer.create(16);
    counted.putU64(Gsid.NIA, 1);
    counted.data().putInt(0, 2);
    assertEquals(-Errno.EINVAL, parser.parse(counted), "fewer elements than nelems");

    LinuxGsBuffer padded = LinuxGsBuffer.create(64);
    padded.putU64(Gsid.NIA, 1);
    padded.data().putInt(0, 2);
    assertEquals(0, parser.parse(padded),
        "the kernel parses up to the capacity: zero bytes after the used length read as a BLANK element");

    LinuxGsBuffer blank = LinuxGsBuffer.create(16);
    blank.data().put(0, HEX.parseHex("00000001" + "00000000"));
    assertEquals(0, parser.parse(blank), "BLANK of size 0 parses");
    blank.data().put(0, HEX.parseHex("00000001" + "00000004" + "00000000"));
    assertEquals(-Errno.EINVAL, parser.parse(blank), "Linux accepts BLANK only with size 0");
  }

  @Test
  void shouldSendEachClassWithItsFlags() {
    assertEquals(LinuxGsid.FLAGS_WIDE, LinuxGsid.flags(Gsid.PARTITION_TABLE));
    assertEquals(LinuxGsid.FLAGS_WIDE, LinuxGsid.flags(Gsid.BLANK));
    assertEquals(LinuxGsid.FLAGS_HOST_WIDE, LinuxGsid.flags(Gsid.L0_GUEST_HEAP_MAX));
    assertEquals(0, LinuxGsid.flags(Gsid.RUN_INPUT));
    assertEquals(HcallFlags.H_GUEST_FLAGS_WIDE, LinuxGsid.hcallFlags(Gsid.TB_OFFSET));
    assertEquals(0, LinuxGsid.hcallFlags(Gsid.NIA));
  }

  @Test
  void shouldIterateNothingWhenBitZeroIsSetAsTheKernelDoes() {
    LinuxGsBitmap bitmap = new LinuxGsBitmap();
    bitmap.set(Gsid.BLANK);
    bitmap.set(Gsid.gpr(0));
    assertEquals(0, bitmap.next(0), "gsbm_next(0) searches from bit 0, finds it set, and ends the loop");
    bitmap.clear(Gsid.BLANK);
    assertEquals(Gsid.gpr(0), bitmap.next(0));
    assertEquals(0, bitmap.next(Gsid.gpr(0)));
  }
}
