package org.nestsim.l0;

import org.nestsim.gsb.GsbElement;
import org.nestsim.gsb.Gsid;

/**
 * The L0's five host-wide statistics (elements {@code 0x0800}–{@code 0x0804}, spec §5.1), as a
 * host-wide GET returns them. Values are L0-specific; QEMU reports 0 for all five ({@link #ZERO}).
 *
 * @param guestHeap {@code L0_GUEST_HEAP}: bytes used in the Guest Management Space for this L1
 * @param guestHeapMax {@code L0_GUEST_HEAP_MAX}
 * @param guestPgtableSize {@code L0_GUEST_PGTABLE_SIZE}: bytes used in the Guest Page-Table Space
 * @param guestPgtableSizeMax {@code L0_GUEST_PGTABLE_SIZE_MAX}
 * @param guestPgtableReclaim {@code L0_GUEST_PGTABLE_RECLAIM}: cumulative bytes reclaimed
 */
public record HostWideCounters(
    long guestHeap,
    long guestHeapMax,
    long guestPgtableSize,
    long guestPgtableSizeMax,
    long guestPgtableReclaim) {

  /** All five 0, as QEMU reports them. */
  public static final HostWideCounters ZERO = new HostWideCounters(0, 0, 0, 0, 0);

  /** The value of host-wide element {@code gsid}. */
  public long value(int gsid) {
    return switch (gsid) {
      case Gsid.L0_GUEST_HEAP -> guestHeap;
      case Gsid.L0_GUEST_HEAP_MAX -> guestHeapMax;
      case Gsid.L0_GUEST_PGTABLE_SIZE -> guestPgtableSize;
      case Gsid.L0_GUEST_PGTABLE_SIZE_MAX -> guestPgtableSizeMax;
      case Gsid.L0_GUEST_PGTABLE_RECLAIM -> guestPgtableReclaim;
      default -> throw new IllegalArgumentException("not a host-wide element: " + GsbElement.hex(gsid));
    };
  }
}
