package org.nestsim.l0;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.nestsim.gsb.Scope;
import org.nestsim.hcall.GuestId;
import org.nestsim.hcall.HcallFlags;
import org.nestsim.hcall.HcallResult;
import org.nestsim.hcall.ReturnCode;
import org.nestsim.l0.L0Protocol.CopyMemory;
import org.nestsim.l0.L0Protocol.CreateGuest;
import org.nestsim.l0.L0Protocol.CreateVcpu;
import org.nestsim.l0.L0Protocol.DeleteGuest;
import org.nestsim.l0.L0Protocol.GetCapabilities;
import org.nestsim.l0.L0Protocol.GetState;
import org.nestsim.l0.L0Protocol.Kick;
import org.nestsim.l0.L0Protocol.OtherHcall;
import org.nestsim.l0.L0Protocol.Release;
import org.nestsim.l0.L0Protocol.RptInvalidate;
import org.nestsim.l0.L0Protocol.RunFailed;
import org.nestsim.l0.L0Protocol.RunVcpu;
import org.nestsim.l0.L0Protocol.SetCapabilities;
import org.nestsim.l0.L0Protocol.SetState;
import org.nestsim.l0.L0Protocol.TlbInvalidate;
import org.nestsim.memory.L1Memory;
import org.nestsim.sched.Clock;

/**
 * The L0: routes every hcall of {@link L0Protocol}, owns the capability state and the guest table
 * (which ids are in use, which vCPUs exist), and answers what needs no guest: capabilities, create,
 * host-wide GET, delete. Guests ({@link Guest}) and their vCPUs ({@link Vcpu}) are slots spawned on
 * first use of an id and reused with it.
 *
 * <p>Checks follow spec §2 in order, with the answers of the configured {@link Profile}
 * (docs/CONFORMANCE.md has the table). A delete is two-phase: every vCPU of the affected guests is
 * locked first; if one is running the delete answers {@code H_BUSY} and changes nothing. While a delete
 * is pending, the supervisor stashes other requests, so that they see its outcome.
 */
public final class L0Supervisor extends AbstractBehavior<L0Protocol.Command> {

  /** The supervisor's internal messages. */
  sealed interface Internal extends L0Message permits DeletePrepared, VcpuSpawned {}

  /**
   * A guest spawned the slot of vCPU {@code vcpu}: from then on the supervisor sends that vCPU's
   * requests to it directly (one hop instead of two). The guest says so before it answers the
   * CREATE_VCPU that spawned it, so no request of that L1 CPU can take the longer way after a shorter one.
   */
  record VcpuSpawned(int guest, int vcpu, ActorRef<L0Protocol.Command> slot) implements Internal {}

  /** A guest's answer to {@link Guest.PrepareDelete}. */
  record DeletePrepared(int guest, boolean running) implements Internal {}

  /** The guest-wide part of the L0's state per guest, for {@code L0_GUEST_HEAP}. */
  private static final long GUEST_STATE_BYTES = 128;

  private final L0Runtime rt;
  private final StashBuffer<L0Protocol.Command> stash;
  @SuppressWarnings("unchecked")
  private final ActorRef<L0Protocol.Command>[] guests;
  private final boolean[] alive;
  /** The vCPU slots by guest and vCPU id, as their guests reported them. */
  private final ArrayList<ArrayList<ActorRef<L0Protocol.Command>>> slots = new ArrayList<>();
  private final BitSet[] liveVcpus;
  private final int[] deleteBusyAnswers;
  private final Capabilities capabilities;
  private final ContinueTokens tokens;
  private int deleteAllBusyAnswers;
  private long vcpusCreated;
  private long liveVcpuCount;

  private PendingDelete pendingDelete;

  /** A delete waiting for its guests to lock their vCPUs. */
  private static final class PendingDelete {
    final ActorRef<HcallResult> replyTo;
    final List<Integer> guests;
    final boolean all;
    int waiting;
    boolean running;

    PendingDelete(ActorRef<HcallResult> replyTo, List<Integer> guests, boolean all) {
      this.replyTo = replyTo;
      this.guests = guests;
      this.all = all;
      this.waiting = guests.size();
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private L0Supervisor(ActorContext<L0Protocol.Command> context, StashBuffer<L0Protocol.Command> stash,
      L0Config config, L1Memory memory, ActorRef<Clock.Command> clock) {
    super(context);
    this.stash = stash;
    this.rt = new L0Runtime(config, memory, clock, context.getSelf());
    int n = config.maxGuests() + 1;
    this.guests = new ActorRef[n];
    this.alive = new boolean[n];
    this.liveVcpus = new BitSet[n];
    this.deleteBusyAnswers = new int[n];
    this.capabilities = new Capabilities(config.profile(), config.capabilities());
    this.tokens = new ContinueTokens(config.busyOnCreate());
  }

  /**
   * An L0 over {@code memory}, whose vCPUs run on {@code clock}.
   *
   * @param config profile, limits, faults and timing
   * @param memory the L1's real memory
   * @param clock the run's simulated clock
   */
  public static Behavior<L0Protocol.Command> create(L0Config config, L1Memory memory,
      ActorRef<Clock.Command> clock) {
    return Behaviors.withStash(Integer.MAX_VALUE,
        stash -> Behaviors.setup(context -> new L0Supervisor(context, stash, config, memory, clock)));
  }

  @Override
  public Receive<L0Protocol.Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(L0Protocol.Request.class, r -> pendingDelete != null, this::stashRequest)
        .onMessage(GetCapabilities.class, r -> answer(r.replyTo(), capabilities.get(r.flags())))
        .onMessage(SetCapabilities.class, r -> answer(r.replyTo(), capabilities.set(r.flags(), r.capabilities())))
        .onMessage(CreateGuest.class, this::onCreateGuest)
        .onMessage(CreateVcpu.class, this::onCreateVcpu)
        .onMessage(GetState.class, r -> onState(r.flags(), r.guest(), r.address(), r.size(), true, r, r.replyTo()))
        .onMessage(SetState.class, r -> onState(r.flags(), r.guest(), r.address(), r.size(), false, r, r.replyTo()))
        .onMessage(RunVcpu.class, this::onRunVcpu)
        .onMessage(Kick.class, r -> forwardIfAlive(r.guest(), r.vcpu(), r))
        .onMessage(Release.class, r -> forwardIfAlive(r.guest(), r.vcpu(), r))
        .onMessage(VcpuSpawned.class, this::onVcpuSpawned)
        .onMessage(L0Protocol.Inspect.class, r -> {
          if (isAlive(r.guest())) {
            route(r.guest(), r.vcpu()).tell(r);
          } else {
            r.replyTo().tell(Vcpu.absent(r));
          }
          return this;
        })
        .onMessage(DeleteGuest.class, this::onDeleteGuest)
        .onMessage(DeletePrepared.class, this::onDeletePrepared)
        .onMessage(RptInvalidate.class, this::onRptInvalidate)
        .onMessage(TlbInvalidate.class, this::onTlbInvalidate)
        .onMessage(CopyMemory.class, r -> answer(r.replyTo(), HcallResult.of(ReturnCode.H_FUNCTION)))
        .onMessage(OtherHcall.class, r -> answer(r.replyTo(), HcallResult.of(ReturnCode.H_FUNCTION)))
        .build();
  }

  private Behavior<L0Protocol.Command> stashRequest(L0Protocol.Request r) {
    stash.stash(r);
    return this;
  }

  private Behavior<L0Protocol.Command> answer(ActorRef<HcallResult> replyTo, HcallResult result) {
    replyTo.tell(result);
    return this;
  }

  private Profile profile() {
    return rt.profile();
  }

  private boolean isAlive(long guest) {
    return guest >= 1 && guest < alive.length && alive[(int) guest];
  }

  private boolean isLiveVcpu(long guest, long vcpu) {
    return vcpu >= 0 && vcpu < rt.config().maxVcpus() && liveVcpus[(int) guest].get((int) vcpu);
  }

  // ---- create (spec §2.5, §2.6) ----

  private Behavior<L0Protocol.Command> onCreateGuest(CreateGuest r) {
    if (r.flags() != 0) {
      return answer(r.replyTo(), HcallResult.of(ReturnCode.H_UNSUPPORTED_FLAG));
    }
    if (!tokens.isValid(r.token())) {
      return answer(r.replyTo(), HcallResult.of(ReturnCode.H_P2));
    }
    if (!capabilities.isSet()) {
      return answer(r.replyTo(), HcallResult.of(ReturnCode.H_STATE));
    }
    HcallResult busy = tokens.busyOrNull(r.token());
    if (busy != null) {
      return answer(r.replyTo(), busy);
    }
    int id = lowestFreeGuestId();
    if (id < 0) {
      return answer(r.replyTo(), exhausted());
    }
    if (guests[id] == null) {
      guests[id] = getContext().spawn(Guest.create(rt, GuestId.of(id)), "guest-" + id);
      liveVcpus[id] = new BitSet();
    }
    alive[id] = true;
    deleteBusyAnswers[id] = 0;
    // The guest answers (R4 = id) once its vCPU slots know it lives again.
    guests[id].tell(new Guest.Create(capabilities.initialLogicalPvr(), r.replyTo()));
    return this;
  }

  private int lowestFreeGuestId() {
    for (int id = 1; id < alive.length; id++) {
      if (!alive[id]) {
        return id;
      }
    }
    return -1;
  }

  /** The profile's code for exhausted resources (spec: {@code H_NOT_ENOUGH_RESOURCES}, QEMU {@code H_NO_MEM}). */
  private HcallResult exhausted() {
    return HcallResult.of(profile() == Profile.QEMU ? ReturnCode.H_NO_MEM : ReturnCode.H_NOT_ENOUGH_RESOURCES);
  }

  private Behavior<L0Protocol.Command> onCreateVcpu(CreateVcpu r) {
    if (r.flags() != 0) {
      return answer(r.replyTo(), HcallResult.of(ReturnCode.H_UNSUPPORTED_FLAG));
    }
    if (!isAlive(r.guest())) {
      return answer(r.replyTo(), HcallResult.of(ReturnCode.H_P2));
    }
    int guest = (int) r.guest();
    if (isLiveVcpu(guest, r.vcpu())) {
      return answer(r.replyTo(), HcallResult.of(ReturnCode.H_IN_USE));
    }
    if (r.vcpu() < 0 || r.vcpu() >= rt.config().maxVcpus()) {
      return answer(r.replyTo(), HcallResult.of(ReturnCode.H_P3));
    }
    long limit = rt.config().noMemoryAfterVcpus();
    if (limit >= 0 && vcpusCreated >= limit) {
      return answer(r.replyTo(), exhausted());
    }
    vcpusCreated++;
    liveVcpuCount++;
    liveVcpus[guest].set((int) r.vcpu());
    // The guest answers once the vCPU's slot is active.
    guests[guest].tell(new Guest.ActivateVcpu((int) r.vcpu(), r.replyTo()));
    return this;
  }

  // ---- state and runs (spec §2.7, §2.8) ----

  private Behavior<L0Protocol.Command> onState(long flags, long guest, long address, long size, boolean get,
      L0Protocol.Request r, ActorRef<HcallResult> replyTo) {
    HcallResult refused = HcallChecks.stateSize(profile(), size);
    if (refused == null) {
      refused = HcallChecks.stateFlags(flags, get);
    }
    if (refused != null) {
      return answer(replyTo, refused);
    }
    if (HcallChecks.stateScope(flags) == Scope.HOST) {
      return answer(replyTo, hostWideGet(address, size));
    }
    if (!isAlive(guest)) {
      return answer(replyTo, HcallResult.of(ReturnCode.H_P2));
    }
    if (HcallChecks.stateScope(flags) == Scope.THREAD) {
      route(guest, ((L0Protocol.VcpuRequest) r).vcpu()).tell(r);
    } else {
      guests[(int) guest].tell(r);
    }
    return this;
  }

  private Behavior<L0Protocol.Command> onVcpuSpawned(VcpuSpawned s) {
    while (slots.size() <= s.guest()) {
      slots.add(new ArrayList<>());
    }
    ArrayList<ActorRef<L0Protocol.Command>> ofGuest = slots.get(s.guest());
    while (ofGuest.size() <= s.vcpu()) {
      ofGuest.add(null);
    }
    ofGuest.set(s.vcpu(), s.slot());
    return this;
  }

  /**
   * Where a request for a live guest's vCPU goes: straight to the vCPU's slot once it exists and the
   * vCPU lives, else to the guest (which answers for a vCPU that does not exist, after validating).
   */
  private ActorRef<L0Protocol.Command> route(long guest, long vcpu) {
    if (isLiveVcpu(guest, vcpu) && guest < slots.size()) {
      ArrayList<ActorRef<L0Protocol.Command>> ofGuest = slots.get((int) guest);
      if (vcpu < ofGuest.size() && ofGuest.get((int) vcpu) != null) {
        return ofGuest.get((int) vcpu);
      }
    }
    return guests[(int) guest];
  }

  /** A host-wide GET (spec §2.7 flag bit 1): guest and vCPU ids are ignored. */
  private HcallResult hostWideGet(long address, long size) {
    return StateAccess.perform(profile(), rt.memory(), true, Scope.HOST, address, size, null, null, null,
        hostWideCounters(), null, true);
  }

  /**
   * The host-wide statistics: QEMU reports zeros; the spec profile reports the L0 state it holds (a
   * full thread-wide state per vCPU, {@link StateBuffers#HOST_STATE_SIZE}, and the guest-wide part per
   * guest) against the most its limits allow. The L0 keeps no page tables of its own (the L1's trees
   * live in L1 memory), so the page-table counters are 0.
   */
  private HostWideCounters hostWideCounters() {
    if (profile() == Profile.QEMU) {
      return HostWideCounters.ZERO;
    }
    long guestsAlive = 0;
    for (boolean a : alive) {
      guestsAlive += a ? 1 : 0;
    }
    L0Config c = rt.config();
    long maxVcpus = c.noMemoryAfterVcpus() >= 0 ? c.noMemoryAfterVcpus() : (long) c.maxGuests() * c.maxVcpus();
    long heap = liveVcpuCount * StateBuffers.HOST_STATE_SIZE + guestsAlive * GUEST_STATE_BYTES;
    long heapMax = maxVcpus * StateBuffers.HOST_STATE_SIZE + c.maxGuests() * GUEST_STATE_BYTES;
    return new HostWideCounters(heap, heapMax, 0, 0, 0);
  }

  private Behavior<L0Protocol.Command> onRunVcpu(RunVcpu r) {
    HcallResult refused = HcallChecks.runFlags(profile(), r.flags());
    if (refused == null && !isAlive(r.guest())) {
      refused = HcallResult.of(ReturnCode.H_P2);
    }
    if (refused == null && !isLiveVcpu(r.guest(), r.vcpu())) {
      refused = HcallChecks.p3();
    }
    if (refused != null) {
      r.replyTo().tell(new RunFailed(refused));
      return this;
    }
    route(r.guest(), r.vcpu()).tell(r);
    return this;
  }

  private Behavior<L0Protocol.Command> forwardIfAlive(long guest, long vcpu, L0Protocol.Request r) {
    if (isAlive(guest)) {
      route(guest, vcpu).tell(r);
    }
    return this;
  }

  // ---- delete (spec §2.9) ----

  private Behavior<L0Protocol.Command> onDeleteGuest(DeleteGuest r) {
    if ((r.flags() & ~HcallFlags.H_GUEST_DELETE_ALL_FLAG) != 0) {
      return answer(r.replyTo(), HcallResult.of(ReturnCode.H_UNSUPPORTED_FLAG));
    }
    boolean all = r.flags() != 0;
    List<Integer> affected = new ArrayList<>();
    if (all) {
      for (int id = 1; id < alive.length; id++) {
        if (alive[id]) {
          affected.add(id);
        }
      }
      if (deleteAllBusyAnswers < rt.config().busyOnDelete()) {
        deleteAllBusyAnswers++;
        return answer(r.replyTo(), HcallResult.of(ReturnCode.H_BUSY));
      }
    } else {
      if (!isAlive(r.guest())) {
        return answer(r.replyTo(), HcallResult.of(ReturnCode.H_P2));
      }
      int id = (int) r.guest();
      if (deleteBusyAnswers[id] < rt.config().busyOnDelete()) {
        deleteBusyAnswers[id]++;
        return answer(r.replyTo(), HcallResult.of(ReturnCode.H_BUSY));
      }
      affected.add(id);
    }
    if (affected.isEmpty()) {
      deleteAllBusyAnswers = 0;
      return answer(r.replyTo(), HcallResult.success());
    }
    pendingDelete = new PendingDelete(r.replyTo(), affected, all);
    for (int id : affected) {
      guests[id].tell(new Guest.PrepareDelete(getContext().getSelf()));
    }
    return this;
  }

  private Behavior<L0Protocol.Command> onDeletePrepared(DeletePrepared p) {
    PendingDelete d = pendingDelete;
    d.running |= p.running();
    if (--d.waiting > 0) {
      return this;
    }
    pendingDelete = null;
    if (d.running) {
      for (int id : d.guests) {
        guests[id].tell(Guest.AbortDelete.INSTANCE);
      }
      d.replyTo.tell(HcallResult.of(ReturnCode.H_BUSY));
    } else {
      for (int id : d.guests) {
        guests[id].tell(Guest.CommitDelete.INSTANCE);
        alive[id] = false;
        liveVcpuCount -= liveVcpus[id].cardinality();
        liveVcpus[id].clear();
        deleteBusyAnswers[id] = 0;
      }
      if (d.all) {
        deleteAllBusyAnswers = 0;
      }
      d.replyTo.tell(HcallResult.success());
    }
    return stash.unstashAll(this);
  }

  // ---- translation invalidation (spec §7.5) ----

  /** Type bit NESTED of {@code H_RPT_INVALIDATE}: {@code pid} is an L2's LPID. */
  private static final long H_RPTI_TYPE_NESTED = 0x1;

  private Behavior<L0Protocol.Command> onRptInvalidate(RptInvalidate r) {
    if (profile() == Profile.QEMU) {
      return answer(r.replyTo(), HcallResult.of(ReturnCode.H_FUNCTION));
    }
    if ((r.type() & H_RPTI_TYPE_NESTED) != 0 && isAlive(r.pid())) {
      guests[(int) r.pid()].tell(Guest.FlushAll.INSTANCE);
    }
    return answer(r.replyTo(), HcallResult.success());
  }

  private Behavior<L0Protocol.Command> onTlbInvalidate(TlbInvalidate r) {
    if (profile() == Profile.QEMU) {
      return answer(r.replyTo(), HcallResult.of(ReturnCode.H_FUNCTION));
    }
    if (isAlive(r.lpid())) {
      guests[(int) r.lpid()].tell(Guest.FlushAll.INSTANCE);
    }
    return answer(r.replyTo(), HcallResult.success());
  }
}
