package org.nestsim.gsb.linux;

import org.nestsim.gsb.GsbCatalog;
import org.nestsim.gsb.GsbElement;
import org.nestsim.gsb.Gsid;
import org.nestsim.gsb.ValueType;
import org.nestsim.hcall.HcallFlags;

/**
 * The per-ID functions of the Linux library (spec §4.6): {@code gsid_size}, {@code gsid_mask}, {@code
 * gsid_flags}, and the flattening of IDs into the 182 bits of a bitmap.
 *
 * <p>ID classes, in flattening order:
 *
 * <pre>
 *   class       IDs              count  bits
 *   GUESTWIDE   0x0000-0x0006       7   0-6
 *   HOSTWIDE    0x0800-0x0804       5   7-11
 *   META        0x0C00-0x0C02       3   12-14
 *   DWORD_REG   0x1000-0x1053      84   15-98
 *   WORD_REG    0x2000-0x200E      15   99-113
 *   VECTOR      0x3000-0x303F      64   114-177
 *   INTR        0xF000-0xF003       4   178-181
 * </pre>
 */
public final class LinuxGsid {
  private LinuxGsid() {}

  /** {@code KVMPPC_GSE_IDEN_COUNT}: the number of bits of a flattened-ID bitmap. */
  public static final int IDEN_COUNT = 182;

  /** {@code KVMPPC_GS_FLAGS_WIDE}: the guest-wide class. */
  public static final int FLAGS_WIDE = 1;
  /** {@code KVMPPC_GS_FLAGS_HOST_WIDE}: the host-wide class. */
  public static final int FLAGS_HOST_WIDE = 2;

  private static final int[] CLASS_START = {0x0000, 0x0800, 0x0C00, 0x1000, 0x2000, 0x3000, 0xF000};
  private static final int[] CLASS_COUNT = {7, 5, 3, 84, 15, 64, 4};
  private static final int[] CLASS_FIRST_BIT = new int[CLASS_START.length];
  /** 1 + the class whose IDs have this high byte, or 0: every class lies within one 256-ID block. */
  private static final byte[] CLASS_BY_HIGH_BYTE = new byte[256];

  static {
    int bit = 0;
    for (int c = 0; c < CLASS_START.length; c++) {
      CLASS_FIRST_BIT[c] = bit;
      bit += CLASS_COUNT[c];
      if ((CLASS_START[c] & 0xFF) + CLASS_COUNT[c] > 0x100) {
        throw new ExceptionInInitializerError("ID class 0x" + Integer.toHexString(CLASS_START[c]) + " spans blocks");
      }
      CLASS_BY_HIGH_BYTE[CLASS_START[c] >>> 8] = (byte) (c + 1);
    }
    if (bit != IDEN_COUNT) {
      throw new ExceptionInInitializerError("ID classes count " + bit + " bits, not " + IDEN_COUNT);
    }
  }

  /** {@code gsid_size}: the catalog size, except HEIR (8 in Linux), and 0 for BLANK and unknown IDs. */
  public static int size(int id) {
    if (id == Gsid.HEIR) {
      return 8;
    }
    GsbElement e = GsbCatalog.byId(id);
    return e == null || e.type() == ValueType.BLANK ? 0 : e.size();
  }

  /** {@code gsid_mask}: LPCR and MSR have masks, every other ID all ones. */
  public static long mask(int id) {
    GsbElement e = GsbCatalog.byId(id);
    return e == null ? -1L : e.linuxMask();
  }

  /** {@code gsid_flags}: {@link #FLAGS_WIDE} for the guest-wide class, {@link #FLAGS_HOST_WIDE}, or 0. */
  public static int flags(int id) {
    int c = classOf(id);
    return c == 0 ? FLAGS_WIDE : c == 1 ? FLAGS_HOST_WIDE : 0;
  }

  /** The hcall flags a buffer of this ID's class is sent with (spec §4.6, last bullet). */
  public static long hcallFlags(int id) {
    int f = flags(id);
    return f == FLAGS_WIDE ? HcallFlags.H_GUEST_FLAGS_WIDE
        : f == FLAGS_HOST_WIDE ? HcallFlags.H_GUEST_FLAGS_HOST_WIDE : 0;
  }

  /** The flattened bit of an ID; IDs outside every class flatten to 0. */
  public static int flatten(int id) {
    int c = classOf(id);
    return c < 0 ? 0 : CLASS_FIRST_BIT[c] + (id - CLASS_START[c]);
  }

  /** The ID of a flattened bit (0…181). */
  public static int unflatten(int bit) {
    if (bit < 0 || bit >= IDEN_COUNT) {
      throw new IllegalArgumentException("flattened bit out of 0.." + (IDEN_COUNT - 1) + ": " + bit);
    }
    int c = CLASS_START.length - 1;
    while (CLASS_FIRST_BIT[c] > bit) {
      c--;
    }
    return CLASS_START[c] + (bit - CLASS_FIRST_BIT[c]);
  }

  private static int classOf(int id) {
    if ((id & ~0xFFFF) != 0) {
      return -1;
    }
    int c = CLASS_BY_HIGH_BYTE[id >>> 8] - 1;
    return c >= 0 && id - CLASS_START[c] < CLASS_COUNT[c] ? c : -1;
  }
}
