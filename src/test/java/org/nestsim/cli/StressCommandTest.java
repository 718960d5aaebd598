package org.nestsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * {@code nestsim stress}: the table, the exit codes, the reproducer, {@code --json} with latency
 * percentiles, {@code --duration}, the progress line's counters, bad options.
 */
class StressCommandTest {

  @Test
  void shouldPassASmallMixAndPrintTheOutcomeTable() {
    String out = CliRun.nestsim("stress", "--guests", "2", "--vcpus-per-guest", "2", "--seed", "4", "-q")
        .assertSuccess();
    assertTrue(out.contains("stress mix: 2 guests, 4 vCPUs; deterministic, seed 4; ended: halted"), out);
    assertTrue(out.matches("(?s).*halted-ok\\s+4\\s+acceptable.*"), out);
    assertTrue(out.matches("(?s).*lost-state\\s+0\\s+FORBIDDEN.*"), out);
    assertTrue(out.contains("heap per vCPU"), out);
    assertTrue(out.contains("ok: no forbidden outcome"), out);
  }

  @Test
  void shouldExitOneWithAReproducerWhenAForbiddenOutcomeIsSeen() {
    CliRun r = CliRun.nestsim("stress", "--guests", "1", "--vcpus-per-guest", "2", "--workload", "hcall",
        "--seed", "8", "--plant-lost-state", "-q");
    assertEquals(ExitCodes.FAILED, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().contains("g0/0: lost-state: wanted 0x"), r.out());
    assertTrue(r.outLines().contains("reproduce: nestsim stress --guests 1 --vcpus-per-guest 2 --workload hcall "
        + "--mode deterministic --seed 8 --plant-lost-state"), r.out());
  }

  @Test
  void shouldPrintOneJsonObject() throws Exception {
    CliRun r = CliRun.nestsim("stress", "--guests", "1", "--vcpus-per-guest", "3", "--workload", "fault",
        "--exits", "10", "--seed", "2", "--json");
    assertEquals(ExitCodes.OK, r.exitCode(), r.out() + r.err());
    assertEquals(1, r.outLines().size(), r.out());
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertEquals("limits.exits", json.get("ended").asText());
    assertTrue(json.get("exits").asLong() >= 10, r.out()); // exits in flight at the limit still count
    assertTrue(json.get("passed").asBoolean());
    assertEquals("not-finished", json.get("outcomes").get(json.get("outcomes").size() - 1).get("outcome").asText());
    assertTrue(json.get("traceHash").asText().startsWith("sha256:"));
  }

  @Test
  void shouldRejectBadOptionsOnOneLine() {
    assertTrue(CliRun.nestsim("stress", "--workload", "foo").assertOneLineFailure(ExitCodes.USAGE)
        .contains("--workload"));
    assertTrue(CliRun.nestsim("stress", "--exits", "5", "--time", "5").assertOneLineFailure(ExitCodes.USAGE)
        .contains("only one of"));
    CliRun.nestsim("stress", "--vcpus-per-guest", "0").assertOneLineFailure(ExitCodes.USAGE);
    CliRun.nestsim("stress", "--mode", "fast").assertOneLineFailure(ExitCodes.USAGE);
    CliRun.nestsim("stress", "--guests", "x").assertOneLineFailure(ExitCodes.USAGE);
    assertEquals("stress: cannot write the trace no/such/dir/t.jsonl: no such file or directory",
        CliRun.nestsim("stress", "--trace", "no/such/dir/t.jsonl").assertOneLineFailure(ExitCodes.USAGE));
  }

  @Test
  void shouldPutExitLatencyPercentilesInTheJson() throws Exception {
    CliRun r = CliRun.nestsim("stress", "--guests", "2", "--vcpus-per-guest", "2", "--workload", "hcall",
        "--seed", "3", "--json");
    assertEquals(ExitCodes.OK, r.exitCode(), r.out() + r.err());
    JsonNode json = new ObjectMapper().readTree(r.out());
    JsonNode latency = json.get("exitLatencyNanos");
    assertEquals(json.get("exits").asLong(), latency.get("count").asLong(), r.out());
    long previous = 1;
    for (String p : new String[] {"p50", "p90", "p99", "p99.9", "max"}) {
      assertTrue(latency.get(p).asLong() >= previous, p + " in " + latency);
      previous = latency.get(p).asLong();
    }
    assertTrue(json.get("heapBytesPerVcpuPeak").asLong() >= json.get("heapBytesPerVcpuRetained").asLong(), r.out());
    assertTrue(json.has("exitsPerSecondBestSecond") && json.has("mostVcpusRunning") && json.has("faultsInjected"), r.out());
  }

  @Test
  void shouldPrintTheLatencyLineInTheSummary() {
    String out = CliRun.nestsim("stress", "--guests", "1", "--vcpus-per-guest", "2", "--workload", "hcall",
        "--seed", "3", "-q").assertSuccess();
    assertTrue(out.matches("(?s).*\\nexit latency     p50 [0-9.,]+ µs, p90 [0-9.,]+ µs, p99 [0-9.,]+ µs, "
        + "p99\\.9 [0-9.,]+ µs, max [0-9.,]+ µs \\([0-9,]+ round trips.*"), out);
    assertTrue(out.contains("\nheap per vCPU"), out);
  }

  @Test
  void shouldRefuseADurationForADeterministicRunOnOneLine() {
    String line = CliRun.nestsim("stress", "--duration", "30s").assertOneLineFailure(ExitCodes.USAGE);
    assertTrue(line.startsWith("stress: --duration is wall-clock time, for --mode parallel only"), line);
    CliRun.nestsim("stress", "--mode", "parallel", "--duration", "3x").assertOneLineFailure(ExitCodes.USAGE);
    CliRun.nestsim("stress", "--mode", "parallel", "--duration", "0s").assertOneLineFailure(ExitCodes.USAGE);
    assertTrue(CliRun.nestsim("stress", "--mode", "parallel", "--duration", "1s", "--exits", "9")
        .assertOneLineFailure(ExitCodes.USAGE).contains("only one of"));
  }

  /**
   * A parallel run that would go on far longer than a second (with the planted {@code mer-reimport} and
   * injected external interrupts every vCPU loops in its interrupt handler and never halts; without the
   * oracle nothing is forbidden) ends after its {@code --duration}: its vCPUs are not-finished, exit 0.
   */
  @Test
  void shouldEndAParallelRunAfterItsDurationWithNotFinishedVcpus() throws Exception {
    CliRun r = CliRun.nestsim("stress", "--guests", "2", "--vcpus-per-guest", "4", "--workload", "hcall",
        "--faults", "external", "--l1-bug", "mer-reimport", "--no-oracle", "--mode", "parallel", "--seed", "1",
        "--duration", "1s", "--json");
    assertEquals(ExitCodes.OK, r.exitCode(), r.out() + r.err());
    JsonNode json = new ObjectMapper().readTree(r.out().lines().filter(l -> l.startsWith("{")).findFirst()
        .orElseThrow());
    assertEquals("limits.requested", json.get("ended").asText(), r.out());
    JsonNode outcomes = json.get("outcomes");
    assertEquals("not-finished", outcomes.get(outcomes.size() - 1).get("outcome").asText(), r.out());
    assertTrue(outcomes.get(outcomes.size() - 1).get("count").asLong() > 0, r.out());
    assertTrue(json.get("command").asText().endsWith(" --duration 1s"), r.out());
  }

  @Test
  void shouldShowTheRunsCountersInTheProgressLine() {
    org.nestsim.stress.StressMeter meter = new org.nestsim.stress.StressMeter(false);
    meter.vcpuStarted();
    meter.vcpuStarted();
    meter.vcpuEnded();
    meter.exited(0);
    meter.exited(0);
    meter.eventCarriedOut();
    meter.violation();

    String line = StressCommand.status(meter).get();

    assertTrue(line.matches(", 2 exits, [0-9,]+ exits/s, 1 vCPUs running, 1 faults injected, 1 violations"), line);
  }
}
