package org.nestsim.trace;

import org.nestsim.hcall.HcallResult;

/**
 * An hcall the L1 made and the L0's answer: the opcode and input registers R4–R8 as the L1 passed
 * them, and R3 ({@code rc}), R4 and R5 on return. Line: {@code
 * {"t":0,"e":"hcall","cpu":"setup","opcode":"0x470","r4":"0x0",…,"rc":0,"out4":"0x1","out5":"0x0"}}.
 *
 * @param time simulated L1 timebase
 * @param cpu who issued it: {@code "setup"}, {@code "runner"}, {@code "web.0/1"}, {@code "l1"}
 * @param opcode the hcall number (R3 on entry)
 * @param r4 R4 on entry
 * @param r5 R5 on entry
 * @param r6 R6 on entry
 * @param r7 R7 on entry
 * @param r8 R8 on entry
 * @param rc R3 on return, a return code (decimal in the line)
 * @param out4 R4 on return
 * @param out5 R5 on return
 */
public record HcallEvent(long time, String cpu, long opcode, long r4, long r5, long r6, long r7, long r8,
    long rc, long out4, long out5) implements TraceEvent {

  /** The event of an hcall and its {@link HcallResult}. */
  public static HcallEvent of(long time, String cpu, long opcode, long r4, long r5, long r6, long r7,
      long r8, HcallResult result) {
    return new HcallEvent(time, cpu, opcode, r4, r5, r6, r7, r8, result.rc(), result.r4(), result.r5());
  }

  @Override
  public void appendTo(StringBuilder sb) {
    JsonLine.start(sb, time, "hcall");
    JsonLine.string(sb, "cpu", cpu);
    JsonLine.hex(sb, "opcode", opcode);
    JsonLine.hex(sb, "r4", r4);
    JsonLine.hex(sb, "r5", r5);
    JsonLine.hex(sb, "r6", r6);
    JsonLine.hex(sb, "r7", r7);
    JsonLine.hex(sb, "r8", r8);
    JsonLine.number(sb, "rc", rc);
    JsonLine.hex(sb, "out4", out4);
    JsonLine.hex(sb, "out5", out5);
    JsonLine.end(sb);
  }
}
