package org.nestsim.gsb;

import org.nestsim.hcall.HcallResult;
import org.nestsim.hcall.ReturnCode;

/**
 * A malformed Guest State Buffer: which element ({@link #index()}, counted from 0), where it starts
 * ({@link #offset()}, in bytes from the start of the buffer, header included), and why. Thrown by the
 * validator and the reader before anything is applied; the hcall boundary turns it into the PAPR
 * answer with {@link #toResult(GsbRequest)}.
 *
 * <p>It carries no stack trace: it reports bad input, not a bug, and fuzzers throw millions of them.
 */
public final class GsbFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** {@link #index()} of a fault in the header, which belongs to no element. */
  public static final int NO_ELEMENT = -1;

  private final GsbFault fault;
  private final int index;
  private final int offset;
  private final int elementId;
  private final String detail;

  public GsbFormatException(GsbFault fault, int index, int offset, int elementId, String detail) {
    super(null, null, false, false);
    this.fault = fault;
    this.index = index;
    this.offset = offset;
    this.elementId = elementId;
    this.detail = detail;
  }

  public GsbFault fault() {
    return fault;
  }

  /** The 0-based number of the bad element, or {@link #NO_ELEMENT} for a header fault. */
  public int index() {
    return index;
  }

  /** Byte offset of the bad element (or of the header) from the start of the buffer. */
  public int offset() {
    return offset;
  }

  /** The bad element's ID, or -1 when it could not be read. */
  public int elementId() {
    return elementId;
  }

  /** What is wrong, without position: {@code "size 4, GPR3 needs 8"}. */
  public String detail() {
    return detail;
  }

  /** The {@code spec} profile's return code. */
  public ReturnCode returnCode() {
    return fault.returnCode();
  }

  /**
   * The hcall answer for this fault in the {@code spec} profile: the return code, and in R4 the
   * element index (GET/SET_STATE) or byte offset (run input buffer) for the three
   * {@code H_INVALID_ELEMENT_*} codes (spec §2.7, §2.8).
   */
  public HcallResult toResult(GsbRequest request) {
    ReturnCode rc = returnCode();
    if (rc == ReturnCode.H_INVALID_ELEMENT_ID
        || rc == ReturnCode.H_INVALID_ELEMENT_SIZE
        || rc == ReturnCode.H_INVALID_ELEMENT_VALUE) {
      return HcallResult.of(rc, request.reportsOffset() ? offset : index);
    }
    return HcallResult.of(rc);
  }

  /** {@code "element 3 at offset 0x1c: size 4, GPR3 needs 8 (H_INVALID_ELEMENT_SIZE)"}. */
  @Override
  public String getMessage() {
    String where = index == NO_ELEMENT
        ? "header at offset 0x" + Integer.toHexString(offset)
        : "element " + index + " at offset 0x" + Integer.toHexString(offset);
    return where + ": " + detail + " (" + returnCode().name() + ")";
  }
}
