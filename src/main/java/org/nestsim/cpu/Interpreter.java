package org.nestsim.cpu;

import java.lang.invoke.MethodHandles;
import org.nestsim.cpu.jit.CodeCache;
import org.nestsim.cpu.jit.CodePage;
import org.nestsim.cpu.jit.CompiledCode;
import org.nestsim.cpu.jit.Region;
import org.nestsim.memory.Access;
import org.nestsim.memory.Dsisr;
import org.nestsim.memory.L1Memory;
import org.nestsim.memory.RadixWalker;

/**
 * Runs one L2 vCPU: fetches, decodes and executes its instructions against its {@link VcpuState} and
 * L1 memory, delivers the L2's own interrupts inside the L2, and stops with an exit vector when the L0
 * must hand control to the L1 (spec §6.3–§6.5, §10).
 *
 * <p>{@link #runSlice(int, long)} is the whole contract with the vCPU actor: it executes at most
 * {@code budget} instructions, stops when the vCPU's local time reaches {@code until}, and returns
 * either {@link #SLICE_OVER} or the exit vector; the registers behind the exit's output elements are
 * in the state ({@code NIA}, {@link VcpuState#exitMsr}, HDAR/HDSISR/ASDR/HEIR/HFSCR).
 *
 * <p>Time: every instruction costs {@code ticksPerInstruction} ticks of the L1 timebase; the deadlines
 * (HDEC_EXPIRY_TB, the decrementer) are checked against the local time before each instruction.
 *
 * <p>The hot loop allocates nothing. {@link #runSlice} checks events and the fetch page, then hands
 * over to {@code runInline}, a loop without calls that executes the common instructions ({@link
 * OpTable}: one table load gives a dense id, one {@code tableswitch} executes it) straight from the
 * fetch page with NIA and the time in locals, until an event is due, the fetch page changes, or an
 * instruction needs the complete decoder ({@link Execute}: everything else, and the common ones when
 * a data access misses the translation cache or crosses a page).
 *
 * <p>Hot code is compiled ({@link org.nestsim.cpu.jit}): where the loop finds a compiled region at NIA
 * (looked up at branch targets, after an instruction the region left to the interpreter, and when the
 * fetch page changes), it runs the region with a budget of the instructions that may start before the
 * next event, and takes over again wherever the region stops. A region's words are compared with
 * memory before each entry, so code rewritten by the L2 or the L1 runs as rewritten at its next fetch,
 * as it does in the interpreter, which fetches every word each time it runs.
 */
public final class Interpreter {
  /** {@link #runSlice} ran its budget or reached {@code until} without an exit. */
  public static final int SLICE_OVER = -1;
  /** {@link #checkEvents} found nothing that stops the slice (distinct from {@link #SLICE_OVER}). */
  private static final int NO_EXIT = -2;

  final VcpuState s;
  final Mmu mmu;
  final int ticksPerInstruction;

  /** The fetch cache: the page of the last fetch, valid while the tag matches and the MSR is unchanged. */
  long fetchTag = -1;
  byte[] fetchPage;
  boolean fetchLittleEndian;

  /** Local time at which deadlines and pending interrupts must be looked at again. */
  long nextEvent;
  private long until;
  /** Set by an instruction that ends the run. */
  int exitVector = NO_EXIT;
  /** Address of the instruction being executed. */
  long pc;

  /** The compiled code of this memory's vCPUs, or null when compilation is off. */
  CodeCache codeCache;
  int compileThreshold;
  /** Whether the fetch page may run compiled code, its mode bits, and its regions (or null). */
  boolean compilable;
  int fetchMode;
  CodePage codePage;
  Region[] codeEntries;
  /** The shared entry counts, and this fetch page's hash into them. */
  int[] heat;
  int heatBase;
  /**
   * The fetch page before the current one, with what was found for it, valid like the fetch cache
   * (until the MSR or a translation changes): code that calls between two pages swaps them.
   */
  private long otherFetchTag = -1;
  byte[] otherFetchPage;
  private boolean otherCompilable;
  int otherFetchMode;
  CodePage otherCodePage;
  private int otherHeatBase;
  /** The next instruction goes through {@link Execute}: a compiled region stopped before it. */
  private boolean stepPending;

  /**
   * An interpreter over {@code state}, fetching and accessing data in {@code memory}.
   *
   * @param ticksPerInstruction timebase ticks each instruction takes (≥ 1)
   */
  public Interpreter(VcpuState state, L1Memory memory, int ticksPerInstruction) {
    if (ticksPerInstruction < 1) {
      throw new IllegalArgumentException("ticks per instruction must be at least 1");
    }
    this.s = state;
    this.mmu = new Mmu(memory, state);
    this.ticksPerInstruction = ticksPerInstruction;
    mmu.msrChanged();
    setCompilation(CodeCache.enabled());
    compileThreshold = CodeCache.defaultThreshold();
  }

  /**
   * Turns the block compiler on or off for this vCPU (on by default unless {@code -Dnestsim.jit=false}).
   * Either way the vCPU computes the same results; off, it only interprets.
   */
  public void setCompilation(boolean on) {
    CompiledDispatch.setCompilation(this, on ? CodeCache.of(mmu.memory(), MethodHandles.lookup()) : null);
  }

  /** How many entries into an address make it hot enough to compile (at least 1). */
  public void setCompileThreshold(int entries) {
    compileThreshold = Math.max(1, entries);
  }

  /** The compiled code this vCPU shares with the others over its memory, or null when compilation is off. */
  public CodeCache codeCache() {
    return codeCache;
  }

  public VcpuState state() {
    return s;
  }

  /** The walker, to choose how partition-scoped R/C bits are handled. */
  public RadixWalker walker() {
    return mmu.walker();
  }

  /**
   * Installs the guest's partition-table entry (built from elements {@code 0x0005}/{@code 0x0006}) and
   * drops every cached translation.
   */
  public void setPartitionTable(long pateDw0, long pateDw1) {
    mmu.pateDw0 = pateDw0;
    mmu.pateDw1 = pateDw1;
    flushTranslations();
  }

  /**
   * Maps guest real addresses 1:1 onto L1 memory without page tables, for a bare vCPU
   * ({@code nestsim exec}); relocation is then unsupported.
   */
  public void setFlatMemory() {
    mmu.flat = true;
    flushTranslations();
  }

  /** Drops every cached translation ({@code H_RPT_INVALIDATE}, {@code H_TLB_INVALIDATE}, tlbie). */
  public void flushTranslations() {
    mmu.flush();
    invalidateFetch();
  }

  /**
   * Tells the interpreter that the L0 changed registers between slices (SET_STATE, the run input
   * buffer, an injected interrupt): the fetch cache and the event schedule are recomputed.
   */
  public void stateChanged() {
    // PIDR, AMR, IAMR or LPCR may have changed with the rest: cached translations depend on them.
    flushTranslations();
    msrChanged();
  }

  /**
   * Tells the interpreter that the L0 changed registers that no cached translation depends on (GPRs,
   * NIA, MSR, the timers — not PIDR, AMR, IAMR or LPCR): the fetch cache and the event schedule are
   * recomputed, the translations kept. The cheap form of {@link #stateChanged()} for a run input
   * buffer, which carries such registers on every run.
   */
  public void registersChanged() {
    msrChanged();
  }

  /**
   * Runs until an exit, {@code budget} instructions, or local time {@code until}.
   *
   * @return the exit vector (≥ 0), or {@link #SLICE_OVER}
   */
  public int runSlice(int budget, long until) {
    final VcpuState st = s;
    final int tpi = ticksPerInstruction;
    final long startTime = st.now;
    final long startInstructions = st.instructions;
    // Every attempted instruction costs exactly tpi ticks, so the budget is a time too, and one
    // comparison per instruction covers the budget, the slice's end and every deadline.
    this.until = Math.min(until, startTime + (long) budget * tpi);
    exitVector = NO_EXIT;
    // Instructions are words: hardware ignores the low two bits of an NIA the L1 may have set.
    st.nia &= ~3L;
    msrChanged();
    int result;
    while (true) {
      if (st.now >= nextEvent) {
        result = checkEvents();
        if (result != NO_EXIT) {
          break;
        }
      }
      long address = st.nia;
      if ((address & ~0xFFFL) != fetchTag && !fetchPageOf(address)) {
        // The attempt costs an instruction, as every attempted instruction does.
        st.now += tpi;
        if (exitVector != NO_EXIT) {
          result = exitVector;
          break;
        }
        continue;
      }
      if (stepPending) {
        stepPending = false;
        int o = (int) (address & 0xFFF);
        pendingWord = fetchLittleEndian ? (int) Mmu.INT_LE.get(fetchPage, o) : (int) Mmu.INT_BE.get(fetchPage, o);
      } else {
        if (compilable) {
          int entered = CompiledDispatch.enter(this);
          if (entered == CompiledCode.EXIT_BRANCH) {
            continue;
          }
          if (entered == CompiledCode.EXIT_STEP) {
            // Events and the fetch page are looked at again before the instruction.
            stepPending = true;
            continue;
          }
        }
        if (runInline() != INLINE_PENDING) {
          continue;
        }
      }
      // The next instruction (event checked, fetched) goes through the complete decoder.
      pc = st.nia;
      st.nia = pc + 4;
      Execute.instruction(this, pendingWord);
      st.now += tpi;
      if (exitVector != NO_EXIT) {
        result = exitVector;
        break;
      }
    }
    stepPending = false;
    st.instructions = startInstructions + (st.now - startTime) / tpi;
    return result;
  }

  /** The word {@link #runInline} stopped at, for {@link Execute}. */
  private int pendingWord;

  /** {@link #runInline}: stopped for an event or a fetch-page change. */
  private static final int INLINE_STOPPED = 0;
  /** {@link #runInline}: the instruction in {@link #pendingWord} needs {@link Execute}. */
  private static final int INLINE_PENDING = 1;
  /** {@link #runInline}: a taken branch reached compiled or hot code. */
  private static final int INLINE_BRANCHED = 2;

  /**
   * The hot loop: executes the common instructions ({@link OpTable}) from the current fetch page until
   * an event is due, the fetch page changes, or the next instruction is one it does not execute
   * itself, or a taken branch reaches compiled or hot code; then returns, with NIA and the time in the
   * state, {@link #INLINE_STOPPED}, {@link #INLINE_BRANCHED} or (for that instruction, whose word is in
   * {@link #pendingWord}) {@link #INLINE_PENDING}. Nothing it executes can fault, change the MSR, the fetch
   * page or the schedule, so its locals (NIA, the time, the fetch page, the next event) stay valid
   * and in registers: the loop makes no call (but, at a taken branch when compiling, to {@link
   * CompiledDispatch#stopsAt}, which the JIT inlines).
   */
  private int runInline() {
    final VcpuState st = s;
    final long[] gpr = st.gpr;
    final TranslationCache tlb = mmu.cache;
    final long event = nextEvent;
    final long fTag = fetchTag;
    final byte[] fPage = fetchPage;
    final boolean fLe = fetchLittleEndian;
    final int tpi = ticksPerInstruction;
    final long dContext = mmu.dataContext;
    final boolean dLe = mmu.dataLittleEndian;
    final long eaMask = eaMask(st);
    final boolean compiling = compilable;
    long now = st.now;
    long nia = st.nia;
    while (now < event && (nia & ~0xFFFL) == fTag) {
      int o = (int) (nia & 0xFFF);
      final int w = fLe ? (int) Mmu.INT_LE.get(fPage, o) : (int) Mmu.INT_BE.get(fPage, o);
      long next = nia + 4;
      boolean done = true;
      final int op = OpTable.op(w);
      switch (op) {
        case OpTable.ADDI -> {
          int ra = (w >>> 16) & 31;
          gpr[(w >>> 21) & 31] = (ra == 0 ? 0 : gpr[ra]) + (short) w;
        }
        case OpTable.ADDIS -> {
          int ra = (w >>> 16) & 31;
          gpr[(w >>> 21) & 31] = (ra == 0 ? 0 : gpr[ra]) + ((long) (short) w << 16);
        }
        case OpTable.ORI -> gpr[(w >>> 16) & 31] = gpr[(w >>> 21) & 31] | (w & 0xFFFFL);
        case OpTable.ORIS -> gpr[(w >>> 16) & 31] = gpr[(w >>> 21) & 31] | ((w & 0xFFFFL) << 16);
        case OpTable.XORI -> gpr[(w >>> 16) & 31] = gpr[(w >>> 21) & 31] ^ (w & 0xFFFFL);
        case OpTable.XORIS -> gpr[(w >>> 16) & 31] = gpr[(w >>> 21) & 31] ^ ((w & 0xFFFFL) << 16);
        case OpTable.ANDI -> {
          long r = gpr[(w >>> 21) & 31] & (w & 0xFFFFL);
          gpr[(w >>> 16) & 31] = r;
          Alu.setCr0(st, r);
        }
        case OpTable.ANDIS -> {
          long r = gpr[(w >>> 21) & 31] & ((w & 0xFFFFL) << 16);
          gpr[(w >>> 16) & 31] = r;
          Alu.setCr0(st, r);
        }
        case OpTable.CMPI -> Alu.compare(st, (w >>> 23) & 7, gpr[(w >>> 16) & 31], (short) w,
            (w & 0x0020_0000) != 0, true);
        case OpTable.CMPLI -> Alu.compare(st, (w >>> 23) & 7, gpr[(w >>> 16) & 31], w & 0xFFFFL,
            (w & 0x0020_0000) != 0, false);
        case OpTable.RLWINM -> {
          long m = Alu.mask(((w >>> 6) & 31) + 32, ((w >>> 1) & 31) + 32);
          long r = Alu.rotl32(gpr[(w >>> 21) & 31], (w >>> 11) & 31) & m;
          gpr[(w >>> 16) & 31] = r;
          if ((w & 1) != 0) {
            Alu.setCr0(st, r);
          }
        }
        case OpTable.RLD -> {
          long rs = gpr[(w >>> 21) & 31];
          int ra = (w >>> 16) & 31;
          int sh = ((w >>> 11) & 31) | ((w << 4) & 32);
          int mbe = ((w >>> 6) & 31) | (w & 32);
          long r;
          switch ((w >>> 2) & 7) {
            case 0 -> r = Long.rotateLeft(rs, sh) & Alu.mask(mbe, 63);
            case 1 -> r = Long.rotateLeft(rs, sh) & Alu.mask(0, mbe);
            case 2 -> r = Long.rotateLeft(rs, sh) & Alu.mask(mbe, 63 - sh);
            case 3 -> {
              long m = Alu.mask(mbe, 63 - sh);
              r = (Long.rotateLeft(rs, sh) & m) | (gpr[ra] & ~m);
            }
            default -> {
              r = 0;
              done = false;
            }
          }
          if (done) {
            gpr[ra] = r;
            if ((w & 1) != 0) {
              Alu.setCr0(st, r);
            }
          }
        }
        case OpTable.B -> {
          long li = ((w & 0x03FF_FFFC) << 6) >> 6;
          if ((w & 1) != 0) {
            st.lr = nia + 4;
          }
          next = ((w & 2) != 0 ? li : nia + li) & eaMask;
          if (compiling && CompiledDispatch.stopsAt(this, next, fTag)) {
            st.now = now + tpi;
            st.nia = next;
            return INLINE_BRANCHED;
          }
        }
        case OpTable.BC -> {
          boolean taken = Execute.condition(st, (w >>> 21) & 31, (w >>> 16) & 31, true);
          long bd = (short) (w & 0xFFFC);
          if ((w & 1) != 0) {
            st.lr = nia + 4;
          }
          if (taken) {
            // A jump straight back to the loop: NIA is then a branch, not a conditional move
            // waiting for CTR and CR.
            nia = ((w & 2) != 0 ? bd : nia + bd) & eaMask;
            now += tpi;
            if (compiling && CompiledDispatch.stopsAt(this, nia, fTag)) {
              st.now = now;
              st.nia = nia;
              return INLINE_BRANCHED;
            }
            continue;
          }
        }
        case OpTable.OP19 -> {
          int xo = (w >>> 1) & 0x3FF;
          int bo = (w >>> 21) & 31;
          if (xo == 16) { // bclr
            long target = st.lr & ~3L;
            boolean taken = Execute.condition(st, bo, (w >>> 16) & 31, true);
            if ((w & 1) != 0) {
              st.lr = nia + 4;
            }
            if (taken) {
              next = target & eaMask;
              if (compiling && CompiledDispatch.stopsAt(this, next, fTag)) {
                st.now = now + tpi;
                st.nia = next;
                return INLINE_BRANCHED;
              }
            }
          } else if (xo == 528 && (bo & 4) != 0) { // bcctr
            long target = st.ctr & ~3L;
            boolean taken = Execute.condition(st, bo, (w >>> 16) & 31, false);
            if ((w & 1) != 0) {
              st.lr = nia + 4;
            }
            if (taken) {
              next = target & eaMask;
              if (compiling && CompiledDispatch.stopsAt(this, next, fTag)) {
                st.now = now + tpi;
                st.nia = next;
                return INLINE_BRANCHED;
              }
            }
          } else if (xo != 150) { // isync has no effect
            done = false;
          }
        }
        case OpTable.LWZ, OpTable.LBZ, OpTable.LHZ, OpTable.LD, OpTable.LDX, OpTable.LWZX -> {
          int size = accessSize(op, w);
          long ea = accessAddress(op, w, gpr) & eaMask;
          int slot = TranslationCache.slot(ea);
          int offset = (int) (ea & 0xFFF);
          if (size != 0 && tlb.tags[slot] == ((ea & ~0xFFFL) | dContext)
              && (tlb.permissions[slot] & Mmu.LOAD_BIT) != 0 && offset <= 0x1000 - size) {
            gpr[(w >>> 21) & 31] = Mmu.read(tlb.pages[slot], offset, size, dLe);
          } else {
            done = false;
          }
        }
        case OpTable.STW, OpTable.STB, OpTable.STH, OpTable.STD, OpTable.STDX, OpTable.STWX -> {
          int size = accessSize(op, w);
          long ea = accessAddress(op, w, gpr) & eaMask;
          int slot = TranslationCache.slot(ea);
          int offset = (int) (ea & 0xFFF);
          if (size != 0 && tlb.tags[slot] == ((ea & ~0xFFFL) | dContext)
              && (tlb.permissions[slot] & Mmu.STORE_BIT) != 0 && offset <= 0x1000 - size) {
            Mmu.write(tlb.pages[slot], offset, size, gpr[(w >>> 21) & 31], dLe);
          } else {
            done = false;
          }
        }
        case OpTable.ADD, OpTable.SUBF, OpTable.NEG, OpTable.MULLD -> {
          long a = gpr[(w >>> 16) & 31];
          long b = gpr[(w >>> 11) & 31];
          long r = op == OpTable.ADD ? a + b : op == OpTable.SUBF ? b - a : op == OpTable.NEG ? -a : a * b;
          gpr[(w >>> 21) & 31] = r;
          if ((w & 1) != 0) {
            Alu.setCr0(st, r);
          }
        }
        case OpTable.AND, OpTable.OR, OpTable.XOR, OpTable.EXTSW -> {
          long a = gpr[(w >>> 21) & 31];
          long b = gpr[(w >>> 11) & 31];
          long r = op == OpTable.AND ? a & b : op == OpTable.OR ? a | b : op == OpTable.XOR ? a ^ b : (int) a;
          gpr[(w >>> 16) & 31] = r;
          if ((w & 1) != 0) {
            Alu.setCr0(st, r);
          }
        }
        case OpTable.CMP -> Alu.compare(st, (w >>> 23) & 7, gpr[(w >>> 16) & 31], gpr[(w >>> 11) & 31],
            (w & 0x0020_0000) != 0, true);
        case OpTable.CMPL -> Alu.compare(st, (w >>> 23) & 7, gpr[(w >>> 16) & 31], gpr[(w >>> 11) & 31],
            (w & 0x0020_0000) != 0, false);
        case OpTable.MFSPR -> {
          int n = Spr.number(w);
          short target = Spr.TARGET[n];
          if (Spr.MF[n] == Spr.USER && Spr.FACILITY[n] < 0 && target == Spr.T_LR) {
            gpr[(w >>> 21) & 31] = st.lr;
          } else if (Spr.MF[n] == Spr.USER && Spr.FACILITY[n] < 0 && target == Spr.T_CTR) {
            gpr[(w >>> 21) & 31] = st.ctr;
          } else {
            done = false;
          }
        }
        case OpTable.MTSPR -> {
          int n = Spr.number(w);
          short target = Spr.TARGET[n];
          if (Spr.MT[n] == Spr.USER && Spr.FACILITY[n] < 0 && target == Spr.T_LR) {
            st.lr = gpr[(w >>> 21) & 31];
          } else if (Spr.MT[n] == Spr.USER && Spr.FACILITY[n] < 0 && target == Spr.T_CTR) {
            st.ctr = gpr[(w >>> 21) & 31];
          } else {
            done = false;
          }
        }
        case OpTable.NOP_SYNC -> { }
        default -> done = false;
      }
      if (!done) {
        pendingWord = w;
        st.now = now;
        st.nia = nia;
        return INLINE_PENDING;
      }
      nia = next;
      now += tpi;
    }
    st.now = now;
    st.nia = nia;
    return INLINE_STOPPED;
  }

  /**
   * The size of a load or store {@link #runInline} executes itself, or 0 for a DS-form word whose
   * extended opcode is not plain {@code ld}/{@code std} (left to {@link Execute}).
   */
  private static int accessSize(int op, int w) {
    return switch (op) {
      case OpTable.LBZ, OpTable.STB -> 1;
      case OpTable.LHZ, OpTable.STH -> 2;
      case OpTable.LD, OpTable.STD -> (w & 3) == 0 ? 8 : 0;
      case OpTable.LDX, OpTable.STDX -> 8;
      default -> 4;
    };
  }

  /** (RA|0) plus the displacement (D or DS form) or RB (indexed forms), before the mode's mask. */
  private static long accessAddress(int op, int w, long[] gpr) {
    int ra = (w >>> 16) & 31;
    long base = ra == 0 ? 0 : gpr[ra];
    return switch (op) {
      case OpTable.LDX, OpTable.LWZX, OpTable.STDX, OpTable.STWX -> base + gpr[(w >>> 11) & 31];
      case OpTable.LD, OpTable.STD -> base + (short) (w & 0xFFFC);
      default -> base + (short) w;
    };
  }

  /** The mask of effective addresses in the current mode: the low word in 32-bit mode. */
  private static long eaMask(VcpuState st) {
    return (st.msr & Msr.SF) != 0 ? -1L : 0xFFFF_FFFFL;
  }

  // ---------------------------------------------------------------------------------------------
  // Fetch, events and state changes

  private boolean fetchPageOf(long address) {
    long tag = address & ~0xFFFL;
    if (tag == otherFetchTag) {
      swapFetchPages();
      return true;
    }
    if (!mmu.translate(address, Access.FETCH)) {
      pc = address;
      storageFault(address, Access.FETCH);
      return false;
    }
    // The current page becomes the other one (but never the zero page, which a store may replace).
    otherFetchTag = fetchPage == Mmu.ZERO_PAGE ? -1 : fetchTag;
    otherFetchPage = fetchPage;
    otherCompilable = compilable;
    otherFetchMode = fetchMode;
    otherCodePage = codePage;
    otherHeatBase = heatBase;
    fetchPage = mmu.page;
    // A page never written is the shared zero page: its first word (0) is no instruction and ends the
    // run with HEA, and every run starts with an empty fetch cache, so caching it here is harmless.
    fetchTag = tag;
    fetchLittleEndian = (s.msr & Msr.LE) != 0;
    if (codeCache != null) {
      CompiledDispatch.fetchPageChanged(this);
    }
    return true;
  }

  private void swapFetchPages() {
    long tag = fetchTag;
    byte[] page = fetchPage;
    boolean c = compilable;
    int mode = fetchMode;
    CodePage code = codePage;
    int hb = heatBase;
    fetchTag = otherFetchTag;
    fetchPage = otherFetchPage;
    compilable = otherCompilable;
    fetchMode = otherFetchMode;
    codePage = otherCodePage;
    heatBase = otherHeatBase;
    codeEntries = codePage == null ? null : codePage.entries;
    otherFetchTag = tag;
    otherFetchPage = page;
    otherCompilable = c;
    otherFetchMode = mode;
    otherCodePage = code;
    otherHeatBase = hb;
  }

  /** Drops both fetch pages: the MSR or a translation changed. */
  void invalidateFetch() {
    fetchTag = -1;
    otherFetchTag = -1;
  }

  /** The MSR (or LPCR, DEC, DPDES, an injection) changed: refetch and look at interrupts again. */
  void msrChanged() {
    invalidateFetch();
    nextEvent = Long.MIN_VALUE;
    mmu.msrChanged();
  }

  /** Translations depend on PIDR, AMR and IAMR: a change drops them. */
  void translationContextChanged() {
    flushTranslations();
  }

  /**
   * Deadlines and asynchronous interrupts, in the priority of spec §10.3.4: an injected system reset,
   * HDEC (an exit, whatever MSR[EE]), then — only with MSR[EE]=1 — external (injected, or mediated by
   * LPCR[MER]), decrementer and doorbell, delivered to the L2; then the end of the slice.
   */
  private int checkEvents() {
    long now = s.now;
    if (s.systemResetPending) {
      s.systemResetPending = false;
      deliver(Vector.SYSTEM_RESET, s.nia, 0);
    }
    if (Long.compareUnsigned(now, s.reg[VcpuState.R_HDEC_EXPIRY_TB]) >= 0) {
      return exitBetweenInstructions(org.nestsim.hcall.ExitReason.HDEC.vector());
    }
    if ((s.msr & Msr.EE) != 0) {
      if (s.externalPending || (s.reg[VcpuState.R_LPCR] & Lpcr.MER) != 0) {
        s.externalPending = false;
        deliver(Vector.EXTERNAL, s.nia, 0);
      } else if (Decrementer.value(s) <= 0) {
        deliver(Vector.DECREMENTER, s.nia, 0);
      } else if (s.reg[VcpuState.R_DPDES] != 0) {
        s.reg[VcpuState.R_DPDES] = 0;
        deliver(Vector.DOORBELL, s.nia, 0);
      }
    }
    if (now >= until) {
      return SLICE_OVER;
    }
    long next = until;
    long hdec = s.reg[VcpuState.R_HDEC_EXPIRY_TB];
    if (hdec >= 0 && hdec < next) {
      next = hdec;
    }
    if ((s.msr & Msr.EE) != 0) {
      long dec = now + Decrementer.value(s);
      if (dec < next) {
        next = dec;
      }
    }
    nextEvent = next;
    return NO_EXIT;
  }

  // ---------------------------------------------------------------------------------------------
  // Interrupts to the L2 and exits to the L1

  /**
   * Delivers an interrupt to the L2's own vector (spec §10.3.1–§10.3.2): SRR0/SRR1 set, the new MSR
   * built from ME and LPCR[ILE] (and IR/DR when AIL applies), NIA the vector.
   */
  void deliver(int vector, long srr0, long srr1Bits) {
    InterruptEntry e = InterruptEntry.of(vector, srr0, s.msr, srr1Bits, s.reg[VcpuState.R_LPCR], s.pvr);
    s.reg[VcpuState.R_SRR0] = e.srr0();
    s.reg[VcpuState.R_SRR1] = e.srr1();
    s.msr = e.msr();
    s.nia = e.nia();
    msrChanged();
  }

  /** A program interrupt at the current instruction with one SRR1 reason bit. */
  void program(long reason) {
    deliver(Vector.PROGRAM, pc, reason);
  }

  /** An exit taken between instructions (HDEC): NIA is the next instruction, MSR as it is. */
  private int exitBetweenInstructions(int vector) {
    s.exitMsr = s.msr & ~Srr1.CLEARED;
    exitVector = vector;
    return vector;
  }

  /** An exit at the current instruction, which did not complete (HEA, HFAC, HDSI, machine check). */
  void exitAtInstruction(int vector, long msrBits) {
    s.nia = pc;
    s.exitMsr = (s.msr & ~Srr1.CLEARED) | msrBits;
    exitVector = vector;
  }

  /** Hypervisor emulation assistance: the L0 does not execute this word (spec §10.4.4). */
  void emulationAssist(int word) {
    s.reg[VcpuState.R_HEIR] = Integer.toUnsignedLong(word);
    exitAtInstruction(org.nestsim.hcall.ExitReason.HEA.vector(), 0);
  }

  /** Hypervisor facility unavailable: HFSCR's top byte gets the cause (spec §10.5). */
  void hypervisorFacility(int facility) {
    s.reg[VcpuState.R_HFSCR] = Facility.withCause(s.reg[VcpuState.R_HFSCR], facility);
    exitAtInstruction(org.nestsim.hcall.ExitReason.HFAC.vector(), 0);
  }

  /**
   * Checks that a facility may be used: HFSCR (an exit), then FSCR in problem state (0xF60 in the L2).
   * Returns false when the instruction must stop.
   */
  boolean facilityAvailable(int facility) {
    long bit = Facility.bit(facility);
    if ((s.reg[VcpuState.R_HFSCR] & bit) == 0) {
      hypervisorFacility(facility);
      return false;
    }
    if ((s.msr & Msr.PR) != 0 && facility != Facility.MSGP && (s.reg[VcpuState.R_FSCR] & bit) == 0) {
      s.reg[VcpuState.R_FSCR] = Facility.withCause(s.reg[VcpuState.R_FSCR], facility);
      deliver(Vector.FACILITY_UNAVAILABLE, pc, 0);
      return false;
    }
    return true;
  }

  /** A privileged instruction: in problem state a privileged-type program interrupt. */
  boolean privileged() {
    if ((s.msr & Msr.PR) != 0) {
      program(Srr1.PROGPRIV);
      return false;
    }
    return true;
  }

  /**
   * Turns a failed translation into what the architecture does with it (spec §10.2): a segment or
   * storage interrupt in the L2, an HDSI/HISI exit, or a machine check exit.
   */
  void storageFault(long ea, int access) {
    boolean fetch = access == Access.FETCH;
    int cause = mmu.faultCause;
    switch (mmu.faultKind) {
      case RadixWalker.SEGMENT -> {
        if (fetch) {
          deliver(Vector.ISEG, pc, 0);
        } else {
          s.reg[VcpuState.R_DAR] = ea;
          deliver(Vector.DSEG, pc, 0);
        }
      }
      case RadixWalker.STORAGE -> {
        if (fetch) {
          deliver(Vector.ISI, pc, cause & ISI_CAUSE_BITS);
        } else {
          s.reg[VcpuState.R_DAR] = ea;
          s.reg[VcpuState.R_DSISR] = Integer.toUnsignedLong(cause);
          deliver(Vector.DSI, pc, 0);
        }
      }
      case RadixWalker.PARTITION -> {
        s.reg[VcpuState.R_ASDR] = mmu.faultAsdr;
        if (fetch && !mmu.faultHdsiForFetch) {
          exitAtInstruction(org.nestsim.hcall.ExitReason.HISI.vector(), cause & HISI_CAUSE_BITS);
        } else {
          s.reg[VcpuState.R_HDAR] = ea;
          s.reg[VcpuState.R_HDSISR] = Integer.toUnsignedLong(cause);
          exitAtInstruction(org.nestsim.hcall.ExitReason.HDSI.vector(), 0);
        }
      }
      default -> {
        // A machine check is taken through SRR0/SRR1 (spec §6.5): they hold the exit's NIA and MSR.
        exitAtInstruction(org.nestsim.hcall.ExitReason.MCE.vector(), 0);
        s.reg[VcpuState.R_SRR0] = pc;
        s.reg[VcpuState.R_SRR1] = s.exitMsr;
      }
    }
    mmu.faulted = false;
    fault = true;
  }

  /**
   * Set by {@link #load} when the access faulted and the fault was handled (an interrupt delivered or
   * an exit recorded): the instruction must stop without writing its results.
   */
  boolean fault;

  private static final int ISI_CAUSE_BITS =
      Dsisr.NOHPTE | Dsisr.NOEXEC_OR_G | Dsisr.PROTFAULT | Dsisr.UNSUPP_MMU;
  private static final int HISI_CAUSE_BITS = ISI_CAUSE_BITS | Dsisr.SET_RC | Dsisr.PRTABLE_FAULT;

  // ---------------------------------------------------------------------------------------------
  // Loads and stores: {@code faulted} tells the caller to stop; the fault has been handled.

  /** The effective address as the current mode uses it (the low word in 32-bit mode). */
  long ea(long address) {
    return (s.msr & Msr.SF) != 0 ? address : address & 0xFFFF_FFFFL;
  }

  /** Loads; sets {@link #fault} (and handles the fault) when the access fails. */
  long load(long ea, int size) {
    return load(ea, size, false);
  }

  /** Loads in the byte order opposite to MSR[LE] (the byte-reversed forms). */
  long loadReversed(long ea, int size) {
    return load(ea, size, true);
  }

  private long load(long ea, int size, boolean reversed) {
    long v = mmu.load(ea, size, reversed);
    fault = mmu.faulted;
    if (fault) {
      storageFault(ea, Access.LOAD);
      return 0;
    }
    return v;
  }

  boolean store(long ea, int size, long value, boolean reversed) {
    if (!mmu.store(ea, size, value, reversed)) {
      storageFault(ea, Access.STORE);
      return false;
    }
    return true;
  }


  // ---------------------------------------------------------------------------------------------
  // Decode and execute


}
