package org.nestsim.l0;

import java.nio.ByteBuffer;
import org.nestsim.cpu.VcpuState;
import org.nestsim.gsb.GsbLayout;
import org.nestsim.gsb.GsbSnapshot;
import org.nestsim.gsb.GsbWriter;
import org.nestsim.gsb.Gsid;
import org.nestsim.memory.L1Memory;

/**
 * The run output buffer the L0 writes at every exit (spec §6.4, QEMU {@code get_exit_ids}): per exit
 * vector a fixed list of elements in a fixed order, at most {@link #MAX_LENGTH} bytes whatever size the
 * L1 registered.
 *
 * <pre>
 *   exit    elements                                         bytes
 *   0xC00   GPR3 … GPR12                                      124
 *   0xE00   HDAR, HDSISR (4 bytes), ASDR, NIA, MSR             60
 *   0xE20   HDAR, ASDR, NIA, MSR                               52
 *   0xE40   HEIR (4 bytes), NIA, MSR                           36
 *   0xF80   HFSCR, NIA, MSR                                    40
 *   other   none (nelems = 0)                                   4
 * </pre>
 *
 * NIA is {@link VcpuState#nia}; the MSR element is {@link VcpuState#exitMsr} (HSRR1 or SRR1 of the exit,
 * which may carry HISI cause bits), not the L2's MSR.
 *
 * <p>An instance is a reusable 128-byte scratch buffer: {@link #write(int, VcpuState)}, then {@link
 * #copyTo} L1 memory at the registered address and {@link #snapshot()} for {@code VcpuExited}.
 */
public final class OutputBuffer {
  /** The most the L0 writes (QEMU processes at most 0x80 bytes, spec §6.4). */
  public static final int MAX_LENGTH = 0x80;

  private final ByteBuffer scratch = ByteBuffer.allocate(MAX_LENGTH);
  private final GsbWriter writer = new GsbWriter();
  private int length = GsbLayout.HEADER_LENGTH;

  /**
   * Writes the output elements of an exit through {@code writer}, which must be wrapped around the
   * output buffer with a capacity of at most {@link #MAX_LENGTH} (the largest exit needs 124 bytes).
   *
   * @return the bytes used, header included
   */
  public static int write(int exitVector, VcpuState s, GsbWriter writer) {
    switch (exitVector) {
      case 0xC00 -> {
        for (int n = 3; n <= 12; n++) {
          writer.putBe64(Gsid.gpr(n), s.gpr[n]);
        }
      }
      case 0xE00 -> {
        writer.putBe64(Gsid.HDAR, s.reg[VcpuState.R_HDAR]);
        writer.putBe32(Gsid.HDSISR, (int) s.reg[VcpuState.R_HDSISR]);
        writer.putBe64(Gsid.ASDR, s.reg[VcpuState.R_ASDR]);
        putNiaMsr(s, writer);
      }
      case 0xE20 -> {
        writer.putBe64(Gsid.HDAR, s.reg[VcpuState.R_HDAR]);
        writer.putBe64(Gsid.ASDR, s.reg[VcpuState.R_ASDR]);
        putNiaMsr(s, writer);
      }
      case 0xE40 -> {
        writer.putBe32(Gsid.HEIR, (int) s.reg[VcpuState.R_HEIR]);
        putNiaMsr(s, writer);
      }
      case 0xF80 -> {
        writer.putBe64(Gsid.HFSCR, s.reg[VcpuState.R_HFSCR]);
        putNiaMsr(s, writer);
      }
      default -> {
        // Other exits return no element: the L1 GETs what it needs (spec §6.4).
      }
    }
    return writer.length();
  }

  private static void putNiaMsr(VcpuState s, GsbWriter writer) {
    writer.putBe64(Gsid.NIA, s.nia);
    writer.putBe64(Gsid.MSR, s.exitMsr);
  }

  /** Writes the output elements of an exit into this scratch buffer; returns the bytes used. */
  public int write(int exitVector, VcpuState s) {
    writer.wrap(scratch, 0, MAX_LENGTH);
    length = write(exitVector, s, writer);
    return length;
  }

  /** The bytes used by the last {@link #write(int, VcpuState)}. */
  public int length() {
    return length;
  }

  /**
   * Copies the last written buffer into L1 memory at {@code address}. The L0 overwrites only the bytes
   * it uses; the rest of the registered buffer keeps what was there.
   */
  public void copyTo(L1Memory memory, long address) {
    memory.write(address, scratch.array(), 0, length);
  }

  /** An immutable copy of the last written buffer, for {@code VcpuExited}. */
  public GsbSnapshot snapshot() {
    return GsbSnapshot.copyOf(scratch, 0, length);
  }
}
