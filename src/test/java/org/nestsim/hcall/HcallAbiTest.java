package org.nestsim.hcall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HcallAbiTest {

  @Test
  void shouldGiveEveryOpcodeOnce() {
    Set<Long> seen = new HashSet<>();
    for (Hcall h : Hcall.values()) {
      assertTrue(seen.add(h.opcode()), "duplicate opcode 0x" + Long.toHexString(h.opcode()));
      assertEquals(h, Hcall.fromOpcode(h.opcode()).orElseThrow());
      assertEquals(h, Hcall.fromName(h.name().toLowerCase()).orElseThrow());
    }
  }

  @Test
  void shouldUseTheOpcodesOfSpecSection2() {
    assertEquals(0x460, Hcall.H_GUEST_GET_CAPABILITIES.opcode());
    assertEquals(0x464, Hcall.H_GUEST_SET_CAPABILITIES.opcode());
    assertEquals(0x470, Hcall.H_GUEST_CREATE.opcode());
    assertEquals(0x474, Hcall.H_GUEST_CREATE_VCPU.opcode());
    assertEquals(0x478, Hcall.H_GUEST_GET_STATE.opcode());
    assertEquals(0x47C, Hcall.H_GUEST_SET_STATE.opcode());
    assertEquals(0x480, Hcall.H_GUEST_RUN_VCPU.opcode());
    assertEquals(0x484, Hcall.H_GUEST_COPY_MEMORY.opcode());
    assertEquals(0x488, Hcall.H_GUEST_DELETE.opcode());
    assertEquals(0x448, Hcall.H_RPT_INVALIDATE.opcode());
    assertEquals(0xF808, Hcall.H_TLB_INVALIDATE.opcode());
    assertEquals(0x6F00, Hcall.H_SIM_HALT.opcode());
    assertEquals(0xE0, Hcall.H_CEDE.opcode());
  }

  @Test
  void shouldGiveEveryReturnCodeOnceWithItsPaprValue() {
    Set<Long> seen = new HashSet<>();
    for (ReturnCode c : ReturnCode.values()) {
      assertTrue(seen.add(c.value()), "duplicate return code value " + c.value());
      assertEquals(c, ReturnCode.fromValue(c.value()).orElseThrow());
    }
    assertEquals(-56, ReturnCode.H_P3.value());
    assertEquals(-79, ReturnCode.H_INVALID_ELEMENT_ID.value());
    assertEquals(-80, ReturnCode.H_INVALID_ELEMENT_SIZE.value());
    assertEquals(-81, ReturnCode.H_INVALID_ELEMENT_VALUE.value());
    assertEquals(-256, ReturnCode.H_UNSUPPORTED_FLAG.value());
    assertEquals(3, ReturnCode.H_NOT_AVAILABLE.value());
    assertEquals("H_P3 (-56)", ReturnCode.describe(-56));
    assertEquals("-12345", ReturnCode.describe(-12345));
  }

  @Test
  void shouldNumberTheParameterCodesConsecutively() {
    ReturnCode[] p = {ReturnCode.H_P2, ReturnCode.H_P3, ReturnCode.H_P4, ReturnCode.H_P5,
        ReturnCode.H_P6, ReturnCode.H_P7, ReturnCode.H_P8, ReturnCode.H_P9};
    for (int i = 0; i < p.length; i++) {
      assertEquals(-55 - i, p[i].value());
    }
  }

  @Test
  void shouldRecogniseLongBusyExactly() {
    assertFalse(ReturnCode.isLongBusy(9899));
    for (long rc = 9900; rc <= 9905; rc++) {
      assertTrue(ReturnCode.isLongBusy(rc));
    }
    assertFalse(ReturnCode.isLongBusy(9906));
    assertFalse(ReturnCode.isLongBusy(ReturnCode.H_BUSY.value()));
  }

  @Test
  void shouldConvertIbmBitNumbers() {
    assertEquals(0x8000_0000_0000_0000L, IbmBit.mask(0));
    assertEquals(0x4000_0000_0000_0000L, IbmBit.mask(1));
    assertEquals(1L, IbmBit.mask(63));
    assertEquals(63, IbmBit.ofLowestSetBit(1));
    assertEquals(3, IbmBit.ofLowestSetBit(0x7000_0000_0000_0000L));
    assertThrows(IllegalArgumentException.class, () -> IbmBit.mask(64));
  }

  @Test
  void shouldPlaceFlagBitsAsAppendixC() {
    assertEquals(0x8000_0000_0000_0000L, HcallFlags.H_GUEST_FLAGS_WIDE);
    assertEquals(0x4000_0000_0000_0000L, HcallFlags.H_GUEST_FLAGS_HOST_WIDE);
    assertEquals(0xC000_0000_0000_0000L, HcallFlags.H_GUEST_GET_STATE_FLAGS_MASK);
    assertEquals(0x8000_0000_0000_0000L, HcallFlags.H_GUEST_SET_STATE_FLAGS_MASK);
    assertEquals(0x8000_0000_0000_0000L, HcallFlags.H_GUEST_DELETE_ALL_FLAG);
    assertEquals(0xE000_0000_0000_0000L, HcallFlags.H_GUEST_RUN_FLAGS_MASK);
  }

  @Test
  void shouldPlaceCapabilityBitsAsSection3() {
    assertEquals(0x8000_0000_0000_0000L, Capability.COPY_MEM.mask());
    assertEquals(0x4000_0000_0000_0000L, Capability.POWER9.mask());
    assertEquals(0x2000_0000_0000_0000L, Capability.POWER10.mask());
    assertEquals(0x1000_0000_0000_0000L, Capability.POWER11.mask());
    assertEquals(1L, Capability.BITMAP2.mask());
    assertEquals(0x7000_0000_0000_0000L, Capability.H_GUEST_CAP_VALID_MASK);
    assertEquals(0x0F000006L, Capability.POWER10.logicalPvr());
    long all = Arrays.stream(Capability.values()).mapToLong(Capability::mask).reduce(0, (a, b) -> a | b);
    assertEquals(Capability.values().length, Long.bitCount(all), "capability bits overlap");
  }

  @Test
  void shouldNameEveryExitVectorOnce() {
    Set<Integer> seen = new HashSet<>();
    for (ExitReason r : ExitReason.values()) {
      assertTrue(seen.add(r.vector()), "duplicate vector " + r.vectorHex());
      assertEquals(r, ExitReason.fromVector(r.vector()).orElseThrow());
      assertEquals(r, ExitReason.fromName(r.name().toLowerCase()).orElseThrow());
    }
    assertEquals(0xC00, ExitReason.HCALL.vector());
    assertEquals("0xc00", ExitReason.HCALL.vectorHex());
    assertEquals("0x000", ExitReason.NONE.vectorHex());
    assertEquals(0xF80, ExitReason.HFAC.vector());
    assertTrue(ExitReason.fromVector(0x700).isEmpty(), "0x700 stays in the L2, it is no exit");
  }

  @Test
  void shouldAcceptOnlyCheckedIds() {
    assertEquals(1, GuestId.of(1).value());
    assertEquals(4095, GuestId.of(4095).value());
    assertThrows(IllegalArgumentException.class, () -> GuestId.of(0));
    assertThrows(IllegalArgumentException.class, () -> GuestId.of(4096));
    assertEquals(0, VcpuId.of(0).value());
    assertEquals(2047, VcpuId.of(2047).value());
    assertThrows(IllegalArgumentException.class, () -> VcpuId.of(-1));
    assertThrows(IllegalArgumentException.class, () -> VcpuId.of(2048));
  }

  @Test
  void shouldRenderResultsWithCodeNames() {
    HcallResult r = HcallResult.of(ReturnCode.H_INVALID_ELEMENT_SIZE, 3);
    assertEquals(-80, r.rc());
    assertEquals(3, r.r4());
    assertFalse(r.isSuccess());
    assertEquals("H_INVALID_ELEMENT_SIZE (-80)", r.rcName());
    assertTrue(HcallResult.success(7).isSuccess());
  }
}
