package org.nestsim.gsb.linux;

import java.nio.ByteBuffer;
import org.nestsim.gsb.GsbLayout;
import org.nestsim.gsb.Gsid;

/**
 * A Guest State Buffer as the Linux L1 builds it ({@code struct kvmppc_gs_buff}, spec §4.6): a
 * zero-filled buffer whose capacity is the requested size rounded up to a power of two, a used length
 * that starts at the 4-byte header, and puts that fail with {@code -ENOMEM} (checked first) or
 * {@code -EINVAL} exactly where the kernel's do. The Linux L1 passes the whole capacity as the size of
 * GET/SET_STATE (spec §2.7).
 */
public final class LinuxGsBuffer {
  private final ByteBuffer data;
  private final int capacity;
  private final long guestId;
  private final long vcpuId;
  private int length;

  private LinuxGsBuffer(int capacity, long guestId, long vcpuId) {
    this.capacity = capacity;
    this.data = ByteBuffer.allocate(capacity);
    this.guestId = guestId;
    this.vcpuId = vcpuId;
    this.length = GsbLayout.HEADER_LENGTH;
  }

  /** {@code gsb_new(size, guest, vcpu)}: capacity = {@code roundup_pow_of_two(size)}. */
  public static LinuxGsBuffer create(int size, long guestId, long vcpuId) {
    return new LinuxGsBuffer(roundUpPowerOfTwo(size), guestId, vcpuId);
  }

  /** {@code gsb_new(size, 0, 0)}. */
  public static LinuxGsBuffer create(int size) {
    return create(size, 0, 0);
  }

  /** {@code roundup_pow_of_two}: the smallest power of two ≥ {@code n} (n ≥ 1). */
  public static int roundUpPowerOfTwo(int n) {
    if (n < 1 || n > 1 << 30) {
      throw new IllegalArgumentException("size out of 1..2^30: " + n);
    }
    return n == 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
  }

  public int capacity() {
    return capacity;
  }

  /** {@code gsb_len}: bytes used, header included. */
  public int length() {
    return length;
  }

  /** {@code gsb_nelems}: the header's element count. */
  public int nelems() {
    return data.getInt(GsbLayout.NELEMS_OFFSET);
  }

  public long guestId() {
    return guestId;
  }

  public long vcpuId() {
    return vcpuId;
  }

  /** The whole buffer (capacity bytes), big-endian; what the L1 hands to the L0. */
  public ByteBuffer data() {
    return data;
  }

  /** The used bytes, header included. */
  public byte[] toByteArray() {
    byte[] out = new byte[length];
    data.get(0, out);
    return out;
  }

  /** {@code gsb_reset}: no elements, length 4 (the bytes are not cleared). */
  public void reset() {
    data.putInt(GsbLayout.NELEMS_OFFSET, 0);
    length = GsbLayout.HEADER_LENGTH;
  }

  /**
   * {@code gsb_put}: reserves {@code size} bytes at the current length and counts one more element,
   * without checking the capacity. Returns the offset of the reserved bytes.
   */
  public int put(int size) {
    int p = length;
    length += size;
    data.putInt(GsbLayout.NELEMS_OFFSET, nelems() + 1);
    return p;
  }

  /** {@code __gse_put}: copies {@code value} verbatim; {@code -ENOMEM}, then {@code -EINVAL} checks. */
  public int putRaw(int id, byte[] value) {
    int size = value.length;
    if (GsbLayout.elementLength(size) + length > capacity) {
      return -Errno.ENOMEM;
    }
    if (size != LinuxGsid.size(id)) {
      return -Errno.EINVAL;
    }
    int p = put(GsbLayout.elementLength(size));
    data.putShort(p + GsbLayout.ID_OFFSET, (short) id);
    data.putShort(p + GsbLayout.SIZE_OFFSET, (short) size);
    data.put(p + GsbLayout.VALUE_OFFSET, value);
    return 0;
  }

  /** {@code gse_put_be32}: the value's big-endian bytes, unmasked. */
  public int putBe32(int id, int value) {
    return putRaw(id, ByteBuffer.allocate(4).putInt(0, value).array());
  }

  /** {@code gse_put_be64}: the value's big-endian bytes, unmasked. */
  public int putBe64(int id, long value) {
    return putRaw(id, ByteBuffer.allocate(8).putLong(0, value).array());
  }

  /** {@code gse_put_u32}: masked with {@code gsid_mask}, then big-endian. */
  public int putU32(int id, int value) {
    return putBe32(id, (int) (value & LinuxGsid.mask(id)));
  }

  /** {@code gse_put_u64}: masked with {@code gsid_mask}, then big-endian. */
  public int putU64(int id, long value) {
    return putBe64(id, value & LinuxGsid.mask(id));
  }

  /**
   * {@code __gse_put_reg}: masked, then 8 or 4 bytes by the ID's size; a value wider than a 4-byte ID
   * is {@code -EINVAL}, as is an ID of any other size.
   */
  public int putRegister(int id, long value) {
    long v = value & LinuxGsid.mask(id);
    int size = LinuxGsid.size(id);
    if (size == 8) {
      return putU64(id, v);
    }
    if (size == 4) {
      if ((v & 0xFFFF_FFFFL) != v) {
        return -Errno.EINVAL;
      }
      return putU32(id, (int) v);
    }
    return -Errno.EINVAL;
  }

  /** {@code gse_put_vector128}: the most-significant doubleword first. */
  public int putVector128(int id, long high, long low) {
    return putRaw(id, ByteBuffer.allocate(16).putLong(0, high).putLong(8, low).array());
  }

  /** {@code gse_put_part_table}: always ID {@code 0x0005}, whatever the caller names. */
  public int putPartitionTable(long address, long eaBits, long rootSize) {
    return putRaw(Gsid.PARTITION_TABLE,
        ByteBuffer.allocate(24).putLong(0, address).putLong(8, eaBits).putLong(16, rootSize).array());
  }

  /** {@code gse_put_proc_table}: always ID {@code 0x0006}, whatever the caller names. */
  public int putProcessTable(long address, long size) {
    return putRaw(Gsid.PROCESS_TABLE, ByteBuffer.allocate(16).putLong(0, address).putLong(8, size).array());
  }

  /** {@code gse_put_buff_info}: a buffer descriptor {address, size}. */
  public int putBufferInfo(int id, long address, long size) {
    return putRaw(id, ByteBuffer.allocate(16).putLong(0, address).putLong(8, size).array());
  }
}
