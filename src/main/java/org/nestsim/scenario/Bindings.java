package org.nestsim.scenario;

import java.util.HashMap;
import java.util.Map;

/**
 * The names a script's {@code save} keys bound, shared by all its threads (scenario-format.md, "Racing
 * L1 threads"). A step that uses a name not yet bound waits until it is.
 */
final class Bindings {
  private final Map<String, Long> values = new HashMap<>();

  void bind(String name, long value) {
    values.put(name, value);
  }

  /** The operand's value, or null when it names a name that is not bound yet. */
  Long value(Operand operand) {
    if (operand instanceof Operand.Literal literal) {
      return literal.value();
    }
    return values.get(((Operand.Ref) operand).name());
  }

  /** The first unbound name among {@code operands} (nulls skipped), or null when all are bound. */
  String unbound(Iterable<Operand> operands) {
    for (Operand o : operands) {
      if (o instanceof Operand.Ref ref && !values.containsKey(ref.name())) {
        return ref.name();
      }
    }
    return null;
  }
}
