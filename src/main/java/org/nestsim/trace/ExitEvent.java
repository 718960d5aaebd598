package org.nestsim.trace;

/**
 * A run of an L2 vCPU ended with an exit. Line: {@code
 * {"t":10000,"e":"exit","guest":1,"vcpu":0,"vector":"0x980","instructions":2500,"output":"0000…"}}.
 *
 * @param time simulated L1 timebase
 * @param guest the guest id
 * @param vcpu the vCPU id
 * @param vector the exit vector ({@code "0x…"} in the line)
 * @param instructions L2 instructions executed in the run
 * @param output the run output buffer as lowercase hex without spaces (see {@link #hex(byte[])})
 */
public record ExitEvent(long time, long guest, long vcpu, long vector, long instructions, String output)
    implements TraceEvent {

  /** {@code bytes} in the form of {@link #output()}: lowercase hex, two digits a byte, no spaces. */
  public static String hex(byte[] bytes) {
    return JsonLine.hexBytes(bytes, 0, bytes.length);
  }

  /** {@code length} bytes from {@code offset} in the form of {@link #output()}. */
  public static String hex(byte[] bytes, int offset, int length) {
    java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
    return JsonLine.hexBytes(bytes, offset, length);
  }

  @Override
  public void appendTo(StringBuilder sb) {
    JsonLine.start(sb, time, "exit");
    JsonLine.number(sb, "guest", guest);
    JsonLine.number(sb, "vcpu", vcpu);
    JsonLine.hex(sb, "vector", vector);
    JsonLine.number(sb, "instructions", instructions);
    JsonLine.string(sb, "output", output);
    JsonLine.end(sb);
  }
}
