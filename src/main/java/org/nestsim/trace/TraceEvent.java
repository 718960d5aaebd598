package org.nestsim.trace;

/**
 * One event of a run's trace: an hcall of the L1 and its answer, an exit, an injection, an L2 hcall
 * the L1 served, console output, or a lifecycle step or fault. Each encodes to exactly one canonical
 * JSON line (see {@code package-info.java}); the trace hash is computed over those lines, so the
 * encoding of every type is part of the format and pinned by a golden test.
 */
public sealed interface TraceEvent
    permits HcallEvent, ExitEvent, InjectEvent, L2HcallEvent, ConsoleEvent, LifecycleEvent {

  /** When the event happened, on the simulated L1 timebase. */
  long time();

  /** Appends the canonical line, without a newline, to {@code sb}; the allocation-free form. */
  void appendTo(StringBuilder sb);

  /** The event's one canonical JSON line, without a trailing newline. */
  default String canonical() {
    StringBuilder sb = new StringBuilder(128);
    appendTo(sb);
    return sb.toString();
  }
}
