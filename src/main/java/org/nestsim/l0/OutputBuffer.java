package org.nestsim.l0;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.nestsim.cpu.VcpuState;
import org.nestsim.gsb.GsbLayout;
import org.nestsim.gsb.GsbSnapshot;
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
 * #copyTo} L1 memory at the registered address and {@link #snapshot()} for {@code VcpuExited}. It is
 * on every exit's path, so it writes the bytes directly (big-endian views of the array) rather than
 * through {@code GsbWriter}, whose catalog check of every element cost as much as the rest of the
 * exit's output; {@code OutputBufferTest} checks every vector against {@code GsbWriter}'s encoding.
 */
public final class OutputBuffer {
  /** The most the L0 writes (QEMU processes at most 0x80 bytes, spec §6.4). */
  public static final int MAX_LENGTH = 0x80;

  private static final VarHandle BE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle BE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final byte[] scratch = new byte[MAX_LENGTH];
  private int length = GsbLayout.HEADER_LENGTH;

  /** Writes the output elements of an exit into this scratch buffer; returns the bytes used, header included. */
  public int write(int exitVector, VcpuState s) {
    int at = GsbLayout.HEADER_LENGTH;
    int elements;
    switch (exitVector) {
      case 0xC00 -> {
        for (int n = 3; n <= 12; n++) {
          at = put64(at, Gsid.gpr(n), s.gpr[n]);
        }
        elements = 10;
      }
      case 0xE00 -> {
        at = put64(at, Gsid.HDAR, s.reg[VcpuState.R_HDAR]);
        at = put32(at, Gsid.HDSISR, (int) s.reg[VcpuState.R_HDSISR]);
        at = put64(at, Gsid.ASDR, s.reg[VcpuState.R_ASDR]);
        at = putNiaMsr(at, s);
        elements = 5;
      }
      case 0xE20 -> {
        at = put64(at, Gsid.HDAR, s.reg[VcpuState.R_HDAR]);
        at = put64(at, Gsid.ASDR, s.reg[VcpuState.R_ASDR]);
        at = putNiaMsr(at, s);
        elements = 4;
      }
      case 0xE40 -> {
        at = put32(at, Gsid.HEIR, (int) s.reg[VcpuState.R_HEIR]);
        at = putNiaMsr(at, s);
        elements = 3;
      }
      case 0xF80 -> {
        at = put64(at, Gsid.HFSCR, s.reg[VcpuState.R_HFSCR]);
        at = putNiaMsr(at, s);
        elements = 3;
      }
      default -> elements = 0; // other exits return no element: the L1 GETs what it needs (spec §6.4)
    }
    BE32.set(scratch, GsbLayout.NELEMS_OFFSET, elements);
    length = at;
    return at;
  }

  private int putNiaMsr(int at, VcpuState s) {
    return put64(put64(at, Gsid.NIA, s.nia), Gsid.MSR, s.exitMsr);
  }

  private int put64(int at, int id, long value) {
    BE32.set(scratch, at, id << 16 | 8);
    BE64.set(scratch, at + GsbLayout.VALUE_OFFSET, value);
    return at + GsbLayout.ELEMENT_HEADER_LENGTH + 8;
  }

  private int put32(int at, int id, int value) {
    BE32.set(scratch, at, id << 16 | 4);
    BE32.set(scratch, at + GsbLayout.VALUE_OFFSET, value);
    return at + GsbLayout.ELEMENT_HEADER_LENGTH + 4;
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
    memory.write(address, scratch, 0, length);
  }

  /** An immutable copy of the last written buffer, for {@code VcpuExited}. */
  public GsbSnapshot snapshot() {
    return GsbSnapshot.copyOf(scratch, 0, length);
  }
}
