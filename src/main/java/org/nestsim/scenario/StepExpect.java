package org.nestsim.scenario;

import java.util.List;

/**
 * What an hcall step must return ({@code expect}): R3 is one of {@code rc} (default {@code [H_SUCCESS]});
 * R4 and R5 equal {@code r4}/{@code r5} when given ({@code null}: unchecked); for a run, the exit is one
 * of {@code exits} (empty: any); and the returned buffer holds the {@code gsb} values. {@code exits} and
 * {@code gsb} are checked only when the hcall returned {@code H_SUCCESS}.
 */
public record StepExpect(List<Long> rc, Operand r4, Operand r5, List<Long> exits, List<ElementValue> gsb) {
  /** The expectation of a step without {@code expect}: {@code H_SUCCESS}, anything else. */
  public static final StepExpect DEFAULT = new StepExpect(List.of(0L), null, null, List.of(), List.of());

  public StepExpect {
    rc = List.copyOf(rc);
    exits = List.copyOf(exits);
    gsb = List.copyOf(gsb);
  }
}
