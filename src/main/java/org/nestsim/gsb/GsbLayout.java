package org.nestsim.gsb;

/**
 * The Guest State Buffer wire layout (spec §4.1), declared once. Everything is big-endian; there is no
 * padding and no alignment: each element follows the previous one byte-contiguously.
 *
 * <pre>
 *   0               1               2               3
 *   0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7
 *  +---------------------------------------------------------------+
 *  |                         nelems (u32)                          |  offset 0
 *  +-------------------------------+-------------------------------+
 *  |            id (u16)           |           size (u16)          |  element 0, offset 4
 *  +-------------------------------+-------------------------------+
 *  |                     value (size bytes) ...                    |
 *  +-------------------------------+-------------------------------+
 *  |            id (u16)           |           size (u16)          |  element 1, offset 8 + size0
 *  +-------------------------------+-------------------------------+
 *  |                              ...                              |
 * </pre>
 *
 * <p>Worked example, the output buffer after an HDSI exit (spec §8.8), 60 bytes:
 *
 * <pre>
 *  00 00 00 05                                   nelems = 5
 *  F0 00 00 08  00 00 00 00 00 00 20 00          HDAR   = 0x2000        (offset 0x04)
 *  F0 01 00 04  42 00 00 00                      HDSISR = 0x42000000    (offset 0x10)
 *  F0 03 00 08  00 00 00 00 00 00 20 00          ASDR   = 0x2000        (offset 0x18)
 *  10 21 00 08  00 00 00 00 00 00 01 0C          NIA    = 0x10c         (offset 0x24)
 *  10 22 00 08  80 00 00 00 00 00 00 00          MSR    = SF            (offset 0x30)
 * </pre>
 *
 * The used length is {@code 4 + Σ(4 + size_i)}; bytes after the last element (Linux passes its whole
 * capacity as the size) are not part of the buffer's content.
 */
public final class GsbLayout {
  private GsbLayout() {}

  /** Offset of the u32 element count in the header. */
  public static final int NELEMS_OFFSET = 0;
  /** Length of the buffer header. */
  public static final int HEADER_LENGTH = 4;
  /** Offset of the u16 ID within an element. */
  public static final int ID_OFFSET = 0;
  /** Offset of the u16 value size within an element. */
  public static final int SIZE_OFFSET = 2;
  /** Offset of the value within an element. */
  public static final int VALUE_OFFSET = 4;
  /** Length of an element's header (ID and size). */
  public static final int ELEMENT_HEADER_LENGTH = 4;
  /** The largest value size a u16 can state. */
  public static final int MAX_VALUE_LENGTH = 0xFFFF;
  /** The largest GET/SET_STATE buffer the L0 accepts ({@code GSB_MAX_BUF_SIZE}, spec §4.5). */
  public static final int MAX_STATE_BUFFER_LENGTH = 1 << 20;
  /** The smallest run input/output buffer (spec §4.5). */
  public static final int MIN_RUN_BUFFER_LENGTH = 0x80;
  /** The largest run input/output buffer (spec §4.5). */
  public static final int MAX_RUN_BUFFER_LENGTH = 16384;

  /** The bytes an element with a value of {@code size} bytes occupies. */
  public static int elementLength(int size) {
    return ELEMENT_HEADER_LENGTH + size;
  }
}
