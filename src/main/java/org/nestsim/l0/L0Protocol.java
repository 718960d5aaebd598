package org.nestsim.l0;

import java.util.Map;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.nestsim.gsb.GsbSnapshot;
import org.nestsim.hcall.GuestId;
import org.nestsim.hcall.HcallResult;
import org.nestsim.hcall.VcpuId;

/**
 * What an L1 may say to the L0, and what it hears back: the only part of {@code l0} an L1 imports
 * (DESIGN.md, "Layers"). One record per hcall, carrying the raw register values the L1 passed (an L1
 * may pass garbage, and the L0 answers it with the exact PAPR code) and the {@code replyTo} that gets
 * exactly one answer: an {@link HcallResult}, or for {@link RunVcpu} a {@link RunResult}.
 *
 * <p>Send requests to the {@link L0Supervisor}. {@link VcpuExited#route()} names the vCPU's own actor:
 * an L1 may send later {@link RunVcpu}, thread-wide {@link GetState}/{@link SetState}, {@link Kick}
 * and {@link Release} for that vCPU there directly, saving the routing hops. The vCPU still applies
 * every check, answers {@code H_P2} once its guest is deleted, and hands anything that is not its
 * own (another vCPU's ids, a guest-wide or host-wide buffer) back to the supervisor, so a cached route
 * never loses a request.
 */
public final class L0Protocol {
  private L0Protocol() {}

  /** Every message an L0 actor accepts: the public {@link Request}s and the L0's internal messages. */
  public sealed interface Command permits Request, L0Message {}

  /** A message an L1 sends to the L0. */
  public sealed interface Request extends Command permits HcallRequest, VcpuRequest {}

  /** An hcall: answered exactly once. */
  public sealed interface HcallRequest extends Request
      permits GetCapabilities, SetCapabilities, CreateGuest, CreateVcpu, GetState, SetState, RunVcpu,
          CopyMemory, DeleteGuest, RptInvalidate, TlbInvalidate, OtherHcall {
    /** The hcall's opcode (R3). */
    long opcode();
  }

  /** A request that names one vCPU, so that a cached route can take it. */
  public sealed interface VcpuRequest extends Request permits RunVcpu, GetState, SetState, Kick, Release, Inspect {
    /** R5: the guest id as passed. */
    long guest();

    /** R6: the vCPU id as passed. */
    long vcpu();
  }

  /** {@code H_GUEST_GET_CAPABILITIES(flags)} (spec §2.3). */
  public record GetCapabilities(long flags, ActorRef<HcallResult> replyTo) implements HcallRequest {
    @Override
    public long opcode() {
      return 0x460;
    }
  }

  /** {@code H_GUEST_SET_CAPABILITIES(flags, capabilities)} (spec §2.4). */
  public record SetCapabilities(long flags, long capabilities, ActorRef<HcallResult> replyTo)
      implements HcallRequest {
    @Override
    public long opcode() {
      return 0x464;
    }
  }

  /** {@code H_GUEST_CREATE(flags, continue token)} (spec §2.5): R4 of a success is the new guest id. */
  public record CreateGuest(long flags, long token, ActorRef<HcallResult> replyTo) implements HcallRequest {
    @Override
    public long opcode() {
      return 0x470;
    }
  }

  /** {@code H_GUEST_CREATE_VCPU(flags, guest, vcpu)} (spec §2.6). */
  public record CreateVcpu(long flags, long guest, long vcpu, ActorRef<HcallResult> replyTo)
      implements HcallRequest {
    @Override
    public long opcode() {
      return 0x474;
    }
  }

  /**
   * {@code H_GUEST_GET_STATE(flags, guest, vcpu, address, size)} (spec §2.7): the L0 writes the values
   * into the buffer in L1 memory.
   */
  public record GetState(long flags, long guest, long vcpu, long address, long size,
      ActorRef<HcallResult> replyTo) implements HcallRequest, VcpuRequest {
    @Override
    public long opcode() {
      return 0x478;
    }
  }

  /** {@code H_GUEST_SET_STATE(flags, guest, vcpu, address, size)} (spec §2.7). */
  public record SetState(long flags, long guest, long vcpu, long address, long size,
      ActorRef<HcallResult> replyTo) implements HcallRequest, VcpuRequest {
    @Override
    public long opcode() {
      return 0x47C;
    }
  }

  /** {@code H_GUEST_RUN_VCPU(flags, guest, vcpu)} (spec §2.8): answered by a {@link RunResult}. */
  public record RunVcpu(long flags, long guest, long vcpu, ActorRef<RunResult> replyTo)
      implements HcallRequest, VcpuRequest {
    @Override
    public long opcode() {
      return 0x480;
    }
  }

  /** {@code H_GUEST_COPY_MEMORY} (spec §2.10): no parameters are documented; R4–R9 as passed. */
  public record CopyMemory(long r4, long r5, long r6, long r7, long r8, long r9, ActorRef<HcallResult> replyTo)
      implements HcallRequest {
    @Override
    public long opcode() {
      return 0x484;
    }
  }

  /** {@code H_GUEST_DELETE(flags, guest)} (spec §2.9); flag bit 0 deletes every guest. */
  public record DeleteGuest(long flags, long guest, ActorRef<HcallResult> replyTo) implements HcallRequest {
    @Override
    public long opcode() {
      return 0x488;
    }
  }

  /**
   * {@code H_RPT_INVALIDATE(pid, target, type, page sizes, start, end)} (spec §7.5): with the NESTED
   * type bit, {@code pid} is the guest id (LPID) whose partition-scoped translations to drop.
   */
  public record RptInvalidate(long pid, long target, long type, long pageSizes, long start, long end,
      ActorRef<HcallResult> replyTo) implements HcallRequest {
    @Override
    public long opcode() {
      return 0x448;
    }
  }

  /** {@code H_TLB_INVALIDATE(instruction form, lpid, rb)} (spec §7.5). */
  public record TlbInvalidate(long form, long lpid, long rb, ActorRef<HcallResult> replyTo)
      implements HcallRequest {
    @Override
    public long opcode() {
      return 0xF808;
    }
  }

  /** Any other opcode an L1 issues: the L0 has no handler for it ({@code H_FUNCTION}). */
  public record OtherHcall(long opcode, ActorRef<HcallResult> replyTo) implements HcallRequest {}

  /**
   * An interrupt to the L1 CPU that is running this vCPU: the run in progress ends with exit {@code
   * 0x000} ({@code NONE}) at the next quantum boundary. A kick while the vCPU is not running does
   * nothing, then or later. Not answered.
   */
  public record Kick(long guest, long vcpu) implements VcpuRequest {}

  /**
   * The L1 CPU that ran this vCPU has handled its exit and will not run it again now. Until then the
   * vCPU holds the simulated clock at its exit time, because an L1's handling of an exit takes no
   * simulated time (DESIGN.md); an L1 that runs the vCPU again without releasing it keeps its place.
   * Not answered; ignored while the vCPU runs.
   */
  public record Release(long guest, long vcpu) implements VcpuRequest {}

  /**
   * Not an hcall: the stress oracle's window on the L0 (issue 6, "the invariant oracle"). The vCPU
   * answers with the current values of the thread-wide registers {@code ids} (those of {@code
   * GPR0..VSR0} and {@code HDAR..ASDR}; others are left out) and changes nothing: no check, no clock,
   * no effect on a run. A vCPU that runs answers {@link Inspection.Status#RUNNING} with no values; one
   * that does not exist (never created, or its guest deleted) {@link Inspection.Status#ABSENT}. Goes to
   * the supervisor or a cached route, like {@link Kick}; a guest that does not exist answers ABSENT.
   */
  public record Inspect(long guest, long vcpu, List<Integer> ids, ActorRef<Inspection> replyTo)
      implements VcpuRequest {
    public Inspect {
      ids = List.copyOf(ids);
    }
  }

  /**
   * The answer to {@link Inspect}: immutable.
   *
   * @param values id → value (4-byte registers zero-extended), for an {@link Status#IDLE} vCPU
   */
  public record Inspection(long guest, long vcpu, Status status, Map<Integer, Long> values) {
    public Inspection {
      values = values instanceof Registers ? values : Map.copyOf(values); // Registers: immutable already
    }

    /** What the vCPU was doing when asked. */
    public enum Status { IDLE, RUNNING, ABSENT }
  }

  /** The answer to {@link RunVcpu}. */
  public sealed interface RunResult permits VcpuExited, RunFailed {
    /** The hcall's R3, R4 and R5. */
    HcallResult result();
  }

  /**
   * The vCPU ran and exited: R3 = {@code H_SUCCESS}, R4 = the exit vector. {@code output} is a copy of
   * the output buffer the L0 also wrote into L1 memory at the registered address.
   *
   * @param guest the guest
   * @param vcpu the vCPU
   * @param vector the exit vector (spec §6.3)
   * @param output the output buffer's bytes (spec §6.4)
   * @param time the L1 timebase at the exit
   * @param instructions L2 instructions this run executed
   * @param route the vCPU's actor, for later requests about this vCPU
   */
  public record VcpuExited(GuestId guest, VcpuId vcpu, long vector, GsbSnapshot output, long time,
      long instructions, ActorRef<Request> route) implements RunResult {
    @Override
    public HcallResult result() {
      return HcallResult.success(vector);
    }
  }

  /** The run was refused: R3 is not {@code H_SUCCESS}, and the vCPU did not run. */
  public record RunFailed(HcallResult result) implements RunResult {}
}
