package org.nestsim.gsb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nestsim.hcall.HcallResult;
import org.nestsim.hcall.ReturnCode;

/** One test per malformation: its reason, index, offset and the PAPR answer (spec §2.2, §2.7, §2.8). */
class GsbValidatorTest {
  private static final GsbRequest SET_THREAD = GsbRequest.setState(Scope.THREAD);
  private static final GsbRequest GET_THREAD = GsbRequest.getState(Scope.THREAD);

  /** CR = 1, PIDR = 2, DSISR = 3: three good thread-wide elements, so element 3 is at offset 0x1c. */
  private static final String GOOD_PREFIX = "20000004 00000001 20010004 00000002 20020004 00000003";

  private static ByteBuffer bytes(String hex) {
    return ByteBuffer.wrap(HexFormat.of().parseHex(hex.replaceAll("\\s", "")));
  }

  private static GsbFormatException reject(String hex, GsbRequest request) {
    ByteBuffer b = bytes(hex);
    return assertThrows(GsbFormatException.class, () -> GsbValidator.validate(b, 0, b.capacity(), request));
  }

  private static int accept(String hex, GsbRequest request) {
    ByteBuffer b = bytes(hex);
    return GsbValidator.validate(b, 0, b.capacity(), request);
  }

  @Test
  void shouldRejectATruncatedHeaderWithP5() {
    GsbFormatException e = reject("0000 01", SET_THREAD);
    assertEquals(GsbFault.TRUNCATED_HEADER, e.fault());
    assertEquals(GsbFormatException.NO_ELEMENT, e.index());
    assertEquals(0, e.offset());
    assertEquals(HcallResult.of(ReturnCode.H_P5), e.toResult(SET_THREAD));
    assertEquals("header at offset 0x0: buffer of 3 bytes, the header needs 4 (H_P5)", e.getMessage());
  }

  @Test
  void shouldReportTheIssuesExampleOfASizeMismatch() {
    GsbFormatException e = reject("00000004 " + GOOD_PREFIX + " 10030004 00000005", SET_THREAD);
    assertEquals(GsbFault.SIZE_MISMATCH, e.fault());
    assertEquals(3, e.index());
    assertEquals(0x1c, e.offset());
    assertEquals(Gsid.gpr(3), e.elementId());
    assertEquals("element 3 at offset 0x1c: size 4, GPR3 needs 8 (H_INVALID_ELEMENT_SIZE)", e.getMessage());
    assertEquals(HcallResult.of(ReturnCode.H_INVALID_ELEMENT_SIZE, 3), e.toResult(SET_THREAD));
    assertEquals(HcallResult.of(ReturnCode.H_INVALID_ELEMENT_SIZE, 0x1c), e.toResult(GsbRequest.RUN_INPUT),
        "the run input buffer reports the offset");
  }

  @Test
  void shouldRejectAnElementHeaderCutShort() {
    GsbFormatException e = reject("00000004 " + GOOD_PREFIX + " 1003", SET_THREAD);
    assertEquals(GsbFault.ELEMENT_OVERRUN, e.fault());
    assertEquals(3, e.index());
    assertEquals(0x1c, e.offset());
    assertEquals(-1, e.elementId());
    assertEquals(HcallResult.of(ReturnCode.H_INVALID_ELEMENT_SIZE, 3), e.toResult(GET_THREAD));
  }

  @Test
  void shouldRejectAValueRunningPastTheEnd() {
    // QEMU checks only at the start of an element; NestSim rejects any element that does not fit (§9.6).
    GsbFormatException e = reject("00000004 " + GOOD_PREFIX + " 10030008 00000000000000", SET_THREAD);
    assertEquals(GsbFault.ELEMENT_OVERRUN, e.fault());
    assertEquals(3, e.index());
    assertEquals(0x1c, e.offset());
    assertEquals(Gsid.gpr(3), e.elementId());
    assertEquals("element 3 at offset 0x1c: size 8 of GPR3 runs past the end: 7 bytes left"
        + " (H_INVALID_ELEMENT_SIZE)", e.getMessage());
  }

  @Test
  void shouldRejectAHeaderCountingMoreElementsThanTheBufferHolds() {
    GsbFormatException e = reject("00000005 " + GOOD_PREFIX, SET_THREAD);
    assertEquals(GsbFault.COUNT_MISMATCH, e.fault());
    assertEquals(3, e.index());
    assertEquals(0x1c, e.offset());
    assertEquals("element 3 at offset 0x1c: the header counts 5 elements, the buffer ends after 3"
        + " (H_INVALID_ELEMENT_SIZE)", e.getMessage());
    assertEquals(HcallResult.of(ReturnCode.H_INVALID_ELEMENT_SIZE, 0x1c), e.toResult(GsbRequest.RUN_INPUT));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0007", "0805", "0c03", "1054", "200f", "3040", "f004", "ffff"})
  void shouldRejectReservedIds(String id) {
    GsbFormatException e = reject("00000002 10000008 0000000000000001 " + id + "0008 0000000000000000",
        GsbRequest.DECODE);
    assertEquals(GsbFault.UNKNOWN_ID, e.fault());
    assertEquals(1, e.index());
    assertEquals(16, e.offset());
    assertEquals(Integer.parseInt(id, 16), e.elementId());
    assertEquals(HcallResult.of(ReturnCode.H_INVALID_ELEMENT_ID, 1), e.toResult(SET_THREAD));
    assertEquals("element 1 at offset 0x10: unknown element ID 0x" + id + " (H_INVALID_ELEMENT_ID)",
        e.getMessage());
  }

  @Test
  void shouldRejectWritesOfReadOnlyElementsButAllowGets() {
    String hdar = "00000002 10000008 0000000000000001 f0000008 0000000000001000";
    GsbFormatException e = reject(hdar, SET_THREAD);
    assertEquals(GsbFault.READ_ONLY_WRITTEN, e.fault());
    assertEquals(1, e.index());
    assertEquals("element 1 at offset 0x10: HDAR (0xf000) is read-only (H_INVALID_ELEMENT_ID)", e.getMessage());
    assertEquals(GsbFault.READ_ONLY_WRITTEN, reject(hdar, GsbRequest.RUN_INPUT).fault());
    assertEquals(2, accept(hdar, GET_THREAD));
    assertEquals(GsbFault.READ_ONLY_WRITTEN,
        reject("00000001 00020008 0000000000000080", GsbRequest.setState(Scope.GUEST)).fault());
  }

  @Test
  void shouldRejectElementsOfAnotherScope() {
    GsbFormatException e = reject("00000002 10000008 0000000000000001 00030004 0f000006", SET_THREAD);
    assertEquals(GsbFault.WRONG_SCOPE, e.fault());
    assertEquals(1, e.index());
    assertEquals("element 1 at offset 0x10: LOGICAL_PVR (0x0003) is guest-wide, the request is thread-wide"
        + " (H_INVALID_ELEMENT_ID)", e.getMessage());
    assertEquals(GsbFault.WRONG_SCOPE,
        reject("00000001 10000008 0000000000000001", GsbRequest.setState(Scope.GUEST)).fault());
    assertEquals(GsbFault.WRONG_SCOPE,
        reject("00000001 08000008 0000000000000000", GsbRequest.getState(Scope.GUEST)).fault());
    assertEquals(GsbFault.WRONG_SCOPE,
        reject("00000001 00020008 0000000000000000", GsbRequest.getState(Scope.HOST)).fault());
    assertEquals(1, accept("00000001 08000008 0000000000000000", GsbRequest.getState(Scope.HOST)));
    assertEquals(1, accept("00000001 00030004 0f000006", GsbRequest.DECODE), "no scope, no scope check");
  }

  @Test
  void shouldRejectBadTableAndBufferValuesInWritesOnly() {
    String pt48 = "00000001 00050018 0000000001000000 0000000000000030 0000000000010000";
    GsbFormatException e = reject(pt48, GsbRequest.setState(Scope.GUEST));
    assertEquals(GsbFault.BAD_VALUE, e.fault());
    assertEquals(0, e.index());
    assertEquals(HcallResult.of(ReturnCode.H_INVALID_ELEMENT_VALUE, 0), e.toResult(SET_THREAD));
    assertEquals("element 0 at offset 0x4: PARTITION_TABLE EA bits 48, must be 52 (H_INVALID_ELEMENT_VALUE)",
        e.getMessage());
    assertEquals(1, accept(pt48, GsbRequest.getState(Scope.GUEST)), "GET values are placeholders");
    assertEquals(1, accept(pt48, GsbRequest.DECODE));

    GsbRequest setGuest = GsbRequest.setState(Scope.GUEST);
    assertEquals(GsbFault.BAD_VALUE, reject(
        "00000001 00050018 0000000001000000 0000000000000034 0000000000003000", setGuest).fault());
    assertEquals(GsbFault.BAD_VALUE, reject(
        "00000001 00050018 0000000001000010 0000000000000034 0000000000010000", setGuest).fault());
    assertEquals(GsbFault.BAD_VALUE, reject("00000001 00060010 0000000002000000 0000000000000800",
        setGuest).fault());
    assertEquals(GsbFault.BAD_VALUE, reject("00000001 00060010 0000000002000800 0000000000001000",
        setGuest).fault());
    assertEquals(1, accept("00000001 00060010 0000000000000000 0000000000001000", setGuest),
        "Linux sends address 0 before the L2 registers a process table");
    assertEquals(1, accept("00000001 00060010 0000000002000000 0000000001000000", setGuest));

    assertEquals(GsbFault.BAD_VALUE, reject("00000001 0c000010 0000000000000000 0000000000001000",
        SET_THREAD).fault());
    assertEquals(GsbFault.BAD_VALUE, reject("00000001 0c010010 0000000000010000 000000000000007f",
        SET_THREAD).fault());
    assertEquals(GsbFault.BAD_VALUE, reject("00000001 0c010010 0000000000010000 0000000000004001",
        SET_THREAD).fault());
    assertEquals(1, accept("00000001 0c010010 0000000000010000 0000000000000080", SET_THREAD));
    assertEquals(1, accept("00000001 0c000010 0000000000010000 0000000000004000", SET_THREAD));
  }

  @Test
  void shouldAcceptWhatQemuAccepts() {
    assertEquals(0, accept("00000000", SET_THREAD), "an empty buffer does nothing");
    assertEquals(0, accept("00000000 deadbeef", SET_THREAD), "bytes after the counted elements are ignored");
    assertEquals(2, accept("00000002 102c0008 0000000000000800 102c0008 0000000000000000", SET_THREAD),
        "duplicates are allowed");
    assertEquals(2, accept("00000002 00000003 aabbcc 00000000", SET_THREAD), "BLANK of any size");
    assertEquals(1, accept("00000001 00000000", GsbRequest.getState(Scope.HOST)), "BLANK in any scope");
    assertEquals(1, accept("00000001 103a0008 0000000000000000", GET_THREAD), "PPR (W) may be read");
    assertEquals(1, accept("00000001 f0020004 7c0004ac", GET_THREAD), "HEIR is 4 bytes to the L0");
    assertEquals(GsbFault.SIZE_MISMATCH,
        reject("00000001 f0020008 000000007c0004ac", GET_THREAD).fault(), "a Linux-sized HEIR is refused");
  }

  @Test
  void shouldStillDecodeTheNextGoodBufferAfterABadOne() {
    GsbReader reader = new GsbReader();
    ByteBuffer bad = bytes("00000002 10000008 0000000000000001 1054");
    assertThrows(GsbFormatException.class,
        () -> GsbValidator.validate(reader.wrap(bad, 0, bad.capacity()), SET_THREAD));
    ByteBuffer good = bytes("00000001 10030008 0000000000000007");
    assertEquals(1, GsbValidator.validate(reader.wrap(good, 0, good.capacity()), SET_THREAD));
    reader.next();
    assertEquals(7, reader.be64());
  }

  @Test
  void shouldValidateABufferInsideALargerOne() {
    ByteBuffer b = bytes("ffffffff 00000001 10030008 0000000000000007 ffff");
    assertEquals(1, GsbValidator.validate(b, 4, 16, SET_THREAD));
    assertThrows(IndexOutOfBoundsException.class, () -> GsbValidator.validate(b, 4, 40, SET_THREAD));
  }
}
