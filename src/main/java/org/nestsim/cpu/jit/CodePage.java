package org.nestsim.cpu.jit;

/**
 * The compiled regions of one physical page of L1 memory in one mode (MSR[SF], MSR[LE]), by the word
 * offset they are entered at. A vCPU keeps the one of its current fetch page and looks a region up
 * with one array load.
 */
public final class CodePage {
  /** The region entered at word offset i, or null. Written under the cache's lock; read racily. */
  public final Region[] entries = new Region[1024];
  final byte[] page;
  final int mode;
  /** Regions in {@link #entries}. */
  int count;
  /** Whether the page is in the cache's eviction order. */
  boolean queued;

  /** Whether it holds a region (read racily: false once evicted, or possibly a little later). */
  public boolean hasRegions() {
    return count > 0;
  }

  CodePage(byte[] page, int mode) {
    this.page = page;
    this.mode = mode;
  }
}
