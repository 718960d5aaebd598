package org.nestsim.scenario;

import java.util.ArrayList;
import java.util.List;
import org.nestsim.gsb.GsbCatalog;
import org.nestsim.gsb.GsbElement;

/**
 * Reads the Guest State Buffers of hcall steps: {@code gsb:} as a mapping of element values or a list of
 * element IDs, {@code gsb-hex:} as raw bytes, and the {@code gsb:} values an {@code expect} checks.
 * Element names resolve through the catalog; a multi-part element takes a list of as many 8-byte parts
 * as its size holds. Read-only and wrong-scope elements are accepted on purpose.
 */
final class GsbSpecReader {
  private final Values values;
  private final Problems problems;

  GsbSpecReader(Values values) {
    this.values = values;
    this.problems = values.problems();
  }

  /** {@code gsb} and {@code gsb-hex} of a step; {@code null} when neither is given. */
  GsbSpec read(Fields step) {
    if (step.has("gsb") && step.has("gsb-hex")) {
      problems.add(step.keyLocation("gsb-hex"), step.prefix() + "give either 'gsb' or 'gsb-hex', not both");
    }
    GsbSpec fromGsb = fromGsb(step);
    if (step.has("gsb-hex")) {
      byte[] bytes = values.hex(step.get("gsb-hex"), step.path("gsb-hex"));
      return new GsbSpec.Hex(bytes == null ? new byte[0] : bytes);
    }
    return fromGsb;
  }

  /** {@code gsb}, read even beside {@code gsb-hex} so that its problems are reported too. */
  private GsbSpec fromGsb(Fields step) {
    YamlNode gsb = step.get("gsb");
    if (gsb == null) {
      return null;
    }
    String path = step.path("gsb");
    if (gsb instanceof YamlNode.Sequence s) {
      List<Integer> ids = new ArrayList<>();
      for (YamlNode item : s.items()) {
        Integer id = id(item, path);
        if (id != null) {
          ids.add(id);
        }
      }
      return new GsbSpec.Ids(ids);
    }
    if (gsb instanceof YamlNode.Mapping) {
      return new GsbSpec.Values(elements(gsb, path));
    }
    problems.add(gsb.location(), path + ": expected a mapping of element values ({ NIA: 0x100 }) or a list of"
        + " elements ([GPR3, NIA]), got " + gsb.describe());
    return null;
  }

  /** A mapping of element name (or ID) to value, in file order. */
  List<ElementValue> elements(YamlNode node, String path) {
    List<ElementValue> out = new ArrayList<>();
    if (Values.isAbsent(node)) {
      return out;
    }
    if (!(node instanceof YamlNode.Mapping m)) {
      problems.add(node.location(), path + ": expected a mapping of element values, got " + node.describe());
      return out;
    }
    for (YamlNode.Entry e : m.entries().values()) {
      Integer id = id(new YamlNode.Scalar(e.keyLocation(), e.key(), YamlNode.Kind.STRING), path);
      if (id == null) {
        continue;
      }
      String p = path + "." + e.key();
      List<Operand> parts = new ArrayList<>();
      List<YamlNode> items = e.value() instanceof YamlNode.Sequence s ? s.items() : List.of(e.value());
      for (YamlNode item : items) {
        if (Values.isAbsent(item)) {
          problems.add(item.location(), p + ": needs a value");
        } else {
          parts.add(values.operand(item, p));
        }
      }
      GsbElement element = GsbCatalog.byId(id);
      int want = element == null ? -1 : partsOf(element);
      if (want >= 0 && parts.size() != want && items.size() == parts.size()) {
        problems.add(e.value().location(), p + ": " + element.name() + " takes " + describeParts(element)
            + ", got " + parts.size());
      }
      if (element != null && element.size() == 4 && parts.size() == 1
          && parts.get(0) instanceof Operand.Literal l && !fits32(l.value())) {
        problems.add(e.value().location(), p + ": " + element.name() + " is a 4-byte element; " + l.value()
            + " does not fit in 32 bits");
      }
      out.add(new ElementValue(id, parts, e.keyLocation()));
    }
    return out;
  }

  /** An element ID: a catalog name or a number 0..0xFFFF. */
  Integer id(YamlNode n, String path) {
    Long v = values.integer(n, path, NameFamily.ELEMENT);
    if (v == null) {
      if (Values.isAbsent(n)) {
        problems.add(n == null ? problems.at(1, 1) : n.location(), path + ": needs an element name");
      }
      return null;
    }
    if (v < 0 || v > 0xFFFF) {
      problems.add(n.location(), path + ": an element ID is 0..0xFFFF, got " + v);
      return null;
    }
    return v.intValue();
  }

  /** How many 8-byte parts the element's value has: 1 for 4- and 8-byte elements, -1 for any (BLANK). */
  static int partsOf(GsbElement e) {
    int size = e.size();
    return size < 0 ? -1 : size <= 8 ? 1 : size / 8;
  }

  /** Whether a value fits a 4-byte element, as a signed or an unsigned 32-bit number. */
  static boolean fits32(long v) {
    return v >= Integer.MIN_VALUE && v <= 0xFFFF_FFFFL;
  }

  private static String describeParts(GsbElement e) {
    return switch (e.type()) {
      case VEC128 -> "2 values (high, low)";
      case PARTITION_TABLE -> "3 values (root, EA bits, root size)";
      case PROCESS_TABLE, BUFFER -> "2 values (address, size)";
      default -> "1 value";
    };
  }
}
