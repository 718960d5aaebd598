package org.nestsim.l1;

import org.apache.pekko.actor.typed.ActorRef;
import org.nestsim.hcall.HcallResult;
import org.nestsim.l0.L0Protocol.VcpuExited;
import org.nestsim.trace.ExitEvent;
import org.nestsim.trace.HcallEvent;
import org.nestsim.trace.InjectEvent;
import org.nestsim.trace.L2HcallEvent;
import org.nestsim.trace.LifecycleEvent;
import org.nestsim.trace.TraceEvent;

/**
 * How one L1 actor reports what it does: as trace events to the {@link KvmL1} when the run is traced
 * (every hcall, result, exit, injection; deterministic runs always are), and as exit counts in batches
 * otherwise (the host enforces {@code limits.exits}). Owned by one actor; nothing is built when tracing
 * is off.
 */
final class TraceSink {
  /** Exits counted before the host hears of them, when not tracing. */
  static final int EXIT_BATCH = 256;

  private final ActorRef<KvmL1.Command> host;
  private final boolean enabled;
  private int uncountedExits;

  TraceSink(ActorRef<KvmL1.Command> host, boolean enabled) {
    this.host = host;
    this.enabled = enabled;
  }

  private void send(TraceEvent e) {
    host.tell(new KvmL1.Traced(e));
  }

  void hcall(long time, String cpu, long opcode, long r4, long r5, long r6, long r7, long r8, HcallResult result) {
    if (enabled) {
      send(HcallEvent.of(time, cpu, opcode, r4, r5, r6, r7, r8, result));
    }
  }

  void exited(VcpuExited e) {
    if (enabled) {
      byte[] output = e.output().toByteArray();
      send(new ExitEvent(e.time(), e.guest().value(), e.vcpu().value(), e.vector(), e.instructions(),
          ExitEvent.hex(output)));
    } else if (++uncountedExits == EXIT_BATCH) {
      flushExits();
    }
  }

  /** Tells the host of exits not yet counted (at a stop). */
  void flushExits() {
    if (uncountedExits > 0) {
      host.tell(new KvmL1.ExitsCounted(uncountedExits));
      uncountedExits = 0;
    }
  }

  void injected(long time, String kind, String guest, long vcpu, String how) {
    if (enabled) {
      send(new InjectEvent(time, kind, guest, vcpu, how));
    }
  }

  void l2Hcall(long time, String guest, long vcpu, long opcode, long rc) {
    if (enabled) {
      send(new L2HcallEvent(time, guest, vcpu, opcode, rc));
    }
  }

  void lifecycle(long time, String what, String guest, long vcpu, String detail) {
    if (enabled) {
      send(new LifecycleEvent(time, what, guest, vcpu, detail));
    }
  }
}
