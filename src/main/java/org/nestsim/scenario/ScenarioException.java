package org.nestsim.scenario;

import java.util.List;

/**
 * A scenario file that cannot be run: every problem the loader found in it, each one line of the form
 * {@code FILE:LINE:COL: message}, in file order. The message is those lines joined by newlines. It
 * reports bad input, not a bug, so it carries no stack trace.
 */
public final class ScenarioException extends Exception {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public ScenarioException(List<String> problems) {
    super(String.join("\n", problems), null, false, false);
    this.problems = List.copyOf(problems);
  }

  /** Every problem, {@code FILE:LINE:COL: message}, in file order. */
  public List<String> problems() {
    return problems;
  }
}
