package org.nestsim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.nestsim.l1.L1Report;
import org.nestsim.scenario.RunSession;
import org.nestsim.stress.StressPlan;
import org.nestsim.stress.StressRun;
import org.nestsim.stress.StressVerdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nestsim stress}: generates L2 programs from a seed for G×V vCPUs ({@code org.nestsim.stress}),
 * runs them under the KVM-like L1, and prints the run's {@link RunSummary}, the heap per vCPU and a
 * jcstress-style outcome table (or one JSON object with {@code --json}). Exit 0 when no forbidden
 * outcome was seen, 1 otherwise (with a one-line reproducer), 2 for bad options.
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

  @Option(names = "--no-oracle", description = "Switch off the invariant oracle's shadow and exit-storm checks "
      + "(the checksum check stays).")
  boolean noOracle;

  @Option(names = {"-q", "--quiet"}, description = "No progress line on stderr.")
  boolean quiet;

  @SuppressWarnings("try") // the progress line is closed by the try; the body never reads it
  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (exits != null && time != null) {
      throw CliFailure.usage("give --exits or --time, not both");
    }
    if (exits != null && exits <= 0 || time != null && time <= 0) {
      throw CliFailure.usage((exits != null ? "--exits" : "--time") + " must be positive");
    }
    if (!mode.equals("deterministic") && !mode.equals("parallel")) {
      throw CliFailure.usage("--mode: expected deterministic or parallel, got '" + mode + "'");
    }
    long s = seed != null ? seed : ThreadLocalRandom.current().nextLong(1L << 31);
    if (faults.contains("all")) {
      faults = new java.util.ArrayList<>(StressPlan.FAULTS.keySet());
    }
    StressPlan plan;
    try {
      plan = StressPlan.of(new StressPlan.Options(guests, vcpus, workload, exits == null ? 0 : exits,
          time == null ? 0 : time, mode.equals("deterministic"), s, plantLostState,
          org.nestsim.l1.L1Bug.byLabel(l1Bug), !noOracle, faults, adversaries));
    } catch (IllegalArgumentException e) {
      throw CliFailure.usage(e.getMessage());
    }
    int n = guests * vcpus;
    StressRun.Result result;
    long startup;
    long wall;
    long heapBefore;
    long heapAfter;
    HeapPeak peak;
    try (RunSession session = new RunSession();
        Progress progress = Progress.start(spec.commandLine().getErr(), "stress", session::tracedEvents, quiet)) {
      long start = System.nanoTime();
      session.prepare(StressRun.mode(plan));
      startup = System.nanoTime() - start;
      heapBefore = usedAfterGc();
      peak = HeapPeak.start();
      start = System.nanoTime();
      result = StressRun.run(session, plan);
      wall = System.nanoTime() - start;
      peak.close();
      heapAfter = usedAfterGc();
    }
    long retainedPerVcpu = Math.max(0, heapAfter - heapBefore) / n;
    long peakPerVcpu = Math.max(0, peak.max() - heapBefore) / n;
    if (json) {
      printJson(out, result, wall, retainedPerVcpu, peakPerVcpu);
    } else {
      printText(out, result, wall, startup, retainedPerVcpu, peakPerVcpu);
    }
    out.flush();
    return result.passed() ? ExitCodes.OK : ExitCodes.FAILED;
  }

  private static void printText(PrintWriter out, StressRun.Result r, long wall, long startup, long retained,
      long peak) {
    StressPlan.Options o = r.plan().options();
    RunSummary.print(out, "stress " + o.workload(), StressRun.mode(r.plan()), o.seed(), r.report(), wall, startup,
        false);
    out.println(String.format(Locale.ROOT, "heap per vCPU    %,d bytes retained after the run (GC), %,d bytes at "
        + "the sampled peak (garbage included)", retained, peak));
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
      out.println("reproduce: " + o.reproducer() + (o.deterministic() ? ""
          : "   (a parallel run need not repeat: also try it with --mode deterministic)"));
    }
  }

  private static void printJson(PrintWriter out, StressRun.Result r, long wall, long retained, long peak) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    StressPlan.Options o = r.plan().options();
    root.put("command", o.reproducer());
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
    double seconds = wall / 1e9;
    root.put("wallSeconds", seconds);
    root.put("exitsPerSecond", seconds > 0 ? exits / seconds : 0);
    root.put("heapBytesPerVcpuRetained", retained);
    root.put("heapBytesPerVcpuPeak", peak);
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
    root.put("reproducer", r.passed() ? null : o.reproducer());
    try {
      out.println(mapper.writeValueAsString(root));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long usedAfterGc() {
    Runtime rt = Runtime.getRuntime();
    System.gc();
    return rt.totalMemory() - rt.freeMemory();
  }

  /** Samples the used heap every 20 ms on a daemon thread at the edge, keeping the largest value. */
  private static final class HeapPeak implements AutoCloseable {
    private final AtomicLong max = new AtomicLong();
    private final AtomicBoolean stop = new AtomicBoolean();
    private Thread thread;

    static HeapPeak start() {
      HeapPeak p = new HeapPeak();
      p.thread = new Thread(() -> {
        Runtime rt = Runtime.getRuntime();
        while (!p.stop.get()) {
          p.max.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "nestsim-heap-peak");
      p.thread.setDaemon(true);
      p.thread.start();
      return p;
    }

    long max() {
      return max.get();
    }

    @Override
    public void close() {
      stop.set(true);
      Runtime rt = Runtime.getRuntime();
      max.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
      thread.interrupt();
    }
  }
}
