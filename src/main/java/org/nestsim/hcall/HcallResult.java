package org.nestsim.hcall;

/**
 * What an hcall leaves in the registers: R3 (the return code) and the output registers R4 and R5.
 * Registers an hcall does not write are 0 here; the spec notes where a real L0 leaves an input value
 * in place instead (for example QEMU's GET_CAPABILITIES with bad flags), and the L0 model copies it
 * explicitly.
 *
 * @param rc R3, a return code value (see {@link ReturnCode})
 * @param r4 R4
 * @param r5 R5
 */
public record HcallResult(long rc, long r4, long r5) {

  /** {@code H_SUCCESS} with no outputs. */
  public static HcallResult success() {
    return new HcallResult(ReturnCode.H_SUCCESS.value(), 0, 0);
  }

  /** {@code H_SUCCESS} with R4. */
  public static HcallResult success(long r4) {
    return new HcallResult(ReturnCode.H_SUCCESS.value(), r4, 0);
  }

  /** The code, R4 and R5 unwritten (0). */
  public static HcallResult of(ReturnCode rc) {
    return new HcallResult(rc.value(), 0, 0);
  }

  /** The code with R4 (an element index or offset, a token, a count). */
  public static HcallResult of(ReturnCode rc, long r4) {
    return new HcallResult(rc.value(), r4, 0);
  }

  /** The code with R4 and R5. */
  public static HcallResult of(ReturnCode rc, long r4, long r5) {
    return new HcallResult(rc.value(), r4, r5);
  }

  public boolean isSuccess() {
    return rc == ReturnCode.H_SUCCESS.value();
  }

  /** {@code rc} as a name where it has one: {@code "H_P3 (-56)"}. */
  public String rcName() {
    return ReturnCode.describe(rc);
  }

  @Override
  public String toString() {
    return "HcallResult[" + rcName() + ", r4=0x" + Long.toHexString(r4) + ", r5=0x"
        + Long.toHexString(r5) + "]";
  }
}
