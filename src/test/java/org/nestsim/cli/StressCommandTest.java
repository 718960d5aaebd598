package org.nestsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code nestsim stress}: the table, the exit codes, the reproducer, {@code --json}, bad options. */
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
        .contains("not both"));
    CliRun.nestsim("stress", "--vcpus-per-guest", "0").assertOneLineFailure(ExitCodes.USAGE);
    CliRun.nestsim("stress", "--mode", "fast").assertOneLineFailure(ExitCodes.USAGE);
    CliRun.nestsim("stress", "--guests", "x").assertOneLineFailure(ExitCodes.USAGE);
  }
}
