package org.nestsim.gsb.linux;

import java.nio.ByteBuffer;
import org.nestsim.gsb.GsbLayout;

/**
 * {@code struct kvmppc_gs_parser} and {@code gse_parse} (spec §4.6): indexes a buffer's elements by
 * flattened ID. Iterates at most {@code nelems} elements while the space left (starting at capacity − 4)
 * holds the next whole element; every size must equal {@code gsid_size}; a later duplicate replaces an
 * earlier one; if fewer than {@code nelems} elements were visited the parse fails. IDs outside every
 * class flatten to bit 0, as in the kernel.
 */
public final class LinuxGsParser {
  private final LinuxGsBitmap present = new LinuxGsBitmap();
  private final int[] positions = new int[LinuxGsid.IDEN_COUNT];
  private ByteBuffer data;

  /** {@code gse_parse}: 0, or {@code -EINVAL}. Earlier results are forgotten first. */
  public int parse(LinuxGsBuffer gsb) {
    present.zero();
    data = gsb.data();
    int nelems = gsb.nelems();
    int remaining = gsb.capacity() - GsbLayout.HEADER_LENGTH;
    int pos = GsbLayout.HEADER_LENGTH;
    int i = 0;
    while (remaining >= GsbLayout.ELEMENT_HEADER_LENGTH) {
      int id = Short.toUnsignedInt(data.getShort(pos + GsbLayout.ID_OFFSET));
      int size = Short.toUnsignedInt(data.getShort(pos + GsbLayout.SIZE_OFFSET));
      int total = GsbLayout.elementLength(size);
      if (remaining < total || Integer.compareUnsigned(i, nelems) >= 0) {
        break;
      }
      if (size != LinuxGsid.size(id)) {
        return -Errno.EINVAL;
      }
      present.set(id);
      positions[LinuxGsid.flatten(id)] = pos;
      pos += total;
      remaining -= total;
      i++;
    }
    return nelems != i ? -Errno.EINVAL : 0;
  }

  /** {@code gsp_lookup} found the ID. */
  public boolean has(int id) {
    return present.test(id);
  }

  /** The IDs found, as a bitmap. */
  public LinuxGsBitmap present() {
    return present;
  }

  /** {@code gse_get_be32}/{@code gse_get_u32} of the ID's element. */
  public int getU32(int id) {
    return data.getInt(valuePosition(id));
  }

  /** {@code gse_get_u64} of the ID's element. */
  public long getU64(int id) {
    return data.getLong(valuePosition(id));
  }

  /** Doubleword {@code n} of the ID's value (fields of tables, halves of a VSR, 0 = first). */
  public long getDoubleword(int id, int n) {
    return data.getLong(valuePosition(id) + 8 * n);
  }

  private int valuePosition(int id) {
    if (!present.test(id)) {
      throw new IllegalArgumentException("element " + Integer.toHexString(id) + " not in the buffer");
    }
    return positions[LinuxGsid.flatten(id)] + GsbLayout.VALUE_OFFSET;
  }
}
