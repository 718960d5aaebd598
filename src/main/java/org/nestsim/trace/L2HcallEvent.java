package org.nestsim.trace;

/**
 * The L1 served an hcall of an L2 (spec §7.7). Line: {@code
 * {"t":30000,"e":"l2hcall","guest":"web.0","vcpu":0,"opcode":"0x58","rc":0}}.
 *
 * @param time simulated L1 timebase
 * @param guest the scenario's guest name
 * @param vcpu the vCPU id
 * @param opcode the L2's hcall number ({@code "0x…"} in the line)
 * @param rc the return code the L1 gave the L2 (decimal in the line)
 */
public record L2HcallEvent(long time, String guest, long vcpu, long opcode, long rc) implements TraceEvent {

  @Override
  public void appendTo(StringBuilder sb) {
    JsonLine.start(sb, time, "l2hcall");
    JsonLine.string(sb, "guest", guest);
    JsonLine.number(sb, "vcpu", vcpu);
    JsonLine.hex(sb, "opcode", opcode);
    JsonLine.number(sb, "rc", rc);
    JsonLine.end(sb);
  }
}
