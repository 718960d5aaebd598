package org.nestsim.trace;

/**
 * A lifecycle step or a fault. Line: {@code
 * {"t":50000,"e":"life","what":"halt","guest":"web.0","vcpu":-1,"detail":"H_SIM_HALT 0"}}.
 *
 * @param time simulated L1 timebase
 * @param what {@code boot}, {@code create}, {@code delete}, {@code kexec}, {@code halt}, {@code cede},
 *     {@code wake}, {@code fault}, {@code limit}, …
 * @param guest the scenario's guest name, or null
 * @param vcpu the vCPU id, or -1 when the step concerns no single vCPU
 * @param detail free text, or null
 */
public record LifecycleEvent(long time, String what, String guest, long vcpu, String detail)
    implements TraceEvent {

  @Override
  public void appendTo(StringBuilder sb) {
    JsonLine.start(sb, time, "life");
    JsonLine.string(sb, "what", what);
    JsonLine.string(sb, "guest", guest);
    JsonLine.number(sb, "vcpu", vcpu);
    JsonLine.string(sb, "detail", detail);
    JsonLine.end(sb);
  }
}
