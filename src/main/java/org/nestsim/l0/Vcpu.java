package org.nestsim.l0;

import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.nestsim.actor.ReceiveTable;
import org.nestsim.cpu.Interpreter;
import org.nestsim.cpu.VcpuState;
import org.nestsim.gsb.Scope;
import org.nestsim.hcall.GuestId;
import org.nestsim.hcall.HcallResult;
import org.nestsim.hcall.ReturnCode;
import org.nestsim.hcall.VcpuId;
import org.nestsim.l0.L0Protocol.GetState;
import org.nestsim.l0.L0Protocol.Kick;
import org.nestsim.l0.L0Protocol.Release;
import org.nestsim.l0.L0Protocol.RunFailed;
import org.nestsim.l0.L0Protocol.RunVcpu;
import org.nestsim.l0.L0Protocol.SetState;
import org.nestsim.l0.L0Protocol.VcpuExited;
import org.nestsim.l0.L0Protocol.VcpuRequest;
import org.nestsim.sched.Clock;
import org.nestsim.sched.VcpuKey;

/**
 * One L2 vCPU slot of a guest: while the vCPU exists, the actor owns its registers ({@link VcpuState}),
 * its interpreter and what the L0 holds for it ({@link VcpuRecord}), and runs it. A slot outlives the
 * vCPU: after a delete it answers {@code H_P2} (and {@code H_P3} while its guest lives but the vCPU was
 * not created), so a route an L1 cached never leads to a dead letter, and the slot is reused when the
 * ids are.
 *
 * <h2>A run</h2>
 * {@link RunVcpu} is checked in the order of spec §2.8 and answered {@code H_BUSY} while a run is in
 * progress; the input buffer is applied whole or not at all. The vCPU then runs its interpreter in
 * slices of {@link L0Config#sliceInstructions()}, a {@link ContinueSlice} to itself between slices so
 * that other messages interleave, within the quantum the {@link Clock} granted. At the quantum's end
 * it reports {@link Clock.Finished} and waits for the next grant; a kick ends the run there. On an exit
 * it writes the output buffer into L1 memory and answers {@link VcpuExited}. It then holds the clock
 * (stays joined without finishing) until the L1 runs it again or {@link Release}s it, since the L1's
 * handling takes no simulated time.
 *
 * <h2>Deletes</h2>
 * A delete first {@linkplain LockForDelete locks} every vCPU of the guest: a running vCPU refuses (the
 * delete answers {@code H_BUSY}), an idle one stashes requests until the delete commits or aborts.
 */
final class Vcpu extends AbstractBehavior<L0Protocol.Command> {

  /** The vCPU's internal messages. */
  sealed interface Internal extends L0Message
      permits Activate, GuestAlive, GuestWideChanged, FlushTranslations, LockForDelete, Unlock, Granted,
          ContinueSlice {}

  /** The vCPU was created: fresh state, the guest's current guest-wide values. */
  record Activate(GuestWide guestWide) implements Internal {}

  /** The guest was created (true) or deleted (false); a delete also drops the vCPU. */
  record GuestAlive(boolean alive) implements Internal {}

  /** A guest-wide SET: the vCPU takes the values at its next entry. */
  record GuestWideChanged(GuestWide guestWide) implements Internal {}

  /** Drop cached translations at the next quantum boundary or entry (a tlbie, H_RPT_INVALIDATE). */
  enum FlushTranslations implements Internal { INSTANCE }

  /** Phase one of a delete: refuse if running, else stop taking requests until {@link Unlock}. */
  record LockForDelete(ActorRef<L0Protocol.Command> replyTo) implements Internal {}

  /** Phase two of an aborted delete: take requests again. */
  enum Unlock implements Internal { INSTANCE }

  /** The clock granted quantum [start, end) to the join numbered {@code epoch}. */
  record Granted(int epoch, long start, long end) implements Internal {}

  /** Run the next slice. */
  enum ContinueSlice implements Internal { INSTANCE }

  private static final HcallResult H_P2 = HcallResult.of(ReturnCode.H_P2);
  private static final HcallResult H_BUSY = HcallResult.of(ReturnCode.H_BUSY);

  private final L0Runtime rt;
  private final GuestId guestId;
  private final VcpuId vcpuId;
  private final VcpuKey key;
  private final StashBuffer<L0Protocol.Command> stash;
  private final ActorRef<L0Protocol.Command> guest;

  private boolean guestAlive = true;
  private VcpuState state;
  private Interpreter interpreter;
  private VcpuRecord record;
  private GuestWide guestWide;
  private boolean locked;
  private boolean pendingFlush;

  private ActorRef<L0Protocol.RunResult> runReply;
  private long runStartInstructions;
  private boolean kicked;
  private boolean joined;
  private boolean awaitingGrant;
  /** Waiting after {@link Clock.Finished}: at a quantum boundary (not so while waiting to join). */
  private boolean atBoundary;
  private int joinEpoch;
  private long quantumEnd;
  private Preemption preemption;

  private Vcpu(ActorContext<L0Protocol.Command> context, StashBuffer<L0Protocol.Command> stash, L0Runtime rt,
      GuestId guestId, VcpuId vcpuId, ActorRef<L0Protocol.Command> guest) {
    super(context);
    this.stash = stash;
    this.rt = rt;
    this.guestId = guestId;
    this.vcpuId = vcpuId;
    this.guest = guest;
    this.key = new VcpuKey(guestId.value(), vcpuId.value());
  }

  static Behavior<L0Protocol.Command> create(L0Runtime rt, GuestId guestId, VcpuId vcpuId,
      ActorRef<L0Protocol.Command> guest) {
    return Behaviors.withStash(Integer.MAX_VALUE,
        stash -> Behaviors.setup(context -> new Vcpu(context, stash, rt, guestId, vcpuId, guest)));
  }

  /** The handlers, shared by every vCPU actor (a per-actor ReceiveBuilder table cost ~650 bytes each). */
  private static final ReceiveTable<Vcpu, L0Protocol.Command> RECEIVE =
      ReceiveTable.<Vcpu, L0Protocol.Command>builder()
          .on(RunVcpu.class, Vcpu::onRunVcpu)
          .on(GetState.class, Vcpu::onGetState)
          .on(SetState.class, Vcpu::onSetState)
          .on(Kick.class, Vcpu::onKick)
          .on(Release.class, Vcpu::onRelease)
          .on(L0Protocol.Inspect.class, Vcpu::onInspect)
          .on(ContinueSlice.class, (v, m) -> v.onContinueSlice())
          .on(Granted.class, Vcpu::onGranted)
          .on(Activate.class, Vcpu::onActivate)
          .on(GuestAlive.class, Vcpu::onGuestAlive)
          .on(GuestWideChanged.class, (v, m) -> {
            v.guestWide = m.guestWide();
            return v;
          })
          .on(FlushTranslations.class, (v, m) -> {
            v.pendingFlush = v.state != null;
            return v;
          })
          .on(LockForDelete.class, Vcpu::onLockForDelete)
          .on(Unlock.class, (v, m) -> v.unlock())
          .build();

  @Override
  public Receive<L0Protocol.Command> createReceive() {
    return RECEIVE.receiveFor(this);
  }

  // ---- requests ----

  /** Requests with other ids than this slot's (a misused cached route) go back to the supervisor. */
  private boolean notMine(VcpuRequest r) {
    if (r.guest() != guestId.value() || r.vcpu() != vcpuId.value()) {
      rt.supervisor().tell(r);
      return true;
    }
    return false;
  }

  private Behavior<L0Protocol.Command> onRunVcpu(RunVcpu r) {
    if (notMine(r)) {
      return this;
    }
    if (locked) {
      stash.stash(r);
      return this;
    }
    HcallResult refused = RunEntry.check(rt.profile(), rt.memory(), r.flags(), guestAlive, state, record,
        guestWide, runReply != null, interpreter);
    if (refused != null) {
      r.replyTo().tell(new RunFailed(refused));
      return this;
    }
    startRun(r);
    return this;
  }

  private void startRun(RunVcpu r) {
    RunEntry.inject(r.flags(), state, interpreter);
    if (guestWide.loadInto(record, interpreter)) {
      pendingFlush = false;
    }
    applyPendingFlush();
    runReply = r.replyTo();
    runStartInstructions = state.instructions;
    kicked = false;
    if (!joined) {
      join();
    } else if (!awaitingGrant) {
      continueRun();
    }
  }

  private Behavior<L0Protocol.Command> onGetState(GetState r) {
    if (notMine(r)) {
      return this;
    }
    if (locked) {
      stash.stash(r);
      return this;
    }
    reply(r.replyTo(), access(r.flags(), r.address(), r.size(), true, r));
    return this;
  }

  private Behavior<L0Protocol.Command> onSetState(SetState r) {
    if (notMine(r)) {
      return this;
    }
    if (locked) {
      stash.stash(r);
      return this;
    }
    reply(r.replyTo(), access(r.flags(), r.address(), r.size(), false, r));
    return this;
  }

  private static void reply(ActorRef<HcallResult> replyTo, HcallResult result) {
    if (result != null) {
      replyTo.tell(result);
    }
  }

  /**
   * A thread-wide GET or SET (spec §2.7) with every check in order; a guest-wide or host-wide one goes
   * to the supervisor (answered there; null here).
   */
  private HcallResult access(long flags, long address, long size, boolean get, VcpuRequest r) {
    HcallResult refused = HcallChecks.stateSize(rt.profile(), size);
    if (refused == null) {
      refused = HcallChecks.stateFlags(flags, get);
    }
    if (refused != null) {
      return refused;
    }
    if (HcallChecks.stateScope(flags) != Scope.THREAD) {
      rt.supervisor().tell(r);
      return null;
    }
    if (!guestAlive) {
      return H_P2;
    }
    HcallResult refusal = state == null ? HcallChecks.p3() : runReply != null ? H_BUSY : null;
    HcallResult result = StateAccess.perform(rt.profile(), rt.memory(), get, Scope.THREAD, address, size, null,
        state, record, null, refusal, true);
    if (result == StateBuffers.OK && !get) {
      interpreter.stateChanged();
    }
    return result;
  }

  /** The oracle's look at the registers: changes nothing, and is answered even while locked. */
  private Behavior<L0Protocol.Command> onInspect(L0Protocol.Inspect r) {
    if (notMine(r)) {
      return this;
    }
    if (locked) {
      // A delete is deciding: answer once it has, so that an inspection after a delete's answer sees it.
      stash.stash(r);
      return this;
    }
    if (!guestAlive || state == null) {
      r.replyTo().tell(absent(r));
      return this;
    }
    if (runReply != null) {
      r.replyTo().tell(new L0Protocol.Inspection(r.guest(), r.vcpu(), L0Protocol.Inspection.Status.RUNNING,
          Map.of()));
      return this;
    }
    int[] ids = new int[r.ids().size()];
    long[] values = new long[ids.length];
    int n = 0;
    for (int id : r.ids()) {
      if ((id >= org.nestsim.gsb.Gsid.GPR0 && id < org.nestsim.gsb.Gsid.VSR0
          || id >= org.nestsim.gsb.Gsid.HDAR && id <= org.nestsim.gsb.Gsid.ASDR) && !seen(ids, n, id)) {
        long v = state.get(id);
        org.nestsim.gsb.GsbElement e = org.nestsim.gsb.GsbCatalog.byId(id);
        ids[n] = id;
        values[n++] = e != null && e.size() == 4 ? v & 0xFFFF_FFFFL : v;
      }
    }
    r.replyTo().tell(new L0Protocol.Inspection(r.guest(), r.vcpu(), L0Protocol.Inspection.Status.IDLE,
        new Registers(ids, values, n)));
    return this;
  }

  private static boolean seen(int[] ids, int n, int id) {
    for (int i = 0; i < n; i++) {
      if (ids[i] == id) {
        return true;
      }
    }
    return false;
  }

  static L0Protocol.Inspection absent(L0Protocol.Inspect r) {
    return new L0Protocol.Inspection(r.guest(), r.vcpu(), L0Protocol.Inspection.Status.ABSENT, Map.of());
  }

  private Behavior<L0Protocol.Command> onKick(Kick k) {
    if (notMine(k) || runReply == null) {
      return this;
    }
    kicked = true;
    if (atBoundary) {
      exit(0);
    }
    return this;
  }

  private Behavior<L0Protocol.Command> onRelease(Release r) {
    if (notMine(r) || runReply != null || !joined) {
      return this;
    }
    leaveClock();
    return this;
  }

  // ---- running ----

  private void join() {
    joined = true;
    awaitingGrant = true;
    atBoundary = false;
    int epoch = ++joinEpoch;
    rt.clock().tell(new Clock.Join<>(key, getContext().getSelf(), (s, e) -> new Granted(epoch, s, e)));
  }

  private void leaveClock() {
    joined = false;
    awaitingGrant = false;
    atBoundary = false;
    rt.clock().tell(new Clock.Leave(key));
  }

  private Behavior<L0Protocol.Command> onGranted(Granted g) {
    if (!joined || g.epoch() != joinEpoch) {
      return this;
    }
    awaitingGrant = false;
    atBoundary = false;
    quantumEnd = g.end();
    if (state != null && state.now < g.start()) {
      state.now = g.start();
      preemption.skipPassed(state.now);
    }
    // Effects from other vCPUs take place at quantum boundaries.
    applyPendingFlush();
    if (runReply != null) {
      // A kick that came while joining ends the run at this quantum's end (continueRun), not here:
      // a vCPU that joins in the middle of a quantum is not at a boundary.
      continueRun();
    }
    return this;
  }

  private Behavior<L0Protocol.Command> onContinueSlice() {
    if (runReply != null && !awaitingGrant) {
      slice();
    }
    return this;
  }

  /** Runs on within the granted quantum, or reports that it is used up. */
  private void continueRun() {
    if (state.now >= quantumEnd) {
      quantumDone();
    } else {
      slice();
    }
  }

  private void slice() {
    long until = Math.min(quantumEnd, preemption.until(state.now));
    long before = state.now;
    int vector = interpreter.runSlice(rt.config().sliceInstructions(), until);
    boolean preempted = preemption.due(state.now - before, state.now);
    crossVcpuEffects();
    if (vector >= 0) {
      exit(vector);
    } else if (preempted) {
      exit(0);
    } else if (state.now >= quantumEnd) {
      quantumDone();
    } else {
      getContext().getSelf().tell(ContinueSlice.INSTANCE);
    }
  }

  private void quantumDone() {
    if (kicked) {
      exit(0);
      return;
    }
    awaitingGrant = true;
    atBoundary = true;
    rt.clock().tell(new Clock.Finished(key));
  }

  /**
   * What the slice did to other vCPUs: a {@code tlbie} drops the translations of the whole guest (at
   * the next boundary). Doorbells to other threads go nowhere: every L2 vCPU is thread 0 of its own
   * virtual core (docs/CONFORMANCE.md).
   */
  private void crossVcpuEffects() {
    if (state.translationsInvalidated) {
      state.translationsInvalidated = false;
      guest.tell(new Guest.BroadcastFlush(vcpuId.value()));
    }
    state.doorbellsSent = 0;
  }

  private void applyPendingFlush() {
    if (pendingFlush && interpreter != null) {
      pendingFlush = false;
      interpreter.flushTranslations();
    }
  }

  /** Ends the run: output buffer into L1 memory, the answer to the L1; the clock stays held. */
  private void exit(int vector) {
    OutputBuffer out = Scratch.get().output;
    out.write(vector, state);
    out.copyTo(rt.memory(), record.runOutputAddress());
    ActorRef<L0Protocol.RunResult> reply = runReply;
    runReply = null;
    kicked = false;
    reply.tell(new VcpuExited(guestId, vcpuId, vector, out.snapshot(), state.now,
        state.instructions - runStartInstructions, getContext().getSelf().narrow()));
  }

  // ---- lifecycle ----

  private Behavior<L0Protocol.Command> onActivate(Activate a) {
    guestAlive = true;
    state = new VcpuState();
    state.pir = vcpuId.value();
    interpreter = new Interpreter(state, rt.memory(), rt.config().ticksPerInstruction());
    record = new VcpuRecord();
    guestWide = a.guestWide();
    pendingFlush = false;
    preemption = Preemption.of(rt.config().preemptEvery(), rt.config().preemptAt());
    return this;
  }

  private Behavior<L0Protocol.Command> onGuestAlive(GuestAlive g) {
    guestAlive = g.alive();
    if (!g.alive()) {
      state = null;
      interpreter = null;
      record = null;
      guestWide = null;
      preemption = null;
      if (joined) {
        leaveClock();
      }
      return unlock();
    }
    return this;
  }

  private Behavior<L0Protocol.Command> onLockForDelete(LockForDelete l) {
    boolean running = runReply != null;
    locked = !running;
    l.replyTo().tell(new Guest.VcpuLocked(vcpuId.value(), running));
    return this;
  }

  private Behavior<L0Protocol.Command> unlock() {
    locked = false;
    return stash.unstashAll(this);
  }
}
