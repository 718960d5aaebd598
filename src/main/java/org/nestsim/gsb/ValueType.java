package org.nestsim.gsb;

/**
 * How an element's value is encoded on the wire (spec §4.2, Linux {@code KVMPPC_GSE_*}). Every type
 * but {@link #BLANK} has one fixed size.
 */
public enum ValueType {
  /** {@code 0x0000}: a NOP element of any size whose value is ignored. */
  BLANK(-1),
  /** A 32-bit big-endian integer. */
  BE32(4),
  /** A 64-bit big-endian integer. */
  BE64(8),
  /** A 128-bit register: the most-significant doubleword first, each big-endian. */
  VEC128(16),
  /** Three BE64: tree root address, effective-address bits, root directory size in bytes. */
  PARTITION_TABLE(24),
  /** Two BE64: process table address, size in bytes. */
  PROCESS_TABLE(16),
  /** Two BE64: L1 real address of a buffer, size in bytes. */
  BUFFER(16);

  private final int size;

  ValueType(int size) {
    this.size = size;
  }

  /** The value size in bytes, or -1 for {@link #BLANK} (any size). */
  public int size() {
    return size;
  }
}
