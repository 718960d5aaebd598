/**
 * L1 real memory and the radix translation of L2 addresses (spec §7.5, §10.1).
 *
 * <p>{@link org.nestsim.memory.L1Memory} is the interface every consumer uses (a remote implementation
 * can satisfy it later); {@link org.nestsim.memory.SparseMemory} is the in-process one: sized, sparse,
 * page-granular, allocated on first touch, and readable as zeros where nothing was written. Guest State
 * Buffers, the L1's page tables and the L2s' RAM all live in it.
 *
 * <p>Plain Java: uses {@code hcall} only, never Pekko.
 */
package org.nestsim.memory;
