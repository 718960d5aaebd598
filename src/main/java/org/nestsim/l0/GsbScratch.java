package org.nestsim.l0;

import java.nio.ByteBuffer;
import org.nestsim.gsb.GsbLayout;
import org.nestsim.gsb.GsbReader;
import org.nestsim.memory.L1Memory;

/**
 * Scratch space for a GET/SET_STATE buffer or a run input buffer while the L0 works on it: the bytes
 * are copied out of L1 memory, checked and applied (or answered) here, and a GET's answer is copied
 * back. One per dispatcher thread (DESIGN.md, memory budget), never per vCPU; not thread-safe.
 */
public final class GsbScratch {
  private ByteBuffer buffer = ByteBuffer.allocate(4096);
  private final GsbReader reader = new GsbReader();

  /** The reader to hand to {@link StateBuffers}. */
  public GsbReader reader() {
    return reader;
  }

  /**
   * Copies {@code length} bytes at L1 real address {@code address} into the scratch buffer (grown if
   * needed, up to {@link GsbLayout#MAX_STATE_BUFFER_LENGTH}) and returns it; the bytes start at 0. The
   * caller has checked that the range lies in L1 memory and that the length is in range.
   */
  public ByteBuffer load(L1Memory memory, long address, int length) {
    if (length < 0 || length > GsbLayout.MAX_STATE_BUFFER_LENGTH) {
      throw new IllegalArgumentException("buffer length " + length + " outside 0.."
          + GsbLayout.MAX_STATE_BUFFER_LENGTH);
    }
    if (buffer.capacity() < length) {
      buffer = ByteBuffer.allocate(Math.min(GsbLayout.MAX_STATE_BUFFER_LENGTH,
          Math.max(length, 2 * buffer.capacity())));
    }
    memory.read(address, buffer.array(), 0, length);
    return buffer;
  }

  /** Copies the first {@code length} bytes back to L1 memory: a GET's answer. */
  public void store(L1Memory memory, long address, int length) {
    memory.write(address, buffer.array(), 0, length);
  }
}
