package org.nestsim.stress;

import java.util.Collections;
import java.util.Locale;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nestsim.cpu.Msr;
import org.nestsim.cpu.asm.AsmException;
import org.nestsim.cpu.asm.Assembler;
import org.nestsim.hcall.Capability;
import org.nestsim.l0.L0Config;
import org.nestsim.l1.GuestPlan;
import org.nestsim.l1.L1Plan;

/**
 * A stress run as the KVM-like L1's input: {@code guests} guests ({@code g0}, {@code g1}, …) of {@code
 * vcpusPerGuest} vCPUs each, every vCPU running a {@link Workloads} program drawn from the seed, and the
 * checksum each must report at {@code H_SIM_HALT} (by {@code guest/vcpu}).
 *
 * @param options what was asked for (the reproducer is made from them)
 * @param plan the L1's plan
 * @param l0 the L0's configuration (the defaults)
 * @param l1Memory bytes of L1 memory, enough for every page the programs can touch
 * @param programs every vCPU's program, by {@code guest/vcpu}, in plan order
 */
public record StressPlan(Options options, L1Plan plan, L0Config l0, long l1Memory,
    Map<String, Workloads.Program> programs) {

  /**
   * What {@code nestsim stress} was asked for.
   *
   * @param workload {@code hcall}, {@code fault}, {@code timer}, {@code mmio} or {@code mix}
   * @param exits stop after this many exits (0: no exit bound beyond the scenario default)
   * @param time stop at this simulated time (0: none)
   * @param deterministic the seeded one-thread dispatcher (else the parallel hand-off one)
   * @param corrupt the expected checksum of guest 0's vCPU 0 is off by one, so a correct run must report
   *     {@code lost-state}: a planted failure that proves the comparison is live (tests; the hidden
   *     option {@code --plant-lost-state})
   * @param faults the fault kinds to inject ({@link #FAULTS})
   * @param adversaries adversary L1 CPUs ({@code org.nestsim.l1.Adversary}) sending requests alongside the
   *     runners
   * @param rounds how many times longer every program runs ({@link Workloads#generate(Workloads.Kind, int,
   *     long, int)}): 1 to {@link Workloads#MAX_ROUNDS}
   */
  public record Options(int guests, int vcpusPerGuest, String workload, long exits, long time, boolean deterministic,
      long seed, boolean corrupt, org.nestsim.l1.L1Bug bug, boolean oracle, List<String> faults, int adversaries,
      int rounds) {

    public Options {
      faults = List.copyOf(faults);
    }

    /** Programs of one round. */
    public Options(int guests, int vcpusPerGuest, String workload, long exits, long time, boolean deterministic,
        long seed, boolean corrupt, org.nestsim.l1.L1Bug bug, boolean oracle, List<String> faults, int adversaries) {
      this(guests, vcpusPerGuest, workload, exits, time, deterministic, seed, corrupt, bug, oracle, faults,
          adversaries, 1);
    }

    /** No adversaries. */
    public Options(int guests, int vcpusPerGuest, String workload, long exits, long time, boolean deterministic,
        long seed, boolean corrupt, org.nestsim.l1.L1Bug bug, boolean oracle, List<String> faults) {
      this(guests, vcpusPerGuest, workload, exits, time, deterministic, seed, corrupt, bug, oracle, faults, 0);
    }

    /** No injections. */
    public Options(int guests, int vcpusPerGuest, String workload, long exits, long time, boolean deterministic,
        long seed, boolean corrupt, org.nestsim.l1.L1Bug bug, boolean oracle) {
      this(guests, vcpusPerGuest, workload, exits, time, deterministic, seed, corrupt, bug, oracle, List.of());
    }

    /** The correct L1 under the oracle. */
    public Options(int guests, int vcpusPerGuest, String workload, long exits, long time, boolean deterministic,
        long seed, boolean corrupt) {
      this(guests, vcpusPerGuest, workload, exits, time, deterministic, seed, corrupt, org.nestsim.l1.L1Bug.NONE,
          true);
    }

    /** The command line that reruns exactly this stress run: every option, the seed included. */
    public List<String> command() {
      List<String> c = new ArrayList<>(List.of("nestsim", "stress", "--guests", Integer.toString(guests),
          "--vcpus-per-guest", Integer.toString(vcpusPerGuest), "--workload", workload));
      if (exits > 0) {
        c.addAll(List.of("--exits", Long.toString(exits)));
      }
      if (time > 0) {
        c.addAll(List.of("--time", Long.toString(time)));
      }
      c.addAll(List.of("--mode", deterministic ? "deterministic" : "parallel", "--seed", Long.toString(seed)));
      if (!faults.isEmpty()) {
        c.addAll(List.of("--faults", String.join(",", faults)));
      }
      if (adversaries > 0) {
        c.addAll(List.of("--adversaries", Integer.toString(adversaries)));
      }
      if (rounds > 1) {
        c.addAll(List.of("--rounds", Integer.toString(rounds)));
      }
      if (corrupt) {
        c.add("--plant-lost-state");
      }
      if (bug != org.nestsim.l1.L1Bug.NONE) {
        c.addAll(List.of("--l1-bug", bug.label()));
      }
      if (!oracle) {
        c.add("--no-oracle");
      }
      return List.copyOf(c);
    }

    /** {@link #command()} as one line. */
    public String reproducer() {
      return String.join(" ", command());
    }
  }

  /** The workload names {@code --workload} accepts. */
  public static final List<String> WORKLOADS = List.of("hcall", "fault", "timer", "mmio", "mix");

  /** The fault kinds {@code --faults} accepts, with what each does (docs/ARCHITECTURE.md, "Stress"). */
  public static final Map<String, String> FAULTS = faults();

  private static Map<String, String> faults() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("external", "external interrupts into every vCPU (the L1 sets LPCR[MER] for a run)");
    f.put("doorbell", "privileged doorbells into every vCPU (DPDES)");
    f.put("kick", "kicks: the L1 ends running vCPUs' runs (exit NONE)");
    f.put("run-flags", "external interrupts and doorbells, injected with H_GUEST_RUN_VCPU flags instead of state");
    f.put("delete", "each guest deleted while it runs and booted again (its programs start over)");
    f.put("kexec", "one kexec: every guest deleted with one delete-all and booted again");
    f.put("busy", "the L0 answers H_BUSY to H_GUEST_CREATE (continue tokens) and H_GUEST_DELETE 1-3 times");
    f.put("exhaustion", "the L0 runs out of vCPUs before the last guest is complete (that guest is refused)");
    f.put("preempt", "the L0 preempts running vCPUs every 1,000-21,000 ticks (exit NONE)");
    return Collections.unmodifiableMap(f);
  }

  /** The fault kinds injected into each vCPU, and the {@link L1Plan.PlannedEvent} kind of each. */
  private static final Map<String, String> INJECTED = Map.of("external", "external-interrupt", "doorbell",
      "doorbell", "kick", "kick");

  /** Adversary L1 CPUs at most. */
  static final int MAX_ADVERSARIES = 64;

  /** Injections of each fault kind per vCPU, at seeded times within its program's estimated lifetime. */
  static final int INJECTIONS_PER_KIND = 4;

  /** Exits at most when no {@code --exits} is given (the scenario default, {@code limits.exits}), per round. */
  static final long DEFAULT_EXIT_LIMIT = 10L << 20;
  /** L2 instructions at most (the scenario default, {@code limits.instructions}), per round. */
  static final long INSTRUCTION_LIMIT = 1L << 30;

  /**
   * The exit limit without {@code --exits}: a guard against storms, never the end of a healthy run. It
   * grows with the run: {@link #DEFAULT_EXIT_LIMIT}, or 256 exits per vCPU if more, times the rounds.
   */
  static long defaultExitLimit(Options o) {
    return Math.max(DEFAULT_EXIT_LIMIT, 256L * o.guests() * o.vcpusPerGuest()) * o.rounds();
  }

  /** The instruction limit: {@link #INSTRUCTION_LIMIT}, or 16 Ki instructions per vCPU if more, times the rounds. */
  static long instructionLimit(Options o) {
    return Math.max(INSTRUCTION_LIMIT, (16L << 10) * o.guests() * o.vcpusPerGuest()) * o.rounds();
  }

  private static final long PAGE = 0x10000;

  /**
   * Generates the plan.
   *
   * @throws IllegalArgumentException for options out of range (the message is the one-line complaint)
   */
  public static StressPlan of(Options o) {
    if (!WORKLOADS.contains(o.workload())) {
      throw new IllegalArgumentException("--workload: expected one of " + String.join(", ", WORKLOADS) + ", got '"
          + o.workload() + "'");
    }
    if (o.guests() < 1 || o.guests() > org.nestsim.hcall.GuestId.MAX) {
      throw new IllegalArgumentException("--guests: expected 1.." + org.nestsim.hcall.GuestId.MAX + ", got "
          + o.guests());
    }
    if (o.vcpusPerGuest() < 1 || o.vcpusPerGuest() > Workloads.MAX_VCPUS) {
      throw new IllegalArgumentException("--vcpus-per-guest: expected 1.." + Workloads.MAX_VCPUS + ", got "
          + o.vcpusPerGuest());
    }
    if (o.exits() < 0 || o.time() < 0) {
      throw new IllegalArgumentException("--exits and --time must not be negative");
    }
    if (o.rounds() < 1 || o.rounds() > Workloads.MAX_ROUNDS) {
      throw new IllegalArgumentException("--rounds: expected 1.." + Workloads.MAX_ROUNDS + ", got " + o.rounds());
    }
    if (o.adversaries() < 0 || o.adversaries() > MAX_ADVERSARIES) {
      throw new IllegalArgumentException("--adversaries: expected 0.." + MAX_ADVERSARIES + ", got " + o.adversaries());
    }
    for (String f : o.faults()) {
      if (!FAULTS.containsKey(f)) {
        throw new IllegalArgumentException("--faults: expected all, or a comma list of " + String.join(", ",
            FAULTS.keySet()) + ", got '" + f + "'");
      }
    }
    boolean interrupts = !o.faults().isEmpty();
    List<L1Plan.PlannedEvent> events = new ArrayList<>();
    Workloads.Kind kind = o.workload().equals("mix") ? null
        : Workloads.Kind.valueOf(o.workload().toUpperCase(Locale.ROOT));
    Workloads.SplitMix run = new Workloads.SplitMix(Workloads.SplitMix.mix(o.seed(), 0xFA17));
    L0Config l0 = l0(o, run);
    long pvr = Capability.POWER10.logicalPvr();
    List<GuestPlan> guests = new ArrayList<>();
    Map<String, Workloads.Program> programs = new LinkedHashMap<>();
    long pages = 0;
    long longest = 0;
    for (int g = 0; g < o.guests(); g++) {
      String name = "g" + g;
      List<Workloads.Program> ps = Workloads.generate(kind, o.vcpusPerGuest(), Workloads.SplitMix.mix(o.seed(), g),
          o.rounds());
      byte[] image;
      try {
        image = Assembler.assemble(Workloads.source(ps, interrupts), name + ".s", 0, ByteOrder.BIG_ENDIAN).bytes();
      } catch (AsmException e) {
        throw new IllegalStateException("a generated program does not assemble (a NestSim bug): " + e.getMessage(), e);
      }
      boolean timer = ps.stream().anyMatch(p -> p.kind() == Workloads.Kind.TIMER);
      List<GuestPlan.DevicePlan> devices = ps.stream().filter(p -> p.kind() == Workloads.Kind.MMIO)
          .map(p -> new GuestPlan.DevicePlan(Workloads.deviceAddress(p.vcpu()), Workloads.DEVICE_SIZE)).toList();
      long memory = Workloads.memory(ps);
      guests.add(new GuestPlan(name, memory, o.vcpusPerGuest(), pvr, image, 0x100, Msr.SF, false, new byte[0],
          timer ? Workloads.SHORT_TIMESLICE : Workloads.DEFAULT_TIMESLICE, devices));
      long lifetime = 0;
      for (Workloads.Program p : ps) {
        programs.put(name + "/" + p.vcpu(), p);
        injections(o, name, p, events);
        lifetime = Math.max(lifetime, lifetime(p));
      }
      if (o.faults().contains("delete")) {
        events.add(new L1Plan.PlannedEvent(1 + run.below((int) Math.min(lifetime, Integer.MAX_VALUE)), "recreate",
            name, 0));
      }
      longest = Math.max(longest, lifetime);
      pages += memory / PAGE + 4; // every page it may touch, and its tree
    }
    if (o.faults().contains("kexec")) {
      events.add(new L1Plan.PlannedEvent(1 + run.below((int) Math.min(longest / 2 + 1, Integer.MAX_VALUE)), "kexec",
          null, 0));
    }
    // A delete or a kexec boots guests again: their trees, buffers and pages are allocated anew.
    pages *= 2 + (o.faults().contains("delete") ? 1 : 0) + (o.faults().contains("kexec") ? 1 : 0);
    // Run buffers, VPAs and trees come from the same allocator; SparseMemory only backs what is touched.
    long l1Memory = Math.max(1L << 30, Long.highestOneBit(pages * PAGE * 2) << 1);
    events.sort(java.util.Comparator.comparingLong(L1Plan.PlannedEvent::at)); // stable: plan order at a tie
    L1Plan plan = new L1Plan(List.copyOf(guests), List.copyOf(events), o.seed(), instructionLimit(o), o.time(),
        o.exits() > 0 ? o.exits() : defaultExitLimit(o), l0.ticksPerInstruction(), List.of(), o.bug(), o.oracle(),
        o.faults().contains("run-flags"), new L1Plan.Adversaries(o.adversaries(), 2 * Math.max(longest,
            Workloads.STRETCH)));
    return new StressPlan(o, plan, l0, l1Memory, Collections.unmodifiableMap(programs));
  }

  /** The L0 with the faults of {@code busy}, {@code exhaustion} and {@code preempt}, drawn from {@code run}. */
  private static L0Config l0(Options o, Workloads.SplitMix run) {
    L0Config d = L0Config.DEFAULT;
    int busyCreate = d.busyOnCreate();
    int busyDelete = d.busyOnDelete();
    long noMemoryAfter = d.noMemoryAfterVcpus();
    long preemptEvery = d.preemptEvery();
    if (o.faults().contains("busy")) {
      busyCreate = 1 + run.below(3);
      busyDelete = 1 + run.below(3);
    }
    if (o.faults().contains("exhaustion")) {
      // The last vCPU creations the plan makes (boot, a delete and boot of each guest, a kexec) fail: the
      // last guest to boot gets between none and all but one of its vCPUs.
      long total = (long) o.guests() * o.vcpusPerGuest();
      long creations = total * (1 + (o.faults().contains("delete") ? 1 : 0) + (o.faults().contains("kexec") ? 1 : 0));
      noMemoryAfter = Math.max(0, creations - 1 - run.below(o.vcpusPerGuest()));
    }
    if (o.faults().contains("preempt")) {
      preemptEvery = 1_000 + run.below(20_000);
    }
    return d.withFaults(busyCreate, busyDelete, noMemoryAfter, preemptEvery, d.preemptAt());
  }

  /**
   * A program's estimated lifetime in ticks: with injections every program is stretched to about {@link
   * Workloads#STRETCH} ticks; a timer program's spins and cedes take tens of thousands.
   */
  private static long lifetime(Workloads.Program p) {
    return p.kind() == Workloads.Kind.TIMER ? (long) p.iterations() * (3L * p.spin() + p.dec()) : Workloads.STRETCH;
  }

  /**
   * The seeded injections into one vCPU: {@link #INJECTIONS_PER_KIND} of each fault kind, at times drawn
   * uniformly over its program's estimated lifetime (with injections every program is stretched to about
   * {@link Workloads#STRETCH} ticks; a timer program's spins and cedes take tens of thousands), so that
   * they land while it runs (an event takes effect at the clock's next quantum boundary).
   */
  private static void injections(Options o, String guest, Workloads.Program p, List<L1Plan.PlannedEvent> events) {
    long lifetime = lifetime(p);
    Workloads.SplitMix r = new Workloads.SplitMix(Workloads.SplitMix.mix(Workloads.SplitMix.mix(o.seed(),
        guest.hashCode()), p.vcpu() + 0x5EED));
    java.util.Set<String> kinds = new java.util.LinkedHashSet<>();
    for (String f : o.faults()) {
      if (INJECTED.containsKey(f)) {
        kinds.add(f);
      } else if (f.equals("run-flags")) {
        kinds.add("external");
        kinds.add("doorbell");
      }
    }
    for (String f : kinds) {
      for (int i = 0; i < INJECTIONS_PER_KIND; i++) {
        events.add(new L1Plan.PlannedEvent(1 + r.below((int) Math.min(lifetime, Integer.MAX_VALUE)), INJECTED.get(f),
            guest, p.vcpu()));
      }
    }
  }

  /** The checksum vCPU {@code key} ({@code guest/vcpu}) must report, with the test-only corruption applied. */
  public long expected(String key) {
    long e = programs.get(key).expected();
    return options.corrupt() && key.equals("g0/0") ? e + 1 : e;
  }
}
