package org.nestsim.cpu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Generates random sequences over the user-level fixed-point subset of the Power ISA for the QEMU
 * differential test: arithmetic (with {@code o} and {@code .} forms), logical, counts, compares,
 * rotates and shifts, every load and store form into the sequence's scratch area, CR and XER moves,
 * LR/CTR moves, and forward branches that never leave the sequence.
 *
 * <p>Invariants the harness relies on: no instruction writes r31 (the block address); every access
 * lies inside the scratch area, its address computed from r31 by an {@code addi} emitted with it; no
 * invalid form (an update with RA=0, a load-update with RA=RT, {@code bcctr} decrementing CTR); every
 * branch target is a later label of the same sequence or its end label {@code E<index>}.
 */
final class PowerSequenceGenerator {
  /** How an instruction's operands are generated. */
  private enum Form {
    XO3, XO2, MULH, MOD, DARITH, DLOGIC, XLOGIC, UNARY, POPCNT, ISEL, CMP, CMPI, RLW_IMM, RLWNM,
    RLD_IMM, RLDC, SRAWI, SRADI, LOAD_D, LOAD_DS, LOAD_X, STORE_D, STORE_DS, STORE_X, CR_LOGICAL, MCRF,
    MFCR, MTCRF, MTOCRF, MFOCRF, MCRXRX, MOVE_TO, MOVE_FROM, B, BC, BCLR, BCCTR
  }

  /** A mnemonic's form; for loads and stores its access size and whether it updates RA. */
  private record Spec(Form form, int size, boolean update) {}

  private static final Map<String, Spec> SPECS = new LinkedHashMap<>();

  private static void add(Form form, String... names) {
    for (String n : names) {
      SPECS.put(n, new Spec(form, 0, false));
    }
  }

  private static void memory(Form form, int size, boolean update, String... names) {
    for (String n : names) {
      SPECS.put(n, new Spec(form, size, update));
    }
  }

  static {
    add(Form.XO3, "add", "addc", "adde", "subf", "subfc", "subfe", "mullw", "mulld", "divw", "divwu", "divd",
        "divdu");
    add(Form.XO2, "addme", "addze", "subfme", "subfze", "neg");
    add(Form.MULH, "mulhw", "mulhwu", "mulhd", "mulhdu");
    add(Form.MOD, "modsw", "moduw", "modsd", "modud");
    add(Form.DARITH, "addi", "addis", "addic", "addic.", "subfic", "mulli");
    add(Form.DLOGIC, "andi.", "andis.", "ori", "oris", "xori", "xoris");
    add(Form.XLOGIC, "and", "andc", "or", "orc", "xor", "nor", "nand", "eqv", "slw", "srw", "sraw", "sld",
        "srd", "srad");
    add(Form.UNARY, "extsb", "extsh", "extsw", "cntlzw", "cntlzd", "cnttzw", "cnttzd");
    add(Form.POPCNT, "popcntb", "popcntw", "popcntd");
    add(Form.ISEL, "isel");
    add(Form.CMP, "cmp", "cmpl");
    add(Form.CMPI, "cmpi", "cmpli");
    add(Form.RLW_IMM, "rlwinm", "rlwimi");
    add(Form.RLWNM, "rlwnm");
    add(Form.RLD_IMM, "rldicl", "rldicr", "rldic", "rldimi");
    add(Form.RLDC, "rldcl", "rldcr");
    add(Form.SRAWI, "srawi");
    add(Form.SRADI, "sradi");
    memory(Form.LOAD_D, 1, false, "lbz");
    memory(Form.LOAD_D, 1, true, "lbzu");
    memory(Form.LOAD_D, 2, false, "lhz", "lha");
    memory(Form.LOAD_D, 2, true, "lhzu", "lhau");
    memory(Form.LOAD_D, 4, false, "lwz");
    memory(Form.LOAD_D, 4, true, "lwzu");
    memory(Form.LOAD_DS, 4, false, "lwa");
    memory(Form.LOAD_DS, 8, false, "ld");
    memory(Form.LOAD_DS, 8, true, "ldu");
    memory(Form.LOAD_X, 1, false, "lbzx");
    memory(Form.LOAD_X, 1, true, "lbzux");
    memory(Form.LOAD_X, 2, false, "lhzx", "lhax", "lhbrx");
    memory(Form.LOAD_X, 2, true, "lhzux", "lhaux");
    memory(Form.LOAD_X, 4, false, "lwzx", "lwax", "lwbrx");
    memory(Form.LOAD_X, 4, true, "lwzux", "lwaux");
    memory(Form.LOAD_X, 8, false, "ldx", "ldbrx");
    memory(Form.LOAD_X, 8, true, "ldux");
    memory(Form.STORE_D, 1, false, "stb");
    memory(Form.STORE_D, 1, true, "stbu");
    memory(Form.STORE_D, 2, false, "sth");
    memory(Form.STORE_D, 2, true, "sthu");
    memory(Form.STORE_D, 4, false, "stw");
    memory(Form.STORE_D, 4, true, "stwu");
    memory(Form.STORE_DS, 8, false, "std");
    memory(Form.STORE_DS, 8, true, "stdu");
    memory(Form.STORE_X, 1, false, "stbx");
    memory(Form.STORE_X, 1, true, "stbux");
    memory(Form.STORE_X, 2, false, "sthx", "sthbrx");
    memory(Form.STORE_X, 2, true, "sthux");
    memory(Form.STORE_X, 4, false, "stwx", "stwbrx");
    memory(Form.STORE_X, 4, true, "stwux");
    memory(Form.STORE_X, 8, false, "stdx", "stdbrx");
    memory(Form.STORE_X, 8, true, "stdux");
    add(Form.CR_LOGICAL, "crand", "crandc", "creqv", "crnand", "crnor", "cror", "crorc", "crxor");
    add(Form.MCRF, "mcrf");
    add(Form.MFCR, "mfcr");
    add(Form.MTCRF, "mtcrf");
    add(Form.MTOCRF, "mtocrf");
    add(Form.MFOCRF, "mfocrf");
    add(Form.MCRXRX, "mcrxrx");
    add(Form.MOVE_TO, "mtlr", "mtctr", "mtxer");
    add(Form.MOVE_FROM, "mflr", "mfctr", "mfxer");
    add(Form.B, "b", "bl");
    add(Form.BC, "bc", "bcl");
    add(Form.BCLR, "bclr", "bclrl");
    add(Form.BCCTR, "bcctr", "bcctrl");
  }

  /**
   * Valid BO values (z bits 0, no reserved "at" = 01 hint: GNU as rejects those) and the ones that leave
   * CTR alone, for {@code bcctr}.
   */
  private static final int[] BO = {0, 2, 4, 6, 7, 8, 10, 12, 14, 15, 16, 18, 20, 24, 25, 26, 27};
  private static final int[] BO_NO_CTR = {4, 6, 7, 12, 14, 15, 20};

  private static final long[] BOUNDARY = {0, 1, -1, 2, Long.MIN_VALUE, Long.MAX_VALUE, 0x8000_0000L,
      0x7FFF_FFFFL, 0xFFFF_FFFFL, 0xFFFF_FFFF_8000_0000L, 0x1_0000_0000L, 0x8000_0000_0000_0001L, 31, 32,
      63, 64, 0xFFL, 0x80L, 0xFFFFL, 0x8000L, -2};

  /** Every mnemonic the generator knows, for the exclusion list's sanity check. */
  static Set<String> mnemonics() {
    return SPECS.keySet();
  }

  private final List<String> choices;

  /** A generator that never emits the mnemonics in {@code excluded} (base mnemonics, without o/.). */
  PowerSequenceGenerator(Set<String> excluded) {
    choices = new ArrayList<>();
    for (String n : SPECS.keySet()) {
      if (!excluded.contains(n)) {
        choices.add(n);
      }
    }
  }

  /** Sequence {@code index} drawn from {@code r}: 6–17 generated items (about 8–24 instructions). */
  PowerSequence generate(int index, SplittableRandom r) {
    long[] gpr = new long[31];
    for (int i = 0; i < gpr.length; i++) {
      gpr[i] = value(r);
    }
    int cr = r.nextInt();
    long xer = (r.nextBoolean() ? VcpuState.XER_SO : 0) | (r.nextBoolean() ? VcpuState.XER_OV : 0)
        | (r.nextBoolean() ? VcpuState.XER_CA : 0) | (r.nextBoolean() ? VcpuState.XER_OV32 : 0)
        | (r.nextBoolean() ? VcpuState.XER_CA32 : 0) | r.nextInt(128);
    long lr = value(r);
    long ctr = r.nextInt(3) == 0 ? r.nextInt(3) : value(r);
    byte[] scratch = new byte[DifferentialHarness.SCRATCH_LENGTH];
    r.nextBytes(scratch);

    int n = 6 + r.nextInt(12);
    List<List<String>> items = new ArrayList<>();
    boolean[] labelled = new boolean[n];
    Set<String> used = new LinkedHashSet<>();
    for (int k = 0; k < n; k++) {
      String mnemonic = choices.get(r.nextInt(choices.size()));
      used.add(mnemonic);
      int target = k + 1 + r.nextInt(n - k);
      String label = target == n ? "E" + index : "L" + index + "_" + target;
      List<String> lines = new ArrayList<>();
      if (item(r, mnemonic, label, lines) && target < n) {
        labelled[target] = true;
      }
      items.add(lines);
    }
    List<String> body = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      if (labelled[k]) {
        body.add("L" + index + "_" + k + ":");
      }
      body.addAll(items.get(k));
    }
    return new PowerSequence(index, List.copyOf(body), used, gpr, cr, xer, lr, ctr, scratch);
  }

  /** A register value: boundary values, small numbers, powers of two, 32- and 64-bit noise. */
  static long value(SplittableRandom r) {
    return switch (r.nextInt(8)) {
      case 0, 1 -> BOUNDARY[r.nextInt(BOUNDARY.length)];
      case 2 -> r.nextInt(-70, 130);
      case 3 -> (1L << r.nextInt(64)) + r.nextInt(-1, 2);
      case 4 -> r.nextInt();
      case 5 -> r.nextInt() & 0xFFFF_FFFFL;
      default -> r.nextLong();
    };
  }

  private static int si(SplittableRandom r) {
    return switch (r.nextInt(6)) {
      case 0 -> -32768;
      case 1 -> 32767;
      case 2 -> r.nextInt(-2, 3);
      default -> r.nextInt(-32768, 32768);
    };
  }

  private static int ui(SplittableRandom r) {
    return switch (r.nextInt(6)) {
      case 0 -> 0xFFFF;
      case 1 -> 0x8000;
      case 2 -> r.nextInt(3);
      default -> r.nextInt(0x10000);
    };
  }

  /** A register the sequence may write: never r31. */
  private static String dst(SplittableRandom r) {
    return "r" + r.nextInt(31);
  }

  private static String src(SplittableRandom r) {
    return "r" + r.nextInt(32);
  }

  /** An RA operand that reads as 0 when it is 0 (written "0", as GNU as wants it). */
  private static String raOrZero(SplittableRandom r) {
    int ra = r.nextInt(32);
    return ra == 0 ? "0" : "r" + ra;
  }

  /** A base register: never r0 (which reads as 0 as RA) nor r31. */
  private static int base(SplittableRandom r) {
    return 1 + r.nextInt(30);
  }

  private static String oeRc(SplittableRandom r, String m, boolean oe) {
    return m + (oe && r.nextBoolean() ? "o" : "") + (r.nextBoolean() ? "." : "");
  }

  /** Emits {@code mnemonic} with random operands; true if it branches to {@code label}. */
  private static boolean item(SplittableRandom r, String m, String label, List<String> out) {
    Spec spec = SPECS.get(m);
    switch (spec.form()) {
      case XO3 -> {
        String ra = dst(r);
        String rb = dst(r);
        if (m.startsWith("div") && r.nextInt(3) == 0) {
          hardDivision(r, m.startsWith("divd"), ra, rb, out);
        }
        out.add(oeRc(r, m, true) + " " + dst(r) + ", " + ra + ", " + rb);
      }
      case XO2 -> out.add(oeRc(r, m, true) + " " + dst(r) + ", " + src(r));
      case MULH -> out.add(oeRc(r, m, false) + " " + dst(r) + ", " + src(r) + ", " + src(r));
      case MOD -> {
        String ra = dst(r);
        String rb = dst(r);
        if (r.nextInt(3) == 0) {
          hardDivision(r, m.endsWith("d"), ra, rb, out);
        }
        out.add(m + " " + dst(r) + ", " + ra + ", " + rb);
      }
      case DARITH -> out.add(m + " " + dst(r) + ", "
          + (m.equals("addi") || m.equals("addis") ? raOrZero(r) : src(r)) + ", " + si(r));
      case DLOGIC -> out.add(m + " " + dst(r) + ", " + src(r) + ", " + ui(r));
      case XLOGIC -> out.add(oeRc(r, m, false) + " " + dst(r) + ", " + src(r) + ", " + src(r));
      case UNARY -> out.add(oeRc(r, m, false) + " " + dst(r) + ", " + src(r));
      case POPCNT -> out.add(m + " " + dst(r) + ", " + src(r));
      case ISEL -> out.add("isel " + dst(r) + ", " + raOrZero(r) + ", " + src(r) + ", " + r.nextInt(32));
      case CMP -> out.add(m + " " + r.nextInt(8) + ", " + r.nextInt(2) + ", " + src(r) + ", " + src(r));
      case CMPI -> out.add(m + " " + r.nextInt(8) + ", " + r.nextInt(2) + ", " + src(r) + ", "
          + (m.equals("cmpli") ? ui(r) : si(r)));
      case RLW_IMM -> out.add(oeRc(r, m, false) + " " + dst(r) + ", " + src(r) + ", " + r.nextInt(32) + ", "
          + r.nextInt(32) + ", " + r.nextInt(32));
      case RLWNM -> out.add(oeRc(r, m, false) + " " + dst(r) + ", " + src(r) + ", " + src(r) + ", "
          + r.nextInt(32) + ", " + r.nextInt(32));
      case RLD_IMM -> out.add(oeRc(r, m, false) + " " + dst(r) + ", " + src(r) + ", " + r.nextInt(64) + ", "
          + r.nextInt(64));
      case RLDC -> out.add(oeRc(r, m, false) + " " + dst(r) + ", " + src(r) + ", " + src(r) + ", "
          + r.nextInt(64));
      case SRAWI -> out.add(oeRc(r, m, false) + " " + dst(r) + ", " + src(r) + ", " + r.nextInt(32));
      case SRADI -> out.add(oeRc(r, m, false) + " " + dst(r) + ", " + src(r) + ", " + r.nextInt(64));
      case LOAD_D, LOAD_DS, STORE_D, STORE_DS -> displacementAccess(r, m, spec, out);
      case LOAD_X, STORE_X -> indexedAccess(r, m, spec, out);
      case CR_LOGICAL -> out.add(m + " " + r.nextInt(32) + ", " + r.nextInt(32) + ", " + r.nextInt(32));
      case MCRF -> out.add("mcrf " + r.nextInt(8) + ", " + r.nextInt(8));
      case MFCR -> out.add("mfcr " + dst(r));
      case MTCRF -> out.add("mtcrf " + r.nextInt(256) + ", " + src(r));
      case MTOCRF -> out.add("mtocrf " + (1 << r.nextInt(8)) + ", " + src(r));
      case MFOCRF -> out.add("mfocrf " + dst(r) + ", " + (1 << r.nextInt(8)));
      case MCRXRX -> out.add("mcrxrx " + r.nextInt(8));
      case MOVE_TO -> out.add(m + " " + src(r));
      case MOVE_FROM -> out.add(m + " " + dst(r));
      case B -> {
        out.add(m + " " + label);
        return true;
      }
      case BC -> {
        if (r.nextInt(4) == 0) {
          String t = dst(r);
          out.add("li " + t + ", " + r.nextInt(3));
          out.add("mtctr " + t);
        }
        out.add(m + " " + BO[r.nextInt(BO.length)] + ", " + r.nextInt(32) + ", " + label);
        return true;
      }
      case BCLR, BCCTR -> {
        boolean lr = spec.form() == Form.BCLR;
        int t = base(r);
        out.add("lis r" + t + ", " + label + "@ha");
        int lowBits = r.nextInt(4); // ignored: the target is LR/CTR with its low two bits cleared
        out.add("addi r" + t + ", r" + t + ", " + label + "@l" + (lowBits == 0 ? "" : "+" + lowBits));
        out.add((lr ? "mtlr r" : "mtctr r") + t);
        int[] bo = lr ? BO : BO_NO_CTR;
        out.add(m + " " + bo[r.nextInt(bo.length)] + ", " + r.nextInt(32));
        return true;
      }
      default -> throw new IllegalStateException(m);
    }
    return false;
  }

  /** Sets a divisor of 0 or −1 and, sometimes, a dividend of the most negative word or doubleword. */
  private static void hardDivision(SplittableRandom r, boolean doubleword, String ra, String rb,
      List<String> out) {
    if (r.nextBoolean()) {
      out.add("lis " + ra + ", -32768");
      if (doubleword) {
        out.add("rldicr " + ra + ", " + ra + ", 32, 31");
      }
    }
    out.add("li " + rb + ", " + (r.nextBoolean() ? -1 : 0));
  }

  /** The block offset of a {@code size}-byte access anywhere in the scratch area. */
  private static int scratchOffset(SplittableRandom r, int size) {
    return DifferentialHarness.SCRATCH_OFFSET + r.nextInt(DifferentialHarness.SCRATCH_LENGTH - size + 1);
  }

  /** D- and DS-form: EA = r31 + offset, or a base computed from r31 plus a displacement. */
  private static void displacementAccess(SplittableRandom r, String m, Spec spec, List<String> out) {
    boolean load = spec.form() == Form.LOAD_D || spec.form() == Form.LOAD_DS;
    boolean ds = spec.form() == Form.LOAD_DS || spec.form() == Form.STORE_DS;
    int ea = scratchOffset(r, spec.size());
    String rt = load ? dst(r) : src(r);
    if (!spec.update() && r.nextBoolean()) {
      if (ds) {
        ea &= ~3;
      }
      out.add(m + " " + rt + ", " + ea + "(r31)");
      return;
    }
    int b = base(r);
    while (load && spec.update() && rt.equals("r" + b)) {
      b = base(r);
    }
    int d = r.nextInt(-128, 128);
    if (ds) {
      d &= ~3;
    }
    out.add("addi r" + b + ", r31, " + (ea - d));
    out.add(m + " " + rt + ", " + d + "(r" + b + ")");
  }

  /** X-form: EA = (RA|0) + RB, with RA and RB computed from r31 (RA = 0 only without update). */
  private static void indexedAccess(SplittableRandom r, String m, Spec spec, List<String> out) {
    boolean load = spec.form() == Form.LOAD_X;
    int ea = scratchOffset(r, spec.size());
    String rt = load ? dst(r) : src(r);
    if (!spec.update() && r.nextInt(3) == 0) {
      int rb = base(r);
      out.add("addi r" + rb + ", r31, " + ea);
      out.add(m + " " + rt + ", 0, r" + rb);
      return;
    }
    int ra = base(r);
    while (load && spec.update() && rt.equals("r" + ra)) {
      ra = base(r);
    }
    int rb = base(r);
    while (rb == ra) {
      rb = base(r);
    }
    int offset = r.nextInt(-300, 300);
    out.add("addi r" + ra + ", r31, " + (ea - offset));
    out.add("li r" + rb + ", " + offset);
    out.add(m + " " + rt + ", r" + ra + ", r" + rb);
  }
}
