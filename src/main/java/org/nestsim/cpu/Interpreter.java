package org.nestsim.cpu;

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
 * <p>The hot loop allocates nothing: decoding is a switch over the primary opcode and the extended
 * opcode, fetches go through a one-page fetch cache, data accesses through the translation cache.
 */
public final class Interpreter {
  /** {@link #runSlice} ran its budget or reached {@code until} without an exit. */
  public static final int SLICE_OVER = -1;
  /** {@link #checkEvents} found nothing that stops the slice (distinct from {@link #SLICE_OVER}). */
  private static final int NO_EXIT = -2;

  final VcpuState s;
  final Mmu mmu;
  private final int ticksPerInstruction;

  /** The fetch cache: the page of the last fetch, valid while the tag matches and the MSR is unchanged. */
  private long fetchTag = -1;
  private byte[] fetchPage;
  private boolean fetchLittleEndian;

  /** Local time at which deadlines and pending interrupts must be looked at again. */
  private long nextEvent;
  private long until;
  /** Set by an instruction that ends the run. */
  int exitVector = NO_EXIT;
  /** Address of the instruction being executed. */
  long pc;

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
    fetchTag = -1;
  }

  /**
   * Tells the interpreter that the L0 changed registers between slices (SET_STATE, the run input
   * buffer, an injected interrupt): the fetch cache and the event schedule are recomputed.
   */
  public void stateChanged() {
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
      int word;
      if ((address & ~0xFFFL) == fetchTag || fetchPageOf(address)) {
        int o = (int) (address & 0xFFF);
        word = fetchLittleEndian ? (int) Mmu.INT_LE.get(fetchPage, o) : (int) Mmu.INT_BE.get(fetchPage, o);
        pc = address;
        st.nia = address + 4;
        Execute.instruction(this, word);
      }
      st.now += tpi;
      if (exitVector != NO_EXIT) {
        result = exitVector;
        break;
      }
    }
    st.instructions = startInstructions + (st.now - startTime) / tpi;
    return result;
  }

  // ---------------------------------------------------------------------------------------------
  // Fetch, events and state changes

  private boolean fetchPageOf(long address) {
    if (!mmu.translate(address, Access.FETCH)) {
      pc = address;
      storageFault(address, Access.FETCH);
      return false;
    }
    fetchPage = mmu.page;
    fetchTag = address & ~0xFFFL;
    fetchLittleEndian = (s.msr & Msr.LE) != 0;
    return true;
  }

  /** The MSR (or LPCR, DEC, DPDES, an injection) changed: refetch and look at interrupts again. */
  void msrChanged() {
    fetchTag = -1;
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
    long msr = s.msr;
    long lpcr = s.reg[VcpuState.R_LPCR];
    s.reg[VcpuState.R_SRR0] = srr0;
    s.reg[VcpuState.R_SRR1] = (msr & ~Srr1.CLEARED) | srr1Bits;
    long newMsr = (msr & Msr.ME) | Msr.SF | ((lpcr & Lpcr.ILE) != 0 ? Msr.LE : 0);
    long target = vector;
    boolean relocated = (msr & (Msr.IR | Msr.DR)) == (Msr.IR | Msr.DR);
    if (relocated && vector != Vector.SYSTEM_RESET && vector != Vector.MACHINE_CHECK && vector != 0xE60) {
      int ail = (int) ((lpcr & Lpcr.AIL) >>> Lpcr.AIL_SHIFT);
      if (ail == 3) {
        target |= 0xC000_0000_0000_4000L;
        newMsr |= Msr.IR | Msr.DR;
      } else if (ail == 2 && s.pvr == 0x0F00_0005L) {
        target |= 0x1_8000L;
        newMsr |= Msr.IR | Msr.DR;
      }
    }
    s.msr = newMsr;
    s.nia = target;
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
      default -> exitAtInstruction(org.nestsim.hcall.ExitReason.MCE.vector(), 0);
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
    long v = mmu.load(ea, size, false);
    fault = mmu.faulted;
    if (fault) {
      storageFault(ea, Access.LOAD);
      return 0;
    }
    return v;
  }

  long loadReversed(long ea, int size) {
    long v = mmu.load(ea, size, true);
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
