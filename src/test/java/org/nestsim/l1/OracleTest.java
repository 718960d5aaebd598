package org.nestsim.l1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nestsim.gsb.Gsid;
import org.nestsim.hcall.GuestId;
import org.nestsim.hcall.VcpuId;
import org.nestsim.l0.L0Protocol;

/** The oracle's checks on their own (the planted-bug runs in {@code stress.PlantedBugTest} drive them end to end). */
class OracleTest {
  private static L0Protocol.VcpuExited exit(long instructions) {
    return new L0Protocol.VcpuExited(GuestId.of(1), VcpuId.of(0), 0x000, null, 0, instructions, null);
  }

  @Test
  void shouldReportAnExitStormOncePerStormAndNotForExitsWithProgress() {
    Oracle o = new Oracle();
    RunnerStats stats = new RunnerStats("g", 0);
    StateCache cache = new StateCache();
    for (int i = 0; i < Oracle.STORM - 1; i++) {
      o.afterExit(exit(0), cache, stats);
    }
    o.afterExit(exit(5), cache, stats);
    assertTrue(stats.report(0).violations().isEmpty());
    for (int i = 0; i < 2 * Oracle.STORM + 1; i++) {
      o.afterExit(exit(0), cache, stats);
    }
    assertEquals(Map.of("exit-storm", 2L), stats.report(0).violations());
  }

  private static L0Protocol.VcpuExited exitAt(long time, long instructions) {
    return new L0Protocol.VcpuExited(GuestId.of(1), VcpuId.of(0), 0x000, null, time, instructions, null);
  }

  @Test
  void shouldReportNoProgressWhenExitsRunNoInstructionForTooLongButNotWhenTheL2Moves() {
    Oracle o = new Oracle();
    RunnerStats stats = new RunnerStats("g", 0);
    StateCache cache = new StateCache();
    o.afterExit(exitAt(1_000, 7), cache, stats);
    // Idle exits, each well inside the bound, then one that ran: no violation.
    for (long t = 2_000; t < Oracle.LIVENESS_TICKS; t += 1_000_000) {
      o.afterExit(exitAt(t, 0), cache, stats);
    }
    o.afterExit(exitAt(Oracle.LIVENESS_TICKS, 1), cache, stats);
    assertTrue(stats.report(0).violations().isEmpty());
    // Idle exits past the bound since the last progress: one violation.
    o.afterExit(exitAt(Oracle.LIVENESS_TICKS + 5_000_000, 0), cache, stats);
    o.afterExit(exitAt(2 * Oracle.LIVENESS_TICKS + 1_000, 0), cache, stats);
    assertEquals(Map.of("no-progress", 1L), stats.report(0).violations());
    assertTrue(stats.report(0).firstViolation().startsWith("no-progress: no L2 instruction for "),
        stats.report(0).firstViolation());
  }

  @Test
  void shouldCompareTheCleanValidRegistersButNotMsrOrDirtyOnes() {
    Oracle o = new Oracle();
    RunnerStats stats = new RunnerStats("g", 0);
    StateCache cache = new StateCache();
    cache.put(Gsid.gpr(5), 7);
    cache.put(Gsid.MSR, 1);
    cache.set(Gsid.gpr(6), 9);
    o.afterExit(exit(3), cache, stats);
    assertEquals(java.util.List.of(Gsid.gpr(5)), o.pendingIds());
    o.inspected(new L0Protocol.Inspection(1, 0, L0Protocol.Inspection.Status.IDLE, Map.of(Gsid.gpr(5), 7L)), stats);
    assertTrue(stats.report(0).violations().isEmpty());
    o.afterExit(exit(3), cache, stats);
    o.inspected(new L0Protocol.Inspection(1, 0, L0Protocol.Inspection.Status.IDLE, Map.of(Gsid.gpr(5), 8L)), stats);
    assertEquals(Map.of("stale-cache", 1L), stats.report(0).violations());
  }
}
