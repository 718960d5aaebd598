package org.nestsim.scenario;

import java.util.List;
import java.util.Map;

/**
 * What one scenario run ended with.
 *
 * @param file the scenario file, as named on the command line
 * @param failures one line per failed expectation, in scenario-format.md's form; empty when the run
 *     passed
 * @param exits exits delivered to the L1, by exit name
 * @param transcript one line per answered hcall, in the order the answers arrived: the step and its
 *     R3, R4, R5 (and for a run its exit, time and output buffer); what a deterministic run repeats
 * @param kvm the KVM-like L1's account of a {@code model: kvm} run, else null
 * @param traceHash the run's trace hash ({@code sha256:…}), or null when it was not traced
 */
public record RunReport(String file, List<String> failures, Map<String, Long> exits, List<String> transcript,
    org.nestsim.l1.L1Report kvm, String traceHash) {

  /** A report without a KVM-like L1's account. */
  public RunReport(String file, List<String> failures, Map<String, Long> exits, List<String> transcript,
      String traceHash) {
    this(file, failures, exits, transcript, null, traceHash);
  }
  public boolean passed() {
    return failures.isEmpty();
  }
}
