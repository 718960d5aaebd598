package org.nestsim.scenario;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The steps of a conformance L1 ({@code l1.model: script}). Either one sequence, {@code steps} (the
 * other three empty), or racing L1 threads: {@code setup} alone, then the named {@code threads}
 * concurrently (in file order), then {@code teardown} alone ({@code steps} empty). All lists and the
 * map are unmodifiable; an empty script is valid.
 */
public record Script(List<Step> steps, List<Step> setup, Map<String, List<Step>> threads, List<Step> teardown) {
  public Script {
    steps = List.copyOf(steps);
    setup = List.copyOf(setup);
    LinkedHashMap<String, List<Step>> copy = new LinkedHashMap<>();
    threads.forEach((name, list) -> copy.put(name, List.copyOf(list)));
    threads = Collections.unmodifiableMap(copy);
    teardown = List.copyOf(teardown);
  }

  /** Whether the script uses {@code setup}/{@code threads}/{@code teardown} rather than {@code steps}. */
  public boolean isThreaded() {
    return steps.isEmpty() && !(setup.isEmpty() && threads.isEmpty() && teardown.isEmpty());
  }
}
