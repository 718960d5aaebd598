package org.nestsim.l0;

/**
 * The guest-wide state of one L2 as the L0 holds it (spec Appendix A, elements {@code 0x0003}–{@code
 * 0x0006}): the logical PVR, the TB offset, and the partition and process table, both as the L1 gave
 * them (what a GET returns) and encoded as the partition-table entry the radix walk uses (spec §5.1,
 * "QEMU value conversions").
 *
 * <p>Owned by one {@code Guest} actor. A guest-wide SET may arrive while vCPUs run; they take the new
 * values at their next entry, from an immutable {@link GuestWide} the guest hands them ({@link
 * #guestWide()}), never from this mutable object. {@link #generation()} counts changes so a vCPU can
 * tell whether it has the current values.
 */
public final class GuestState {
  /** PATE doubleword 0 HR bit (IBM bit 0): the guest uses radix translation. */
  public static final long PATE0_HR = 0x8000_0000_0000_0000L;

  private long logicalPvr;
  private long tbOffset;
  private long partitionTableAddress;
  private long partitionTableEaBits;
  private long partitionTableRootSize;
  private long processTableAddress;
  private long processTableSize;
  private long pateDw0;
  private long pateDw1;
  private boolean partitionTableSet;
  private long generation;
  private GuestWide guestWide;

  /**
   * A new guest.
   *
   * @param initialLogicalPvr the logical PVR before any SET of {@code 0x0003}: the supervisor chooses
   *     it from the capabilities the L1 set (QEMU: the L1's raw PVR, spec §9 item 12)
   */
  public GuestState(long initialLogicalPvr) {
    this.logicalPvr = initialLogicalPvr & 0xFFFF_FFFFL;
  }

  /**
   * PATE doubleword 0 from the elements of {@code 0x0005}: {@code address | HR | RTS | RPDS} with RTS =
   * EA bits − 31 split over IBM bits 1–2 and 56–58, RPDS = log2(root size) − 3 (spec §5.1). The
   * validator has checked the values (EA bits 52, root size a power of two from 8 to 2³⁴).
   */
  public static long encodePartitionTable(long address, long eaBits, long rootSize) {
    long rts = eaBits - 31;
    long rpds = Long.numberOfTrailingZeros(rootSize) - 3;
    return address | PATE0_HR | ((rts >> 3) & 3) << 61 | (rts & 7) << 5 | (rpds & 0x1F);
  }

  /** PATE doubleword 1 from the elements of {@code 0x0006}: {@code address | PRTS}, PRTS = log2(size) − 12. */
  public static long encodeProcessTable(long address, long size) {
    return address | ((Long.numberOfTrailingZeros(size) - 12) & 0x1F);
  }

  /** Element {@code 0x0003}; the 32-bit value zero-extended. */
  public long logicalPvr() {
    return logicalPvr;
  }

  public void setLogicalPvr(long value) {
    logicalPvr = value & 0xFFFF_FFFFL;
    changed();
  }

  /** Element {@code 0x0004}: L2 timebase = L1 timebase + this. */
  public long tbOffset() {
    return tbOffset;
  }

  public void setTbOffset(long value) {
    tbOffset = value;
    changed();
  }

  /** Element {@code 0x0005} as given; the encoded entry is {@link #pateDw0()}. */
  public void setPartitionTable(long address, long eaBits, long rootSize) {
    partitionTableAddress = address;
    partitionTableEaBits = eaBits;
    partitionTableRootSize = rootSize;
    pateDw0 = encodePartitionTable(address, eaBits, rootSize);
    partitionTableSet = true;
    changed();
  }

  /** Element {@code 0x0006} as given; the encoded entry is {@link #pateDw1()}. */
  public void setProcessTable(long address, long size) {
    processTableAddress = address;
    processTableSize = size;
    pateDw1 = encodeProcessTable(address, size);
    changed();
  }

  public long partitionTableAddress() {
    return partitionTableAddress;
  }

  public long partitionTableEaBits() {
    return partitionTableEaBits;
  }

  public long partitionTableRootSize() {
    return partitionTableRootSize;
  }

  public long processTableAddress() {
    return processTableAddress;
  }

  public long processTableSize() {
    return processTableSize;
  }

  /** The encoded partition-table doubleword 0; 0 until {@code 0x0005} is set. */
  public long pateDw0() {
    return pateDw0;
  }

  /** The encoded partition-table doubleword 1 (the process table); 0 until {@code 0x0006} is set. */
  public long pateDw1() {
    return pateDw1;
  }

  /** Whether {@code 0x0005} was ever set: RUN_VCPU answers {@code H_NOT_AVAILABLE} until it is (spec §2.8). */
  public boolean partitionTableSet() {
    return partitionTableSet;
  }

  /** Incremented by every change of a guest-wide value. */
  public long generation() {
    return generation;
  }

  /** The current guest-wide values, immutable, for the vCPUs (one object per change, shared). */
  public GuestWide guestWide() {
    GuestWide g = guestWide;
    if (g == null || g.generation() != generation) {
      g = new GuestWide(generation, logicalPvr, tbOffset, pateDw0, pateDw1, partitionTableSet);
      guestWide = g;
    }
    return g;
  }

  private void changed() {
    generation++;
  }
}
