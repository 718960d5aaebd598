package org.nestsim.l0;

/**
 * The L0's internal messages, between its supervisor, guests and vCPUs; each actor's own are nested
 * in it ({@link L0Supervisor.Internal}, {@link Guest.Internal}, {@link Vcpu.Internal}). Package-private:
 * an L1 can neither see nor send them.
 */
sealed interface L0Message extends L0Protocol.Command
    permits L0Supervisor.Internal, Guest.Internal, Vcpu.Internal {}
