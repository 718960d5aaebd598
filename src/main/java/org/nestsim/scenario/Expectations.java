package org.nestsim.scenario;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What must hold when a run ends ({@code expect}), all maps in file order: the exact console text per
 * guest; exit counts by exit name (upper-case short name, e.g. {@code HCALL}) with the condition as
 * written ({@code "12"}, {@code ">= 8"}, …); which guests halted ({@code null}: unchecked); final
 * register values by {@code "guest/vcpu"} and element ID; and the trace hash ({@code "sha256:"} and 64
 * lower-case hex digits, or {@code null}).
 */
public record Expectations(Map<String, String> console, Map<String, String> exits, HaltedSpec halted,
    Map<String, Map<Integer, Long>> registers, String traceHash) {
  /** The expectations of a file that gives none. */
  public static final Expectations NONE = new Expectations(Map.of(), Map.of(), null, Map.of(), null);

  public Expectations {
    console = Collections.unmodifiableMap(new LinkedHashMap<>(console));
    exits = Collections.unmodifiableMap(new LinkedHashMap<>(exits));
    LinkedHashMap<String, Map<Integer, Long>> copy = new LinkedHashMap<>();
    registers.forEach((k, v) -> copy.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
    registers = Collections.unmodifiableMap(copy);
  }
}
