package org.nestsim.cpu;

import org.nestsim.gsb.GsbCatalog;
import org.nestsim.gsb.GsbElement;
import org.nestsim.gsb.Gsid;
import org.nestsim.gsb.Scope;
import org.nestsim.gsb.ValueType;

/**
 * The register state of one L2 vCPU: every thread-wide register element of spec §5 in primitive fields
 * and arrays. The registers the interpreter touches on almost every instruction (GPRs, NIA, MSR, CR,
 * LR, CTR, XER) are fields; every other 64- and 32-bit register element lives in {@link #reg}, indexed
 * by {@link #index(int)} of its element ID; VSR0–63 are allocated on first use.
 *
 * <p>The L0 reads and writes registers by element ID ({@link #get}, {@link #set}, {@link #vsrHigh},
 * {@link #setVsr}); the interpreter uses the fields and the {@code R_*} indexes directly.
 */
public final class VcpuState {
  private static final int DWORD_BASE = Gsid.HDEC_EXPIRY_TB;
  private static final int DWORD_COUNT = Gsid.DPDES - Gsid.HDEC_EXPIRY_TB + 1;
  private static final int WORD_BASE = Gsid.CR;
  private static final int WORD_COUNT = Gsid.PSPB - Gsid.CR + 1;
  private static final int INTR_BASE = Gsid.HDAR;
  private static final int REG_COUNT = DWORD_COUNT + WORD_COUNT + 4;

  /** The index in {@link #reg} of a 64-bit (0x1020–0x1053), 32-bit (0x2000–0x200E) or exit (0xF000–0xF003) register element. */
  public static int index(int gsid) {
    if (gsid >= DWORD_BASE && gsid < DWORD_BASE + DWORD_COUNT) {
      return gsid - DWORD_BASE;
    }
    if (gsid >= WORD_BASE && gsid < WORD_BASE + WORD_COUNT) {
      return DWORD_COUNT + gsid - WORD_BASE;
    }
    if (gsid >= INTR_BASE && gsid <= Gsid.ASDR) {
      return DWORD_COUNT + WORD_COUNT + gsid - INTR_BASE;
    }
    throw new IllegalArgumentException("not a register element: " + GsbElement.hex(gsid));
  }

  /** Whether a {@link #reg} index holds a 32-bit register. */
  public static boolean isWordIndex(int index) {
    return index >= DWORD_COUNT && index < DWORD_COUNT + WORD_COUNT;
  }

  public static final int R_HDEC_EXPIRY_TB = index(Gsid.HDEC_EXPIRY_TB);
  public static final int R_CFAR = index(Gsid.CFAR);
  public static final int R_SRR0 = index(Gsid.SRR0);
  public static final int R_SRR1 = index(Gsid.SRR1);
  public static final int R_DAR = index(Gsid.DAR);
  public static final int R_DEC_EXPIRY_TB = index(Gsid.DEC_EXPIRY_TB);
  public static final int R_LPCR = index(Gsid.LPCR);
  public static final int R_HFSCR = index(Gsid.HFSCR);
  public static final int R_FSCR = index(Gsid.FSCR);
  public static final int R_FPSCR = index(Gsid.FPSCR);
  public static final int R_AMR = index(Gsid.AMR);
  public static final int R_IAMR = index(Gsid.IAMR);
  public static final int R_DPDES = index(Gsid.DPDES);
  public static final int R_PIDR = index(Gsid.PIDR);
  public static final int R_DSISR = index(Gsid.DSISR);
  public static final int R_HDAR = index(Gsid.HDAR);
  public static final int R_HDSISR = index(Gsid.HDSISR);
  public static final int R_HEIR = index(Gsid.HEIR);
  public static final int R_ASDR = index(Gsid.ASDR);

  /** GPR0–GPR31. */
  public final long[] gpr = new long[32];
  /** Other register elements, see {@link #index(int)}; 32-bit ones hold their value zero-extended. */
  public final long[] reg = new long[REG_COUNT];
  /** VSR{@code n} is {@code vsr[2n]} (high doubleword, = FPR{@code n} for n < 32) and {@code vsr[2n+1]}. */
  private long[] vsr;

  public long nia;
  public long msr;
  /** CR as 32 bits; CR field 0 is the most-significant nibble. */
  public int cr;
  public long lr;
  public long ctr;
  /** XER[SO], XER[OV], XER[CA], XER[OV32], XER[CA32] as 0 or 1. */
  public int so;
  public int ov;
  public int ca;
  public int ov32;
  public int ca32;
  /** The XER bits other than SO/OV/CA/OV32/CA32 (the byte count of string instructions). */
  public long xerOther;

  /** The vCPU's local L1 timebase: its quantum's start plus the ticks of the instructions it ran. */
  public long now;
  /** The guest's TB offset: the L2 timebase is {@code now + tbOffset}. */
  public long tbOffset;
  /** The logical PVR the guest runs with (element {@code 0x0003}); {@code mfspr PVR} returns it. */
  public long pvr = 0x0F00_0006L;
  /** L2 instructions executed since creation. */
  public long instructions;

  /** The MSR element of the last exit (HSRR1 or SRR1; may carry cause bits an HISI adds). */
  public long exitMsr;
  /** The L1 injected an external interrupt (RUN flag or scenario): delivered when MSR[EE]=1. */
  public boolean externalPending;
  /** The L1 injected a system reset (RUN flag): delivered before the next instruction. */
  public boolean systemResetPending;
  /** This vCPU's thread number in its virtual core: the target {@code msgsndp} names to reach it. */
  public int thread;
  /** What {@code mfspr PIR} reads: the processor id the L0 gives this vCPU (its vCPU id). */
  public long pir;
  /** The L2 ran {@code tlbie}: the L0 must flush the translations of every vCPU of the guest. */
  public boolean translationsInvalidated;
  /** Thread numbers this vCPU sent a doorbell to with {@code msgsndp} (bit n = thread n), to deliver. */
  public int doorbellsSent;

  public static final long XER_SO = 0x8000_0000L;
  public static final long XER_OV = 0x4000_0000L;
  public static final long XER_CA = 0x2000_0000L;
  public static final long XER_OV32 = 0x0008_0000L;
  public static final long XER_CA32 = 0x0004_0000L;

  /** XER as the 64-bit register. */
  public long xer() {
    return xerOther | (so != 0 ? XER_SO : 0) | (ov != 0 ? XER_OV : 0) | (ca != 0 ? XER_CA : 0)
        | (ov32 != 0 ? XER_OV32 : 0) | (ca32 != 0 ? XER_CA32 : 0);
  }

  public void setXer(long v) {
    so = (v & XER_SO) != 0 ? 1 : 0;
    ov = (v & XER_OV) != 0 ? 1 : 0;
    ca = (v & XER_CA) != 0 ? 1 : 0;
    ov32 = (v & XER_OV32) != 0 ? 1 : 0;
    ca32 = (v & XER_CA32) != 0 ? 1 : 0;
    xerOther = v & ~(XER_SO | XER_OV | XER_CA | XER_OV32 | XER_CA32) & 0xFFFF_FFFFL;
  }

  /** Whether VSR state has been allocated (touched by the L1 or by an FP instruction). */
  public boolean hasVectorState() {
    return vsr != null;
  }

  private long[] vsr() {
    if (vsr == null) {
      vsr = new long[128];
    }
    return vsr;
  }

  public long vsrHigh(int n) {
    return vsr == null ? 0 : vsr[2 * n];
  }

  public long vsrLow(int n) {
    return vsr == null ? 0 : vsr[2 * n + 1];
  }

  public void setVsr(int n, long high, long low) {
    long[] v = vsr();
    v[2 * n] = high;
    v[2 * n + 1] = low;
  }

  /** FPR{@code n}: doubleword 0 of VSR{@code n}. */
  public long fpr(int n) {
    return vsrHigh(n);
  }

  public void setFpr(int n, long value) {
    vsr()[2 * n] = value;
  }

  /**
   * The value of a register element (GPRs, the 64- and 32-bit registers, the exit registers), 32-bit
   * ones zero-extended.
   *
   * @throws IllegalArgumentException for an ID that is not a thread-wide register element
   */
  public long get(int gsid) {
    if (gsid >= Gsid.GPR0 && gsid < Gsid.GPR0 + 32) {
      return gpr[gsid - Gsid.GPR0];
    }
    return switch (gsid) {
      case Gsid.NIA -> nia;
      case Gsid.MSR -> msr;
      case Gsid.LR -> lr;
      case Gsid.CTR -> ctr;
      case Gsid.XER -> xer();
      case Gsid.CR -> Integer.toUnsignedLong(cr);
      default -> reg[index(gsid)];
    };
  }

  /**
   * Sets a register element as an L1's SET_STATE or run input buffer does: 32-bit elements keep the low
   * 32 bits; the MSR never takes HV or S (an L2 is never in hypervisor or secure state); LPCR keeps only
   * the bits an L1 controls.
   */
  public void set(int gsid, long value) {
    if (gsid >= Gsid.GPR0 && gsid < Gsid.GPR0 + 32) {
      gpr[gsid - Gsid.GPR0] = value;
      return;
    }
    switch (gsid) {
      case Gsid.NIA -> nia = value;
      case Gsid.MSR -> msr = value & ~Msr.L2_FORBIDDEN;
      case Gsid.LR -> lr = value;
      case Gsid.CTR -> ctr = value;
      case Gsid.XER -> setXer(value);
      case Gsid.CR -> cr = (int) value;
      case Gsid.LPCR -> reg[R_LPCR] = value & Lpcr.L1_CONTROLLED;
      default -> {
        GsbElement e = GsbCatalog.byId(gsid);
        int i = index(gsid);
        reg[i] = e != null && e.type() == ValueType.BE32 ? value & 0xFFFF_FFFFL : value;
      }
    }
  }

  /** Whether {@link #get}/{@link #set} handle this element ID. */
  public static boolean isRegister(int gsid) {
    GsbElement e = GsbCatalog.byId(gsid);
    return e != null && e.scope() == Scope.THREAD
        && (e.type() == ValueType.BE64 || e.type() == ValueType.BE32)
        && gsid != Gsid.VPA;
  }
}
