package org.nestsim.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.nestsim.hcall.Hcall;
import org.nestsim.hcall.HcallResult;
import org.nestsim.l0.L0Config;
import org.nestsim.l0.L0Protocol;
import org.nestsim.l0.L0Supervisor;
import org.nestsim.memory.SparseMemory;
import org.nestsim.sched.Clock;
import org.nestsim.trace.TraceWriter;

/**
 * The conformance L1 of {@code l1.model: script} (scenario-format.md, "Script steps"): issues each
 * step in order, checks its result before the next, and reports every failed expectation as a line.
 * With {@code threads}, each named list is an L1 CPU: its steps run in order, the lists concurrently,
 * interleaved by the dispatcher (fixed by the seed in deterministic mode).
 *
 * <p>The runner owns the run: it spawns the {@link Clock} and the {@link L0Supervisor} as its children
 * over a fresh L1 memory; once it has reported, the session stops it and them. Each L1 CPU has a tiny forwarding
 * child, so that answers say whose they are. A script talks to the L0 only through {@link
 * L0Protocol}, as an L1 would; after each run it {@linkplain L0Protocol.Release releases} the vCPU
 * (the L1 CPU is done with it), and the steps that are not hcalls ({@code memory}, {@code map}) are
 * what an L1 does in its own memory.
 */
public final class ScriptRunner extends AbstractBehavior<ScriptRunner.Command> {

  /** The runner's messages. */
  public sealed interface Command permits Answered, LimitHit {}

  /** An answer to the hcall L1 CPU {@code cpu} issued. */
  private record Answered(int cpu, Object answer) implements Command {}

  /** The clock stopped the run at a limit. */
  private record LimitHit(Clock.LimitReached limit) implements Command {}

  private final Scenario scenario;
  private final SparseMemory memory;
  private final ActorRef<L0Protocol.Command> l0;
  private final ActorRef<RunReport> done;
  private final TraceWriter trace;
  private final List<List<StepCursor>> phases = new ArrayList<>();
  private final List<StepCursor> cursors = new ArrayList<>();
  private final Bindings bindings = new Bindings();
  private final ScriptLayout layout;
  private final StepIssuer issuer;
  private final List<String> failures = new ArrayList<>();
  private final List<String> transcript = new ArrayList<>();
  private final Map<String, Long> exits = new LinkedHashMap<>();
  private int phase;

  private ScriptRunner(ActorContext<Command> context, Scenario scenario, L0Config config, TraceWriter trace,
      ActorRef<RunReport> done) {
    super(context);
    this.trace = trace;
    this.scenario = scenario;
    this.done = done;
    this.memory = new SparseMemory(scenario.l1().memory());
    ActorRef<Clock.Command> clock = context.spawn(Clock.create(config.quantumTicks()), "clock");
    this.l0 = context.spawn(L0Supervisor.create(config, memory, clock), "l0");
    clock.tell(new Clock.WatchLimits(scenario.limits().instructions(), scenario.limits().time(),
        config.ticksPerInstruction(), context.messageAdapter(Clock.LimitReached.class, LimitHit::new)));
    Script script = scenario.l1().script();
    if (script.isThreaded()) {
      addPhase(List.of(new Named("setup", script.setup())));
      List<Named> threads = new ArrayList<>();
      script.threads().forEach((name, steps) -> threads.add(new Named(name, steps)));
      addPhase(threads);
      addPhase(List.of(new Named("teardown", script.teardown())));
    } else {
      addPhase(List.of(new Named(null, script.steps())));
    }
    this.layout = new ScriptLayout(script, cursors.size(), memory.size());
    this.issuer = new StepIssuer(memory, layout, bindings, trace);
  }

  private record Named(String name, List<Step> steps) {}

  private void addPhase(List<Named> lists) {
    List<StepCursor> phaseCursors = new ArrayList<>();
    for (Named n : lists) {
      if (n.steps().isEmpty() && n.name() != null && lists.size() == 1) {
        continue;
      }
      int number = cursors.size();
      ActorRef<Object> forwarder = getContext().spawn(forwarder(getContext().getSelf(), l0, number), "l1-cpu-" + number);
      StepCursor c = new StepCursor(number, n.name(), n.steps(), forwarder);
      cursors.add(c);
      phaseCursors.add(c);
    }
    if (!phaseCursors.isEmpty()) {
      phases.add(phaseCursors);
    }
  }

  /**
   * What the runner asks an L1 CPU to send to the L0; with {@code acknowledge}, the CPU reports {@link
   * #SENT} once it has (a kick is done when it is on its way, not when the runner asked for it).
   */
  record Send(L0Protocol.Request request, boolean acknowledge) {
    Send(L0Protocol.Request request) {
      this(request, false);
    }
  }

  /** An L1 CPU's report that an acknowledged {@link Send} left. */
  static final Object SENT = "sent";

  /**
   * An L1 CPU: sends the requests the runner gives it, from itself, so that the dispatcher interleaves
   * the CPUs' hcalls as it would real L1 CPUs'; and tells the runner the answers, tagged with its number.
   */
  private static Behavior<Object> forwarder(ActorRef<Command> runner, ActorRef<L0Protocol.Command> l0, int cpu) {
    return Behaviors.receive(Object.class)
        .onMessage(Send.class, send -> {
          l0.tell(send.request());
          if (send.acknowledge()) {
            runner.tell(new Answered(cpu, SENT));
          }
          return Behaviors.same();
        })
        .onAnyMessage(m -> {
          runner.tell(new Answered(cpu, m));
          return Behaviors.same();
        }).build();
  }

  /**
   * Runs {@code scenario}'s script and reports to {@code done}, then ignores everything until the
   * session stops it (with the L0 and clock).
   *
   * @param config the L0 the scenario asks for
   * @param trace the run's trace, or null for an untraced run
   */
  public static Behavior<Command> create(Scenario scenario, L0Config config, TraceWriter trace,
      ActorRef<RunReport> done) {
    return Behaviors.setup(context -> {
      ScriptRunner runner = new ScriptRunner(context, scenario, config, trace, done);
      return runner.start();
    });
  }

  private Behavior<Command> start() {
    if (!layout.fits()) {
      failures.add(scenario.file() + ": l1.memory: " + memory.size()
          + " bytes leave no room for the runner's GSB areas above the ranges the file names");
      return finish();
    }
    return pump();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Answered.class, this::onAnswered)
        .onMessage(LimitHit.class, this::onLimitHit)
        .build();
  }

  private Behavior<Command> onAnswered(Answered a) {
    StepCursor c = cursors.get(a.cpu());
    String label = c.label();
    for (String p : issuer.answered(c, a.answer(), exits)) {
      failures.add(scenario.file() + ": " + label + ": " + p);
    }
    transcript.add(label + ": " + issuer.lastOutcome);
    return pump();
  }

  private Behavior<Command> onLimitHit(LimitHit hit) {
    Clock.LimitReached l = hit.limit();
    for (StepCursor c : cursors) {
      if (c.waiting()) {
        failures.add(scenario.file() + ": " + c.label() + ": no answer before limits." + l.limit() + " ("
            + l.value() + ") was reached at time " + l.now());
      }
    }
    failures.add(scenario.file() + ": limits." + l.limit() + " (" + l.value()
        + ") reached before the script finished");
    return finish();
  }

  /** Issues every step that can go now; moves to the next phase, or finishes, when a phase is done. */
  private Behavior<Command> pump() {
    while (phase < phases.size()) {
      List<StepCursor> current = phases.get(phase);
      boolean waiting = false;
      for (StepCursor c : current) {
        issuer.advance(c, failures, scenario.file());
        waiting |= c.waiting();
      }
      if (waiting) {
        return this;
      }
      boolean blocked = false;
      for (StepCursor c : current) {
        if (c.blockedOn() != null) {
          blocked = true;
          failures.add(scenario.file() + ": " + c.label() + ": $" + c.blockedOn() + " is never bound");
        }
      }
      if (blocked) {
        return finish();
      }
      phase++;
    }
    return finish();
  }

  private Behavior<Command> finish() {
    failures.addAll(FinalExpectations.check(scenario, exits, trace == null ? null : trace.hash()));
    done.tell(new RunReport(scenario.file(), List.copyOf(failures), Map.copyOf(exits),
        List.copyOf(transcript), trace == null ? null : trace.hash()));
    return Behaviors.ignore(); // the session stops the run once it has the report
  }

  /** The name of an hcall for failure lines: {@code H_GUEST_RUN_VCPU}, or the opcode in hex. */
  static String hcallName(long opcode) {
    return Hcall.fromOpcode(opcode).map(Enum::name).orElse("0x" + Long.toHexString(opcode));
  }

  /** A failed hcall answer: the shared form of an {@link HcallResult} in failure lines. */
  static String describe(HcallResult r) {
    return StepCheck.rcName(r.rc()) + " (" + r.rc() + ")";
  }
}
