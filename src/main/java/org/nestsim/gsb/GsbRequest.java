package org.nestsim.gsb;

import org.nestsim.hcall.HcallFlags;

/**
 * What a buffer is for, which decides the rules the validator applies to it: a GET or SET of one
 * scope, a run input buffer, or a plain decode (structure, IDs and sizes only; scope checked only when
 * one is given).
 *
 * @param kind what the buffer is for
 * @param scope the scope every element must have, or {@code null} for no scope check
 */
public record GsbRequest(Kind kind, Scope scope) {

  /** The uses of a Guest State Buffer. */
  public enum Kind {
    /** {@code H_GUEST_GET_STATE}: IDs and sizes matter, values are placeholders. */
    GET_STATE,
    /** {@code H_GUEST_SET_STATE}: no read-only elements; values are checked. */
    SET_STATE,
    /** The {@code H_GUEST_RUN_VCPU} input buffer: a thread-wide SET whose errors report offsets. */
    RUN_INPUT,
    /** Reading a buffer someone holds (the {@code gsb decode} command, an output buffer). */
    DECODE
  }

  /** The run input buffer's rules. */
  public static final GsbRequest RUN_INPUT = new GsbRequest(Kind.RUN_INPUT, Scope.THREAD);
  /** Structure, IDs and sizes only. */
  public static final GsbRequest DECODE = new GsbRequest(Kind.DECODE, null);

  public static GsbRequest getState(Scope scope) {
    return new GsbRequest(Kind.GET_STATE, scope);
  }

  public static GsbRequest setState(Scope scope) {
    return new GsbRequest(Kind.SET_STATE, scope);
  }

  public static GsbRequest decode(Scope scope) {
    return new GsbRequest(Kind.DECODE, scope);
  }

  /**
   * The scope that GET/SET_STATE flags select: guest-wide with {@link HcallFlags#H_GUEST_FLAGS_WIDE},
   * host-wide with {@link HcallFlags#H_GUEST_FLAGS_HOST_WIDE}, else thread-wide. The L0 rejects invalid
   * flag combinations before it gets here.
   */
  public static Scope scopeOfFlags(long flags) {
    if ((flags & HcallFlags.H_GUEST_FLAGS_HOST_WIDE) != 0) {
      return Scope.HOST;
    }
    if ((flags & HcallFlags.H_GUEST_FLAGS_WIDE) != 0) {
      return Scope.GUEST;
    }
    return Scope.THREAD;
  }

  /** Whether the buffer's values are written into the L0 (SET, run input). */
  public boolean writesState() {
    return kind == Kind.SET_STATE || kind == Kind.RUN_INPUT;
  }

  /** Whether element errors report a byte offset in R4 (run input) rather than an index. */
  public boolean reportsOffset() {
    return kind == Kind.RUN_INPUT;
  }
}
