package org.nestsim.l1;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nestsim.gsb.GsbReader;
import org.nestsim.gsb.Gsid;
import org.nestsim.l0.L0Protocol;
import org.nestsim.memory.L1Memory;

/**
 * The stress oracle's checks inside one {@link VcpuRunner} (issue 6, "The invariant oracle"). Each
 * violation is counted in the runner's {@link RunnerStats} under a forbidden outcome:
 *
 * <ul>
 *   <li>{@code stale-cache} — after an exit, once the output buffer is in the cache, every register the
 *       cache holds as valid and clean is compared with the L0's value, read by {@link L0Protocol.Inspect}
 *       (sent before anything else to the vCPU, so it sees the state of the exit). MSR is left out: the
 *       output buffer's MSR is the exit's HSRR1/SRR1 (spec §6.4), not the L0's MSR;
 *   <li>{@code unflushed-dirty} — before a run, every value the L1's setters asked for since the last run
 *       must be in the run input buffer as written to L1 memory, with that value;
 *   <li>{@code exit-storm} — more than {@link #STORM} consecutive exits in which the L2 executed no
 *       instruction;
 *   <li>{@code no-progress} — exits keep coming but the L2 ran no instruction for more than {@link
 *       #LIVENESS_TICKS} of simulated time (a vCPU that cedes gets no exits while it waits, so it is not
 *       counted: one that never runs again is {@code stuck} at the end);
 *   <li>{@code interrupt-storm} — the L2's external interrupt handler acknowledged ({@code H_EOI}) more
 *       interrupts than the L1 injected: each injection sets LPCR[MER] for one run, and the handler's
 *       hcall ends that run, so a correct L1 sees at most one acknowledgement per injection;
 *   <li>{@code lost-doorbell} — at {@code H_SIM_HALT} the L2 reports in R5 the doorbells its {@code 0xA00}
 *       handler took; every doorbell the L1 sent at an entry with MSR[EE]=1 must be among them (one sent
 *       with EE=0 may still be pending when the program stops counting).
 * </ul>
 */
public final class Oracle {
  /** Consecutive exits without an L2 instruction that make an exit storm. */
  public static final int STORM = 1_000;
  /** Simulated time a runnable vCPU may go without running an L2 instruction. */
  public static final long LIVENESS_TICKS = 10_000_000;

  /** What the setters asked for since the last run: id → value. */
  final Map<Integer, Long> setters = new HashMap<>();
  /** Per Inspect in flight (answered in order): the ids asked and the values the cache held. */
  private final ArrayDeque<long[][]> expected = new ArrayDeque<>();
  private final ArrayDeque<Long> vectors = new ArrayDeque<>();
  private List<Integer> pending = List.of();
  private int idleExits;
  /** The time of the last exit after which the L2 had run an instruction (or of the first exit). */
  private long progressed = -1;
  /** External interrupts injected (LPCR[MER] set for a run) and acknowledged by the L2 ({@code H_EOI}). */
  private long externals;
  private long acks;
  /** Doorbells sent as DPDES at an entry with MSR[EE]=1 (taken before the L2's next instruction). */
  private long doorbellsSure;

  /** An entry with LPCR[MER] set for one injected external interrupt. */
  void externalInjected() {
    externals++;
  }

  /** The L2's external interrupt handler acknowledged an interrupt ({@code H_EOI}). */
  void externalAcknowledged(RunnerStats stats) {
    if (++acks > externals) {
      stats.violation("interrupt-storm", acks + " external interrupts acknowledged by the L2, " + externals
          + " injected (LPCR[MER] left set?)");
      acks = externals; // one per spurious interrupt
    }
  }

  /** A doorbell sent as DPDES at an entry; {@code enabled}: the L2's MSR[EE] was 1. */
  void doorbellSent(boolean enabled) {
    if (enabled) {
      doorbellsSure++;
    }
  }

  /** At {@code H_SIM_HALT}: {@code taken} doorbells the L2's handler counted. */
  void checkDoorbells(long taken, RunnerStats stats) {
    if (taken < doorbellsSure) {
      stats.violation("lost-doorbell", doorbellsSure + " doorbells sent while the L2 had MSR[EE]=1, its 0xA00 "
          + "handler took " + taken);
    }
  }

  /** After an exit, the output buffer in the cache: snapshot what the cache holds as the L0's values. */
  void afterExit(L0Protocol.VcpuExited e, StateCache cache, RunnerStats stats) {
    if (e.instructions() == 0) {
      if (++idleExits == STORM) {
        stats.violation("exit-storm", STORM + " consecutive exits without an L2 instruction (last 0x"
            + Long.toHexString(e.vector()) + ")");
        idleExits = 0;
      }
    } else {
      idleExits = 0;
    }
    if (e.instructions() > 0 || progressed < 0) {
      progressed = e.time();
    } else if (e.time() - progressed > LIVENESS_TICKS) {
      stats.violation("no-progress", "no L2 instruction for " + (e.time() - progressed) + " ticks of exits (last 0x"
          + Long.toHexString(e.vector()) + ")");
      progressed = e.time();
    }
    List<Integer> ids = new ArrayList<>();
    List<Long> values = new ArrayList<>();
    cache.forEachClean((id, v) -> {
      if (inspectable(id)) {
        ids.add(id);
        values.add(v);
      }
    });
    long[][] snap = new long[2][ids.size()];
    for (int i = 0; i < ids.size(); i++) {
      snap[0][i] = ids.get(i);
      snap[1][i] = values.get(i);
    }
    expected.add(snap);
    vectors.add(e.vector());
    pending = List.copyOf(ids);
  }

  /** The ids of the last {@link #afterExit}, for its {@link L0Protocol.Inspect}. */
  List<Integer> pendingIds() {
    return pending;
  }

  private static boolean inspectable(int id) {
    return id != Gsid.MSR && (id >= Gsid.GPR0 && id < Gsid.VSR0 || id >= Gsid.HDAR && id <= Gsid.ASDR);
  }

  /** The L0's answer to the oldest Inspect in flight. */
  void inspected(L0Protocol.Inspection inspection, RunnerStats stats) {
    long[][] snap = expected.poll();
    Long vector = vectors.poll();
    if (snap == null || inspection.status() != L0Protocol.Inspection.Status.IDLE) {
      return; // the vCPU is gone (a stop, a delete): nothing to compare
    }
    for (int i = 0; i < snap[0].length; i++) {
      int id = (int) snap[0][i];
      Long l0 = inspection.values().get(id);
      if (l0 != null && l0 != snap[1][i]) {
        stats.violation("stale-cache", "after exit 0x" + Long.toHexString(vector) + " the cache holds 0x"
            + Integer.toHexString(id) + " = 0x" + Long.toHexString(snap[1][i]) + " as valid, the L0 has 0x"
            + Long.toHexString(l0));
        return; // one per exit
      }
    }
  }

  /** Before a run: every value set since the last run must be in the input buffer at {@code address}. */
  void checkInput(L1Memory memory, long address, int length, RunnerStats stats) {
    byte[] bytes = new byte[length];
    memory.read(address, bytes, 0, length);
    GsbReader reader = new GsbReader().wrap(ByteBuffer.wrap(bytes), 0, length);
    Map<Integer, Long> sent = new HashMap<>();
    while (reader.next()) {
      sent.put(reader.id(), reader.size() == 4 ? Integer.toUnsignedLong(reader.be32()) : reader.be64());
    }
    for (Map.Entry<Integer, Long> s : setters.entrySet()) {
      Long v = sent.get(s.getKey());
      long want = org.nestsim.gsb.linux.LinuxGsid.size(s.getKey()) == 4 ? s.getValue() & 0xFFFF_FFFFL : s.getValue();
      if (v == null || v != want) {
        stats.violation("unflushed-dirty", "the L1 set 0x" + Integer.toHexString(s.getKey()) + " = 0x"
            + Long.toHexString(s.getValue()) + ", the input buffer has " + (v == null ? "nothing"
            : "0x" + Long.toHexString(v)));
        break; // one per run
      }
    }
    setters.clear();
  }
}
