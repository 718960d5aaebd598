package org.nestsim.l1;

import java.nio.ByteBuffer;
import org.nestsim.gsb.GsbLayout;
import org.nestsim.gsb.linux.LinuxGsid;
import org.nestsim.memory.L1Memory;
import org.nestsim.sched.WorkerLocal;

/** Scratch space of one dispatcher thread for the runners (never per vCPU), used within one message. */
final class RunnerScratch {
  private static final WorkerLocal<ByteBuffer> BUFFER = WorkerLocal.withInitial(() -> ByteBuffer.allocate(4096));

  private RunnerScratch() {}

  static ByteBuffer get() {
    return BUFFER.get();
  }

  /**
   * Writes, at {@code address}, the SET buffer that registers a vCPU's run input buffer (there, {@code
   * inputSize} bytes), its output buffer, and the VPA at {@code vpa} unless it is 0; returns its length.
   */
  static int writeBuffers(L1Memory memory, long address, int inputSize, long output, int outputSize, long vpa) {
    ByteBuffer b = get();
    org.nestsim.gsb.GsbWriter w = new org.nestsim.gsb.GsbWriter().wrap(b, 0, b.capacity())
        .putBuffer(org.nestsim.gsb.Gsid.RUN_INPUT, address, inputSize)
        .putBuffer(org.nestsim.gsb.Gsid.RUN_OUTPUT, output, outputSize);
    if (vpa != 0) {
      w.putBe64(org.nestsim.gsb.Gsid.VPA, vpa);
    }
    memory.write(address, b.array(), 0, w.length());
    return w.length();
  }

  /** Writes a GET buffer asking for {@code ids} (zeroed values) at {@code address}; returns its length. */
  static int writeGetBuffer(L1Memory memory, long address, int[] ids) {
    ByteBuffer b = get();
    int at = GsbLayout.HEADER_LENGTH;
    b.putInt(0, ids.length);
    for (int id : ids) {
      // HEIR is asked for at the size the L0 uses (4), not Linux's 8 (spec §9.3).
      int size = id == org.nestsim.gsb.Gsid.HEIR ? 4 : LinuxGsid.size(id);
      b.putShort(at, (short) id).putShort(at + 2, (short) size);
      for (int i = 0; i < size; i++) {
        b.put(at + GsbLayout.VALUE_OFFSET + i, (byte) 0);
      }
      at += GsbLayout.ELEMENT_HEADER_LENGTH + size;
    }
    memory.write(address, b.array(), 0, at);
    return at;
  }
}
