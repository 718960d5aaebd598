package org.nestsim.scenario;

/**
 * An MMIO region the KVM-like L1 emulates for a guest ({@code devices}): an access to
 * {@code [base, base+size)} faults with HDSI and the L1 emulates it. The one {@code kind} so far is
 * {@code counter}: a load returns a 64-bit value that then increments, a store sets it.
 */
public record DeviceSpec(Location location, String kind, long base, long size) {}
