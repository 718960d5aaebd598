package org.nestsim.cpu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nestsim.memory.L1Memory;

/**
 * The state one sequence of the differential test ends in: GPR0–31, CR, XER, LR, CTR and the scratch
 * area, from QEMU's dump ({@link #parse}) or from NestSim's {@link VcpuState} and memory
 * ({@link #of}).
 */
record RegisterDump(long[] gpr, long cr, long xer, long lr, long ctr, byte[] scratch) {

  /** Reads one dump record of {@link DifferentialHarness#DUMP_LENGTH} bytes at {@code offset}. */
  static RegisterDump parse(byte[] out, int offset, ByteOrder order) {
    ByteBuffer b = ByteBuffer.wrap(out, offset, DifferentialHarness.DUMP_LENGTH).slice().order(order);
    long[] gpr = new long[32];
    for (int i = 0; i < 32; i++) {
      gpr[i] = b.getLong(8 * i);
    }
    byte[] scratch = new byte[DifferentialHarness.SCRATCH_LENGTH];
    b.get(DifferentialHarness.SCRATCH_OFFSET - DifferentialHarness.DUMP_OFFSET, scratch);
    return new RegisterDump(gpr, b.getLong(DifferentialHarness.DUMP_CR_OFFSET),
        b.getLong(DifferentialHarness.DUMP_XER_OFFSET), b.getLong(DifferentialHarness.DUMP_LR_OFFSET),
        b.getLong(DifferentialHarness.DUMP_CTR_OFFSET), scratch);
  }

  /** NestSim's state after a sequence; the scratch area read from {@code memory} at {@code block}. */
  static RegisterDump of(VcpuState s, L1Memory memory, long block) {
    byte[] scratch = new byte[DifferentialHarness.SCRATCH_LENGTH];
    memory.read(block + DifferentialHarness.SCRATCH_OFFSET, scratch, 0, scratch.length);
    return new RegisterDump(s.gpr.clone(), Integer.toUnsignedLong(s.cr), s.xer(), s.lr, s.ctr, scratch);
  }

  /** The names of the registers (and "scratch") that differ between this dump and {@code other}. */
  List<String> differences(RegisterDump other) {
    List<String> d = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      if (gpr[i] != other.gpr[i]) {
        d.add("r" + i);
      }
    }
    if (cr != other.cr) {
      d.add("cr");
    }
    if (xer != other.xer) {
      d.add("xer");
    }
    if (lr != other.lr) {
      d.add("lr");
    }
    if (ctr != other.ctr) {
      d.add("ctr");
    }
    if (!Arrays.equals(scratch, other.scratch)) {
      d.add("scratch");
    }
    return d;
  }

  /** Both dumps side by side, each differing register marked with {@code <<<}. */
  static String sideBySide(String leftName, RegisterDump left, String rightName, RegisterDump right) {
    StringBuilder b = new StringBuilder(String.format("%-5s %-18s %-18s%n", "", leftName, rightName));
    for (int i = 0; i < 32; i++) {
      row(b, "r" + i, left.gpr[i], right.gpr[i]);
    }
    row(b, "cr", left.cr, right.cr);
    row(b, "xer", left.xer, right.xer);
    row(b, "lr", left.lr, right.lr);
    row(b, "ctr", left.ctr, right.ctr);
    if (!Arrays.equals(left.scratch, right.scratch)) {
      b.append("scratch differs <<<\n").append(leftName).append(":\n").append(hexLines(left.scratch))
          .append(rightName).append(":\n").append(hexLines(right.scratch));
    }
    return b.toString();
  }

  private static void row(StringBuilder b, String name, long l, long r) {
    b.append(String.format("%-5s %016x   %016x%s%n", name, l, r, l != r ? "   <<<" : ""));
  }

  /** Bytes as hex, 32 a line, each line prefixed with its offset. */
  static String hexLines(byte[] bytes) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < bytes.length; i += 32) {
      b.append(String.format("  %03x:", i));
      for (int j = i; j < Math.min(bytes.length, i + 32); j++) {
        b.append(String.format(" %02x", bytes[j] & 0xFF));
      }
      b.append('\n');
    }
    return b.toString();
  }
}
