package org.nestsim.scenario;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.nestsim.gsb.GsbCatalog;
import org.nestsim.gsb.GsbElement;
import org.nestsim.gsb.GsbLayout;
import org.nestsim.gsb.GsbReader;

/**
 * A script step's GSB as bytes (scenario-format.md: {@code gsb} values for a SET, ids for a GET,
 * {@code gsb-hex} raw), and the values of a buffer the L0 returned, for {@code expect.gsb}. Encoding is
 * deliberately not validated: conformance scripts send malformed buffers on purpose.
 */
final class ScriptGsb {
  private ScriptGsb() {}

  /** The bytes of {@code spec}, its operands resolved through {@code bindings} (all bound). */
  static byte[] encode(GsbSpec spec, Bindings bindings) {
    if (spec instanceof GsbSpec.Hex hex) {
      return hex.bytes();
    }
    if (spec instanceof GsbSpec.Ids ids) {
      return encodeIds(ids.ids());
    }
    return encodeValues(((GsbSpec.Values) spec).elements(), bindings);
  }

  private static byte[] encodeIds(List<Integer> ids) {
    int length = GsbLayout.HEADER_LENGTH;
    for (int id : ids) {
      length += GsbLayout.ELEMENT_HEADER_LENGTH + valueSize(id, 1);
    }
    ByteBuffer b = ByteBuffer.allocate(length);
    b.putInt(ids.size());
    for (int id : ids) {
      int size = valueSize(id, 1);
      b.putShort((short) id).putShort((short) size);
      b.position(b.position() + size);
    }
    return b.array();
  }

  private static byte[] encodeValues(List<ElementValue> elements, Bindings bindings) {
    int length = GsbLayout.HEADER_LENGTH;
    for (ElementValue e : elements) {
      length += GsbLayout.ELEMENT_HEADER_LENGTH + valueSize(e.id(), e.parts().size());
    }
    ByteBuffer b = ByteBuffer.allocate(length);
    b.putInt(elements.size());
    for (ElementValue e : elements) {
      int size = valueSize(e.id(), e.parts().size());
      b.putShort((short) e.id()).putShort((short) size);
      if (size == 4) {
        b.putInt((int) (long) bindings.value(e.parts().get(0)));
      } else {
        int start = b.position();
        for (Operand part : e.parts()) {
          if (b.position() + 8 <= start + size) {
            b.putLong(bindings.value(part));
          }
        }
        b.position(start + size);
      }
    }
    return b.array();
  }

  /** The value size the catalog gives the element; an unknown ID or BLANK takes 8 bytes per part. */
  private static int valueSize(int id, int parts) {
    GsbElement e = GsbCatalog.byId(id);
    if (e == null || e.size() < 0) {
      return 8 * parts;
    }
    return e.size();
  }

  /**
   * The value parts (8-byte big-endian words; a 4-byte value as one part) of the first element {@code
   * id} in the GSB {@code bytes}, or null when it is not there. Walks as far as the buffer's own
   * header and sizes allow.
   */
  static List<Long> find(byte[] bytes, int id) {
    GsbReader reader = new GsbReader();
    try {
      reader.wrap(ByteBuffer.wrap(bytes), 0, bytes.length);
      while (reader.next()) {
        if (reader.id() == id) {
          return parts(reader);
        }
      }
    } catch (RuntimeException malformed) {
      return null;
    }
    return null;
  }

  private static List<Long> parts(GsbReader r) {
    List<Long> parts = new ArrayList<>();
    int size = r.size();
    if (size == 4) {
      parts.add(Integer.toUnsignedLong(r.be32()));
    } else {
      for (int n = 0; n * 8 + 8 <= size; n++) {
        parts.add(r.be64(n));
      }
    }
    return parts;
  }

  /** The single value of an element found by {@link #find}, if it has exactly one part. */
  static OptionalLong single(List<Long> parts) {
    return parts != null && parts.size() == 1 ? OptionalLong.of(parts.get(0)) : OptionalLong.empty();
  }
}
