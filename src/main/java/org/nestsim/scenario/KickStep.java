package org.nestsim.scenario;

/**
 * {@code kick: { guest, vcpu }}: interrupt the L1 CPU running that vCPU, so that its run ends with exit
 * NONE at the next quantum boundary; a no-op when the vCPU is not running.
 */
public record KickStep(Location location, Operand guest, Operand vcpu) implements Step {}
