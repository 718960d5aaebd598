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
   * @param deterministic the seeded one-thread dispatcher (else Pekko's fork-join one)
   * @param corrupt the expected checksum of guest 0's vCPU 0 is off by one, so a correct run must report
   *     {@code lost-state}: a planted failure that proves the comparison is live (tests; the hidden
   *     option {@code --plant-lost-state})
   * @param faults the injections to make ({@link #FAULTS}: {@code external}, {@code doorbell}, {@code kick})
   */
  public record Options(int guests, int vcpusPerGuest, String workload, long exits, long time, boolean deterministic,
      long seed, boolean corrupt, org.nestsim.l1.L1Bug bug, boolean oracle, List<String> faults) {

    public Options {
      faults = List.copyOf(faults);
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

  /** The fault kinds {@code --faults} accepts, and the {@link L1Plan.PlannedEvent} kind of each. */
  public static final Map<String, String> FAULTS = Map.of("external", "external-interrupt", "doorbell", "doorbell",
      "kick", "kick");

  /** Injections of each fault kind per vCPU, at seeded times within its program's estimated lifetime. */
  static final int INJECTIONS_PER_KIND = 4;

  /** Exits at most when no {@code --exits} is given (the scenario default, {@code limits.exits}). */
  static final long DEFAULT_EXIT_LIMIT = 10L << 20;
  /** L2 instructions at most (the scenario default, {@code limits.instructions}). */
  static final long INSTRUCTION_LIMIT = 1L << 30;

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
    for (String f : o.faults()) {
      if (!FAULTS.containsKey(f)) {
        throw new IllegalArgumentException("--faults: expected a comma list of " + String.join(", ",
            FAULTS.keySet().stream().sorted().toList()) + ", got '" + f + "'");
      }
    }
    boolean interrupts = !o.faults().isEmpty();
    List<L1Plan.PlannedEvent> events = new ArrayList<>();
    Workloads.Kind kind = o.workload().equals("mix") ? null
        : Workloads.Kind.valueOf(o.workload().toUpperCase(Locale.ROOT));
    L0Config l0 = L0Config.DEFAULT;
    long pvr = Capability.POWER10.logicalPvr();
    List<GuestPlan> guests = new ArrayList<>();
    Map<String, Workloads.Program> programs = new LinkedHashMap<>();
    long pages = 0;
    for (int g = 0; g < o.guests(); g++) {
      String name = "g" + g;
      List<Workloads.Program> ps = Workloads.generate(kind, o.vcpusPerGuest(), Workloads.SplitMix.mix(o.seed(), g));
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
      for (Workloads.Program p : ps) {
        programs.put(name + "/" + p.vcpu(), p);
        injections(o, name, p, events);
      }
      pages += memory / PAGE + 4; // every page it may touch, and its tree
    }
    // Run buffers, VPAs and trees come from the same allocator; SparseMemory only backs what is touched.
    long l1Memory = Math.max(1L << 30, Long.highestOneBit(pages * PAGE * 2) << 1);
    events.sort(java.util.Comparator.comparingLong(L1Plan.PlannedEvent::at)); // stable: plan order at a tie
    L1Plan plan = new L1Plan(List.copyOf(guests), List.copyOf(events), o.seed(), INSTRUCTION_LIMIT, o.time(),
        o.exits() > 0 ? o.exits() : DEFAULT_EXIT_LIMIT, l0.ticksPerInstruction(), List.of(), o.bug(), o.oracle());
    return new StressPlan(o, plan, l0, l1Memory, Collections.unmodifiableMap(programs));
  }

  /**
   * The seeded injections into one vCPU: {@link #INJECTIONS_PER_KIND} of each fault kind, at times drawn
   * uniformly over its program's estimated lifetime (with injections every program is stretched to about
   * {@link Workloads#STRETCH} ticks; a timer program's spins and cedes take tens of thousands), so that
   * they land while it runs (an event takes effect at the clock's next quantum boundary).
   */
  private static void injections(Options o, String guest, Workloads.Program p, List<L1Plan.PlannedEvent> events) {
    if (o.faults().isEmpty()) {
      return;
    }
    long lifetime = p.kind() == Workloads.Kind.TIMER ? (long) p.iterations() * (3L * p.spin() + p.dec())
        : Workloads.STRETCH;
    Workloads.SplitMix r = new Workloads.SplitMix(Workloads.SplitMix.mix(Workloads.SplitMix.mix(o.seed(),
        guest.hashCode()), p.vcpu() + 0x5EED));
    for (String f : o.faults()) {
      for (int i = 0; i < INJECTIONS_PER_KIND; i++) {
        events.add(new L1Plan.PlannedEvent(1 + r.below((int) Math.min(lifetime, Integer.MAX_VALUE)), FAULTS.get(f),
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
