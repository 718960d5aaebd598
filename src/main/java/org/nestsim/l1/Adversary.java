package org.nestsim.l1;

import java.nio.ByteBuffer;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.nestsim.gsb.GsbReader;
import org.nestsim.gsb.GsbWriter;
import org.nestsim.gsb.Gsid;
import org.nestsim.hcall.HcallFlags;
import org.nestsim.hcall.HcallResult;
import org.nestsim.hcall.ReturnCode;
import org.nestsim.l0.L0Protocol;
import org.nestsim.memory.L1Memory;
import org.nestsim.sched.Clock;
import org.nestsim.sched.EventKind;
import org.nestsim.sched.VcpuKey;

/**
 * An adversary L1 CPU of a stress run (issue 6): at seeded simulated times it issues a request to the
 * L0 about a vCPU that runners are driving at the same moment, one request at a time, and checks the
 * answer — the L0 must stay correct, and the runners' programs unharmed, whatever else an L1 sends:
 *
 * <ul>
 *   <li>{@code H_GUEST_GET_STATE} of registers of any vCPU, existing or not: {@code H_SUCCESS},
 *       {@code H_BUSY} (running, spec open point 16), {@code H_P2} or {@code H_P3};
 *   <li>{@code H_GUEST_SET_STATE} of SPRG3, which no stress program or runner reads: the same codes;
 *   <li>a {@code H_GUEST_SET_STATE} that must fail (SPRG2 with a value nobody else writes, then an
 *       unknown element): never {@code H_SUCCESS}, and a read of SPRG2 afterwards must not find the
 *       value ({@code half-applied});
 *   <li>{@code H_GUEST_RUN_VCPU} with a reserved flag ({@code H_PARAMETER}) or of a guest that does not
 *       exist ({@code H_P2}); {@code H_GUEST_DELETE} with a reserved flag ({@code H_UNSUPPORTED_FLAG})
 *       or of a guest that does not exist ({@code H_P2});
 *   <li>a kick of any vCPU (its runner sees an exit {@code NONE} and runs it again).
 * </ul>
 *
 * Any other answer is a {@code bad-answer}, an answer with no request in flight a {@code double-answer}
 * (both told to the host, which ends the run). A lost answer keeps the clock held, so the run does not
 * end: the run's wall-clock limit reports it. Each act holds the adversary's own clock key (guest 0,
 * like the host's) until its answer is in, so the L1's time does not move under it.
 */
final class Adversary extends AbstractBehavior<Adversary.Command> {
  sealed interface Command permits Act, Answered, Ran, Finish {}

  /** The act scheduled at simulated time {@code at}. */
  private record Act(long at) implements Command {}

  private record Answered(HcallResult result) implements Command {}

  private record Ran(L0Protocol.RunResult result) implements Command {}

  /** The run ends: answer {@code replyTo} with the number of requests made, once none is in flight. */
  record Finish(ActorRef<Long> replyTo) implements Command {}

  /** A guest id no L0 hands out: one above PAPR's largest. */
  private static final long ABSENT_GUEST = org.nestsim.hcall.GuestId.MAX + 1;
  private static final long RESERVED_RUN_FLAG = 1L << 50;
  private static final long RESERVED_DELETE_FLAG = 1L << 55;
  private static final int UNKNOWN_ELEMENT = 0x0BAD;
  private static final int[] READABLE = {Gsid.NIA, Gsid.MSR, Gsid.LR, Gsid.CTR, Gsid.CR, Gsid.XER, Gsid.SRR0,
      Gsid.SRR1, Gsid.DEC_EXPIRY_TB, Gsid.LPCR, Gsid.DPDES, Gsid.SPRG3};
  private static final Set<Long> ANY_VCPU = Set.of(ReturnCode.H_SUCCESS.value(), ReturnCode.H_BUSY.value(),
      ReturnCode.H_P2.value(), ReturnCode.H_P3.value());

  private final KvmL1Link link;
  private final VcpuKey key;
  private final SplittableRandom random;
  private final long buffer;
  private final long until;
  private final int guests;
  private final int vcpus;
  private final ActorRef<HcallResult> answered;
  private final ActorRef<L0Protocol.RunResult> ran;
  /** Where the request in flight is: the answer it waits for decides what comes next. */
  private enum Phase { NONE, ASKED, REJECTED_SET, READ_BACK }

  private Phase phase = Phase.NONE;
  /** What the request in flight may be answered with, and what it was. */
  private Set<Long> allowed;
  private String asked;
  /** The value a failing SET offered for SPRG2 of (guest, vCPU), to look for afterwards. */
  private long offered;
  private long offeredGuest;
  private long offeredVcpu;
  private long requests;
  private long serial;
  /** The simulated time the current act was scheduled for. */
  private long at;
  private ActorRef<Long> finish;

  /**
   * What the adversary needs of its L1: the L0, the clock, the host to tell of violations, L1 memory
   * and a 4 KiB buffer of its own in it.
   */
  record KvmL1Link(ActorRef<L0Protocol.Request> l0, ActorRef<Clock.Command> clock, ActorRef<KvmL1.Command> host,
      L1Memory memory) {}

  private Adversary(ActorContext<Command> context, KvmL1Link link, int index, long seed, long buffer, long until,
      int guests, int vcpus) {
    super(context);
    this.link = link;
    this.key = new VcpuKey(0, 1 + index);
    this.random = new SplittableRandom(seed ^ (0xAD5E_0000L + index) * 0x9E37_79B9_7F4A_7C15L);
    this.buffer = buffer;
    this.until = until;
    this.guests = guests;
    this.vcpus = vcpus;
    this.answered = context.messageAdapter(HcallResult.class, Answered::new);
    this.ran = context.messageAdapter(L0Protocol.RunResult.class, Ran::new);
  }

  /**
   * Adversary {@code index} of a run with {@code guests} guests of {@code vcpus} vCPUs: it acts at seeded
   * times from {@code start} until simulated time {@code until}.
   */
  static Behavior<Command> create(KvmL1Link link, int index, long seed, long buffer, long start, long until,
      int guests, int vcpus) {
    return Behaviors.setup(context -> {
      Adversary a = new Adversary(context, link, index, seed, buffer, until, guests, vcpus);
      a.schedule(start);
      return a;
    });
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Act.class, this::act)
        .onMessage(Answered.class, a -> onAnswer(a.result().rc(), a.result()))
        .onMessage(Ran.class, r -> onAnswer(r.result() instanceof L0Protocol.RunFailed f ? f.result().rc()
            : ReturnCode.H_SUCCESS.value(), r.result()))
        .onMessage(Finish.class, this::onFinish)
        .build();
  }

  private void schedule(long time) {
    if (time < until && finish == null) {
      link.clock().tell(new Clock.Schedule<>(time, EventKind.INJECTION, key, getContext().getSelf(), new Act(time)));
    }
  }

  private Behavior<Command> act(Act a) {
    if (finish != null) {
      link.clock().tell(new Clock.Ack(key));
      return this;
    }
    at = a.at();
    long guest = 1 + random.nextInt(guests + 1);
    long vcpu = random.nextInt(vcpus + 1);
    switch (random.nextInt(8)) {
      case 0, 1 -> {
        int length = write(w -> w.putRegister(READABLE[random.nextInt(READABLE.length)], 0)
            .putRegister(READABLE[random.nextInt(READABLE.length)], 0));
        ask(Phase.ASKED, ANY_VCPU, "GET_STATE of " + guest + "/" + vcpu);
        link.l0().tell(new L0Protocol.GetState(0, guest, vcpu, buffer, length, answered));
      }
      case 2 -> {
        int length = write(w -> w.putRegister(Gsid.SPRG3, random.nextLong()));
        ask(Phase.ASKED, ANY_VCPU, "SET_STATE of SPRG3 of " + guest + "/" + vcpu);
        link.l0().tell(new L0Protocol.SetState(0, guest, vcpu, buffer, length, answered));
      }
      case 3 -> {
        offered = 0xAD00_0000_0000_0000L | (long) key.vcpu() << 40 | ++serial;
        offeredGuest = guest;
        offeredVcpu = vcpu;
        int length = write(w -> w.putRegister(Gsid.SPRG2, offered).putRaw(UNKNOWN_ELEMENT, new byte[8]));
        ask(Phase.REJECTED_SET, Set.of(ReturnCode.H_P3.value(), ReturnCode.H_P2.value(), ReturnCode.H_BUSY.value(),
            ReturnCode.H_INVALID_ELEMENT_ID.value()), "SET_STATE of SPRG2 and unknown element 0x0bad of " + guest
            + "/" + vcpu);
        link.l0().tell(new L0Protocol.SetState(0, guest, vcpu, buffer, length, answered));
      }
      case 4 -> {
        boolean flag = random.nextBoolean();
        ask(Phase.ASKED, Set.of((flag ? ReturnCode.H_PARAMETER : ReturnCode.H_P2).value()), "RUN_VCPU " + (flag
            ? "with a reserved flag of " + guest : "of absent guest " + ABSENT_GUEST) + "/" + vcpu);
        link.l0().tell(new L0Protocol.RunVcpu(flag ? RESERVED_RUN_FLAG | HcallFlags.H_GUEST_RUN_EXTERNAL_INTERRUPT
            : 0, flag ? guest : ABSENT_GUEST, vcpu, ran));
      }
      case 5 -> {
        boolean flag = random.nextBoolean();
        ask(Phase.ASKED, Set.of((flag ? ReturnCode.H_UNSUPPORTED_FLAG : ReturnCode.H_P2).value()), "DELETE " + (flag
            ? "with a reserved flag of " + guest : "of absent guest " + ABSENT_GUEST));
        link.l0().tell(new L0Protocol.DeleteGuest(flag ? RESERVED_DELETE_FLAG : 0, flag ? guest : ABSENT_GUEST,
            answered));
      }
      default -> {
        requests++;
        link.l0().tell(new L0Protocol.Kick(guest, vcpu));
        next();
      }
    }
    return this;
  }

  private void ask(Phase next, Set<Long> codes, String what) {
    requests++;
    phase = next;
    allowed = codes;
    asked = what;
  }

  private Behavior<Command> onAnswer(long rc, Object answer) {
    if (phase == Phase.NONE) {
      violation("double-answer", "an answer with no request in flight: " + answer);
      return this;
    }
    boolean ok = allowed.contains(rc);
    if (!ok) {
      violation("bad-answer", asked + " answered " + ReturnCode.describe(rc));
    }
    Phase was = phase;
    phase = Phase.NONE;
    if (was == Phase.REJECTED_SET) {
      // Nothing of a rejected SET may stay: read SPRG2 back.
      int length = write(w -> w.putRegister(Gsid.SPRG2, 0));
      ask(Phase.READ_BACK, ANY_VCPU, "GET_STATE of SPRG2 of " + offeredGuest + "/" + offeredVcpu);
      link.l0().tell(new L0Protocol.GetState(0, offeredGuest, offeredVcpu, buffer, length, answered));
      return this;
    }
    if (was == Phase.READ_BACK && rc == ReturnCode.H_SUCCESS.value()) {
      GsbReader reader = new GsbReader().wrap(ByteBuffer.wrap(read(16)), 0, 16);
      if (reader.next() && reader.id() == Gsid.SPRG2 && reader.be64() == offered) {
        violation("half-applied", "a rejected SET_STATE of " + offeredGuest + "/" + offeredVcpu
            + " changed SPRG2 to 0x" + Long.toHexString(offered));
      }
    }
    next();
    return this;
  }

  private void next() {
    link.clock().tell(new Clock.Ack(key));
    if (finish != null) {
      finish.tell(requests);
      return;
    }
    // The next act 1,000-9,000 ticks after this one (the clock delivers it at a quantum boundary).
    schedule(at + 1_000 + random.nextInt(8_000));
  }

  private Behavior<Command> onFinish(Finish f) {
    finish = f.replyTo();
    if (phase == Phase.NONE) {
      finish.tell(requests);
    }
    return this;
  }

  private void violation(String outcome, String detail) {
    link.host().tell(new KvmL1.Violated(new L1Report.Violation(outcome, "adversary " + (key.vcpu() - 1), detail),
        false));
  }

  private int write(java.util.function.Consumer<GsbWriter> elements) {
    ByteBuffer b = ByteBuffer.allocate(128);
    GsbWriter w = new GsbWriter().wrap(b, 0, 128);
    elements.accept(w);
    link.memory().write(buffer, b.array(), 0, w.length());
    return w.length();
  }

  private byte[] read(int length) {
    byte[] bytes = new byte[length];
    link.memory().read(buffer, bytes, 0, length);
    return bytes;
  }
}
