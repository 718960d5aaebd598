package org.nestsim.gsb;

import java.util.HexFormat;

/**
 * How NestSim prints an element's value: the raw bytes as hex for machines, and a reading for people
 * (registers as fixed-width hex, VSRs as 32 hex digits, tables and buffer descriptors as their
 * fields).
 */
public final class GsbValueFormat {
  private GsbValueFormat() {}

  /** {@code 0x} followed by two lower-case hex digits per value byte, as on the wire. */
  public static String rawHex(GsbReader r) {
    StringBuilder sb = new StringBuilder(2 + 2 * r.size()).append("0x");
    HexFormat hex = HexFormat.of();
    int p = r.valuePosition();
    for (int i = 0; i < r.size(); i++) {
      hex.toHexDigits(sb, r.buffer().get(p + i));
    }
    return sb.toString();
  }

  /** The value as a person reads it, according to the element's type. */
  public static String describe(GsbReader r) {
    GsbElement e = r.element();
    if (e == null || e.type() == ValueType.BLANK || r.size() != e.size()) {
      return r.size() == 0 ? "(empty)" : rawHex(r);
    }
    return switch (e.type()) {
      case BE32, BE64, VEC128, BLANK -> rawHex(r);
      case PARTITION_TABLE -> "address=" + hex64(r.be64(0)) + " ea-bits=" + r.be64(1) + " root-size=0x"
          + Long.toHexString(r.be64(2));
      case PROCESS_TABLE, BUFFER -> "address=" + hex64(r.be64(0)) + " size=0x" + Long.toHexString(r.be64(1));
    };
  }

  /** {@code 0x} and 16 lower-case hex digits. */
  public static String hex64(long v) {
    return "0x" + HexFormat.of().toHexDigits(v);
  }
}
