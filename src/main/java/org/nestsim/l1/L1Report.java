package org.nestsim.l1;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a run of the KVM-like L1 ended, for expectations and the summary.
 *
 * @param end why it ended: {@code halted} (every vCPU halted), {@code quiescent}, {@code limits.time},
 *     {@code limits.instructions}, {@code limits.exits}, or {@code error: …}
 * @param time the simulated L1 timebase at the end
 * @param vcpus every vCPU's account, including those of guests deleted or rebooted during the run
 * @param console what each guest printed, by guest name (guests that printed nothing included)
 * @param halted the guests whose every vCPU had halted at the end
 * @param registers the final register values the plan asked for, by {@code guest/vcpu}, then element ID
 * @param notes things the L1 reports once (an L0 that refused the VPA, a guest that could not boot)
 * @param traceHash the trace hash ({@code sha256:…}), or null when the run was not traced
 * @param traceEvents the number of trace events
 * @param refused the guests whose last boot the L0 refused (the L1 noted why and deleted what it had
 *     created): their vCPUs have no account of that incarnation
 * @param violations what the stress oracle saw outside any one runner's account (a zombie guest, an
 *     answer after a runner stopped), in the order seen; empty without the oracle
 */
public record L1Report(String end, long time, List<RunnerStats.Report> vcpus, Map<String, String> console,
    List<String> halted, Map<String, Map<Integer, Long>> registers, List<String> notes, String traceHash,
    long traceEvents, List<String> refused, List<Violation> violations) {

  /**
   * One violation the host saw.
   *
   * @param outcome the forbidden outcome ({@code zombie-guest}, {@code answer-after-stop}, …)
   * @param where {@code guest} or {@code guest/vcpu}
   * @param detail what was seen
   */
  public record Violation(String outcome, String where, String detail) {}

  /** Exits by vector over every vCPU. */
  public Map<Long, Long> exitsByVector() {
    TreeMap<Long, Long> total = new TreeMap<>();
    vcpus.forEach(v -> v.exits().forEach((k, n) -> total.merge(k, n, Long::sum)));
    return total;
  }

  /** L2 hcalls by return code over every vCPU. */
  public Map<Long, Long> l2HcallsByReturnCode() {
    TreeMap<Long, Long> total = new TreeMap<>();
    vcpus.forEach(v -> v.l2Hcalls().forEach((k, n) -> total.merge(k, n, Long::sum)));
    return total;
  }

  /** L2 instructions over every vCPU. */
  public long instructions() {
    return vcpus.stream().mapToLong(RunnerStats.Report::instructions).sum();
  }
}
