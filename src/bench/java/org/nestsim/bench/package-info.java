/**
 * JMH benchmarks, built only by the {@code bench} Maven profile ({@code mvn -B -Pbench -DskipTests
 * package}) and run as described in {@code docs/PERFORMANCE.md}. Each benchmark measures a hot path
 * next to a baseline measured in the same run (a bulk copy of the same bytes, say), because the
 * machines are shared and noisy: absolute nanoseconds drift between runs, ratios much less. The
 * footprint programs ({@code L0Footprint}, {@code StressFootprint}) measure heap per vCPU instead.
 *
 * <p>Not part of the simulator: nothing in {@code src/main} imports this package.
 */
package org.nestsim.bench;
