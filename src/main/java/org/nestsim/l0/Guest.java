package org.nestsim.l0;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.BitSet;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.nestsim.gsb.GsbRequest;
import org.nestsim.gsb.Scope;
import org.nestsim.hcall.GuestId;
import org.nestsim.hcall.HcallResult;
import org.nestsim.hcall.VcpuId;
import org.nestsim.l0.L0Protocol.GetState;
import org.nestsim.l0.L0Protocol.Kick;
import org.nestsim.l0.L0Protocol.Release;
import org.nestsim.l0.L0Protocol.RunFailed;
import org.nestsim.l0.L0Protocol.RunVcpu;
import org.nestsim.l0.L0Protocol.SetState;

/**
 * One guest id's slot: while the guest exists, the actor owns its guest-wide state ({@link
 * GuestState}: logical PVR, TB offset, partition and process table) and its vCPU slots, which are its
 * children. Like the vCPU slots it outlives the guest it holds and is reused with its id, so the L0
 * never sends a request into dead letters.
 *
 * <p>The supervisor has checked a request's flags and the guest's existence before it arrives here;
 * the guest answers guest-wide GET/SET itself and hands thread-wide requests to the vCPU (or, for a
 * vCPU that does not exist, answers {@code H_P3} after validating the buffer, as the order of spec §2.7
 * asks). A guest-wide SET reaches each vCPU as an immutable {@link GuestWide} that it loads at its next
 * entry.
 */
final class Guest extends AbstractBehavior<L0Protocol.Command> {

  /** The guest's internal messages. */
  sealed interface Internal extends L0Message
      permits Create, ActivateVcpu, PrepareDelete, VcpuLocked, CommitDelete, AbortDelete, BroadcastFlush,
          FlushAll {}

  /** The guest was created with this initial logical PVR. */
  /**
   * The guest was created with this initial logical PVR; the guest answers the L1 (R4 = its id) once
   * its vCPU slots know, so that no request through a route cached from an earlier guest of this id
   * overtakes the news.
   */
  record Create(long logicalPvr, ActorRef<HcallResult> replyTo) implements Internal {}

  /** The supervisor created vCPU {@code vcpu} (ids checked); the guest answers once the slot knows. */
  record ActivateVcpu(int vcpu, ActorRef<HcallResult> replyTo) implements Internal {}

  /** Phase one of a delete: lock every vCPU, then answer {@link L0Supervisor.DeletePrepared}. */
  record PrepareDelete(ActorRef<L0Protocol.Command> replyTo) implements Internal {}

  /** A vCPU's answer to {@link Vcpu.LockForDelete}. */
  record VcpuLocked(int vcpu, boolean running) implements Internal {}

  /** Phase two: the guest and its vCPUs are gone. */
  enum CommitDelete implements Internal { INSTANCE }

  /** Phase two of a refused delete: the vCPUs take requests again. */
  enum AbortDelete implements Internal { INSTANCE }

  /** A vCPU ran {@code tlbie}: every other vCPU drops its translations. */
  record BroadcastFlush(int fromVcpu) implements Internal {}

  /** {@code H_RPT_INVALIDATE}/{@code H_TLB_INVALIDATE} for this guest's LPID. */
  enum FlushAll implements Internal { INSTANCE }

  private final L0Runtime rt;
  private final GuestId id;
  /** The vCPU slots by id, spawned on first use and grown as ids do. */
  private ActorRef<L0Protocol.Command>[] vcpus;
  private final BitSet live = new BitSet();
  private GuestState state;

  private ActorRef<L0Protocol.Command> deleteReplyTo;
  private int locksPending;
  private boolean anyRunning;

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Guest(ActorContext<L0Protocol.Command> context, L0Runtime rt, GuestId id) {
    super(context);
    this.rt = rt;
    this.id = id;
    this.vcpus = new ActorRef[0];
  }

  static Behavior<L0Protocol.Command> create(L0Runtime rt, GuestId id) {
    return Behaviors.setup(context -> new Guest(context, rt, id));
  }

  @Override
  public Receive<L0Protocol.Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(RunVcpu.class, this::onRunVcpu)
        .onMessage(GetState.class, r -> onState(r.flags(), r.vcpu(), r.address(), r.size(), true, r, r.replyTo()))
        .onMessage(SetState.class, r -> onState(r.flags(), r.vcpu(), r.address(), r.size(), false, r, r.replyTo()))
        .onMessage(Kick.class, r -> forwardIfLive(r.vcpu(), r))
        .onMessage(Release.class, r -> forwardIfLive(r.vcpu(), r))
        .onMessage(L0Protocol.Inspect.class, r -> {
          if (isLive(r.vcpu())) {
            vcpus[(int) r.vcpu()].tell(r);
          } else {
            r.replyTo().tell(Vcpu.absent(r));
          }
          return this;
        })
        .onMessage(Create.class, this::onCreate)
        .onMessage(ActivateVcpu.class, this::onActivateVcpu)
        .onMessage(PrepareDelete.class, this::onPrepareDelete)
        .onMessage(VcpuLocked.class, this::onVcpuLocked)
        .onMessage(CommitDelete.class, m -> onCommitDelete())
        .onMessage(AbortDelete.class, m -> onAbortDelete())
        .onMessage(BroadcastFlush.class, m -> flush(m.fromVcpu()))
        .onMessage(FlushAll.class, m -> flush(-1))
        .build();
  }

  private boolean isLive(long vcpu) {
    return vcpu >= 0 && vcpu < vcpus.length && live.get((int) vcpu);
  }

  private Behavior<L0Protocol.Command> onRunVcpu(RunVcpu r) {
    if (isLive(r.vcpu())) {
      vcpus[(int) r.vcpu()].tell(r);
    } else {
      r.replyTo().tell(new RunFailed(HcallChecks.p3()));
    }
    return this;
  }

  private Behavior<L0Protocol.Command> forwardIfLive(long vcpu, L0Protocol.Request r) {
    if (isLive(vcpu)) {
      vcpus[(int) vcpu].tell(r);
    }
    return this;
  }

  /** GET/SET_STATE from step 4 on (spec §2.7); the supervisor did steps 1–3. */
  private Behavior<L0Protocol.Command> onState(long flags, long vcpu, long address, long size, boolean get,
      L0Protocol.Request r, ActorRef<HcallResult> replyTo) {
    Scope scope = HcallChecks.stateScope(flags);
    if (scope == Scope.THREAD && isLive(vcpu)) {
      vcpus[(int) vcpu].tell(r);
      return this;
    }
    // A thread-wide request reaching the guest names a vCPU that does not exist (spec §9.5).
    HcallResult refusal = scope == Scope.THREAD ? HcallChecks.p3() : null;
    HcallResult result = StateAccess.perform(rt.profile(), rt.memory(), get, scope, address, size, state, null,
        null, null, refusal, isLive(vcpu));
    if (result == StateBuffers.OK && !get) {
      tellLive(new Vcpu.GuestWideChanged(state.guestWide()), -1);
    }
    replyTo.tell(result);
    return this;
  }

  private Behavior<L0Protocol.Command> onCreate(Create c) {
    state = new GuestState(c.logicalPvr());
    live.clear();
    for (ActorRef<L0Protocol.Command> slot : vcpus) {
      if (slot != null) {
        slot.tell(new Vcpu.GuestAlive(true));
      }
    }
    c.replyTo().tell(HcallResult.success(id.value()));
    return this;
  }

  private Behavior<L0Protocol.Command> onActivateVcpu(ActivateVcpu a) {
    int n = a.vcpu();
    if (n >= vcpus.length) {
      vcpus = Arrays.copyOf(vcpus, Math.min(rt.config().maxVcpus(), Math.max(n + 1, 2 * vcpus.length)));
    }
    if (vcpus[n] == null) {
      vcpus[n] = getContext().spawn(Vcpu.create(rt, id, VcpuId.of(n), getContext().getSelf()), "vcpu-" + n);
      rt.supervisor().tell(new L0Supervisor.VcpuSpawned(id.value(), n, vcpus[n]));
    }
    live.set(n);
    vcpus[n].tell(new Vcpu.Activate(state.guestWide()));
    a.replyTo().tell(HcallResult.success());
    return this;
  }

  private Behavior<L0Protocol.Command> onPrepareDelete(PrepareDelete p) {
    deleteReplyTo = p.replyTo();
    anyRunning = false;
    // Every slot, not only the live vCPUs: a slot of a vCPU not created in this guest's life must also
    // hold requests (from a route cached earlier) until it knows how the delete ended.
    locksPending = 0;
    ActorRef<L0Protocol.Command> self = getContext().getSelf();
    for (ActorRef<L0Protocol.Command> slot : vcpus) {
      if (slot != null) {
        slot.tell(new Vcpu.LockForDelete(self));
        locksPending++;
      }
    }
    if (locksPending == 0) {
      answerPrepared();
    }
    return this;
  }

  private Behavior<L0Protocol.Command> onVcpuLocked(VcpuLocked l) {
    anyRunning |= l.running();
    if (--locksPending == 0) {
      answerPrepared();
    }
    return this;
  }

  private void answerPrepared() {
    deleteReplyTo.tell(new L0Supervisor.DeletePrepared(id.value(), anyRunning));
    deleteReplyTo = null;
  }

  private Behavior<L0Protocol.Command> onCommitDelete() {
    for (ActorRef<L0Protocol.Command> slot : vcpus) {
      if (slot != null) {
        slot.tell(new Vcpu.GuestAlive(false));
      }
    }
    live.clear();
    state = null;
    return this;
  }

  private Behavior<L0Protocol.Command> onAbortDelete() {
    for (ActorRef<L0Protocol.Command> slot : vcpus) {
      if (slot != null) {
        slot.tell(Vcpu.Unlock.INSTANCE);
      }
    }
    return this;
  }

  private Behavior<L0Protocol.Command> flush(int except) {
    tellLive(Vcpu.FlushTranslations.INSTANCE, except);
    return this;
  }

  private void tellLive(L0Protocol.Command message, int except) {
    for (int n = live.nextSetBit(0); n >= 0; n = live.nextSetBit(n + 1)) {
      if (n != except) {
        vcpus[n].tell(message);
      }
    }
  }
}
