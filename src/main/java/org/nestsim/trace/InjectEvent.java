package org.nestsim.trace;

/**
 * The L1 injected something into a vCPU. Line: {@code
 * {"t":20000,"e":"inject","kind":"doorbell","guest":"web.0","vcpu":1,"how":"dpdes"}}.
 *
 * @param time simulated L1 timebase
 * @param kind {@code external-interrupt}, {@code doorbell}, {@code system-reset} or {@code kick}
 * @param guest the scenario's guest name, e.g. {@code "web.0"}
 * @param vcpu the vCPU id
 * @param how {@code run-flag}, {@code lpcr-mer}, {@code dpdes}, {@code state} or {@code kick}
 */
public record InjectEvent(long time, String kind, String guest, long vcpu, String how) implements TraceEvent {

  @Override
  public void appendTo(StringBuilder sb) {
    JsonLine.start(sb, time, "inject");
    JsonLine.string(sb, "kind", kind);
    JsonLine.string(sb, "guest", guest);
    JsonLine.number(sb, "vcpu", vcpu);
    JsonLine.string(sb, "how", how);
    JsonLine.end(sb);
  }
}
