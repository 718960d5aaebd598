package org.nestsim.sched;

/**
 * What a {@link SimEvent} is, and — by declaration order — which of two events at the same simulated
 * time takes effect first (DESIGN.md: cross-vCPU effects apply at a quantum boundary in
 * (time, kind, guest, vCPU, serial) order).
 *
 * <p>The order puts causes before their effects: a scenario step or an L1 timer may kick, inject into or
 * wake a vCPU at the same instant; a kick ends the run in progress before anything is injected into it,
 * so the injection reaches the vCPU at its next entry; a wake-up comes last, so a vCPU woken at an
 * instant sees everything injected at that instant. The order is part of the trace format: reordering
 * the constants changes trace hashes ({@code EventKindTest} pins it).
 */
public enum EventKind {
  /** A step of the scenario file (create, delete, fault toggles, …): the outside world acts first. */
  SCENARIO_EVENT,
  /** An L1 timer the L1 runner armed (its own timeouts, periodic work). */
  L1_TIMER,
  /** A kick: the run in progress when it was sent ends with {@code NONE} at this boundary. */
  KICK,
  /** An interrupt injected into a vCPU, taking effect at its next entry. */
  INJECTION,
  /** The wake-up of a ceded vCPU (by prod or by its own timer). */
  WAKE
}
