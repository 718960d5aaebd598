package org.nestsim.gsb;

import org.nestsim.hcall.ReturnCode;

/**
 * Each way a Guest State Buffer can be malformed, with the PAPR return code the L0 answers for it in
 * the {@code spec} profile (spec §2.2, §2.7; the {@code qemu} profile answers {@code H_P3} for all of
 * them). The choices where the documentation is silent are recorded in docs/CONFORMANCE.md.
 */
public enum GsbFault {
  /** Fewer than the 4 header bytes: the size parameter itself is wrong. */
  TRUNCATED_HEADER(ReturnCode.H_P5),
  /** An element's header or value runs past the end of the buffer. */
  ELEMENT_OVERRUN(ReturnCode.H_INVALID_ELEMENT_SIZE),
  /** The buffer ends on an element boundary before the {@code nelems} the header counts. */
  COUNT_MISMATCH(ReturnCode.H_INVALID_ELEMENT_SIZE),
  /** A reserved (unknown) element ID. */
  UNKNOWN_ID(ReturnCode.H_INVALID_ELEMENT_ID),
  /** A value size other than the element's. */
  SIZE_MISMATCH(ReturnCode.H_INVALID_ELEMENT_SIZE),
  /** A read-only element in a SET or a run input buffer: an ID not allowed there. */
  READ_ONLY_WRITTEN(ReturnCode.H_INVALID_ELEMENT_ID),
  /** An element of another scope than the request's: an ID not allowed there. */
  WRONG_SCOPE(ReturnCode.H_INVALID_ELEMENT_ID),
  /** A value the element cannot hold (spec §9 item 5). */
  BAD_VALUE(ReturnCode.H_INVALID_ELEMENT_VALUE);

  private final ReturnCode returnCode;

  GsbFault(ReturnCode returnCode) {
    this.returnCode = returnCode;
  }

  /** The code the {@code spec} profile answers. */
  public ReturnCode returnCode() {
    return returnCode;
  }
}
