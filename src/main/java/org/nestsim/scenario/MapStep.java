package org.nestsim.scenario;

/**
 * {@code map: { guest, l2, l1, size, table? }}: the runner builds or extends, in L1 memory, the guest's
 * partition-scoped radix tree mapping L2 real {@code [l2, l2+size)} to L1 real {@code [l1, l1+size)}.
 * {@code table} is the tree's address, {@code null} for an area the runner reserves.
 */
public record MapStep(Location location, Operand guest, Operand l2, Operand l1, Operand size, Operand table)
    implements Step {}
