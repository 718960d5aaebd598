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
   */
  public record Options(int guests, int vcpusPerGuest, String workload, long exits, long time, boolean deterministic,
      long seed, boolean corrupt, org.nestsim.l1.L1Bug bug, boolean oracle) {

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
        image = Assembler.assemble(Workloads.source(ps), name + ".s", 0, ByteOrder.BIG_ENDIAN).bytes();
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
      }
      pages += memory / PAGE + 4; // every page it may touch, and its tree
    }
    // Run buffers, VPAs and trees come from the same allocator; SparseMemory only backs what is touched.
    long l1Memory = Math.max(1L << 30, Long.highestOneBit(pages * PAGE * 2) << 1);
    L1Plan plan = new L1Plan(List.copyOf(guests), List.of(), o.seed(), INSTRUCTION_LIMIT, o.time(),
        o.exits() > 0 ? o.exits() : DEFAULT_EXIT_LIMIT, l0.ticksPerInstruction(), List.of(), o.bug(), o.oracle());
    return new StressPlan(o, plan, l0, l1Memory, Collections.unmodifiableMap(programs));
  }

  /** The checksum vCPU {@code key} ({@code guest/vcpu}) must report, with the test-only corruption applied. */
  public long expected(String key) {
    long e = programs.get(key).expected();
    return options.corrupt() && key.equals("g0/0") ? e + 1 : e;
  }
}
