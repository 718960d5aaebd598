package org.nestsim.l0;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nestsim.l0.L0Rig.GSB;
import static org.nestsim.l0.L0Rig.expect;
import static org.nestsim.l0.L0Rig.expectSuccess;
import static org.nestsim.l0.L0Rig.per;

import java.util.HexFormat;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nestsim.gsb.GsbSnapshot;
import org.nestsim.gsb.Gsid;
import org.nestsim.gsb.GsbRequest;
import org.nestsim.gsb.Scope;
import org.nestsim.hcall.HcallResult;
import org.nestsim.hcall.ReturnCode;
import org.nestsim.l0.L0Protocol.GetState;
import org.nestsim.l0.L0Protocol.SetState;

/** {@code H_GUEST_GET_STATE} and {@code H_GUEST_SET_STATE} (spec §2.7, §4, §5, §8.7, §8.8, §9). */
class StateAccessTest {
  static final ActorTestKit KIT = ActorTestKit.create();
  static final long WIDE = 0x8000_0000_0000_0000L;
  static final long HOST = 0x4000_0000_0000_0000L;
  static final long END_OF_MEMORY = 64L << 20;

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  /** A guest with vCPU 0 created. */
  private static long guestWithVcpu(L0Rig rig) {
    long g = rig.guest();
    expectSuccess(rig.createVcpu(g, 0));
    return g;
  }

  private static HcallResult get(L0Rig rig, long flags, long g, long v, long address, long size) {
    return rig.call(r -> new GetState(flags, g, v, address, size, r));
  }

  private static HcallResult set(L0Rig rig, long flags, long g, long v, long address, long size) {
    return rig.call(r -> new SetState(flags, g, v, address, size, r));
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldRefuseBufferSizesOutsideFourBytesToOneMiB(Profile p) {
    L0Rig rig = new L0Rig(KIT, p);
    long g = guestWithVcpu(rig);
    rig.gsb(w -> w.putBe64(Gsid.gpr(3), 3));
    ReturnCode bad = per(p, ReturnCode.H_P5, ReturnCode.H_P3);
    for (long size : List.of(0L, 3L, (1L << 20) + 1, -1L, Long.MIN_VALUE)) {
      for (long flags : List.of(0L, WIDE)) {
        expect(bad, get(rig, flags, g, 0, GSB, size));
        expect(bad, set(rig, flags, g, 0, GSB, size));
      }
      // The size comes before the flags, the guest and the address.
      expect(bad, get(rig, -1L, 99, 0, -1L, size));
      expect(bad, set(rig, -1L, 99, 0, -1L, size));
      expect(bad, get(rig, HOST, 0, 0, GSB, size));
    }
    // Both limits are inclusive; bytes after the counted elements are ignored.
    expect(ReturnCode.H_SUCCESS, set(rig, 0, g, 0, GSB, 1L << 20));
    expect(ReturnCode.H_SUCCESS, get(rig, 0, g, 0, GSB, 1L << 20));
    rig.gsb(w -> { });
    expect(ReturnCode.H_SUCCESS, set(rig, 0, g, 0, GSB, 4));
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldRefuseReservedFlagsWithH_PARAMETER(Profile p) {
    L0Rig rig = new L0Rig(KIT, p);
    long g = guestWithVcpu(rig);
    int length = rig.gsb(w -> w.putBe64(Gsid.gpr(3), 3));
    for (long flags : List.of(HOST, WIDE | HOST, 0x2000_0000_0000_0000L, 1L, -1L)) {
      expect(ReturnCode.H_PARAMETER, set(rig, flags, g, 0, GSB, length));
      // Flags come before the guest id.
      expect(ReturnCode.H_PARAMETER, set(rig, flags, 99, 0, GSB, length));
    }
    for (long flags : List.of(WIDE | HOST, 0x2000_0000_0000_0000L, 1L, -1L, WIDE | 1L)) {
      expect(ReturnCode.H_PARAMETER, get(rig, flags, g, 0, GSB, length));
      expect(ReturnCode.H_PARAMETER, get(rig, flags, 99, 0, GSB, length));
    }
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldAnswerH_P2ForAnUnknownGuestBeforeLookingAtTheBuffer(Profile p) {
    L0Rig rig = new L0Rig(KIT, p);
    long g = guestWithVcpu(rig);
    int length = rig.gsb(w -> w.putRaw(0x7777, new byte[3]));
    for (long guest : List.of(0L, g + 1, 4095L, 4096L, -1L)) {
      for (long flags : List.of(0L, WIDE)) {
        expect(ReturnCode.H_P2, get(rig, flags, guest, 0, GSB, length));
        expect(ReturnCode.H_P2, set(rig, flags, guest, 0, GSB, length));
        expect(ReturnCode.H_P2, set(rig, flags, guest, 0, END_OF_MEMORY, 64));
      }
    }
    expectSuccess(rig.delete(0, g));
    expect(ReturnCode.H_P2, rig.get(0, g, 0, w -> w.putBe64(Gsid.gpr(3), 0)));
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldRefuseABufferOutsideL1Memory(Profile p) {
    L0Rig rig = new L0Rig(KIT, p);
    long g = guestWithVcpu(rig);
    ReturnCode bad = per(p, ReturnCode.H_P4, ReturnCode.H_P3);
    long[][] places = {{END_OF_MEMORY - 8, 64}, {END_OF_MEMORY, 4}, {-1L, 8}, {-4096L, 8192}};
    for (long[] place : places) {
      for (long vcpu : List.of(0L, 7L)) {
        expect(bad, get(rig, 0, g, vcpu, place[0], place[1]));
        expect(bad, set(rig, 0, g, vcpu, place[0], place[1]));
      }
      expect(bad, get(rig, WIDE, g, 0, place[0], place[1]));
      expect(bad, set(rig, WIDE, g, 0, place[0], place[1]));
      expect(bad, get(rig, HOST, 0, 0, place[0], place[1]));
    }
    // The last bytes of L1 memory are fine.
    rig.gsbAt(END_OF_MEMORY - 16, w -> w.putBe64(Gsid.gpr(3), 9));
    expect(ReturnCode.H_SUCCESS, set(rig, 0, g, 0, END_OF_MEMORY - 16, 16));
    assertEquals(9, rig.register(g, 0, Gsid.gpr(3)));
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldNameTheIndexOfAMalformedElement(Profile p) {
    L0Rig rig = new L0Rig(KIT, p);
    long g = guestWithVcpu(rig);
    HcallResult unknown = rig.set(0, g, 0, w -> w.putBe64(Gsid.gpr(3), 1).putBe64(Gsid.gpr(4), 2)
        .putRaw(0x1FFF, new byte[8]));
    HcallResult size = rig.set(0, g, 0, w -> w.putRaw(Gsid.gpr(3), new byte[4]));
    HcallResult value = rig.set(0, g, 0, w -> w.putRaw(Gsid.BLANK, new byte[5]).putBe64(Gsid.gpr(3), 1)
        .putBe64(Gsid.LPCR, 0).putBuffer(Gsid.RUN_INPUT, 0, 0x1000));
    HcallResult getUnknown = rig.get(0, g, 0, w -> w.putBe64(Gsid.gpr(3), 0).putRaw(0x0007, new byte[8]));
    HcallResult wideValue = rig.set(WIDE, g, 0, w -> w.putBe32(Gsid.LOGICAL_PVR, 0x0F000006)
        .putPartitionTable(0x100_0000, 40, 0x1_0000));
    HcallResult overrun = rig.set(0, g, 0, w -> w.putBe64(Gsid.gpr(3), 1).putBe64(Gsid.gpr(4), 1));
    // Same buffer, passed 4 bytes short: the second element runs past the end.
    HcallResult cut = set(rig, 0, g, 0, GSB, 4 + 12 + 8);
    if (p == Profile.SPEC) {
      expect(ReturnCode.H_INVALID_ELEMENT_ID, 2, 0, unknown);
      expect(ReturnCode.H_INVALID_ELEMENT_SIZE, 0, 0, size);
      expect(ReturnCode.H_INVALID_ELEMENT_VALUE, 3, 0, value);
      expect(ReturnCode.H_INVALID_ELEMENT_ID, 1, 0, getUnknown);
      expect(ReturnCode.H_INVALID_ELEMENT_VALUE, 1, 0, wideValue);
      expect(ReturnCode.H_INVALID_ELEMENT_SIZE, 1, 0, cut);
    } else {
      for (HcallResult r : List.of(unknown, size, value, getUnknown, wideValue, cut)) {
        expect(ReturnCode.H_P3, r);
      }
    }
    expectSuccess(overrun);
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldValidateTheBufferBeforeNamingAMissingVcpu(Profile p) {
    L0Rig rig = new L0Rig(KIT, p);
    long g = guestWithVcpu(rig);
    for (long vcpu : List.of(1L, 2047L, 2048L, -1L)) {
      expect(ReturnCode.H_P3, rig.get(0, g, vcpu, w -> w.putBe64(Gsid.gpr(3), 0)));
      expect(ReturnCode.H_P3, rig.set(0, g, vcpu, w -> w.putBe64(Gsid.gpr(3), 0)));
      HcallResult bad = rig.set(0, g, vcpu, w -> w.putBe64(Gsid.gpr(3), 0).putRaw(Gsid.gpr(4), new byte[4]));
      expect(per(p, ReturnCode.H_INVALID_ELEMENT_SIZE, ReturnCode.H_P3), p == Profile.SPEC ? 1 : 0, 0, bad);
    }
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldRefuseReadOnlyElementsInASet(Profile p) {
    L0Rig rig = new L0Rig(KIT, p);
    long g = guestWithVcpu(rig);
    ReturnCode bad = per(p, ReturnCode.H_INVALID_ELEMENT_ID, ReturnCode.H_P3);
    long at1 = p == Profile.SPEC ? 1 : 0;
    long at0 = 0;
    for (int id : List.of(Gsid.HDAR, Gsid.ASDR)) {
      expect(bad, at1, 0, rig.set(0, g, 0, w -> w.putBe64(Gsid.gpr(3), 1).putBe64(id, 0)));
    }
    expect(bad, at1, 0, rig.set(0, g, 0, w -> w.putBe64(Gsid.gpr(3), 1).putBe32(Gsid.HDSISR, 0)));
    expect(bad, at0, 0, rig.set(WIDE, g, 0, w -> w.putBe64(Gsid.RUN_OUTPUT_MIN_SIZE, 0x1000)));
    // They can be read.
    expectSuccess(rig.get(0, g, 0, w -> w.putBe64(Gsid.HDAR, 1).putBe32(Gsid.HDSISR, 1).putBe64(Gsid.ASDR, 1)));
    assertEquals(0, rig.got(Gsid.HDAR));
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldRefuseElementsOfAnotherScope(Profile p) {
    L0Rig rig = new L0Rig(KIT, p);
    long g = guestWithVcpu(rig);
    ReturnCode bad = per(p, ReturnCode.H_INVALID_ELEMENT_ID, ReturnCode.H_P3);
    long at1 = p == Profile.SPEC ? 1 : 0;
    expect(bad, at1, 0, rig.set(0, g, 0, w -> w.putBe64(Gsid.gpr(3), 1).putBe32(Gsid.LOGICAL_PVR, 0)));
    expect(bad, at1, 0, rig.get(0, g, 0, w -> w.putBe64(Gsid.gpr(3), 1).putBe64(Gsid.TB_OFFSET, 0)));
    expect(bad, at1, 0, rig.set(WIDE, g, 0, w -> w.putBe64(Gsid.TB_OFFSET, 1).putBe64(Gsid.gpr(3), 0)));
    expect(bad, at1, 0, rig.get(WIDE, g, 0, w -> w.putBe64(Gsid.TB_OFFSET, 1).putBe64(Gsid.L0_GUEST_HEAP, 0)));
    expect(bad, at1, 0, rig.get(HOST, 0, 0, w -> w.putBe64(Gsid.L0_GUEST_HEAP, 1).putBe64(Gsid.gpr(3), 0)));
    expect(bad, at1, 0, rig.get(HOST, 0, 0, w -> w.putBe64(Gsid.L0_GUEST_HEAP, 1)
        .putBe64(Gsid.RUN_OUTPUT_MIN_SIZE, 0)));
    expect(bad, at1, 0, rig.get(0, g, 0, w -> w.putBe64(Gsid.gpr(3), 1).putBe64(Gsid.L0_GUEST_HEAP, 0)));
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldReportTheRunOutputMinimumSizeGuestWide(Profile p) {
    L0Rig rig = new L0Rig(KIT, p);
    long g = guestWithVcpu(rig);
    // Spec §8.8: 00 00 00 01 | 00 02 00 08 | 00…00 → the value becomes 0x80.
    byte[] request = HexFormat.of().parseHex("00000001" + "00020008" + "0000000000000000");
    rig.memory.write(GSB, request, 0, request.length);
    expect(ReturnCode.H_SUCCESS, get(rig, WIDE, g, 0, GSB, request.length));
    assertEquals("00000001" + "00020008" + "0000000000000080", HexFormat.of().formatHex(rig.bytes(GSB, 16)));
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldReturnThePartitionAndProcessTablesAsSet(Profile p) {
    L0Rig rig = new L0Rig(KIT, p);
    long g = guestWithVcpu(rig);
    expectSuccess(rig.set(WIDE, g, 0, w -> w.putPartitionTable(0x100_0000, 52, 0x1_0000)
        .putProcessTable(0x123_4000, 0x1000)));
    expectSuccess(rig.get(WIDE, g, 0, w -> w.putPartitionTable(1, 2, 3).putProcessTable(4, 5)));
    assertEquals(0x100_0000, rig.gotDoubleword(Gsid.PARTITION_TABLE, 0));
    assertEquals(52, rig.gotDoubleword(Gsid.PARTITION_TABLE, 1));
    assertEquals(0x1_0000, rig.gotDoubleword(Gsid.PARTITION_TABLE, 2));
    assertEquals(0x123_4000, rig.gotDoubleword(Gsid.PROCESS_TABLE, 0));
    assertEquals(0x1000, rig.gotDoubleword(Gsid.PROCESS_TABLE, 1));
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldAnswerTheHostWideCountersWithGuestZero(Profile p) {
    L0Rig rig = new L0Rig(KIT, p);
    guestWithVcpu(rig);
    // Spec §8.7: five elements of 8 bytes, passed size 64, flags 0x4000…, guest 0, vCPU 0.
    int length = rig.gsb(w -> {
      for (int id = Gsid.L0_GUEST_HEAP; id <= Gsid.L0_GUEST_PGTABLE_RECLAIM; id++) {
        w.putBe64(id, 0xDEAD_BEEFL);
      }
    });
    assertEquals(64, length);
    expect(ReturnCode.H_SUCCESS, get(rig, HOST, 0, 0, GSB, 64));
    GsbSnapshot answer = GsbSnapshot.copyOf(rig.bytes(GSB, 64));
    assertEquals(5, answer.validate(GsbRequest.getState(Scope.HOST)));
    long[] v = new long[5];
    for (int i = 0; i < 5; i++) {
      v[i] = answer.register(Gsid.L0_GUEST_HEAP + i).orElseThrow();
      assertTrue(v[i] != 0xDEAD_BEEFL, "value written");
    }
    if (p == Profile.QEMU) {
      assertEquals(List.of(0L, 0L, 0L, 0L, 0L), List.of(v[0], v[1], v[2], v[3], v[4]));
    } else {
      assertTrue(v[0] > 0 && v[0] <= v[1], "heap within its maximum");
      assertTrue(v[2] <= v[3], "page tables within their maximum");
    }
    // Guest and vCPU ids are ignored.
    expect(ReturnCode.H_SUCCESS, get(rig, HOST, 77, -1, GSB, 64));
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldApplyNothingOfARejectedSet(Profile p) {
    L0Rig rig = new L0Rig(KIT, p);
    long g = guestWithVcpu(rig);
    expectSuccess(rig.set(0, g, 0, w -> w.putBe64(Gsid.gpr(5), 0x55).putBe64(Gsid.gpr(6), 0x66)));
    HcallResult r = rig.set(0, g, 0, w -> w.putBe64(Gsid.gpr(5), 1).putBe64(Gsid.gpr(6), 2)
        .putRaw(Gsid.gpr(7), new byte[4]));
    expect(per(p, ReturnCode.H_INVALID_ELEMENT_SIZE, ReturnCode.H_P3), p == Profile.SPEC ? 2 : 0, 0, r);
    expectSuccess(rig.get(0, g, 0, w -> w.putBe64(Gsid.gpr(5), 0).putBe64(Gsid.gpr(6), 0)));
    assertEquals(0x55, rig.got(Gsid.gpr(5)));
    assertEquals(0x66, rig.got(Gsid.gpr(6)));

    expectSuccess(rig.set(WIDE, g, 0, w -> w.putBe32(Gsid.LOGICAL_PVR, 0x0F000005)));
    r = rig.set(WIDE, g, 0, w -> w.putBe32(Gsid.LOGICAL_PVR, 0x0F000006).putProcessTable(0x2000, 0x1000)
        .putPartitionTable(0x100_0000, 40, 0x1_0000));
    expect(per(p, ReturnCode.H_INVALID_ELEMENT_VALUE, ReturnCode.H_P3), p == Profile.SPEC ? 2 : 0, 0, r);
    expectSuccess(rig.get(WIDE, g, 0, w -> w.putBe32(Gsid.LOGICAL_PVR, 0).putProcessTable(1, 1)));
    assertEquals(0x0F000005, rig.got(Gsid.LOGICAL_PVR));
    assertEquals(0, rig.gotDoubleword(Gsid.PROCESS_TABLE, 0));
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldApplyDuplicatesInOrderAndAcceptAnEmptyBuffer(Profile p) {
    L0Rig rig = new L0Rig(KIT, p);
    long g = guestWithVcpu(rig);
    expectSuccess(rig.set(0, g, 0, w -> w.putBe64(Gsid.gpr(9), 1).putBe64(Gsid.gpr(9), 2)));
    assertEquals(2, rig.register(g, 0, Gsid.gpr(9)));
    expectSuccess(rig.set(0, g, 0, w -> { }));
    expectSuccess(rig.get(0, g, 0, w -> { }));
    assertEquals(2, rig.register(g, 0, Gsid.gpr(9)));
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldAnswerTheElementsQemuLacksOrIgnoresPerProfile(Profile p) {
    L0Rig rig = new L0Rig(KIT, p);
    long g = guestWithVcpu(rig);
    HcallResult hostState = rig.get(WIDE, g, 0, w -> w.putBe64(Gsid.HOST_STATE_SIZE, 0));
    if (p == Profile.SPEC) {
      expectSuccess(hostState);
      assertEquals(StateBuffers.HOST_STATE_SIZE, rig.got(Gsid.HOST_STATE_SIZE));
    } else {
      expect(ReturnCode.H_P3, hostState);
    }
    HcallResult vpa = rig.set(0, g, 0, w -> w.putBe64(Gsid.gpr(3), 3).putBe64(Gsid.VPA, 0x5000));
    if (p == Profile.SPEC) {
      expectSuccess(vpa);
      assertEquals(0x5000, rig.register(g, 0, Gsid.VPA));
    } else {
      expect(ReturnCode.H_P3, vpa);
      assertEquals(0, rig.register(g, 0, Gsid.gpr(3)), "nothing of the refused SET applied");
    }
    expectSuccess(rig.set(0, g, 0, w -> w.putBe64(Gsid.MMCR3, 0x33).putBe32(Gsid.WORT, 0x44)));
    expectSuccess(rig.get(0, g, 0, w -> w.putBe64(Gsid.MMCR3, 0x1234).putBe32(Gsid.WORT, 0x5678)));
    // QEMU neither stores them nor writes them in a GET: the caller's bytes stay.
    assertEquals(p == Profile.SPEC ? 0x33 : 0x1234, rig.got(Gsid.MMCR3));
    assertEquals(p == Profile.SPEC ? 0x44 : 0x5678, rig.got(Gsid.WORT));
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldKeepTheGuestWideValuesAndTheRunBuffersAsSet(Profile p) {
    L0Rig rig = new L0Rig(KIT, p);
    long g = guestWithVcpu(rig);
    // A new guest's logical PVR is the newest negotiated mode (POWER10 of the default POWER9|POWER10).
    expectSuccess(rig.get(WIDE, g, 0, w -> w.putBe32(Gsid.LOGICAL_PVR, 0).putBe64(Gsid.TB_OFFSET, 7)));
    assertEquals(0x0F000006, rig.got(Gsid.LOGICAL_PVR));
    assertEquals(0, rig.got(Gsid.TB_OFFSET));
    expectSuccess(rig.set(WIDE, g, 0, w -> w.putBe64(Gsid.TB_OFFSET, 0x1000)));
    expectSuccess(rig.get(WIDE, g, 0, w -> w.putBe64(Gsid.TB_OFFSET, 7)));
    assertEquals(p == Profile.SPEC ? 0x1000 : 0, rig.got(Gsid.TB_OFFSET));
    rig.runBuffers(g, 0);
    expectSuccess(rig.get(0, g, 0, w -> w.putBuffer(Gsid.RUN_INPUT, 1, 1).putBuffer(Gsid.RUN_OUTPUT, 1, 1)));
    assertEquals(L0Rig.RUN_IN, rig.gotDoubleword(Gsid.RUN_INPUT, 0));
    assertEquals(0x1000, rig.gotDoubleword(Gsid.RUN_INPUT, 1));
    assertEquals(L0Rig.RUN_OUT, rig.gotDoubleword(Gsid.RUN_OUTPUT, 0));
    assertEquals(0x1000, rig.gotDoubleword(Gsid.RUN_OUTPUT, 1));
  }
}
