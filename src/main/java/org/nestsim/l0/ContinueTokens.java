package org.nestsim.l0;

import java.util.HashMap;
import java.util.Map;
import org.nestsim.hcall.HcallFlags;
import org.nestsim.hcall.HcallResult;
import org.nestsim.hcall.ReturnCode;

/**
 * The continue tokens of a busy {@code H_GUEST_CREATE} (spec §2.5): with the {@code busy-on-create: N}
 * fault, each creation (a call with token −1) answers {@code H_BUSY} N times, each time with a fresh
 * token in R4 that the L1 passes back; a call with a token the L0 did not hand out is {@code H_P2}.
 * Tokens are a deterministic sequence.
 */
final class ContinueTokens {
  private static final long FIRST_TOKEN = 0x5EED_0000_0000_0001L;

  private final int busyAnswers;
  private final Map<Long, Integer> outstanding = new HashMap<>();
  private long next = FIRST_TOKEN;

  ContinueTokens(int busyAnswers) {
    this.busyAnswers = busyAnswers;
  }

  /** Whether {@code token} is −1 (a new creation) or one handed out and not yet used. */
  boolean isValid(long token) {
    return token == HcallFlags.H_GUEST_CREATE_FIRST_TOKEN || outstanding.containsKey(token);
  }

  /**
   * Uses a valid token: the {@code H_BUSY} answer (with the next token) while the creation has busy
   * answers left, else null (create now).
   */
  HcallResult busyOrNull(long token) {
    int left = token == HcallFlags.H_GUEST_CREATE_FIRST_TOKEN ? busyAnswers : outstanding.remove(token);
    if (left == 0) {
      return null;
    }
    long fresh = next++;
    outstanding.put(fresh, left - 1);
    return HcallResult.of(ReturnCode.H_BUSY, fresh);
  }
}
