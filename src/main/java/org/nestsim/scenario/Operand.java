package org.nestsim.scenario;

/**
 * A value in a script step: either known when the file is loaded ({@link Literal}, a 64-bit pattern),
 * or a {@code $name} bound by an earlier step's {@code save} ({@link Ref}), resolved by the runner.
 */
public sealed interface Operand {
  /** A number (or a name of an hcall, return code, exit reason or GSB element) as a 64-bit pattern. */
  record Literal(long value) implements Operand {}

  /** {@code $name}: the value a {@code save} bound to {@code name} (without the {@code $}). */
  record Ref(String name, Location location) implements Operand {}
}
