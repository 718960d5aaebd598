package org.nestsim.stress;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The L2 programs of {@code nestsim stress}, generated from a seed (pure: no actors, no I/O).
 *
 * <p>A guest's image holds one program per vCPU at {@link #codeAddress(int)}; a dispatcher at {@code
 * 0x100} branches there by the vCPU id the L1 puts in r3, and the decrementer handler every timer
 * program uses is at {@code 0x900}. Every program runs in real mode, big-endian, keeps a checksum in
 * r20 ({@code r20 = r20 * 31 + value}) over values that must survive its exits (loop counters, hcall
 * return codes, data it wrote and reads back, device values, counts of interrupts) and ends, after a
 * fixed number of iterations, with {@code H_SIM_HALT} and the checksum in r4. {@link Program#expected()}
 * computes the same checksum in Java, so a lost or corrupted register or page shows as a mismatch.
 *
 * <p>Registers: r20 checksum, r21 loop counter, r22 salt, r24/r25 per-kind accumulators, r10 a data or
 * device address; r9, r11, r12 scratch; r8 and r23 belong to the decrementer handler (r23 counts its
 * interrupts); r26 and r27 count external interrupts and doorbells ({@code 0x500}, {@code 0xA00}
 * handlers: outside the checksum, which stays the same wherever injections land), r28–r30 belong to the
 * {@code 0x500} handler.
 */
public final class Workloads {
  private Workloads() {}

  /** What a vCPU's program stresses. */
  public enum Kind {
    /** {@code H_RANDOM} and {@code H_CONFER} in a loop: one HCALL exit each. */
    HCALL,
    /** One store to each of many 64 KiB pages (an HDSI exit each), then a pass that reads them back. */
    FAULT,
    /** A spin longer than the (short) timeslice, then DEC and {@code H_CEDE}: HDEC exits and a 0x900. */
    TIMER,
    /** Stores and loads to the vCPU's own counter device: three HDSI exits emulated per iteration. */
    MMIO;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Where the per-vCPU programs start; below it: the dispatcher ({@code 0x100}) and the 0x900 handler. */
  public static final long CODE_BASE = 0x1000;
  /** Bytes of code per vCPU. */
  public static final long CODE_STRIDE = 0x400;
  /** Bytes of data reserved per vCPU for the fault workload: {@link #MAX_PAGES} pages of 64 KiB. */
  public static final int MAX_PAGES = 16;
  /** L2 real address of vCPU 0's counter device; vCPU v's is {@code DEVICE_BASE + v * DEVICE_SIZE}. */
  public static final long DEVICE_BASE = 0xF000_0000L;
  /** Bytes of each vCPU's counter device. */
  public static final long DEVICE_SIZE = 0x1000;
  /** The most vCPUs a guest's image lays out (the data areas stay below 2 GiB: 31-bit constants). */
  public static final int MAX_VCPUS = 1024;
  /** The timeslice of a guest that runs timer programs: short, so spins meet HDEC. */
  public static final long SHORT_TIMESLICE = 2048;
  /** The timeslice of every other guest (the scenario default, 100K). */
  public static final long DEFAULT_TIMESLICE = 100 << 10;

  private static final long PAGE = 0x10000;

  /**
   * One vCPU's program and its parameters, all drawn from the seed.
   *
   * @param vcpu the vCPU id (labels and addresses)
   * @param iterations loop iterations (pages, for {@link Kind#FAULT})
   * @param salt a 31-bit value mixed into every checksummed value
   * @param spin iterations of a timer program's spin per cede
   * @param dec the decrementer value a timer program sets before each cede (ticks)
   * @param offset a fault program's byte offset in each page (a multiple of 8)
   * @param passes how many times a fault program reads its pages back (1 for the other kinds, whose
   *     {@code --rounds} are in {@code iterations})
   */
  public record Program(Kind kind, int vcpu, int iterations, long salt, int spin, int dec, int offset, int passes) {

    /** A program of one pass. */
    public Program(Kind kind, int vcpu, int iterations, long salt, int spin, int dec, int offset) {
      this(kind, vcpu, iterations, salt, spin, dec, offset, 1);
    }

    /** The checksum the program passes to {@code H_SIM_HALT} in r4 when every state survived. */
    public long expected() {
      long c = 0;
      switch (kind) {
        case HCALL -> {
          long acc = 0;
          for (long i = 1; i <= iterations; i++) {
            c = c * 31 + 0; // H_RANDOM's rc
            c = c * 31 + 0; // H_CONFER's rc
            c = c * 31 + (i + salt);
            acc += i * salt;
          }
          c = c * 31 + acc;
        }
        case FAULT -> {
          for (long i = 1; i <= iterations; i++) {
            c = c * 31 + i;
          }
          for (int pass = 0; pass < passes; pass++) {
            for (long i = 1; i <= iterations; i++) {
              c = c * 31 + (i + salt); // read back from page i
            }
          }
        }
        case TIMER -> {
          long acc = 0;
          for (long i = 1; i <= iterations; i++) {
            acc += i * spin;
            c = c * 31 + 0; // H_CEDE's rc
            c = c * 31 + (i + salt);
          }
          c = c * 31 + iterations; // decrementer interrupts taken
          c = c * 31 + acc;
        }
        case MMIO -> {
          for (long i = 1; i <= iterations; i++) {
            c = c * 31 + (i + salt); // the value stored, loaded back
            c = c * 31 + (i + salt + 1); // the counter's next value
          }
        }
        default -> throw new AssertionError(kind);
      }
      return c;
    }

    /** The program's assembly text (docs/ISA.md), placed at {@link #codeAddress(int)}, without injections. */
    public String source() {
      return source(false);
    }

    /**
     * The program's assembly text; with {@code interrupts} it runs with MSR[EE]=1 from its start (so
     * injected external interrupts and doorbells reach the {@code 0x500} and {@code 0xA00} handlers), and
     * before {@code H_SIM_HALT} it clears EE and reports the handlers' counts: doorbells taken in r5,
     * external interrupts in r6. Neither count feeds the checksum.
     */
    public String source(boolean interrupts) {
      String p = "v" + vcpu + "_";
      StringBuilder s = new StringBuilder();
      s.append(String.format(Locale.ROOT, ".org 0x%x          # vCPU %d: %s%n", codeAddress(vcpu), vcpu, kind.label()));
      s.append("    li    20, 0\n    li    21, 0\n    li    24, 0\n    li    25, 0\n");
      s.append(load(22, salt));
      if (interrupts) {
        s.append("    li    26, 0\n    li    27, 0\n");
        if (kind != Kind.TIMER) { // a timer program turns EE on itself, after pushing DEC away
          s.append("    li    9, 0\n    ori   9, 9, 0x8000\n    mtmsrd 9, 1            # MSR[EE] on\n");
        }
      }
      switch (kind) {
        case HCALL -> {
          s.append(p).append("loop:\n").append(delay(p, interrupts, iterations));
          s.append("    addi  21, 21, 1\n");
          s.append("    li    3, 0x300          # H_RANDOM\n    sc    1\n").append(fold("3"));
          s.append("    li    3, 0xE4           # H_CONFER to all\n    li    4, -1\n    li    5, 0\n    sc    1\n")
              .append(fold("3"));
          s.append("    add   9, 21, 22\n").append(fold("9"));
          s.append("    mulld 9, 21, 22\n    add   24, 24, 9\n");
          s.append(String.format(Locale.ROOT, "    cmpdi 21, %d%n    blt   %sloop%n", iterations, p));
          s.append(fold("24"));
        }
        case FAULT -> {
          long base = dataAddress(vcpu);
          s.append(load(10, base));
          s.append(p).append("touch:\n").append(delay(p, interrupts, iterations));
          s.append("    addi  21, 21, 1\n    add   9, 21, 22\n");
          s.append(String.format(Locale.ROOT, "    std   9, %d(10)         # first touch: HDSI%n", offset));
          s.append(fold("21"));
          s.append("    addis 10, 10, 1           # next 64 KiB page\n");
          s.append(String.format(Locale.ROOT, "    cmpdi 21, %d%n    blt   %stouch%n", iterations, p));
          if (passes > 1) {
            s.append("    li    24, 0                   # read-back passes\n").append(p).append("pass:\n");
          }
          s.append(load(10, base)).append("    li    21, 0\n");
          s.append(p).append("sum:\n");
          s.append("    addi  21, 21, 1\n");
          s.append(String.format(Locale.ROOT, "    ld    11, %d(10)%n", offset)).append(fold("11"));
          s.append("    addis 10, 10, 1\n");
          s.append(String.format(Locale.ROOT, "    cmpdi 21, %d%n    blt   %ssum%n", iterations, p));
          if (passes > 1) {
            s.append(String.format(Locale.ROOT, "    addi  24, 24, 1%n    cmpdi 24, %d%n    blt   %spass%n", passes, p));
          }
        }
        case TIMER -> {
          s.append("    li    23, 0\n");
          s.append("    lis   9, 0x7FFF\n    ori   9, 9, 0xFFFF\n    mtdec 9\n");
          s.append("    li    9, 0\n    ori   9, 9, 0x8000\n    mtmsrd 9, 1            # MSR[EE] on\n");
          s.append(p).append("loop:\n");
          s.append("    addi  21, 21, 1\n");
          s.append(load(9, spin)).append("    mtctr 9\n");
          s.append(p).append("spin:\n    add   25, 25, 21\n    bdnz  ").append(p).append("spin\n");
          s.append(load(9, dec)).append("    mtdec 9\n");
          if (interrupts) {
            // An injection may end the cede early: cede again until this iteration's 0x900 was taken.
            s.append(p).append("cede:\n    li    3, 0xE0           # H_CEDE until the decrementer\n    sc    1\n");
            s.append("    cmpd  23, 21\n    blt   ").append(p).append("cede\n").append(fold("3"));
          } else {
            s.append("    li    3, 0xE0           # H_CEDE until the decrementer\n    sc    1\n").append(fold("3"));
          }
          s.append("    add   9, 21, 22\n").append(fold("9"));
          s.append(String.format(Locale.ROOT, "    cmpdi 21, %d%n    blt   %sloop%n", iterations, p));
          s.append(fold("23")).append(fold("25"));
        }
        case MMIO -> {
          s.append("    li    10, 0xF0\n    sldi  10, 10, 24\n");
          long off = deviceAddress(vcpu) - DEVICE_BASE;
          if (off != 0) {
            s.append(load(9, off)).append("    or    10, 10, 9\n");
          }
          s.append(p).append("loop:\n").append(delay(p, interrupts, iterations));
          s.append("    addi  21, 21, 1\n    add   9, 21, 22\n");
          s.append("    std   9, 0(10)          # counter := i + salt\n");
          s.append("    ld    11, 0(10)\n").append(fold("11"));
          s.append("    ld    12, 8(10)\n").append(fold("12"));
          s.append(String.format(Locale.ROOT, "    cmpdi 21, %d%n    blt   %sloop%n", iterations, p));
        }
        default -> throw new AssertionError(kind);
      }
      if (interrupts) {
        s.append("    li    9, 0\n    mtmsrd 9, 1            # MSR[EE] off: the counts are final\n");
        s.append("    mr    5, 27             # doorbells taken\n    mr    6, 26             # externals taken\n");
      }
      s.append("    mr    4, 20             # the checksum\n    li    3, 0x6F00         # H_SIM_HALT\n    sc    1\n");
      return s.toString();
    }
  }

  /** Code address of vCPU {@code vcpu}'s program. */
  public static long codeAddress(int vcpu) {
    return CODE_BASE + vcpu * CODE_STRIDE;
  }

  /** The first 64 KiB data page of vCPU {@code vcpu} of a guest of {@code vcpus}. */
  static long dataAddress(int vcpu) {
    return dataBase() + (long) vcpu * MAX_PAGES * PAGE;
  }

  private static long dataBase() {
    return align(codeAddress(MAX_VCPUS));
  }

  /** Bytes of L2 memory a guest of {@code vcpus} needs: its code and, with fault programs, the data. */
  public static long memory(List<Program> programs) {
    boolean data = programs.stream().anyMatch(p -> p.kind() == Kind.FAULT);
    long code = align(codeAddress(programs.size()));
    return data ? dataAddress(programs.size()) : code;
  }

  /** L2 real address of vCPU {@code vcpu}'s counter device. */
  public static long deviceAddress(int vcpu) {
    return DEVICE_BASE + vcpu * DEVICE_SIZE;
  }

  private static long align(long a) {
    return (a + PAGE - 1) & -PAGE;
  }

  /** The most {@code --rounds}: a loop count stays within {@code cmpdi}'s 16-bit immediate. */
  public static final int MAX_ROUNDS = 1000;

  /** The programs of one guest's vCPUs, of one round each ({@link #generate(Kind, int, long, int)}). */
  public static List<Program> generate(Kind kind, int vcpus, long seed) {
    return generate(kind, vcpus, seed, 1);
  }

  /**
   * The programs of one guest's vCPUs: {@code kind} null means a mix (each vCPU's kind a seeded choice).
   * The seed draws the same programs whatever {@code rounds} is; {@code rounds} then multiplies their
   * length: the loops of hcall, timer and MMIO programs run {@code rounds} times as many iterations, and a
   * fault program reads its pages back {@code rounds} times (it touches each page, one HDSI exit, once).
   *
   * @param seed this guest's seed
   * @param rounds 1 to {@link #MAX_ROUNDS}
   */
  public static List<Program> generate(Kind kind, int vcpus, long seed, int rounds) {
    if (vcpus < 1 || vcpus > MAX_VCPUS) {
      throw new IllegalArgumentException("vCPUs per guest outside 1.." + MAX_VCPUS + ": " + vcpus);
    }
    if (rounds < 1 || rounds > MAX_ROUNDS) {
      throw new IllegalArgumentException("rounds outside 1.." + MAX_ROUNDS + ": " + rounds);
    }
    List<Program> programs = new ArrayList<>(vcpus);
    for (int v = 0; v < vcpus; v++) {
      SplitMix r = new SplitMix(SplitMix.mix(seed, v));
      Kind k = kind != null ? kind : Kind.values()[r.below(Kind.values().length)];
      long salt = r.next() & 0x7FFF_FFFFL;
      Program p = switch (k) {
        case HCALL -> new Program(k, v, (8 + r.below(25)) * rounds, salt, 0, 0, 0);
        case FAULT -> new Program(k, v, 4 + r.below(MAX_PAGES - 3), salt, 0, 0, 8 * r.below(0x1000), rounds);
        case TIMER -> new Program(k, v, (3 + r.below(6)) * rounds, salt, 500 + r.below(3500), 200 + r.below(2000), 0);
        case MMIO -> new Program(k, v, (4 + r.below(13)) * rounds, salt, 0, 0, 0);
      };
      programs.add(p);
    }
    return List.copyOf(programs);
  }

  /** The whole image source of a guest, without injections. */
  public static String source(List<Program> programs) {
    return source(programs, false);
  }

  /**
   * The whole image source of a guest: the dispatcher, the interrupt handlers ({@code 0x500}, {@code
   * 0x900}, {@code 0xA00}), every vCPU's program ({@link Program#source(boolean)}).
   */
  public static String source(List<Program> programs, boolean interrupts) {
    StringBuilder s = new StringBuilder();
    s.append("# nestsim stress: one program per vCPU; r3 = the vCPU id\n");
    s.append(".org 0x100\n");
    s.append("    sldi  9, 3, 10            # * CODE_STRIDE (0x400)\n");
    s.append("    addi  9, 9, 0x1000        # + CODE_BASE\n");
    s.append("    mtctr 9\n    bctr\n");
    // External (LPCR[MER] is level: the H_EOI exit lets the L1 clear it): count in r26, acknowledge;
    // r3 is kept in r30 and SRR0/SRR1 in r28/r29 around the hcall.
    s.append(".org 0x500                    # external: count in r26, H_EOI\n");
    s.append("    addi  26, 26, 1\n    mfsrr0 28\n    mfsrr1 29\n    mr    30, 3\n");
    s.append("    li    3, 0x64             # H_EOI\n    sc    1\n");
    s.append("    mr    3, 30\n    mtsrr0 28\n    mtsrr1 29\n    rfid\n");
    s.append(".org 0x900                    # decrementer: push DEC away, count in r23\n");
    s.append("    lis   8, 0x7FFF\n    ori   8, 8, 0xFFFF\n    mtdec 8\n    addi  23, 23, 1\n    rfid\n");
    s.append(".org 0xA00                    # doorbell: count in r27\n    addi  27, 27, 1\n    rfid\n");
    for (Program p : programs) {
      s.append(p.source(interrupts));
    }
    return s.toString();
  }

  /** Loads a constant in 0..2^31−1 into {@code reg}. */
  private static String load(int reg, long value) {
    if (value < 0 || value > 0x7FFF_FFFFL) {
      throw new IllegalArgumentException("constant out of 0..2^31-1: " + value);
    }
    if (value < 0x8000) {
      return String.format(Locale.ROOT, "    li    %d, %d%n", reg, value);
    }
    return String.format(Locale.ROOT, "    lis   %d, 0x%x%n    ori   %d, %d, 0x%x%n", reg, value >>> 16, reg, reg,
        value & 0xFFFF);
  }

  /** Ticks a program with injections stretches its loop to (a delay outside the checksum, in CTR). */
  public static final long STRETCH = 120_000;

  /** With injections: a CTR delay at the top of a loop, so the program spans quanta and meets them. */
  private static String delay(String label, boolean interrupts, int iterations) {
    if (!interrupts) {
      return "";
    }
    return load(9, Math.max(1, STRETCH / iterations)) + "    mtctr 9\n" + label + "wait:\n    bdnz  " + label
        + "wait\n";
  }

  /** {@code r20 = r20 * 31 + reg}. */
  private static String fold(String reg) {
    return "    mulli 20, 20, 31\n    add   20, 20, " + reg + "\n";
  }

  /** SplitMix64: a stable, documented generator, so a seed means the same programs on every JVM. */
  static final class SplitMix {
    private long state;

    SplitMix(long seed) {
      this.state = seed;
    }

    static long mix(long a, long b) {
      return finish(a * 0x9E37_79B9_7F4A_7C15L + finish(b + 0x632B_E59B_D9B4_E019L));
    }

    private static long finish(long z) {
      z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
      return z ^ (z >>> 31);
    }

    long next() {
      state += 0x9E37_79B9_7F4A_7C15L;
      return finish(state);
    }

    int below(int n) {
      return (int) Long.remainderUnsigned(next(), n);
    }
  }
}
