package org.nestsim.scenario;

/**
 * {@code memory: { write: ADDR, hex: … | asm: … }}: the script writes these bytes into L1 real memory at
 * {@code address}, as the L1 would with its own stores. Assembly was done at load time (big-endian
 * unless {@code le: true}). The accessor returns a copy.
 */
public record MemoryStep(Location location, Operand address, byte[] bytes) implements Step {
  public MemoryStep {
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }
}
