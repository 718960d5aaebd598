package org.nestsim.gsb;

/**
 * One row of the element catalog (spec §5): what an element ID means on the wire and who may access
 * it.
 *
 * @param id the 16-bit element ID
 * @param name the Linux name without {@code KVMPPC_GSID_} ({@code GPR3}, {@code SIER})
 * @param type the value encoding
 * @param scope thread-, guest- or host-wide
 * @param access the documented access mode
 * @param qemu how QEMU, the reference L0, treats it
 * @param linuxMask the mask the Linux L1 applies before sending ({@code gsid_mask}); all ones for most
 */
public record GsbElement(
    int id, String name, ValueType type, Scope scope, Access access, QemuSupport qemu, long linuxMask) {

  /** The value size in bytes the L0 expects, or -1 for BLANK (any size). */
  public int size() {
    return type.size();
  }

  /** {@code 0x1003} style, four lower-case hex digits. */
  public String idHex() {
    return hex(id);
  }

  /** Formats an element ID as {@code 0x} and four lower-case hex digits. */
  public static String hex(int id) {
    String digits = Integer.toHexString(id);
    return "0x" + "0000".substring(digits.length()) + digits;
  }
}
