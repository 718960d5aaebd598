package org.nestsim.scenario;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code hcall: NAME}: the script calls the L0. {@code opcode} is any value (an unknown one tests
 * {@code H_FUNCTION}); {@code args} maps the argument names {@code flags}, {@code guest}, {@code vcpu},
 * {@code capabilities}, {@code token}, {@code address}, {@code size} to operands, in file order (missing
 * ones are the runner's defaults); {@code gsb} is the state buffer to send or ask for ({@code null} when
 * absent); {@code expect} is never null ({@link StepExpect#DEFAULT} when absent); {@code save} maps
 * {@code r4}/{@code r5} to the names they bind, in file order.
 */
public record HcallStep(Location location, long opcode, Map<String, Operand> args, GsbSpec gsb, StepExpect expect,
    Map<String, String> save) implements Step {
  public HcallStep {
    args = Collections.unmodifiableMap(new LinkedHashMap<>(args));
    save = Collections.unmodifiableMap(new LinkedHashMap<>(save));
  }
}
