package org.nestsim.scenario;

import org.nestsim.l0.L0Protocol;

/** R4–R8 of an hcall request as an L1 passed them, for its trace event (0 where the hcall has none). */
final class TracedRegisters {
  private TracedRegisters() {}

  static long[] of(L0Protocol.Request request) {
    if (request instanceof L0Protocol.GetCapabilities r) {
      return new long[] {r.flags(), 0, 0, 0, 0};
    } else if (request instanceof L0Protocol.SetCapabilities r) {
      return new long[] {r.flags(), r.capabilities(), 0, 0, 0};
    } else if (request instanceof L0Protocol.CreateGuest r) {
      return new long[] {r.flags(), r.token(), 0, 0, 0};
    } else if (request instanceof L0Protocol.CreateVcpu r) {
      return new long[] {r.flags(), r.guest(), r.vcpu(), 0, 0};
    } else if (request instanceof L0Protocol.GetState r) {
      return new long[] {r.flags(), r.guest(), r.vcpu(), r.address(), r.size()};
    } else if (request instanceof L0Protocol.SetState r) {
      return new long[] {r.flags(), r.guest(), r.vcpu(), r.address(), r.size()};
    } else if (request instanceof L0Protocol.RunVcpu r) {
      return new long[] {r.flags(), r.guest(), r.vcpu(), 0, 0};
    } else if (request instanceof L0Protocol.CopyMemory r) {
      return new long[] {r.r4(), r.r5(), r.r6(), r.r7(), r.r8()};
    } else if (request instanceof L0Protocol.DeleteGuest r) {
      return new long[] {r.flags(), r.guest(), 0, 0, 0};
    } else if (request instanceof L0Protocol.RptInvalidate r) {
      return new long[] {r.pid(), r.target(), r.type(), r.pageSizes(), r.start()};
    } else if (request instanceof L0Protocol.TlbInvalidate r) {
      return new long[] {r.form(), r.lpid(), r.rb(), 0, 0};
    }
    return new long[5];
  }
}
