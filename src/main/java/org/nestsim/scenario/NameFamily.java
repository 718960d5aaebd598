package org.nestsim.scenario;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.nestsim.gsb.GsbCatalog;
import org.nestsim.gsb.GsbElement;
import org.nestsim.hcall.ExitReason;
import org.nestsim.hcall.Hcall;
import org.nestsim.hcall.ReturnCode;

/**
 * The kinds of names a scenario may write where a number goes, in the order a bare name is resolved:
 * hcalls (to opcodes), return codes (to R3 values), exit reasons (to vectors), GSB elements without
 * {@code KVMPPC_GSID_} (to IDs). All case-insensitive.
 */
enum NameFamily {
  HCALL("hcall", Arrays.stream(Hcall.values()).map(Enum::name).toList()),
  RETURN_CODE("return code", Arrays.stream(ReturnCode.values()).map(Enum::name).toList()),
  EXIT("exit reason", Arrays.stream(ExitReason.values()).map(Enum::name).toList()),
  ELEMENT("GSB element", GsbCatalog.all().stream().map(GsbElement::name).toList());

  /** Every name of every family, for suggestions where any name is accepted. */
  static final List<String> ALL_NAMES = allNames();

  private final String noun;
  private final List<String> names;

  NameFamily(String noun, List<String> names) {
    this.noun = noun;
    this.names = names;
  }

  /** What the family is called in messages: "unknown hcall 'x'". */
  String noun() {
    return noun;
  }

  List<String> names() {
    return names;
  }

  /** The value of {@code name} in this family. */
  Optional<Long> resolve(String name) {
    return switch (this) {
      case HCALL -> Hcall.fromName(name).map(Hcall::opcode);
      case RETURN_CODE -> ReturnCode.fromName(name).map(ReturnCode::value);
      case EXIT -> ExitReason.fromName(name).map(r -> (long) r.vector());
      case ELEMENT -> GsbCatalog.byName(name).map(e -> (long) e.id());
    };
  }

  /** The value of {@code name} in the first family that knows it. */
  static Optional<Long> resolveAny(String name) {
    for (NameFamily f : values()) {
      Optional<Long> v = f.resolve(name);
      if (v.isPresent()) {
        return v;
      }
    }
    return Optional.empty();
  }

  private static List<String> allNames() {
    List<String> all = new ArrayList<>();
    for (NameFamily f : values()) {
      all.addAll(f.names);
    }
    return List.copyOf(all);
  }
}
