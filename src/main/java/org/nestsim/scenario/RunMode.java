package org.nestsim.scenario;

/**
 * How a scenario is scheduled ({@code mode}): {@link #DETERMINISTIC} on the seeded one-thread
 * dispatcher, so that a seed reproduces a run and its trace hash, or {@link #PARALLEL} on the
 * hand-off dispatcher of {@code config/application.conf}.
 */
public enum RunMode {
  DETERMINISTIC,
  PARALLEL
}
