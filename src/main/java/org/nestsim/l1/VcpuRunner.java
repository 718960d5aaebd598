package org.nestsim.l1;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.nestsim.actor.ReceiveTable;
import org.nestsim.cpu.Facility;
import org.nestsim.cpu.InterruptEntry;
import org.nestsim.cpu.Lpcr;
import org.nestsim.cpu.Msr;
import org.nestsim.cpu.Srr1;
import org.nestsim.cpu.Vector;
import org.nestsim.gsb.GsbReader;
import org.nestsim.gsb.Gsid;
import org.nestsim.hcall.HcallFlags;
import org.nestsim.hcall.HcallResult;
import org.nestsim.hcall.ReturnCode;
import org.nestsim.l0.L0Protocol;
import org.nestsim.l0.L0Protocol.RunFailed;
import org.nestsim.l0.L0Protocol.VcpuExited;
import org.nestsim.memory.L1Memory;
import org.nestsim.sched.Clock;
import org.nestsim.sched.EventKind;
import org.nestsim.sched.VcpuKey;

/**
 * One L1 CPU running one L2 vCPU, as Linux's KVM does it in nestedv2 mode (spec §7): before each run
 * it flushes the dirty registers of its {@link StateCache} into the run input buffer and sets the HDEC
 * deadline; after each exit it invalidates the cache, takes the output buffer into it, and handles the
 * exit (spec §7.4): the L2 hcalls of §7.7, page faults (the {@link GuestManager} maps the page), MMIO
 * (decoded and emulated), emulation assistance (a program interrupt into the L2), facility unavailable
 * (the facility is enabled), HDEC and {@code NONE} (run again). Registers the output buffer did not
 * carry are fetched with {@code H_GUEST_GET_STATE} when a handler needs them.
 *
 * <p>Interrupts are injected by state, as Linux does and as every L0 accepts: an external interrupt
 * sets LPCR[MER] for one run, a doorbell sets DPDES, a system reset is synthesised in SRR0/SRR1/NIA/MSR;
 * or, when the plan says so ({@link RunnerContext#runFlags()}), with the flags of the next
 * {@code H_GUEST_RUN_VCPU} (spec §2.8). An injection into a running vCPU kicks it so that it takes
 * effect at once.
 *
 * <p>Time: the vCPU holds the simulated clock while this runner handles its exit (the L1 takes no
 * simulated time); the runner releases it when it cedes, halts or stops. Whoever wakes a runner
 * (an event, a prod) holds its key until it runs or acknowledges.
 */
final class VcpuRunner extends AbstractBehavior<VcpuRunner.Command> {

  sealed interface Command permits Start, Ran, Got, Resolved, WordFetched, DeviceDone, ConsoleGot, Wake, Prodded,
      Inject, Stop, Inspected {}

  /** The L0's answer to the oracle's {@link L0Protocol.Inspect}. */
  private record Inspected(L0Protocol.Inspection inspection) implements Command {}

  /** Boot is done: run from simulated time {@code time}. */
  /**
   * The guest is booted: set the vCPU up (spec §7.1: create it unless {@code create} is false — vCPU 0,
   * which the boot creates itself — then register the run buffers, and the VPA at {@code vpa} unless it is
   * 0, in one {@code H_GUEST_SET_STATE}), then run from simulated time {@code time}. The vCPUs of a guest
   * set themselves up at once, each on its own, so that the boot is not one hcall after another.
   */
  record Start(long time, boolean create, long output, int outputSize, long vpa) implements Command {}

  private record Ran(L0Protocol.RunResult result) implements Command {}

  private record Got(HcallResult result) implements Command {}

  private record Resolved(GuestManager.Resolution resolution) implements Command {}

  private record WordFetched(GuestManager.WordRead read) implements Command {}

  private record DeviceDone(Long value) implements Command {}

  private record ConsoleGot(GuestManager.ConsoleBytes bytes) implements Command {}

  /** The ceded vCPU's decrementer expired (if {@code epoch} is still current). */
  record Wake(int epoch, long at) implements Command {}

  /** {@code H_PROD} from another vCPU of the guest. */
  enum Prodded implements Command { INSTANCE }

  /** An interrupt (or a kick) the scenario injects: {@code external-interrupt}, {@code doorbell}, {@code system-reset}, {@code kick}. */
  record Inject(long time, String kind) implements Command {}

  /**
   * The L1 stops running this vCPU: answer {@link KvmL1.Stopped}. At the end of a run, the exit that
   * the stop's own kick causes is not counted (it is an artefact of ending, not of the L2); for a
   * delete or kexec it is, as the scenario asked for it.
   */
  enum Stop implements Command { END_OF_RUN, LIFECYCLE }

  private enum State { IDLE, RUNNING, HANDLING, CEDED, HALTED, STOPPED }

  private static final long H_SUCCESS = 0;
  private static final long H_PARAMETER = ReturnCode.H_PARAMETER.value();
  /** What a synthesised system reset and an external interrupt read before the entry. */
  private static final int[] RESET_NEEDS = {Gsid.NIA, Gsid.MSR, Gsid.LPCR};
  private static final int[] EXTERNAL_NEEDS = {Gsid.LPCR};
  private static final long H_FUNCTION = ReturnCode.H_FUNCTION.value();

  private final RunnerContext rc;
  private final int vcpu;
  /** The runner's number in spawn order ({@link #wakeKey(int)}). */
  private final int serial;
  /** The run input buffer's address in L1 memory ({@link VcpuBuffers#INPUT_SIZE} bytes). */
  private final long input;
  private final TraceSink trace;
  private final StateCache cache = new StateCache();
  private final RunnerStats stats;
  private final SplittableRandom random;
  /**
   * Where every answer to this runner's requests goes: its one message adapter ({@link #wrap}), narrowed
   * to each request's answer type. One adapter per answer type cost ~80 bytes each per vCPU in Pekko's
   * adapter list.
   */
  private final ActorRef<Object> answers;

  private ActorRef<L0Protocol.Request> route;
  private State state = State.IDLE;
  private long time;
  private boolean held;
  /**
   * The L0's vCPU has not joined the clock yet but a run is on its way (from {@link Start} or a wake
   * until the run's first exit): the join clears the holds on the key, and an {@link Clock.Ack} sent
   * before it would let time move on (or the run look quiescent) while the run is still in flight.
   */
  private boolean joinPending = true;
  /** An acknowledgement put off until the run's first exit ({@link #joinPending}). */
  private boolean ackDeferred;
  /** The wake-up whose hold ({@link #wakeKey(int)}) waits for the run it started to join, or -1. */
  private int heldWake = -1;
  private boolean stopRequested;
  private boolean endOfRun;
  private boolean pendingExternal;
  private boolean pendingDoorbell;
  private boolean pendingReset;
  private boolean prodPending;
  private boolean merSet;
  private long lpcrWithoutMer;
  private int wakeEpoch;
  private Runnable afterGet;
  /** What to do with the answer to a set-up hcall ({@link Start}), null once the vCPU is set up. */
  private java.util.function.Consumer<HcallResult> afterSetUp;
  private MmioInstruction mmio;
  private boolean reported;
  private int getLength;
  /** The last answer to a run: the same one again is a second answer (the runner may be running again). */
  private L0Protocol.RunResult lastAnswer;
  /** What {@link RunMonitor#runSent()} gave for the run in flight (a wall-clock stamp, never read here). */
  private long runSent;
  /** The stress oracle's state, null when it is off. */
  private final Oracle oracle;

  private VcpuRunner(ActorContext<Command> context, RunnerContext rc, int vcpu, long input, int serial) {
    super(context);
    this.rc = rc;
    this.vcpu = vcpu;
    this.serial = serial;
    this.input = input;
    this.trace = new TraceSink(rc.host(), rc.traced());
    this.route = rc.l0();
    this.stats = new RunnerStats(rc.guest().name(), vcpu, rc.monitor());
    this.random = new SplittableRandom(rc.seed() ^ (rc.guest().name().hashCode() * 0x9E37_79B9_7F4A_7C15L) ^ vcpu);
    this.answers = context.messageAdapter(Object.class, VcpuRunner::wrap);
    this.oracle = rc.oracle() ? new Oracle() : null;
    if (rc.bug() == L1Bug.UNFLUSHED_DIRTY) {
      cache.dropOnFlush(Gsid.gpr(3));
    }
    if (oracle != null) {
      stats.onFirstViolation((outcome, detail) -> rc.host().tell(new KvmL1.Violated(new L1Report.Violation(outcome,
          cpuName(), detail), true)));
    }
  }

  /**
   * The runner of vCPU {@code vcpu} of {@code rc}'s guest, with its run input buffer at {@code input};
   * {@code serial}: its number in spawn order, unique in the run ({@link KvmL1#WAKE_KEYS}).
   */
  static Behavior<Command> create(RunnerContext rc, int vcpu, long input, int serial) {
    return Behaviors.setup(context -> new VcpuRunner(context, rc, vcpu, input, serial));
  }

  /** The L1 CPU's name in traces: {@code web.0/1}. */
  private String cpuName() {
    return rc.guest().name() + "/" + vcpu;
  }

  /** The answer to one of the runner's requests, as the message that carries it. */
  private static Command wrap(Object answer) {
    if (answer instanceof L0Protocol.RunResult r) {
      return new Ran(r);
    }
    if (answer instanceof HcallResult r) {
      return new Got(r);
    }
    if (answer instanceof GuestManager.Resolution r) {
      return new Resolved(r);
    }
    if (answer instanceof GuestManager.WordRead r) {
      return new WordFetched(r);
    }
    if (answer instanceof Long v) {
      return new DeviceDone(v);
    }
    if (answer instanceof GuestManager.ConsoleBytes b) {
      return new ConsoleGot(b);
    }
    if (answer instanceof L0Protocol.Inspection i) {
      return new Inspected(i);
    }
    throw new IllegalArgumentException("not an answer a runner asks for: " + answer);
  }

  /** The handlers, shared by every runner (a per-actor ReceiveBuilder table cost ~650 bytes each). */
  private static final ReceiveTable<VcpuRunner, Command> RECEIVE = ReceiveTable.<VcpuRunner, Command>builder()
      .on(Command.class, (r, m) -> r.reported, VcpuRunner::afterStop)
      .on(Start.class, VcpuRunner::onStart)
      .on(Ran.class, (r, m) -> r.onRan(m.result()))
      .on(Got.class, (r, m) -> r.onGot(m.result()))
      .on(Resolved.class, (r, m) -> r.onResolved(m.resolution()))
      .on(WordFetched.class, (r, m) -> r.onWord(m.read()))
      .on(DeviceDone.class, (r, m) -> r.onDevice(m.value()))
      .on(ConsoleGot.class, (r, m) -> r.onConsole(m.bytes()))
      .on(Wake.class, VcpuRunner::onWake)
      .on(Prodded.class, (r, m) -> r.onProdded())
      .on(Inject.class, VcpuRunner::onInject)
      .on(Stop.class, VcpuRunner::onStop)
      .on(Inspected.class, (r, m) -> {
        if (r.oracle != null) {
          r.oracle.inspected(m.inspection(), r.stats);
        }
        return r;
      })
      .build();

  @Override
  public Receive<Command> createReceive() {
    return RECEIVE.receiveFor(this);
  }

  /** Sets {@code id} for the next entry; the oracle logs it, to check that it reaches the input buffer. */
  private void set(int id, long value) {
    cache.set(id, value);
    if (oracle != null) {
      oracle.setters.put(id, value);
    }
  }

  private VcpuKey key() {
    return new VcpuKey((int) rc.guestId(), vcpu);
  }

  // ---- entry ----

  private Behavior<Command> onStart(Start s) {
    time = s.time();
    state = State.HANDLING;
    if (s.create()) {
      setUp(r -> new L0Protocol.CreateVcpu(0, rc.guestId(), vcpu, r), 0x474, 0, 0, r -> {
        if (ReturnCode.isBusy(r.rc())) {
          onStart(s);
        } else if (r.isSuccess()) {
          onStart(new Start(s.time(), false, s.output(), s.outputSize(), s.vpa()));
        } else {
          refused("H_GUEST_CREATE_VCPU " + vcpu, r);
        }
      });
      return this;
    }
    int length = RunnerScratch.writeBuffers(rc.memory(), input, VcpuBuffers.INPUT_SIZE, s.output(), s.outputSize(),
        s.vpa());
    setUp(r -> new L0Protocol.SetState(0, rc.guestId(), vcpu, input, length, r), 0x47C, input, length, r -> {
      if (r.isSuccess()) {
        begin();
      } else if (s.vpa() != 0) {
        // The qemu profile refuses the VPA (docs/CONFORMANCE.md): noted once, the vCPU runs without.
        rc.host().tell(new KvmL1.Noted("the L0 refused the VPA (H_GUEST_SET_STATE answered "
            + ReturnCode.describe(r.rc()) + "): running without one", true));
        onStart(new Start(s.time(), false, s.output(), s.outputSize(), 0));
      } else {
        refused("H_GUEST_SET_STATE of the run buffers of vCPU " + vcpu, r);
      }
    });
    return this;
  }

  /** Issues one set-up hcall ({@code opcode}, R7/R8 as traced); {@code then} gets its answer, unless a stop came. */
  private void setUp(java.util.function.Function<ActorRef<HcallResult>, L0Protocol.Request> request, long opcode,
      long r7, long r8, java.util.function.Consumer<HcallResult> then) {
    afterSetUp = r -> {
      trace.hcall(time, cpuName(), opcode, 0, rc.guestId(), vcpu, r7, r8, r);
      if (stopRequested) {
        finishStop();
      } else {
        then.accept(r);
      }
    };
    rc.l0().tell(request.apply(answers.narrow()));
  }

  /** The L0 refused to set the vCPU up: the host gives up the guest (and stops this runner). */
  private void refused(String what, HcallResult r) {
    release();
    state = State.IDLE; // nothing in flight: the host's stop is answered at once
    rc.host().tell(new KvmL1.BootRefused(rc.guest().name(), rc.guestId(), what + " answered "
        + ReturnCode.describe(r.rc())));
  }

  /** The vCPU is set up: its first registers, then its first run. */
  private void begin() {
    rc.monitor().vcpuStarted();
    GuestPlan g = rc.guest();
    set(Gsid.NIA, g.entry());
    set(Gsid.MSR, g.msr());
    set(Gsid.gpr(3), vcpu);
    // The decrementer starts at its farthest 32-bit value (scenario-format.md).
    set(Gsid.DEC_EXPIRY_TB, time + 0x7FFF_FFFFL);
    run();
  }

  /** Applies pending injections, flushes the dirty registers, and runs the vCPU. */
  private void run() {
    if (stopRequested) {
      finishStop();
      return;
    }
    state = State.HANDLING;
    if (pendingReset && !rc.runFlags()) {
      need(RESET_NEEDS, this::enter);
    } else if (pendingExternal && !rc.runFlags()) {
      need(EXTERNAL_NEEDS, this::enter);
    } else {
      // The common case, on every exit round trip: nothing to fetch, nothing to allocate.
      enter();
    }
  }

  private void enter() {
    if (stopRequested) {
      // Stopped while fetching what an injection needs: a run now would wait for the clock the L1 holds.
      finishStop();
      return;
    }
    long flags = rc.runFlags() ? injectByFlags() : 0;
    injectPending();
    set(Gsid.HDEC_EXPIRY_TB, time + rc.guest().timeslice());
    ByteBuffer scratch = RunnerScratch.get();
    int used = cache.writeDirty(scratch, VcpuBuffers.INPUT_SIZE);
    rc.memory().write(input, scratch.array(), 0, used);
    if (cache.hasDirty()) {
      throw new IllegalStateException("run input buffer of " + VcpuBuffers.INPUT_SIZE + " bytes too small");
    }
    if (oracle != null) {
      oracle.checkInput(rc.memory(), input, used, stats);
    }
    state = State.RUNNING;
    held = false;
    runSent = rc.monitor().runSent();
    route.tell(new L0Protocol.RunVcpu(flags, rc.guestId(), vcpu, answers.narrow()));
  }

  /** The RUN flags of the pending injections, which are then no longer pending ({@link RunnerContext#runFlags()}). */
  private long injectByFlags() {
    long flags = 0;
    if (pendingReset) {
      pendingReset = false;
      flags |= HcallFlags.H_GUEST_RUN_SYSTEM_RESET;
      trace.injected(time, "system-reset", rc.guest().name(), vcpu, "run-flag");
    }
    if (pendingExternal) {
      pendingExternal = false;
      flags |= HcallFlags.H_GUEST_RUN_EXTERNAL_INTERRUPT;
      if (oracle != null) {
        oracle.externalInjected();
      }
      trace.injected(time, "external-interrupt", rc.guest().name(), vcpu, "run-flag");
    }
    if (pendingDoorbell) {
      pendingDoorbell = false;
      if (rc.bug() != L1Bug.LOST_DOORBELL) {
        flags |= HcallFlags.H_GUEST_RUN_PRIVILEGED_DOORBELL;
      }
      if (oracle != null) {
        oracle.doorbellSent(cache.isValid(Gsid.MSR) && (cache.get(Gsid.MSR) & Msr.EE) != 0);
      }
      trace.injected(time, "doorbell", rc.guest().name(), vcpu, "run-flag");
    }
    return flags;
  }

  private void injectPending() {
    long pvr = rc.guest().logicalPvr();
    if (pendingReset) {
      pendingReset = false;
      InterruptEntry e = InterruptEntry.of(Vector.SYSTEM_RESET, cache.get(Gsid.NIA), cache.get(Gsid.MSR), 0,
          cache.get(Gsid.LPCR), pvr);
      setEntry(e);
      trace.injected(time, "system-reset", rc.guest().name(), vcpu, "state");
    }
    if (pendingExternal) {
      pendingExternal = false;
      long lpcr = cache.get(Gsid.LPCR);
      lpcrWithoutMer = lpcr & ~Lpcr.MER;
      set(Gsid.LPCR, lpcr | Lpcr.MER);
      merSet = true;
      if (oracle != null) {
        oracle.externalInjected();
      }
      trace.injected(time, "external-interrupt", rc.guest().name(), vcpu, "lpcr-mer");
    }
    if (pendingDoorbell) {
      pendingDoorbell = false;
      if (rc.bug() != L1Bug.LOST_DOORBELL) {
        set(Gsid.DPDES, 1);
      }
      if (oracle != null) {
        oracle.doorbellSent(cache.isValid(Gsid.MSR) && (cache.get(Gsid.MSR) & Msr.EE) != 0);
      }
      trace.injected(time, "doorbell", rc.guest().name(), vcpu, "dpdes");
    }
  }

  private void setEntry(InterruptEntry e) {
    set(Gsid.SRR0, e.srr0());
    set(Gsid.SRR1, e.srr1());
    set(Gsid.NIA, e.nia());
    set(Gsid.MSR, e.msr());
  }

  /** Runs {@code then} once every register of {@code ids} is cached, fetching the others first. */
  private void need(int[] ids, Runnable then) {
    int[] missing = cache.missing(ids);
    if (missing.length == 0) {
      then.run();
      return;
    }
    // The input buffer is free between runs: GETs use it, as Linux does (VcpuBuffers).
    getLength = RunnerScratch.writeGetBuffer(rc.memory(), input, missing);
    afterGet = then;
    route.tell(new L0Protocol.GetState(0, rc.guestId(), vcpu, input, getLength, answers.narrow()));
  }

  private Behavior<Command> onGot(HcallResult r) {
    if (afterSetUp != null) {
      java.util.function.Consumer<HcallResult> then = afterSetUp;
      afterSetUp = null;
      then.accept(r);
      return this;
    }
    if (afterGet == null) {
      // No GET in flight: an L0's second answer. Counted with the oracle on; dropped either way.
      if (oracle != null) {
        stats.violation("unexpected-answer", "an answer to H_GUEST_GET_STATE with none in flight: " + r);
      }
      return this;
    }
    trace.hcall(time, cpuName(), 0x478, 0, rc.guestId(), vcpu, input, getLength, r);
    if (!r.isSuccess()) {
      fatal("H_GUEST_GET_STATE answered " + ReturnCode.describe(r.rc()));
      return this;
    }
    byte[] bytes = new byte[getLength];
    rc.memory().read(input, bytes, 0, bytes.length);
    cache.putAll(new GsbReader().wrap(ByteBuffer.wrap(bytes), 0, bytes.length));
    Runnable then = afterGet;
    afterGet = null;
    then.run();
    return this;
  }

  // ---- exits ----

  private Behavior<Command> onRan(L0Protocol.RunResult result) {
    if (state != State.RUNNING || result == lastAnswer || result instanceof VcpuExited x
        && (x.guest().value() != rc.guestId() || x.vcpu().value() != vcpu)) {
      // No run in flight, the previous answer once more, or not this vCPU's: an L0's stray answer.
      // Counted with the oracle on; dropped.
      if (oracle != null) {
        stats.violation("unexpected-answer", "an answer to H_GUEST_RUN_VCPU (" + describe(result) + ") while the "
            + "runner of " + rc.guestId() + "/" + vcpu + " was " + state);
      }
      return this;
    }
    lastAnswer = result;
    if (result instanceof RunFailed failed) {
      if (stopRequested && failed.result().rc() == ReturnCode.H_P2.value()) {
        finishStop();
      } else {
        fatal("H_GUEST_RUN_VCPU answered " + ReturnCode.describe(failed.result().rc()));
      }
      return this;
    }
    VcpuExited e = (VcpuExited) result;
    joinPending = false;
    if (ackDeferred) {
      ackDeferred = false;
      rc.clock().tell(new Clock.Ack(key()));
    }
    if (heldWake >= 0) {
      rc.clock().tell(new Clock.Ack(wakeKey(heldWake)));
      heldWake = -1;
    }
    route = e.route();
    time = e.time();
    held = true;
    state = State.HANDLING;
    if (rc.bug() != L1Bug.STALE_CACHE) {
      cache.invalidateAll();
    }
    cache.putAll(e.output());
    if (oracle != null) {
      oracle.afterExit(e, cache, stats);
      route.tell(new L0Protocol.Inspect(rc.guestId(), vcpu, oracle.pendingIds(), answers.narrow()));
    }
    if (merSet) {
      // The external interrupt was offered for one run (docs/CONFORMANCE.md, the KVM-like L1).
      merSet = false;
      if (rc.bug() != L1Bug.MER_REIMPORT) {
        set(Gsid.LPCR, lpcrWithoutMer);
      } // else: the L1 keeps LPCR as the L0 has it, MER included
    }
    if (!endOfRun) {
      stats.exit(e.vector(), e.instructions());
      rc.monitor().exited(runSent);
    }
    trace.exited(e);
    if (stopRequested) {
      finishStop();
      return this;
    }
    switch ((int) e.vector()) {
      case 0xC00 -> l2Hcall();
      case 0x980, 0x000 -> run();
      case 0xE00, 0xE20 -> rc.guestManager().tell(new GuestManager.Resolve(cache.get(Gsid.ASDR), e.vector() == 0xE20,
          answers.narrow()));
      case 0xE40 -> need(new int[] {Gsid.LPCR}, () -> {
        setEntry(InterruptEntry.of(Vector.PROGRAM, cache.get(Gsid.NIA), cache.get(Gsid.MSR), Srr1.PROGILL,
            cache.get(Gsid.LPCR), rc.guest().logicalPvr()));
        run();
      });
      case 0xF80 -> enableFacility();
      default -> fatal("exit 0x" + Long.toHexString(e.vector()) + " (the L1 treats it as fatal)");
    }
    return this;
  }

  private static String describe(L0Protocol.RunResult result) {
    return result instanceof VcpuExited e ? "exit 0x" + Long.toHexString(e.vector()) + " of " + e.guest().value() + "/"
        + e.vcpu().value() : ReturnCode.describe(result.result().rc());
  }

  private void enableFacility() {
    long hfscr = cache.get(Gsid.HFSCR);
    int cause = (int) ((hfscr & Facility.IC_MASK) >>> Facility.IC_SHIFT);
    if (cause > 63) {
      fatal("HFAC with cause " + cause);
      return;
    }
    set(Gsid.HFSCR, (hfscr & ~Facility.IC_MASK) | Facility.bit(cause));
    run();
  }

  private Behavior<Command> onResolved(GuestManager.Resolution r) {
    switch (r) {
      case MAPPED -> run();
      case DEVICE -> emulateMmio();
      case OUTSIDE -> fatal("partition-scoped fault at L2 real address 0x" + Long.toHexString(cache.get(Gsid.ASDR))
          + ", outside the guest's memory");
    }
    return this;
  }

  private void emulateMmio() {
    long msr = cache.get(Gsid.MSR);
    if ((msr & Msr.IR) != 0) {
      fatal("MMIO from code running with relocation on is not emulated");
      return;
    }
    rc.guestManager().tell(new GuestManager.ReadWord(cache.get(Gsid.NIA) & 0x3FFF_FFFF_FFFF_FFFFL, answers.narrow()));
  }

  private Behavior<Command> onWord(GuestManager.WordRead read) {
    int word = (cache.get(Gsid.MSR) & Msr.LE) != 0 ? Integer.reverseBytes(read.word()) : read.word();
    mmio = read.ok() ? MmioInstruction.decode(word) : null;
    if (mmio == null) {
      fatal("MMIO by an instruction the L1 does not emulate: 0x" + Integer.toHexString(word));
      return this;
    }
    need(new int[] {Gsid.gpr(mmio.rt())}, () -> rc.guestManager().tell(new GuestManager.DeviceAccess(
        cache.get(Gsid.ASDR), mmio.store(), mmio.truncate(cache.get(Gsid.gpr(mmio.rt()))), answers.narrow())));
    return this;
  }

  private Behavior<Command> onDevice(long value) {
    if (!mmio.store()) {
      set(Gsid.gpr(mmio.rt()), mmio.truncate(value));
    }
    if (mmio.update()) {
      set(Gsid.gpr(mmio.ra()), cache.get(Gsid.HDAR));
    }
    set(Gsid.NIA, cache.get(Gsid.NIA) + 4);
    run();
    return this;
  }

  // ---- L2 hcalls (spec §7.7) ----

  private void l2Hcall() {
    long opcode = cache.get(Gsid.gpr(3));
    boolean console = rc.guest().console();
    if (opcode == 0x58 && console) {
      long length = cache.get(Gsid.gpr(5));
      if (Long.compareUnsigned(length, ConsoleBytesCodec.MAX) > 0) {
        answer(opcode, H_PARAMETER);
        return;
      }
      rc.guestManager().tell(new GuestManager.ConsoleWrite(time, (int) length, cache.get(Gsid.gpr(6)),
          cache.get(Gsid.gpr(7))));
      answer(opcode, H_SUCCESS);
    } else if (opcode == 0x54 && console) {
      rc.guestManager().tell(new GuestManager.ConsoleRead(answers.narrow()));
    } else if (opcode == 0xE0) {
      cede();
    } else if (opcode == 0xE4) {
      answer(opcode, H_SUCCESS);
    } else if (opcode == 0xE8) {
      prod(cache.get(Gsid.gpr(4)));
    } else if (opcode == 0x64) {
      // H_EOI: the L2's external interrupt handler acknowledges (the stress workloads' 0x500).
      if (oracle != null) {
        oracle.externalAcknowledged(stats);
      }
      answer(opcode, H_SUCCESS);
    } else if (opcode == 0x300) {
      set(Gsid.gpr(4), random.nextLong());
      answer(opcode, H_SUCCESS);
    } else if (opcode == 0x6F00) {
      stats.l2Hcall(opcode, H_SUCCESS);
      stats.haltValue(cache.get(Gsid.gpr(4))); // an HCALL exit's output carries R4 (as H_PROD's use of it)
      trace.l2Hcall(time, rc.guest().name(), vcpu, opcode, H_SUCCESS);
      if (oracle != null) {
        // R5: the doorbells the L2's 0xA00 handler took (0 for a program without handlers or injections).
        need(new int[] {Gsid.gpr(5)}, () -> {
          oracle.checkDoorbells(cache.get(Gsid.gpr(5)), stats);
          halt("H_SIM_HALT", false);
        });
        return;
      }
      halt("H_SIM_HALT", false);
    } else {
      answer(opcode, H_FUNCTION);
    }
  }

  /** Returns {@code result} to the L2 in R3 and runs it again. */
  private void answer(long opcode, long result) {
    stats.l2Hcall(opcode, result);
    trace.l2Hcall(time, rc.guest().name(), vcpu, opcode, result);
    set(Gsid.gpr(3), result);
    run();
  }

  private Behavior<Command> onConsole(GuestManager.ConsoleBytes b) {
    set(Gsid.gpr(4), b.length());
    set(Gsid.gpr(5), b.hi());
    set(Gsid.gpr(6), b.lo());
    answer(0x54, H_SUCCESS);
    return this;
  }

  private void prod(long target) {
    if (target < 0 || target >= rc.guest().vcpus()) {
      answer(0xE8, H_PARAMETER);
      return;
    }
    // The prodded runner may start a run now: the clock must wait for it.
    rc.clock().tell(new Clock.Hold(new VcpuKey((int) rc.guestId(), (int) target)));
    rc.guestManager().tell(new GuestManager.Prod((int) target));
    answer(0xE8, H_SUCCESS);
  }

  /** {@code H_CEDE}: idle until an interrupt is pending (an injection, a prod, the decrementer). */
  private void cede() {
    stats.l2Hcall(0xE0, H_SUCCESS);
    trace.l2Hcall(time, rc.guest().name(), vcpu, 0xE0, H_SUCCESS);
    set(Gsid.gpr(3), H_SUCCESS);
    if (prodPending || pendingExternal || pendingDoorbell || pendingReset) {
      // A prod that came while the vCPU was not ceded makes this cede return at once, and is used up.
      prodPending = false;
      run();
      return;
    }
    need(new int[] {Gsid.DEC_EXPIRY_TB}, () -> {
      if (stopRequested) {
        // The L1 stopped the vCPU while its GET was out: do not cede, report.
        finishStop();
        return;
      }
      int epoch = ++wakeEpoch;
      long wakeAt = Math.max(time, cache.get(Gsid.DEC_EXPIRY_TB));
      rc.clock().tell(new Clock.Schedule<>(wakeAt, EventKind.WAKE, wakeKey(epoch), getContext().getSelf(),
          new Wake(epoch, wakeAt)));
      release();
      state = State.CEDED;
    });
  }

  /**
   * The decrementer's wake-up. It holds a key of its own ({@link #wakeKey(int)}): released once the run
   * it starts has joined the clock (at its first exit, or when no run follows), or at once when it is
   * stale (the vCPU was woken otherwise, or stopped).
   */
  private Behavior<Command> onWake(Wake w) {
    if (state == State.CEDED && w.epoch() == wakeEpoch) {
      time = Math.max(time, w.at());
      joinPending = true;
      heldWake = w.epoch();
      run();
    } else {
      rc.clock().tell(new Clock.Ack(wakeKey(w.epoch())));
    }
    return this;
  }

  /**
   * The clock key wake-up {@code epoch} of this runner holds: its own, neither the vCPU's nor another
   * wake-up's. The clock keeps a set of held keys, so a shared key would let one acknowledgement release
   * another's hold: a stale wake-up delivered at the same boundary as the current one, or, since guest
   * ids are reused after a delete, a stopped runner's late wake-up and the next runner of the same vCPU.
   */
  private VcpuKey wakeKey(int epoch) {
    return new VcpuKey(KvmL1.WAKE_KEYS + serial, epoch);
  }

  private Behavior<Command> onProdded() {
    prodPending = true;
    wakeOrAcknowledge();
    return this;
  }

  private Behavior<Command> onInject(Inject i) {
    time = Math.max(time, i.time());
    switch (i.kind()) {
      case "external-interrupt" -> pendingExternal = true;
      case "doorbell" -> pendingDoorbell = true;
      case "system-reset" -> pendingReset = true;
      default -> {
        // A kick: ends the run in progress; nothing is pending afterwards.
        if (state == State.RUNNING) {
          route.tell(new L0Protocol.Kick(rc.guestId(), vcpu));
          trace.injected(time, "kick", rc.guest().name(), vcpu, "kick");
        }
        acknowledge();
        return this;
      }
    }
    wakeOrAcknowledge();
    return this;
  }

  /** A ceded vCPU runs again (its join clears the waker's hold); a running one is kicked. */
  private void wakeOrAcknowledge() {
    if (state == State.CEDED && !stopRequested) {
      wakeEpoch++;
      prodPending = false;
      joinPending = true;
      run();
      return;
    }
    if (state == State.RUNNING) {
      route.tell(new L0Protocol.Kick(rc.guestId(), vcpu));
    }
    acknowledge();
  }

  /**
   * Clears the waker's hold on this vCPU's key; while the vCPU's join is still to come, only at the
   * run's first exit (a running vCPU has been kicked, so that exit comes at the latest at the end of
   * the quantum).
   */
  private void acknowledge() {
    if (joinPending) {
      ackDeferred = true;
    } else {
      rc.clock().tell(new Clock.Ack(key()));
    }
  }

  // ---- halting and stopping ----

  private void fatal(String reason) {
    halt(reason, true);
  }

  private void halt(String reason, boolean fatal) {
    state = State.HALTED;
    rc.monitor().vcpuEnded();
    stats.halted(reason, fatal);
    trace.lifecycle(time, "halt", rc.guest().name(), vcpu, reason);
    // The host hears of the halt before the clock can: releasing the last vCPU makes the run quiescent,
    // and a quiescence report that overtook this message would end the run as "quiescent".
    rc.host().tell(new KvmL1.Halted(rc.guest().name(), vcpu));
    release();
    if (stopRequested) {
      finishStop();
    }
  }

  /** The L1 CPU is done with the vCPU: it no longer holds the simulated clock. */
  private void release() {
    if (held) {
      held = false;
      route.tell(new L0Protocol.Release(rc.guestId(), vcpu));
    } else if (joinPending) {
      // No run joined after all (it failed, or the runner stopped first): clear the holds the join would have.
      rc.clock().tell(new Clock.Ack(key()));
    }
    if (heldWake >= 0) {
      rc.clock().tell(new Clock.Ack(wakeKey(heldWake)));
      heldWake = -1;
    }
    joinPending = false;
    ackDeferred = false;
  }

  private Behavior<Command> onStop(Stop stop) {
    stopRequested = true;
    endOfRun = stop == Stop.END_OF_RUN;
    switch (state) {
      case RUNNING -> route.tell(new L0Protocol.Kick(rc.guestId(), vcpu));
      case HANDLING -> { }
      default -> finishStop();
    }
    return this;
  }

  /**
   * After the final report a waker's hold is cleared. No run is in flight then (a stop waits for the
   * exit of the run it kicks), so an exit is an L0's second answer, or one for a guest whose delete
   * succeeded: with the oracle on the host records it ({@code answer-after-stop}); either way it is
   * dropped.
   */
  private Behavior<Command> afterStop(Command m) {
    if (m instanceof Wake w) {
      rc.clock().tell(new Clock.Ack(wakeKey(w.epoch())));
    } else if (m instanceof Prodded || m instanceof Inject) {
      rc.clock().tell(new Clock.Ack(key()));
    } else if (m instanceof Ran r) {
      if (oracle != null) {
        rc.host().tell(new KvmL1.Violated(new L1Report.Violation("answer-after-stop", cpuName(), "the L0 answered "
            + "a run after the runner of guest " + rc.guestId() + " stopped: " + describe(r.result())), false));
      }
      // Not released either: a Release on its way after a delete could reach the next guest of the same id.
    }
    return this;
  }

  private void finishStop() {
    if (reported) {
      return;
    }
    reported = true;
    release();
    trace.flushExits();
    if (state != State.HALTED) {
      state = State.STOPPED;
      rc.monitor().vcpuEnded();
    }
    rc.host().tell(new KvmL1.Stopped(stats.report(time)));
  }
}

