package org.nestsim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nestsim.l1.L1Bug;
import org.nestsim.l1.L1Report;
import org.nestsim.scenario.RunSession;
import org.nestsim.stress.StressMeter;
import org.nestsim.stress.StressPlan;
import org.nestsim.stress.StressRun;
import org.nestsim.stress.StressVerdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nestsim stress}: generates L2 programs from a seed for G×V vCPUs ({@code org.nestsim.stress}),
 * runs them under the KVM-like L1 with a live progress line on stderr, and prints the run's {@link
 * RunSummary}, exit round-trip latency percentiles, the heap per vCPU and a jcstress-style outcome table
 * (or one JSON object with {@code --json}). Exit 0 when no forbidden outcome was seen, 1 otherwise (with a
 * one-line reproducer), 2 for bad options. {@link #options()} is the one reading of the options: {@code
 * nestsim replay} parses a recorded stress command line with this class and regenerates its plan.
 */
@Command(
    name = "stress",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Run generated L2 programs on many vCPUs under the KVM-like L1 and check that every vCPU halts with "
          + "the checksum its program must compute (docs/ARCHITECTURE.md, \"Stress\").",
      "Exit 0: no forbidden outcome; 1: a forbidden outcome (a reproducer line is printed); 2: bad options."
    })
public final class StressCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--guests", paramLabel = "G", defaultValue = "4", description = "Guests (default ${DEFAULT-VALUE}).")
  int guests;

  @Option(names = "--vcpus-per-guest", paramLabel = "V", defaultValue = "4",
      description = "vCPUs per guest, 1..1024 (default ${DEFAULT-VALUE}).")
  int vcpus;

  @Option(names = "--workload", paramLabel = "KIND", defaultValue = "mix",
      description = "hcall, fault, timer, mmio or mix (each vCPU a seeded kind; default ${DEFAULT-VALUE}).")
  String workload;

  @Option(names = "--exits", paramLabel = "N", description = "Stop after N exits delivered to the L1.")
  Long exits;

  @Option(names = "--time", paramLabel = "TICKS", description = "Stop at this simulated time.")
  Long time;

  @Option(names = "--duration", paramLabel = "DURATION", description = "Parallel mode only: stop after this "
      + "much wall-clock time (30s, 500ms, 5m, 1h; boot included), vCPUs still running are not-finished. A "
      + "deterministic run is bounded by --exits or --time, so that it repeats.")
  String duration;

  @Option(names = "--mode", paramLabel = "MODE", defaultValue = "deterministic",
      description = "deterministic (seeded, reproducible; default) or parallel.")
  String mode;

  @Option(names = "--seed", paramLabel = "S", description = "The seed of the programs and the schedule "
      + "(default: a random one, printed).")
  Long seed;

  @Option(names = "--json", description = "Print one JSON object instead of the summary and table.")
  boolean json;

  @Option(names = "--plant-lost-state", hidden = true, description = "Test hook: expect a wrong checksum from "
      + "g0/0, so that a correct run reports lost-state (proves the oracle's comparison is live).")
  boolean plantLostState;

  @Option(names = "--l1-bug", paramLabel = "NAME", defaultValue = "none", description = "Run a known-buggy L1 "
      + "variant the oracle must catch: none (default), unflushed-dirty, stale-cache, mer-reimport, lost-doorbell, "
      + "ignore-busy-delete (mer-reimport needs --faults external, lost-doorbell doorbell, ignore-busy-delete "
      + "busy and delete or kexec).")
  String l1Bug;

  @Option(names = "--faults", paramLabel = "LIST", split = ",", description = "Inject from the seed while the "
      + "programs run, a comma list of: external, doorbell, kick, run-flags, delete, kexec, busy, exhaustion, "
      + "preempt, or all (docs/ARCHITECTURE.md, \"Stress\").")
  java.util.List<String> faults = new java.util.ArrayList<>();

  @Option(names = "--adversaries", paramLabel = "A", defaultValue = "0", description = "Adversary L1 CPUs that "
      + "send GET/SET/RUN/kick/delete requests about the vCPUs while their runners drive them, and check every "
      + "answer (0..64; default ${DEFAULT-VALUE}).")
  int adversaries;

  @Option(names = "--rounds", paramLabel = "R", defaultValue = "1", description = "Make every program R times "
      + "longer: hcall, timer and MMIO loops run R times as many iterations, fault programs read their pages back "
      + "R times (1..1000; default ${DEFAULT-VALUE}). The seed draws the same programs whatever R is.")
  int rounds;

  @Option(names = "--no-oracle", description = "Switch off the invariant oracle's shadow and exit-storm checks "
      + "(the checksum check stays).")
  boolean noOracle;

  @Option(names = "--no-latency", description = "Do not time exit round trips (two reads of the wall clock and "
      + "a histogram update per exit): the latency line is left out.")
  boolean noLatency;

  @Option(names = "--trace", paramLabel = "FILE.jsonl", description = "Write the run's trace as JSON Lines "
      + "(docs/TRACES.md); its header records this command line, so that 'nestsim replay FILE.jsonl' runs a "
      + "deterministic run again and compares. A parallel run's trace is one possible order: replay refuses it.")
  Path trace;

  @Option(names = {"-q", "--quiet"}, description = "No progress line on stderr (shown only on a terminal, for "
      + "runs longer than 2 s: elapsed time, exits, exits/s, vCPUs running, faults injected, violations).")
  boolean quiet;

  @SuppressWarnings("try") // the progress line is closed by the try; the body never reads it
  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    StressPlan.Options options = options();
    Duration wallLimit = wallLimit();
    StressPlan plan = plan(options);
    int n = guests * vcpus;
    StressMeter meter = new StressMeter(!noLatency);
    StressRun.Result result;
    long startup;
    long wall;
    double bestRate;
    long mostRunning;
    long heapBefore;
    long heapAfter;
    long peakAfterGc;
    try (RunSession session = new RunSession(wallLimit == null ? Duration.ZERO : wallLimit);
        Progress progress = Progress.start(spec.commandLine().getErr(), "stress", status(meter), quiet)) {
      long start = System.nanoTime();
      session.prepare(StressRun.mode(plan));
      startup = System.nanoTime() - start;
      heapBefore = HeapUse.usedAfterGc();
      try (HeapUse heap = HeapUse.watch(); StressWatch watch = StressWatch.start(meter, wallLimit)) {
        start = System.nanoTime();
        result = StressRun.run(session, plan, trace, meter);
        wall = System.nanoTime() - start;
        watch.close();
        peakAfterGc = heap.peakAfterGc();
        bestRate = watch.bestRate();
        mostRunning = watch.mostRunning();
      } catch (UncheckedIOException e) {
        throw CliFailure.usage("cannot write the trace " + trace + ": " + CliFailure.describe(e.getCause()));
      }
      heapAfter = HeapUse.usedAfterGc();
    }
    Figures f = new Figures(wall, startup, bestRate, mostRunning, StressMeter.Latency.of(meter.latencies()),
        Math.max(0, heapAfter - heapBefore) / n, Math.max(0, Math.max(peakAfterGc, heapAfter) - heapBefore) / n,
        meter.faultsInjected());
    String reproducer = options.reproducer() + (duration == null ? "" : " --duration " + duration);
    if (json) {
      printJson(out, result, f, reproducer);
    } else {
      printText(out, result, f, reproducer);
    }
    out.flush();
    return result.passed() ? ExitCodes.OK : ExitCodes.FAILED;
  }

  /**
   * The options as a plan's, checked: the one place the stress options are read, so that {@code nestsim
   * replay} regenerates a plan from a recorded command line exactly as the run did. Without {@code
   * --seed}, a random seed.
   *
   * @throws CliFailure (exit 2) for bad or conflicting options
   */
  StressPlan.Options options() {
    int bounds = (exits != null ? 1 : 0) + (time != null ? 1 : 0) + (duration != null ? 1 : 0);
    if (bounds > 1) {
      throw CliFailure.usage("give only one of --exits, --time and --duration");
    }
    if (exits != null && exits <= 0 || time != null && time <= 0) {
      throw CliFailure.usage((exits != null ? "--exits" : "--time") + " must be positive");
    }
    if (!mode.equals("deterministic") && !mode.equals("parallel")) {
      throw CliFailure.usage("--mode: expected deterministic or parallel, got '" + mode + "'");
    }
    if (duration != null && mode.equals("deterministic")) {
      throw CliFailure.usage("--duration is wall-clock time, for --mode parallel only: bound a deterministic run "
          + "with --exits or --time, so that it repeats");
    }
    L1Bug bug;
    try {
      bug = L1Bug.byLabel(l1Bug);
    } catch (IllegalArgumentException e) {
      throw CliFailure.usage(e.getMessage());
    }
    long s = seed != null ? seed : ThreadLocalRandom.current().nextLong(1L << 31);
    java.util.List<String> kinds = faults.contains("all") ? java.util.List.copyOf(StressPlan.FAULTS.keySet()) : faults;
    return new StressPlan.Options(guests, vcpus, workload, exits == null ? 0 : exits, time == null ? 0 : time,
        mode.equals("deterministic"), s, plantLostState, bug, !noOracle, kinds, adversaries, rounds);
  }

  /** The plan of {@code options}; its complaints are one-line usage errors. */
  static StressPlan plan(StressPlan.Options options) {
    try {
      return StressPlan.of(options);
    } catch (IllegalArgumentException e) {
      throw CliFailure.usage(e.getMessage());
    }
  }

  private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h)?");

  /** {@code --duration} as a duration, or null. */
  private Duration wallLimit() {
    if (duration == null) {
      return null;
    }
    Matcher m = DURATION.matcher(duration);
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw CliFailure.usage("--duration: expected a positive whole number with ms, s, m or h (30s, 500ms), got '"
          + duration + "'");
    }
    long v = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(v);
      case "m" -> Duration.ofMinutes(v);
      case "h" -> Duration.ofHours(v);
      default -> Duration.ofSeconds(v);
    };
  }

  /** The progress line's counters: exits, exits/s since the line was last drawn, vCPUs, faults, violations. */
  static Supplier<String> status(StressMeter meter) {
    long[] last = {System.nanoTime(), 0};
    return () -> {
      long now = System.nanoTime();
      long exits = meter.exits();
      double rate = (exits - last[1]) / (Math.max(1, now - last[0]) / 1e9);
      last[0] = now;
      last[1] = exits;
      return String.format(Locale.ROOT, ", %,d exits, %,.0f exits/s, %,d vCPUs running, %,d faults injected, "
          + "%,d violations", exits, rate, meter.running(), meter.faultsInjected(), meter.violations());
    };
  }

  /**
   * What the command measured at the edge, besides the run's report.
   *
   * @param wall the run's wall time (boot included, actor system start-up not)
   * @param startup the actor system's start-up
   * @param bestRate the best exits/s over a second of the run ({@link StressWatch}; -1: a shorter run)
   * @param mostRunning the most vCPUs running at once (sampled)
   * @param latency exit round trips, wall clock
   * @param retained heap per vCPU left after the run (after a full GC, minus before)
   * @param peak heap per vCPU at its largest after a collection during the run (minus before)
   * @param injected plan events the L1 carried out
   */
  private record Figures(long wall, long startup, double bestRate, long mostRunning, StressMeter.Latency latency,
      long retained, long peak, long injected) {}

  private static void printText(PrintWriter out, StressRun.Result r, Figures f, String reproducer) {
    StressPlan.Options o = r.plan().options();
    RunSummary.print(out, "stress " + o.workload(), StressRun.mode(r.plan()), o.seed(), r.report(), f.wall(),
        f.startup(), false);
    out.println(String.format(Locale.ROOT, "best second      %s; at most %,d vCPUs running at once",
        f.bestRate() < 0 ? "none (a shorter run)" : String.format(Locale.ROOT, "%,.0f exits/s", f.bestRate()),
        f.mostRunning()));
    StressMeter.Latency l = f.latency();
    out.println(l.count() == 0 ? "exit latency     none measured" : String.format(Locale.ROOT,
        "exit latency     p50 %s, p90 %s, p99 %s, p99.9 %s, max %s (%,d round trips, RUN_VCPU sent to exit "
            + "received, wall clock)", micros(l.p50()), micros(l.p90()), micros(l.p99()), micros(l.p999()),
        micros(l.max()), l.count()));
    if (f.injected() > 0) {
      out.println(String.format(Locale.ROOT, "faults injected  %,d", f.injected()));
    }
    out.println(String.format(Locale.ROOT, "heap per vCPU    %,d bytes retained after the run (GC), %,d bytes at "
        + "the largest heap after a collection during the run", f.retained(), f.peak()));
    out.println();
    out.println(String.format(Locale.ROOT, "%-14s %10s  %-11s %s", "outcome", "vCPUs", "", "meaning"));
    for (StressVerdict.Outcome oc : StressVerdict.Outcome.values()) {
      long count = r.verdict().counts().getOrDefault(oc, 0L);
      if (count > 0 || oc.acceptable() || oc == StressVerdict.Outcome.LOST_STATE
          || oc == StressVerdict.Outcome.FATAL_EXIT) {
        out.println(String.format(Locale.ROOT, "%-14s %,10d  %-11s %s", oc.label(), count,
            oc.acceptable() ? "acceptable" : "FORBIDDEN", oc.meaning()));
      }
    }
    for (Map.Entry<StressVerdict.Outcome, Long> e : r.verdict().violations().entrySet()) {
      out.println(String.format(Locale.ROOT, "%-14s %,10d  %-11s %s (occurrences)", e.getKey().label(),
          e.getValue(), "FORBIDDEN", e.getKey().meaning()));
    }
    out.println();
    r.verdict().problems().forEach(out::println);
    if (r.passed()) {
      out.println("ok: no forbidden outcome");
    } else {
      out.println("reproduce: " + reproducer + (o.deterministic() ? ""
          : "   (a parallel run need not repeat: also try it with --mode deterministic)"));
    }
  }

  /** Nanoseconds as microseconds, {@code 12.3 µs}. */
  private static String micros(long nanos) {
    return String.format(Locale.ROOT, "%,.1f µs", nanos / 1e3);
  }

  private static void printJson(PrintWriter out, StressRun.Result r, Figures f, String reproducer) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    StressPlan.Options o = r.plan().options();
    root.put("command", reproducer);
    root.put("workload", o.workload());
    root.put("guests", o.guests());
    root.put("vcpusPerGuest", o.vcpusPerGuest());
    root.put("mode", o.deterministic() ? "deterministic" : "parallel");
    root.put("seed", o.seed());
    L1Report kvm = r.report().kvm();
    long exits = r.report().exits().values().stream().mapToLong(Long::longValue).sum();
    root.put("ended", kvm == null ? null : kvm.end());
    root.put("simulatedTime", kvm == null ? 0 : kvm.time());
    root.put("instructions", kvm == null ? 0 : kvm.instructions());
    root.put("exits", exits);
    ObjectNode byName = root.putObject("exitsByName");
    r.report().exits().forEach(byName::put);
    double seconds = f.wall() / 1e9;
    root.put("wallSeconds", seconds);
    root.put("startupSeconds", f.startup() / 1e9);
    root.put("exitsPerSecond", seconds > 0 ? exits / seconds : 0);
    if (f.bestRate() >= 0) {
      root.put("exitsPerSecondBestSecond", f.bestRate());
    } else {
      root.putNull("exitsPerSecondBestSecond");
    }
    root.put("mostVcpusRunning", f.mostRunning());
    StressMeter.Latency l = f.latency();
    root.putObject("exitLatencyNanos").put("count", l.count()).put("p50", l.p50()).put("p90", l.p90())
        .put("p99", l.p99()).put("p99.9", l.p999()).put("max", l.max());
    root.put("faultsInjected", f.injected());
    root.put("heapBytesPerVcpuRetained", f.retained());
    root.put("heapBytesPerVcpuPeak", f.peak());
    root.put("traceHash", r.report().traceHash());
    ArrayNode outcomes = root.putArray("outcomes");
    for (Map.Entry<StressVerdict.Outcome, Long> e : r.verdict().counts().entrySet()) {
      outcomes.addObject().put("outcome", e.getKey().label()).put("count", e.getValue())
          .put("acceptable", e.getKey().acceptable()).put("meaning", e.getKey().meaning());
    }
    ObjectNode violations = root.putObject("oracleViolations");
    r.verdict().violations().forEach((k, v) -> violations.put(k.label(), v));
    root.put("l1Bug", o.bug().label());
    root.put("oracle", o.oracle());
    ArrayNode faultsNode = root.putArray("faults");
    o.faults().forEach(faultsNode::add);
    ArrayNode problems = root.putArray("problems");
    r.verdict().problems().forEach(problems::add);
    root.put("passed", r.passed());
    root.put("reproducer", r.passed() ? null : reproducer);
    try {
      out.println(mapper.writeValueAsString(root));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
