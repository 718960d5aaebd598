package org.nestsim.l1;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.nestsim.hcall.HcallResult;
import org.nestsim.l0.L0Protocol;
import org.nestsim.memory.L1Memory;
import org.nestsim.sched.Clock;
import org.nestsim.sched.EventKind;
import org.nestsim.sched.VcpuKey;
import org.nestsim.trace.ConsoleEvent;
import org.nestsim.trace.ExitEvent;
import org.nestsim.trace.HcallEvent;
import org.nestsim.trace.LifecycleEvent;
import org.nestsim.trace.TraceEvent;
import org.nestsim.trace.TraceWriter;

/**
 * The KVM-like L1 (spec §7): a model of Linux KVM's nestedv2 host, built only on {@link L0Protocol}. It
 * boots every guest ({@link GuestBoot}), starts one {@link VcpuRunner} (an L1 CPU) per L2 vCPU and one
 * {@link GuestManager} per guest, carries out the scenario's events (injections, deletes, kexec) at
 * their times, records the trace, and ends the run when every vCPU halted, the run is quiescent or a
 * limit is reached — then stops the runners, reads the registers the plan asks for, and reports.
 *
 * <p>Its own work takes no simulated time: it holds the clock on key (0, 0) while it boots or handles
 * an event, and holds a runner's key before it wakes that runner.
 */
public final class KvmL1 extends AbstractBehavior<KvmL1.Command> {
  /** The L1's own clock key (guest ids start at 1). */
  static final VcpuKey HOST_KEY = new VcpuKey(0, 0);
  /**
   * Event {@code i} of the plan holds the clock on key (0, {@code EVENT_KEYS + i}) until the L1 has
   * handled it: one key per event, since the clock keeps a set of held keys, and an event delivered at
   * the same boundary as another must not be released by the other's acknowledgement. (Adversaries use
   * (0, 1…64).)
   */
  static final int EVENT_KEYS = 1 << 20;
  /**
   * Wake-up {@code e} of runner {@code n} (in spawn order) holds the clock on ({@code WAKE_KEYS + n},
   * {@code e}): above every guest id, one key per wake-up.
   */
  static final int WAKE_KEYS = org.nestsim.hcall.GuestId.MAX + 1;
  /** Piece {@code n} of the L1's own work that is no event's holds the clock on (0, {@code PIECE_KEYS + n}). */
  static final int PIECE_KEYS = 1 << 30;

  /** The host's protocol. */
  public sealed interface Command permits Traced, ExitsCounted, Halted, Stopped, Printed, Answered, EventDue,
      Limit, GuestReported, Violated, Inspected, AdversaryReported, EndRun, Noted, BootRefused {}

  /**
   * Something the user should know, from a runner (noted once per text); {@code vpaRefused}: the L0
   * refused a VPA, so later boots register none.
   */
  record Noted(String text, boolean vpaRefused) implements Command {}

  /** The L0 refused to set up a vCPU of guest {@code guest} (id {@code id}): the guest's boot failed. */
  record BootRefused(String guest, long id, String what) implements Command {}

  /**
   * End the run now, as a limit would ({@code limits.requested}): sent from outside the simulation (the
   * command line's {@code --duration}, through {@link RunMonitor#hostStarted}), so only in parallel runs,
   * where no order is promised. Unfinished vCPUs are stopped; guests not booted yet are not booted.
   */
  public enum EndRun implements Command { INSTANCE }

  /** A trace event from a runner or guest manager. */
  record Traced(TraceEvent event) implements Command {}

  /** Exits counted by a runner since it last said (untraced runs). */
  record ExitsCounted(int exits) implements Command {}

  /** A vCPU halted for good. */
  record Halted(String guest, int vcpu) implements Command {}

  /** A runner stopped; its account. */
  record Stopped(RunnerStats.Report report) implements Command {}

  /** A guest printed {@code text}. */
  record Printed(long time, String guest, String text) implements Command {}

  /**
   * The stress oracle saw a forbidden outcome: one outside any runner's account ({@code where}: the
   * guest or vCPU), or a runner's first ({@code counted}: already in its {@link RunnerStats}). With the
   * oracle on, the first violation ends the run.
   */
  record Violated(L1Report.Violation violation, boolean counted) implements Command {}

  private record Answered(HcallResult result) implements Command {}

  private record Inspected(L0Protocol.Inspection inspection) implements Command {}

  private record EventDue(int index) implements Command {}

  private record Limit(Clock.LimitReached limit) implements Command {}

  private record GuestReported(GuestManager.GuestReport report) implements Command {}

  private record AdversaryReported(long requests) implements Command {}

  final L1Plan plan;
  final L1Memory memory;
  final L1Allocator allocator;
  final ActorRef<L0Protocol.Request> l0;
  final ActorRef<Clock.Command> clock;
  private final TraceWriter trace;
  private final RunMonitor monitor;
  private final ActorRef<L1Report> done;
  private final ActorRef<HcallResult> answers;
  final List<GuestRun> guests = new ArrayList<>();
  final List<String> notes = new ArrayList<>();
  boolean vpaRefused;
  private final List<RunnerStats.Report> reports = new ArrayList<>();
  private final Map<String, String> console = new TreeMap<>();
  private final Deque<Piece> work = new ArrayDeque<>();
  private Consumer<HcallResult> continuation;
  private Consumer<L0Protocol.Inspection> inspectContinuation;
  private final List<L1Report.Violation> violations = new ArrayList<>();
  private Function<HcallResult, HcallEvent> traceOf;
  private boolean busy;
  /** {@link #next()} is running its loop; {@link #finishedInside}: a piece finished within it. */
  private boolean stepping;
  /** The key of the event whose piece is running, released when it is done. */
  private VcpuKey heldEvent;
  private boolean finishedInside;
  private int stopsPending;
  private Runnable afterStops;
  private long exits;
  long time;
  /** The latest simulated time the L1 saw (exits, limits): the run's end time. */
  private long latest;
  private String end;
  /** An end that came while a piece of the L1's own work was in progress: it ends the run after the piece. */
  private String endPending;
  /** Guests a boot left unbooted because the run was ending ({@link GuestBoot}). */
  final List<GuestRun> notBooted = new ArrayList<>();
  private int reportsPending;
  private final Map<String, Map<Integer, Long>> registers = new LinkedHashMap<>();
  private final List<ActorRef<Adversary.Command>> adversaries = new ArrayList<>();
  private long adversaryRequests;
  private int runners;
  private int pieces;

  private KvmL1(ActorContext<Command> context, L1Plan plan, L1Memory memory, ActorRef<L0Protocol.Request> l0,
      ActorRef<Clock.Command> clock, TraceWriter trace, RunMonitor monitor, ActorRef<L1Report> done) {
    super(context);
    this.monitor = monitor;
    this.plan = plan;
    this.memory = memory;
    this.allocator = new L1Allocator(0x1_0000, memory.size());
    this.l0 = l0;
    this.clock = clock;
    this.trace = trace;
    this.done = done;
    this.answers = context.messageAdapter(HcallResult.class, Answered::new);
    for (GuestPlan g : plan.guests()) {
      guests.add(new GuestRun(g));
    }
  }

  /**
   * An L1 that runs {@code plan} on the L0 {@code l0} and reports to {@code done}, then stops.
   *
   * @param trace where trace events go, or null for an untraced run
   */
  public static Behavior<Command> create(L1Plan plan, L1Memory memory, ActorRef<L0Protocol.Request> l0,
      ActorRef<Clock.Command> clock, TraceWriter trace, ActorRef<L1Report> done) {
    return create(plan, memory, l0, clock, trace, RunMonitor.NONE, done);
  }

  /** As {@link #create(L1Plan, L1Memory, ActorRef, ActorRef, TraceWriter, ActorRef)}, watched by {@code monitor}. */
  public static Behavior<Command> create(L1Plan plan, L1Memory memory, ActorRef<L0Protocol.Request> l0,
      ActorRef<Clock.Command> clock, TraceWriter trace, RunMonitor monitor, ActorRef<L1Report> done) {
    return Behaviors.setup(context -> {
      KvmL1 host = new KvmL1(context, plan, memory, l0, clock, trace, monitor, done);
      host.begin();
      return host;
    });
  }

  private void begin() {
    clock.tell(new Clock.Hold(HOST_KEY));
    clock.tell(new Clock.WatchLimits(plan.instructionLimit(), plan.timeLimit(), plan.ticksPerInstruction(),
        getContext().messageAdapter(Clock.LimitReached.class, Limit::new), true));
    for (int i = 0; i < plan.events().size(); i++) {
      L1Plan.PlannedEvent e = plan.events().get(i);
      EventKind kind = switch (e.kind()) {
        case "kick" -> EventKind.KICK;
        case "delete", "recreate", "kexec" -> EventKind.SCENARIO_EVENT;
        default -> EventKind.INJECTION;
      };
      clock.tell(new Clock.Schedule<>(e.at(), kind, eventKey(i), getContext().getSelf(), new EventDue(i)));
    }
    L1Plan.Adversaries a = plan.adversaries();
    int vcpus = guests.stream().mapToInt(g -> g.plan.vcpus()).max().orElse(1);
    for (int i = 0; i < a.count(); i++) {
      adversaries.add(getContext().spawn(Adversary.create(new Adversary.KvmL1Link(l0, clock, getContext().getSelf(),
          memory), i, plan.seed(), allocator.allocate(4096, 4096), 1 + i, a.until(), guests.size(), vcpus),
          "adversary-" + i));
    }
    perform(() -> new GuestBoot(this, 0).negotiate());
    monitor.hostStarted(getContext().getSelf().narrow());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Answered.class, a -> onAnswered(a.result()))
        .onMessage(Traced.class, t -> onTraced(t.event()))
        .onMessage(ExitsCounted.class, c -> countExits(c.exits()))
        .onMessage(Halted.class, this::onHalted)
        .onMessage(Stopped.class, this::onStopped)
        .onMessage(Printed.class, this::onPrinted)
        .onMessage(EventDue.class, e -> onEventDue(e.index()))
        .onMessage(Limit.class, l -> onLimit(l.limit()))
        .onMessage(GuestReported.class, this::onGuestReported)
        .onMessage(Violated.class, this::onViolated)
        .onMessage(Noted.class, n -> {
          vpaRefused |= n.vpaRefused();
          note(n.text());
          return this;
        })
        .onMessage(BootRefused.class, this::onBootRefused)
        .onMessage(AdversaryReported.class, r -> {
          adversaryRequests += r.requests();
          return onGuestReported(null);
        })
        .onMessage(Inspected.class, i -> {
          Consumer<L0Protocol.Inspection> then = inspectContinuation;
          inspectContinuation = null;
          then.accept(i.inspection());
          return this;
        })
        .onMessage(EndRun.class, e -> {
          requestEnd("limits.requested");
          return this;
        })
        .build();
  }

  // ---- the L1's own work, one piece at a time ----

  /** Queues a piece of work; pieces run one after the other, each ending with {@link #finished()}. */
  void perform(Runnable piece) {
    VcpuKey key = new VcpuKey(0, PIECE_KEYS + pieces++);
    clock.tell(new Clock.Hold(key));
    perform(key, piece);
  }

  /**
   * A piece of the L1's work and the clock key it holds until it is done: its event's, or one of its own
   * (the L1's work takes no simulated time).
   */
  private record Piece(VcpuKey event, Runnable run) {}

  private void perform(VcpuKey event, Runnable piece) {
    work.add(new Piece(event, piece));
    if (!busy) {
      next();
    }
  }

  /**
   * Runs the queued pieces one after the other. A piece that finishes at once (an injection) calls
   * {@link #finished()} from inside this loop, which only marks that the loop goes on: thousands of
   * injections queued while the L1 was busy must not nest thousands of calls.
   */
  private void next() {
    if (stepping) {
      finishedInside = true;
      return;
    }
    stepping = true;
    try {
      do {
        finishedInside = false;
        if (heldEvent != null) {
          clock.tell(new Clock.Ack(heldEvent)); // the event's piece is done
          heldEvent = null;
        }
        if (endPending != null) {
          // The run ends: the events still queued are not carried out, and hold the clock no longer.
          work.forEach(p -> {
            if (p.event() != null) {
              clock.tell(new Clock.Ack(p.event()));
            }
          });
          work.clear();
        }
        Piece piece = work.poll();
        if (piece == null) {
          busy = false;
          if (endPending != null && end == null) {
            clock.tell(new Clock.Ack(HOST_KEY)); // time may run again: the stop kicks running vCPUs
            finish(endPending);
          } else if (end == null) {
            clock.tell(new Clock.Ack(HOST_KEY));
          }
          return;
        }
        busy = true;
        heldEvent = piece.event();
        piece.run().run();
      } while (finishedInside);
    } finally {
      stepping = false;
    }
  }

  /** The current piece of work is done. */
  void finished() {
    next();
  }

  /** Issues one hcall of the L1's own, traced with {@code opcode}, R4 and R5; {@code then} gets its answer. */
  void call(Function<ActorRef<HcallResult>, L0Protocol.Request> request, long opcode, long r4, long r5,
      Consumer<HcallResult> then) {
    call(request, r -> HcallEvent.of(time, "l1", opcode, r4, r5, 0, 0, 0, r), then);
  }

  /** Issues one hcall; {@code then} gets its answer. */
  void call(Function<ActorRef<HcallResult>, L0Protocol.Request> request, Function<HcallResult, HcallEvent> traced,
      Consumer<HcallResult> then) {
    continuation = then;
    traceOf = traced;
    l0.tell(request.apply(answers));
  }

  /** Reads the L0's vCPU 0 of guest {@code guest} ({@link L0Protocol.Inspect}, no registers); {@code then} gets it. */
  void inspect(long guest, Consumer<L0Protocol.Inspection> then) {
    inspectContinuation = then;
    l0.tell(new L0Protocol.Inspect(guest, 0, List.of(), getContext().messageAdapter(L0Protocol.Inspection.class,
        Inspected::new)));
  }

  /** Records a violation the host itself saw (the stress oracle); the first ends the run. */
  void violation(String outcome, String where, String detail) {
    onViolated(new Violated(new L1Report.Violation(outcome, where, detail), false));
  }

  private Behavior<Command> onViolated(Violated v) {
    if (!v.counted()) {
      violations.add(v.violation());
    }
    if (trace != null) {
      record(new LifecycleEvent(time, "violation", v.violation().where(), -1, v.violation().outcome() + ": "
          + v.violation().detail()));
    }
    requestEnd("violation");
    return this;
  }

  /**
   * Ends the run at a limit or a violation, now — or, while a piece of the L1's own work is in progress
   * (a boot, a delete, a kexec, whose hcalls and stops are under way), as soon as that piece is done: a
   * boot stops at its next hcall's answer ({@link #ending()}).
   */
  private void requestEnd(String why) {
    if (end != null || endPending != null) {
      return;
    }
    if (busy) {
      endPending = why;
    } else {
      finish(why);
    }
  }

  private Behavior<Command> onAnswered(HcallResult r) {
    if (trace != null) {
      record(traceOf.apply(r));
    }
    Consumer<HcallResult> then = continuation;
    continuation = null;
    then.accept(r);
    return this;
  }

  /** Notes something the user should know, once per text. */
  void note(String text) {
    if (!notes.contains(text)) {
      notes.add(text);
      if (trace != null) {
        record(new LifecycleEvent(time, "note", null, -1, text));
      }
    }
  }

  void record(TraceEvent e) {
    trace.write(e);
  }

  // ---- runners ----

  /** Starts the runners of a booted guest at the current time; their keys are held until they run. */
  void startRunners(GuestRun g, List<VcpuRunner.Start> starts) {
    for (int v = 0; v < g.runners.size(); v++) {
      clock.tell(new Clock.Hold(new VcpuKey((int) g.id, v)));
      g.runners.get(v).tell(starts.get(v));
    }
  }

  /**
   * A vCPU of a booted guest could not be set up (spec §7.1: the L0 ran out of vCPUs, say): as a boot
   * refused by the L0, the guest is given up — its runners stopped, what the L0 has of it deleted — once
   * the L1's current work is done. A refusal from an earlier incarnation of the guest is stale.
   */
  private Behavior<Command> onBootRefused(BootRefused b) {
    perform(() -> {
      GuestRun g = find(b.guest());
      if (g == null || g.id != b.id() || g.deleted || g.refused || end != null) {
        finished();
        return;
      }
      note("boot of " + g.plan.name() + ": " + b.what());
      g.refused = true;
      stopRunners(List.of(g), () -> new GuestLifecycle(this).discard(g, this::finished));
    });
    return this;
  }

  ActorRef<VcpuRunner.Command> spawnRunner(RunnerContext rc, int vcpu, long input, long incarnation) {
    return getContext().spawn(VcpuRunner.create(rc, vcpu, input, runners++),
        "runner-" + rc.guest().name() + "-" + vcpu + "-" + incarnation);
  }

  ActorRef<GuestManager.Command> spawnGuestManager(GuestRun g, long incarnation) {
    return getContext().spawn(GuestManager.create(g.plan, memory, allocator, g.tree, getContext().getSelf()),
        "guest-" + g.plan.name() + "-" + incarnation);
  }

  boolean traced() {
    return trace != null;
  }

  RunMonitor monitor() {
    return monitor;
  }

  /** Stops every runner of {@code stopping} (a delete or kexec), then runs {@code then}. */
  void stopRunners(List<GuestRun> stopping, Runnable then) {
    stopRunners(stopping, VcpuRunner.Stop.LIFECYCLE, then);
  }

  private void stopRunners(List<GuestRun> stopping, VcpuRunner.Stop why, Runnable then) {
    int n = 0;
    for (GuestRun g : stopping) {
      for (ActorRef<VcpuRunner.Command> r : g.runners) {
        r.tell(why);
        n++;
      }
      g.runners.clear();
    }
    stopsPending = n;
    afterStops = then;
    if (n == 0) {
      afterStops = null;
      then.run();
    }
  }

  private Behavior<Command> onStopped(Stopped s) {
    reports.add(s.report());
    latest = Math.max(latest, s.report().time());
    if (--stopsPending == 0 && afterStops != null) {
      Runnable then = afterStops;
      afterStops = null;
      then.run();
    }
    return this;
  }

  private Behavior<Command> onHalted(Halted h) {
    GuestRun g = find(h.guest());
    g.halted.set(h.vcpu());
    boolean all = guests.stream().filter(x -> !x.deleted).allMatch(GuestRun::allHalted);
    if (all && end == null && !busy) {
      finish("halted");
    }
    return this;
  }

  // ---- events ----

  private static VcpuKey eventKey(int index) {
    return new VcpuKey(0, EVENT_KEYS + index);
  }

  private Behavior<Command> onEventDue(int index) {
    L1Plan.PlannedEvent e = plan.events().get(index);
    if (end != null || endPending != null) {
      clock.tell(new Clock.Ack(eventKey(index)));
      return this;
    }
    monitor.eventCarriedOut();
    perform(eventKey(index), () -> {
      time = Math.max(time, e.at());
      switch (e.kind()) {
        case "delete" -> new GuestLifecycle(this).delete(e.guest());
        case "recreate" -> new GuestLifecycle(this).recreate(e.guest());
        case "kexec" -> new GuestLifecycle(this).kexec();
        default -> inject(e);
      }
    });
    return this;
  }

  private void inject(L1Plan.PlannedEvent e) {
    GuestRun g = find(e.guest());
    if (g == null || g.deleted || e.vcpu() >= g.runners.size()) {
      note("event at " + e.at() + ": " + e.kind() + " for " + e.guest() + "/" + e.vcpu() + ", which is not running");
    } else {
      clock.tell(new Clock.Hold(new VcpuKey((int) g.id, e.vcpu())));
      g.runners.get(e.vcpu()).tell(new VcpuRunner.Inject(time, e.kind()));
    }
    finished();
  }

  GuestRun find(String name) {
    for (GuestRun g : guests) {
      if (g.plan.name().equals(name)) {
        return g;
      }
    }
    return null;
  }

  // ---- accounting ----

  private Behavior<Command> onTraced(TraceEvent e) {
    record(e);
    if (e instanceof ExitEvent exit) {
      latest = Math.max(latest, exit.time());
      countExits(1);
    }
    return this;
  }

  private Behavior<Command> countExits(int n) {
    exits += n;
    if (exits >= plan.exitLimit()) {
      requestEnd("limits.exits");
    }
    return this;
  }

  private Behavior<Command> onPrinted(Printed p) {
    console.merge(p.guest(), p.text(), String::concat);
    if (trace != null) {
      record(new ConsoleEvent(p.time(), p.guest(), p.text()));
    }
    return this;
  }

  private Behavior<Command> onLimit(Clock.LimitReached l) {
    time = Math.max(time, l.now());
    if (!("quiescent".equals(l.limit()) && busy)) {
      requestEnd("quiescent".equals(l.limit()) ? "quiescent" : "limits." + l.limit());
    }
    return this;
  }

  // ---- the end ----

  /** Whether the run is to end once the current piece of work is done. */
  boolean ending() {
    return endPending != null;
  }

  private void finish(String why) {
    end = why;
    time = Math.max(time, latest);
    if (trace != null) {
      record(new LifecycleEvent(time, "end", null, -1, why));
    }
    List<GuestRun> running = guests.stream().filter(g -> !g.deleted).toList();
    stopRunners(running, VcpuRunner.Stop.END_OF_RUN,
        () -> new FinalRegisters(this, registers, this::reportConsoles).read());
  }

  private void reportConsoles() {
    List<GuestRun> live = guests.stream().filter(g -> g.manager != null).toList();
    reportsPending = live.size() + adversaries.size();
    ActorRef<Long> adversaryAdapter = getContext().messageAdapter(Long.class, AdversaryReported::new);
    adversaries.forEach(a -> a.tell(new Adversary.Finish(adversaryAdapter)));
    for (GuestRun g : guests) {
      console.putIfAbsent(g.plan.name(), "");
    }
    if (reportsPending == 0) {
      report();
      return;
    }
    ActorRef<GuestManager.GuestReport> adapter =
        getContext().messageAdapter(GuestManager.GuestReport.class, GuestReported::new);
    for (GuestRun g : live) {
      g.manager.tell(new GuestManager.Report(adapter));
    }
  }

  private Behavior<Command> onGuestReported(GuestReported r) {
    if (--reportsPending == 0) {
      report();
    }
    return this;
  }

  private void report() {
    if (!adversaries.isEmpty()) {
      note(adversaries.size() + " adversary L1 CPUs made " + adversaryRequests + " requests");
    }
    List<String> halted = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    for (GuestRun g : guests) {
      if (!g.deleted && g.allHalted()) {
        halted.add(g.plan.name());
      }
      if (g.refused) {
        refused.add(g.plan.name());
      }
    }
    for (GuestRun g : notBooted) {
      // The end came before these guests were booted: their vCPUs never ran (not-finished, not lost).
      for (int v = 0; v < g.plan.vcpus(); v++) {
        reports.add(new RunnerStats(g.plan.name(), v).report(time));
      }
    }
    done.tell(new L1Report(end, Math.max(time, latest), List.copyOf(reports), Map.copyOf(console), List.copyOf(halted),
        Map.copyOf(registers), List.copyOf(notes), trace == null ? null : trace.hash(),
        trace == null ? 0 : trace.events(), List.copyOf(refused), List.copyOf(violations)));
  }

  /** Continues with {@code then} once the answer of {@code call} arrived (used by the helpers). */
  ActorRef<HcallResult> answers() {
    return answers;
  }
}
