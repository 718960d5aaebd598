package org.nestsim.l1;

import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nestsim.gsb.GsbReader;
import org.nestsim.gsb.GsbWriter;
import org.nestsim.hcall.ReturnCode;
import org.nestsim.l0.L0Protocol;
import org.nestsim.trace.HcallEvent;

/**
 * Reads the final register values a plan asks for ({@code expect.registers}) with {@code
 * H_GUEST_GET_STATE}, once every runner has stopped, so that no vCPU is running.
 */
final class FinalRegisters {
  private final KvmL1 host;
  private final Map<String, Map<Integer, Long>> out;
  private final Runnable then;
  private final Iterator<L1Plan.RegisterQuery> queries;
  private final long gsb;

  FinalRegisters(KvmL1 host, Map<String, Map<Integer, Long>> out, Runnable then) {
    this.host = host;
    this.out = out;
    this.then = then;
    this.queries = host.plan.registers().iterator();
    this.gsb = host.plan.registers().isEmpty() ? 0 : host.allocator.allocate(4096, 4096);
  }

  void read() {
    if (!queries.hasNext()) {
      then.run();
      return;
    }
    L1Plan.RegisterQuery q = queries.next();
    GuestRun g = host.find(q.guest());
    if (g == null || !g.booted || g.deleted || q.vcpu() >= g.plan.vcpus()) {
      host.note("expect.registers: " + q.guest() + "/" + q.vcpu() + " does not exist at the end of the run");
      read();
      return;
    }
    ByteBuffer b = ByteBuffer.allocate(4096);
    GsbWriter w = new GsbWriter().wrap(b, 0, 4096);
    for (int id : q.ids()) {
      w.putRegister(id, 0);
    }
    host.memory.write(gsb, b.array(), 0, w.length());
    int length = w.length();
    host.call(r -> new L0Protocol.GetState(0, g.id, q.vcpu(), gsb, length, r),
        r -> HcallEvent.of(host.time, "l1", 0x478, 0, g.id, q.vcpu(), gsb, length, r), r -> {
          if (r.isSuccess()) {
            byte[] bytes = new byte[length];
            host.memory.read(gsb, bytes, 0, length);
            GsbReader reader = new GsbReader().wrap(ByteBuffer.wrap(bytes), 0, length);
            Map<Integer, Long> values = new LinkedHashMap<>();
            while (reader.next()) {
              values.put(reader.id(), reader.register());
            }
            out.put(q.guest() + "/" + q.vcpu(), Map.copyOf(values));
          } else {
            host.note("expect.registers: H_GUEST_GET_STATE of " + q.guest() + "/" + q.vcpu() + " answered "
                + ReturnCode.describe(r.rc()));
          }
          read();
        });
  }
}
