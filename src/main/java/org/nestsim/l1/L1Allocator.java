package org.nestsim.l1;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The KVM-like L1's allocator of its own real memory: run buffers, radix-tree tables and the pages
 * that back L2 memory, handed out from a bump pointer and never freed (a run is short). Part of the
 * simulated L1 memory the design lets actors share; atomic, so that parallel runs stay safe, and
 * deterministic under the deterministic dispatcher, where allocations happen in message order.
 */
public final class L1Allocator {
  private final AtomicLong next;
  private final long end;

  /** An allocator over [{@code start}, {@code end}). */
  public L1Allocator(long start, long end) {
    this.next = new AtomicLong(start);
    this.end = end;
  }

  /**
   * {@code size} bytes aligned to {@code alignment} (a power of two).
   *
   * @throws L1MemoryExhausted when L1 memory is used up
   */
  public long allocate(long size, long alignment) {
    while (true) {
      long at = next.get();
      long aligned = (at + alignment - 1) & -alignment;
      if (aligned + size > end || aligned + size < aligned) {
        throw new L1MemoryExhausted(size, end);
      }
      if (next.compareAndSet(at, aligned + size)) {
        return aligned;
      }
    }
  }

  /** Bytes handed out so far from the start. */
  public long used(long start) {
    return next.get() - start;
  }

  /** L1 memory is used up: the scenario's {@code l1.memory} is too small for what it runs. */
  public static final class L1MemoryExhausted extends RuntimeException {
    L1MemoryExhausted(long size, long end) {
      super("L1 memory exhausted: no room for " + size + " more bytes below 0x" + Long.toHexString(end)
          + " (raise l1.memory)", null, false, false);
    }
  }
}
