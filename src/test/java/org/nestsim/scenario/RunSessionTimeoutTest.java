package org.nestsim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The wall-clock bound of a run: the configured one, plus an allowance per vCPU for generated runs. */
class RunSessionTimeoutTest {
  @Test
  void shouldGiveAMillionVcpusMinutesAndASmallRunTheBaseBound() {
    Duration base = ConfigFactory.load().getDuration(RunSession.WALL_TIMEOUT_KEY);
    Duration perVcpu = ConfigFactory.load().getDuration(RunSession.WALL_TIMEOUT_PER_VCPU_KEY);
    assertEquals(Duration.ofSeconds(120), base);
    assertEquals(Duration.ofMillis(1), perVcpu);
    assertEquals(Duration.ofMillis(120_016), RunSession.wallTimeout(base, perVcpu, 16));
    // 10^6 vCPUs took 117-265 s of wall time on a 2-core machine (docs/PERFORMANCE.md): 120 s was too short.
    assertEquals(Duration.ofSeconds(1_120), RunSession.wallTimeout(base, perVcpu, 1_000_000));
  }
}
