package org.nestsim.l0;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.nestsim.cpu.Lpcr;
import org.nestsim.cpu.Msr;
import org.nestsim.cpu.VcpuState;
import org.nestsim.gsb.GsbCatalog;
import org.nestsim.gsb.GsbElement;
import org.nestsim.gsb.GsbReader;
import org.nestsim.gsb.GsbRequest;
import org.nestsim.gsb.GsbWriter;
import org.nestsim.gsb.Gsid;
import org.nestsim.gsb.QemuSupport;
import org.nestsim.gsb.Scope;
import org.nestsim.gsb.ValueType;
import org.nestsim.hcall.HcallResult;
import org.nestsim.hcall.ReturnCode;

/** GET/SET_STATE and the run input buffer, applied to the L0's state (spec §2.7, §2.8, §5, §9). */
class StateBuffersTest {
  private static final GsbRequest SET_THREAD = StateBuffers.setRequest(Scope.THREAD);
  private static final GsbRequest SET_GUEST = StateBuffers.setRequest(Scope.GUEST);
  private static final GsbRequest GET_THREAD = StateBuffers.getRequest(Scope.THREAD);
  private static final GsbRequest GET_GUEST = StateBuffers.getRequest(Scope.GUEST);
  private static final GsbRequest GET_HOST = StateBuffers.getRequest(Scope.HOST);

  private final GsbReader reader = new GsbReader();
  private final GuestState guest = new GuestState(0x0F00_0006L);
  private final VcpuState vcpu = new VcpuState();
  private final VcpuRecord record = new VcpuRecord();

  private static ByteBuffer build(Consumer<GsbWriter> elements) {
    ByteBuffer b = ByteBuffer.allocate(8192);
    GsbWriter w = new GsbWriter().wrap(b, 0, b.capacity());
    elements.accept(w);
    return ByteBuffer.wrap(b.array(), 0, w.length()).slice();
  }

  private static ByteBuffer bytes(String hex) {
    return ByteBuffer.wrap(HexFormat.of().parseHex(hex.replaceAll("\\s+", "")));
  }

  private static String hex(ByteBuffer b) {
    byte[] a = new byte[b.capacity()];
    b.get(0, a);
    return HexFormat.of().formatHex(a);
  }

  private HcallResult set(Profile profile, GsbRequest request, ByteBuffer b) {
    return StateBuffers.set(profile, request, reader, b, 0, b.capacity(), guest, vcpu, record);
  }

  private HcallResult get(Profile profile, GsbRequest request, ByteBuffer b, HostWideCounters counters) {
    return StateBuffers.get(profile, request, reader, b, 0, b.capacity(), guest, vcpu, record, counters);
  }

  private HcallResult get(Profile profile, GsbRequest request, ByteBuffer b) {
    return get(profile, request, b, null);
  }

  /** Every writable thread-wide register element (GPRs, 64- and 32-bit registers). */
  private static Iterable<GsbElement> threadRegisters() {
    return GsbCatalog.all().stream()
        .filter(e -> VcpuState.isRegister(e.id()) && e.access().writable())
        .toList();
  }

  private static long pattern(int id) {
    return 0x0123_4567_89AB_CDEFL ^ ((long) id << 40) ^ id;
  }

  @Test
  void shouldRoundTripEveryThreadWideRegisterElement() {
    ByteBuffer in = build(w -> threadRegisters().forEach(e -> w.putRegister(e.id(), pattern(e.id()))));
    assertSame(StateBuffers.OK, set(Profile.SPEC, SET_THREAD, in));

    ByteBuffer out = build(w -> threadRegisters().forEach(e -> w.putRegister(e.id(), 0)));
    assertSame(StateBuffers.OK, get(Profile.SPEC, GET_THREAD, out));
    GsbReader r = new GsbReader().wrap(out, 0, out.capacity());
    int checked = 0;
    while (r.next()) {
      // What VcpuState keeps of the value: 32-bit elements the low word, MSR/LPCR/XER their masks.
      VcpuState reference = new VcpuState();
      reference.set(r.id(), pattern(r.id()));
      long expected = reference.get(r.id());
      assertEquals(expected, r.register(), GsbCatalog.nameOf(r.id()));
      checked++;
    }
    assertEquals(32 + 52 + 15, checked);
    assertEquals(pattern(Gsid.gpr(7)), vcpu.gpr[7]);
    assertEquals(pattern(Gsid.SRR1), vcpu.get(Gsid.SRR1));
    assertEquals(pattern(Gsid.PIDR) & 0xFFFF_FFFFL, vcpu.get(Gsid.PIDR));
  }

  @Test
  void shouldMaskMsrAndLpcrOnSet() {
    ByteBuffer in = build(w -> w.putBe64(Gsid.MSR, -1L).putBe64(Gsid.LPCR, -1L));
    assertSame(StateBuffers.OK, set(Profile.SPEC, SET_THREAD, in));
    assertEquals(~Msr.L2_FORBIDDEN, vcpu.msr);
    assertEquals(Lpcr.L1_CONTROLLED, vcpu.get(Gsid.LPCR));
  }

  @Test
  void shouldRoundTripEveryVsr() {
    ByteBuffer in = build(w -> {
      for (int n = 0; n < 64; n++) {
        w.putVec128(Gsid.vsr(n), 0x1000_0000_0000_0000L + n, 0x2000_0000_0000_0000L + n);
      }
    });
    assertSame(StateBuffers.OK, set(Profile.SPEC, SET_THREAD, in));
    assertEquals(0x1000_0000_0000_0005L, vcpu.fpr(5));
    assertEquals(0x2000_0000_0000_003FL, vcpu.vsrLow(63));

    ByteBuffer out = build(w -> {
      for (int n = 63; n >= 0; n--) {
        w.putVec128(Gsid.vsr(n), 0, 0);
      }
    });
    assertSame(StateBuffers.OK, get(Profile.SPEC, GET_THREAD, out));
    GsbReader r = new GsbReader().wrap(out, 0, out.capacity());
    while (r.next()) {
      int n = r.id() - Gsid.VSR0;
      assertEquals(0x1000_0000_0000_0000L + n, r.be64(0));
      assertEquals(0x2000_0000_0000_0000L + n, r.be64(1));
    }
  }

  @Test
  void shouldEncodeThePartitionAndProcessTableOfTheWireExample() {
    // Spec §8.8, with address 0x0100_0000 (partition) and 0x0200_0000 (process, 4 KiB).
    ByteBuffer in = bytes("""
        00 00 00 02
        00 05 00 18  00 00 00 00 01 00 00 00  00 00 00 00 00 00 00 34  00 00 00 00 00 01 00 00
        00 06 00 10  00 00 00 00 02 00 00 00  00 00 00 00 00 00 10 00
        """);
    assertFalse(guest.partitionTableSet());
    assertSame(StateBuffers.OK, set(Profile.SPEC, SET_GUEST, in));
    assertTrue(guest.partitionTableSet());
    assertEquals(0xC000_0000_0100_00ADL, guest.pateDw0());
    assertEquals(0x0000_0000_0200_0000L, guest.pateDw1());

    ByteBuffer big = build(w -> w.putProcessTable(0x0400_0000L, 16L << 20));
    assertSame(StateBuffers.OK, set(Profile.SPEC, SET_GUEST, big));
    assertEquals(0x0000_0000_0400_000CL, guest.pateDw1());
    assertEquals(0xC000_0000_0100_00ADL, guest.pateDw0());
  }

  @Test
  void shouldReturnTheTablesAndRunBuffersAsGivenInBothProfiles() {
    set(Profile.SPEC, SET_GUEST, build(w -> w.putPartitionTable(0x0100_0000L, 52, 0x10000)
        .putProcessTable(0x0200_0000L, 4096)));
    set(Profile.SPEC, SET_THREAD, build(w -> w.putBuffer(Gsid.RUN_INPUT, 0x9000, 0x100)
        .putBuffer(Gsid.RUN_OUTPUT, 0xA000, 0x80)));
    assertTrue(record.runBuffersRegistered());
    for (Profile profile : Profile.values()) {
      // QEMU aborts on these GETs (spec §9 item 5); both profiles give the stored values.
      ByteBuffer tables = build(w -> w.putPartitionTable(0, 0, 0).putProcessTable(0, 0));
      assertSame(StateBuffers.OK, get(profile, GET_GUEST, tables));
      assertEquals("00000002"
          + "00050018" + "0000000001000000" + "0000000000000034" + "0000000000010000"
          + "00060010" + "0000000002000000" + "0000000000001000", hex(tables));
      ByteBuffer buffers = build(w -> w.putBuffer(Gsid.RUN_OUTPUT, 0, 0).putBuffer(Gsid.RUN_INPUT, 0, 0));
      assertSame(StateBuffers.OK, get(profile, GET_THREAD, buffers));
      assertEquals("00000002" + "0c010010" + "000000000000a000" + "0000000000000080"
          + "0c000010" + "0000000000009000" + "0000000000000100", hex(buffers));
    }
  }

  @Test
  void shouldAnswerTheRunOutputMinimumSizeOfTheWireExample() {
    ByteBuffer b = bytes("00 00 00 01 | 00 02 00 08 | 00 00 00 00 00 00 00 00".replace("|", ""));
    for (Profile profile : Profile.values()) {
      assertSame(StateBuffers.OK, get(profile, GET_GUEST, b));
      assertEquals("00000001" + "00020008" + "0000000000000080", hex(b));
    }
  }

  @Test
  void shouldAnswerTheHostWideCountersVector() {
    // Spec §8.6/§8.7: the five host-wide elements, 64 bytes, GET with the host-wide flag.
    ByteBuffer b = build(w -> {
      for (int id = Gsid.L0_GUEST_HEAP; id <= Gsid.L0_GUEST_PGTABLE_RECLAIM; id++) {
        w.putBe64(id, 0);
      }
    });
    assertEquals(64, b.capacity());
    HostWideCounters counters = new HostWideCounters(0, 10_995_367_936L, 2_178_304L, 2_147_483_648L, 0);
    assertSame(StateBuffers.OK, StateBuffers.get(Profile.SPEC, GET_HOST, reader, b, 0, 64, null, null,
        null, counters));
    GsbReader r = new GsbReader().wrap(b, 0, 64);
    int id = Gsid.L0_GUEST_HEAP;
    while (r.next()) {
      assertEquals(id, r.id());
      assertEquals(counters.value(id), r.be64());
      id++;
    }
    assertEquals(Gsid.L0_GUEST_PGTABLE_RECLAIM + 1, id);
    assertSame(StateBuffers.OK, StateBuffers.get(Profile.QEMU, GET_HOST, reader, b, 0, 64, null, null,
        null, HostWideCounters.ZERO));
    // QEMU reports 0 for all five (spec §8.7).
    r = new GsbReader().wrap(b, 0, 64);
    while (r.next()) {
      assertEquals(0, r.be64());
    }
  }

  @Test
  void shouldLetTheLastDuplicateWin() {
    // A Linux L1 can put LPCR twice in one input buffer (spec §9 item 18).
    ByteBuffer in = build(w -> w.putBe64(Gsid.LPCR, Lpcr.MER).putBe64(Gsid.LPCR, Lpcr.LD));
    assertSame(StateBuffers.OK, set(Profile.SPEC, GsbRequest.RUN_INPUT, in));
    assertEquals(Lpcr.LD, vcpu.get(Gsid.LPCR));
    ByteBuffer pvr = build(w -> w.putBe32(Gsid.LOGICAL_PVR, 0x0F00_0005).putBe32(Gsid.LOGICAL_PVR, 0x0F00_0007));
    assertSame(StateBuffers.OK, set(Profile.QEMU, SET_GUEST, pvr));
    assertEquals(0x0F00_0007L, guest.logicalPvr());
  }

  @Test
  void shouldSkipBlankElementsOfAnySize() {
    ByteBuffer in = build(w -> w.putRaw(Gsid.BLANK, new byte[5]).putBe64(Gsid.NIA, 0x700)
        .putRaw(Gsid.BLANK, new byte[0]));
    assertSame(StateBuffers.OK, set(Profile.SPEC, SET_THREAD, in));
    assertEquals(0x700, vcpu.nia);
    ByteBuffer out = build(w -> w.putRaw(Gsid.BLANK, new byte[] {1, 2}).putBe64(Gsid.NIA, 0));
    assertSame(StateBuffers.OK, get(Profile.SPEC, GET_THREAD, out));
    assertEquals("00000002" + "00000002" + "0102" + "10210008" + "0000000000000700", hex(out));
  }

  @Test
  void shouldApplyNothingOfARejectedBuffer() {
    vcpu.nia = 0x100;
    ByteBuffer in = build(w -> w.putBe64(Gsid.NIA, 0x200).putBe64(Gsid.gpr(3), 7)
        .putRaw(Gsid.gpr(4), new byte[4]));
    assertEquals(HcallResult.of(ReturnCode.H_INVALID_ELEMENT_SIZE, 2), set(Profile.SPEC, SET_THREAD, in));
    assertEquals(HcallResult.of(ReturnCode.H_P3), set(Profile.QEMU, SET_THREAD, in));
    assertEquals(0x100, vcpu.nia);
    assertEquals(0, vcpu.gpr[3]);
  }

  @Test
  void shouldAnswerElementErrorsPerProfile() {
    // Element 1 (offset 16) is read-only HDAR: index in GET/SET, offset in the run input buffer.
    ByteBuffer in = build(w -> w.putBe64(Gsid.NIA, 0x200).putBe64(Gsid.HDAR, 1));
    assertEquals(HcallResult.of(ReturnCode.H_INVALID_ELEMENT_ID, 1), set(Profile.SPEC, SET_THREAD, in));
    assertEquals(HcallResult.of(ReturnCode.H_INVALID_ELEMENT_ID, 16),
        set(Profile.SPEC, GsbRequest.RUN_INPUT, in));
    assertEquals(HcallResult.of(ReturnCode.H_P3), set(Profile.QEMU, SET_THREAD, in));
    assertEquals(HcallResult.of(ReturnCode.H_P3), set(Profile.QEMU, GsbRequest.RUN_INPUT, in));

    ByteBuffer badTable = build(w -> w.putPartitionTable(0x0100_0000L, 48, 0x10000));
    assertEquals(HcallResult.of(ReturnCode.H_INVALID_ELEMENT_VALUE, 0), set(Profile.SPEC, SET_GUEST, badTable));
    assertEquals(HcallResult.of(ReturnCode.H_P3), set(Profile.QEMU, SET_GUEST, badTable));
    assertFalse(guest.partitionTableSet());

    ByteBuffer header = bytes("000000");
    assertEquals(HcallResult.of(ReturnCode.H_P5), set(Profile.SPEC, SET_THREAD, header));
    assertEquals(HcallResult.of(ReturnCode.H_P3), set(Profile.QEMU, SET_THREAD, header));
  }

  @Test
  void shouldStoreTheVpaOnlyInTheSpecProfile() {
    ByteBuffer in = build(w -> w.putBe64(Gsid.VPA, 0x7000));
    assertEquals(HcallResult.of(ReturnCode.H_P3), set(Profile.QEMU, SET_THREAD, in));
    assertEquals(0, record.vpa());
    assertSame(StateBuffers.OK, set(Profile.SPEC, SET_THREAD, in));
    assertEquals(0x7000, record.vpa());
    ByteBuffer out = build(w -> w.putBe64(Gsid.VPA, 0));
    assertEquals(HcallResult.of(ReturnCode.H_P3), get(Profile.QEMU, GET_THREAD, out));
    assertSame(StateBuffers.OK, get(Profile.SPEC, GET_THREAD, out));
    assertEquals("00000001" + "0c020008" + "0000000000007000", hex(out));
  }

  @Test
  void shouldAnswerTheHostStateSizeOnlyInTheSpecProfile() {
    ByteBuffer out = build(w -> w.putBe64(Gsid.HOST_STATE_SIZE, 0));
    assertEquals(HcallResult.of(ReturnCode.H_P3), get(Profile.QEMU, GET_GUEST, out));
    assertSame(StateBuffers.OK, get(Profile.SPEC, GET_GUEST, out));
    assertEquals(StateBuffers.HOST_STATE_SIZE, out.getLong(8));
    assertEquals(2504, StateBuffers.HOST_STATE_SIZE);
    // The size of a buffer that holds every thread-wide element once.
    ByteBuffer all = build(w -> GsbCatalog.all().stream().filter(e -> e.scope() == Scope.THREAD)
        .forEach(e -> w.putRaw(e.id(), new byte[e.size()])));
    assertEquals(all.capacity(), StateBuffers.HOST_STATE_SIZE);
  }

  @Test
  void shouldNeitherStoreNorReturnTheElementsQemuIgnores() {
    int[] ignored = {Gsid.MMCR3, Gsid.SIER2, Gsid.SIER3, Gsid.WORT};
    ByteBuffer in = build(w -> {
      for (int id : ignored) {
        w.putRegister(id, 0x55);
      }
    });
    assertSame(StateBuffers.OK, set(Profile.QEMU, SET_THREAD, in));
    for (int id : ignored) {
      assertEquals(0, vcpu.get(id), GsbCatalog.nameOf(id));
    }
    vcpu.set(Gsid.MMCR3, 0x66);
    // The caller's placeholder bytes survive a QEMU-profile GET.
    ByteBuffer out = build(w -> w.putBe64(Gsid.MMCR3, 0x1234).putBe32(Gsid.WORT, 0x5678));
    assertSame(StateBuffers.OK, get(Profile.QEMU, GET_THREAD, out));
    assertEquals("00000002" + "103e0008" + "0000000000001234" + "200d0004" + "00005678", hex(out));

    assertSame(StateBuffers.OK, set(Profile.SPEC, SET_THREAD, in));
    assertSame(StateBuffers.OK, get(Profile.SPEC, GET_THREAD, out));
    assertEquals("00000002" + "103e0008" + "0000000000000055" + "200d0004" + "00000055", hex(out));
  }

  @Test
  void shouldKnowTheIgnoredElementsFromTheCatalog() {
    for (GsbElement e : GsbCatalog.all()) {
      assertEquals(e.qemu() == QemuSupport.IGNORED, StateBuffers.isIgnoredByQemu(e.id()), e.name());
    }
  }

  @Test
  void shouldKeepTbOffsetAndLogicalPvrGuestWide() {
    ByteBuffer in = build(w -> w.putBe64(Gsid.TB_OFFSET, 0x1000).putBe32(Gsid.LOGICAL_PVR, 0x0F00_0005));
    assertSame(StateBuffers.OK, set(Profile.SPEC, SET_GUEST, in));
    ByteBuffer out = build(w -> w.putBe64(Gsid.TB_OFFSET, -1).putBe32(Gsid.LOGICAL_PVR, -1));
    assertSame(StateBuffers.OK, get(Profile.SPEC, GET_GUEST, out));
    assertEquals("00000002" + "00040008" + "0000000000001000" + "00030004" + "0f000005", hex(out));
    // QEMU never writes its guest-level TB offset, so a GET answers 0 (spec §9 item 12).
    assertSame(StateBuffers.OK, get(Profile.QEMU, GET_GUEST, out));
    assertEquals("00000002" + "00040008" + "0000000000000000" + "00030004" + "0f000005", hex(out));
  }

  @Test
  void shouldRejectElementsOfAnotherScope() {
    ByteBuffer guestInThread = build(w -> w.putBe64(Gsid.TB_OFFSET, 1));
    assertEquals(HcallResult.of(ReturnCode.H_INVALID_ELEMENT_ID, 0), set(Profile.SPEC, SET_THREAD, guestInThread));
    ByteBuffer threadInGuest = build(w -> w.putBe64(Gsid.NIA, 1));
    assertEquals(HcallResult.of(ReturnCode.H_INVALID_ELEMENT_ID, 0), get(Profile.SPEC, GET_GUEST, threadInGuest));
    ByteBuffer hostInGuest = build(w -> w.putBe64(Gsid.L0_GUEST_HEAP, 1));
    assertEquals(HcallResult.of(ReturnCode.H_P3), get(Profile.QEMU, GET_GUEST, hostInGuest));
  }

  @Test
  void shouldReadExitRegistersAsThirtyTwoOrSixtyFourBits() {
    vcpu.reg[VcpuState.R_HEIR] = 0x7C00_02A6L;
    vcpu.reg[VcpuState.R_HDAR] = 0x1234_5678_9ABC_DEF0L;
    ByteBuffer out = build(w -> w.putBe32(Gsid.HEIR, 0).putBe64(Gsid.HDAR, 0));
    assertSame(StateBuffers.OK, get(Profile.SPEC, GET_THREAD, out));
    assertEquals("00000002" + "f0020004" + "7c0002a6" + "f0000008" + "123456789abcdef0", hex(out));
  }

  @Test
  void shouldOnlyUseRegisterTypesForThreadRegisters() {
    for (GsbElement e : threadRegisters()) {
      assertTrue(e.type() == ValueType.BE32 || e.type() == ValueType.BE64, e.name());
    }
  }
}
