package org.nestsim.hcall;

import java.util.Locale;
import java.util.Optional;

/**
 * PAPR hcall return codes (R3 after an hcall), with the values of Linux {@code hvcall.h}, which QEMU's
 * {@code spapr.h} shares (spec §2.2). Negative values are errors.
 */
public enum ReturnCode {
  H_SUCCESS(0),
  H_BUSY(1),
  H_NOT_AVAILABLE(3),
  H_LONG_BUSY_ORDER_1_MSEC(9900),
  H_LONG_BUSY_ORDER_10_MSEC(9901),
  H_LONG_BUSY_ORDER_100_MSEC(9902),
  H_LONG_BUSY_ORDER_1_SEC(9903),
  H_LONG_BUSY_ORDER_10_SEC(9904),
  H_LONG_BUSY_ORDER_100_SEC(9905),
  H_HARDWARE(-1),
  H_FUNCTION(-2),
  H_PRIVILEGE(-3),
  H_PARAMETER(-4),
  H_NO_MEM(-9),
  H_AUTHORITY(-10),
  H_NOT_ENOUGH_RESOURCES(-44),
  H_ABORTED(-54),
  H_P2(-55),
  H_P3(-56),
  H_P4(-57),
  H_P5(-58),
  H_P6(-59),
  H_P7(-60),
  H_P8(-61),
  H_P9(-62),
  H_UNSUPPORTED(-67),
  H_STATE(-75),
  H_IN_USE(-77),
  H_INVALID_ELEMENT_ID(-79),
  H_INVALID_ELEMENT_SIZE(-80),
  H_INVALID_ELEMENT_VALUE(-81),
  H_INPUT_BUFFER_NOT_DEFINED(-82),
  H_INPUT_BUFFER_TOO_SMALL(-83),
  H_OUTPUT_BUFFER_NOT_DEFINED(-84),
  H_OUTPUT_BUFFER_TOO_SMALL(-85),
  H_PARTITION_PAGE_TABLE_NOT_DEFINED(-86),
  H_GUEST_VCPU_STATE_NOT_HV_OWNED(-87),
  H_UNSUPPORTED_FLAG(-256);

  private final long value;

  ReturnCode(long value) {
    this.value = value;
  }

  /** The value in R3, as a 64-bit pattern (negative codes are sign-extended). */
  public long value() {
    return value;
  }

  public boolean isError() {
    return value < 0;
  }

  /** {@code H_IS_LONG_BUSY(rc)}: 9900 ≤ rc ≤ 9905. */
  public static boolean isLongBusy(long rc) {
    return rc >= 9900 && rc <= 9905;
  }

  /** {@code H_BUSY} or a long-busy code: the L1 calls again (with the continue token, for CREATE). */
  public static boolean isBusy(long rc) {
    return rc == H_BUSY.value() || isLongBusy(rc);
  }

  /** The code with this R3 value, if it is one of PAPR's. */
  public static Optional<ReturnCode> fromValue(long rc) {
    for (ReturnCode c : values()) {
      if (c.value == rc) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** The code with this name, case-insensitive. */
  public static Optional<ReturnCode> fromName(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    for (ReturnCode c : values()) {
      if (c.name().equals(upper)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** A human rendering of any R3 value: {@code "H_P3 (-56)"}, or just the number if unknown. */
  public static String describe(long rc) {
    return fromValue(rc).map(c -> c.name() + " (" + rc + ")").orElse(Long.toString(rc));
  }

  @Override
  public String toString() {
    return name() + " (" + value + ")";
  }
}
