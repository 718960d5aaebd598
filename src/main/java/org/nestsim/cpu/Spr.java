package org.nestsim.cpu;

import org.nestsim.gsb.Gsid;

/**
 * The SPR numbers an L2 may name in {@code mfspr}/{@code mtspr}, with the access class of each direction
 * and the register it reaches (spec §10.4.2), and the facility that gates it (spec §10.5).
 *
 * <p>One table of 1024 entries, indexed by SPR number, so the interpreter decides an access with two
 * array loads.
 */
public final class Spr {
  private Spr() {}

  /** Not defined in this direction (QEMU's rules for undefined SPRs apply, spec §10.4.3). */
  public static final byte UNDEFINED = 0;
  /** Any state. */
  public static final byte USER = 1;
  /** MSR[PR]=0 required. */
  public static final byte PRIV = 2;
  /** Hypervisor state required: an L2 never has it. */
  public static final byte HYP = 3;
  /** Both directions are no-ops (SPRs 808–811). */
  public static final byte NOOP = 4;

  /** Targets that are not entries of {@link VcpuState#reg}. */
  public static final short T_NONE = -1;
  public static final short T_XER = -2;
  public static final short T_LR = -3;
  public static final short T_CTR = -4;
  public static final short T_DEC = -5;
  public static final short T_TB = -6;
  public static final short T_TBU = -7;
  public static final short T_PVR = -8;
  public static final short T_AMR_USER = -9;
  public static final short T_AMR_PRIV = -10;
  public static final short T_CTRL_WRITE = -11;
  public static final short T_PIR = -12;
  public static final short T_PPR32 = -13;
  public static final short T_BESCR_SET = -14;
  public static final short T_BESCR_SET_UPPER = -15;
  public static final short T_BESCR_RESET = -16;
  public static final short T_BESCR_RESET_UPPER = -17;

  static final byte[] MT = new byte[1024];
  static final byte[] MF = new byte[1024];
  static final short[] TARGET = new short[1024];
  /** The facility (HFSCR and, in problem state, FSCR) that gates an SPR, or -1. */
  static final byte[] FACILITY = new byte[1024];

  static {
    java.util.Arrays.fill(TARGET, T_NONE);
    java.util.Arrays.fill(FACILITY, (byte) -1);
    both(1, USER, T_XER);
    both(3, USER, reg(Gsid.DSCR));
    FACILITY[3] = Facility.DSCR;
    both(8, USER, T_LR);
    both(9, USER, T_CTR);
    both(13, USER, T_AMR_USER);
    both(17, PRIV, reg(Gsid.DSCR));
    FACILITY[17] = Facility.DSCR;
    both(18, PRIV, reg(Gsid.DSISR));
    both(19, PRIV, reg(Gsid.DAR));
    both(22, PRIV, T_DEC);
    both(26, PRIV, reg(Gsid.SRR0));
    both(27, PRIV, reg(Gsid.SRR1));
    both(28, PRIV, reg(Gsid.CFAR));
    both(29, PRIV, T_AMR_PRIV);
    both(48, PRIV, reg(Gsid.PIDR));
    both(61, PRIV, reg(Gsid.IAMR));
    read(136, USER, reg(Gsid.CTRL));
    write(152, PRIV, T_CTRL_WRITE);
    both(153, PRIV, reg(Gsid.FSCR));
    both(157, PRIV, reg(Gsid.UAMOR));
    both(159, PRIV, reg(Gsid.PSPB));
    MT[176] = HYP;
    read(176, PRIV, reg(Gsid.DPDES));
    FACILITY[176] = Facility.MSGP;
    for (int n : new int[] {180, 181, 187, 188, 189, 190, 306, 307, 310, 314, 315, 318, 319, 338, 339,
        349, 469, 471, 816}) {
      MT[n] = HYP;
      MF[n] = HYP;
    }
    both(256, USER, reg(Gsid.VRSAVE));
    read(259, USER, reg(Gsid.SPRG3));
    read(268, USER, T_TB);
    read(269, USER, T_TBU);
    for (int i = 0; i < 4; i++) {
      both(272 + i, PRIV, reg(Gsid.SPRG0 + i));
    }
    MT[284] = HYP;
    MT[285] = HYP;
    read(287, PRIV, T_PVR);
    write(308, HYP, T_NONE);
    read(308, PRIV, reg(Gsid.SPURR));
    write(309, HYP, T_NONE);
    read(309, PRIV, reg(Gsid.PURR));
    read(455, USER, reg(Gsid.HDEXCR));
    both(468, PRIV, reg(Gsid.HASHKEYR));
    pmu(752, 736, reg(Gsid.SIER2), false);
    pmu(753, 737, reg(Gsid.SIER3), false);
    pmu(754, 738, reg(Gsid.MMCR3), false);
    pmu(784, 768, reg(Gsid.SIER), false);
    pmu(785, 769, reg(Gsid.MMCR2), true);
    pmu(786, 770, reg(Gsid.MMCRA), true);
    for (int i = 0; i < 6; i++) {
      pmu(787 + i, 771 + i, reg(Gsid.PMC1 + i), true);
    }
    pmu(795, 779, reg(Gsid.MMCR0), true);
    pmu(796, 780, reg(Gsid.SIAR), false);
    pmu(797, 781, reg(Gsid.SDAR), false);
    pmu(798, 782, reg(Gsid.MMCR1), false);
    gated(804, USER, reg(Gsid.EBBHR), Facility.EBB);
    gated(805, USER, reg(Gsid.EBBRR), Facility.EBB);
    gated(806, USER, reg(Gsid.BESCR), Facility.EBB);
    for (int n = 808; n <= 811; n++) {
      MT[n] = NOOP;
      MF[n] = NOOP;
    }
    read(812, USER, reg(Gsid.DEXCR));
    gated(815, USER, reg(Gsid.TAR), Facility.TAR);
    both(828, PRIV, reg(Gsid.DEXCR));
    write(848, HYP, T_NONE);
    read(848, PRIV, reg(Gsid.IC));
    write(849, HYP, T_NONE);
    read(849, PRIV, reg(Gsid.VTB));
    both(896, USER, reg(Gsid.PPR));
    both(898, USER, T_PPR32);
    read(1023, PRIV, T_PIR);
    gated(800, USER, T_BESCR_SET, Facility.EBB);
    gated(801, USER, T_BESCR_SET_UPPER, Facility.EBB);
    gated(802, USER, T_BESCR_RESET, Facility.EBB);
    gated(803, USER, T_BESCR_RESET_UPPER, Facility.EBB);
  }

  private static short reg(int gsid) {
    return (short) VcpuState.index(gsid);
  }

  private static void both(int n, byte cls, short target) {
    MT[n] = cls;
    MF[n] = cls;
    TARGET[n] = target;
  }

  private static void read(int n, byte cls, short target) {
    MF[n] = cls;
    if (MT[n] == UNDEFINED || TARGET[n] == T_NONE) {
      TARGET[n] = target;
    }
  }

  private static void write(int n, byte cls, short target) {
    MT[n] = cls;
    if (TARGET[n] == T_NONE) {
      TARGET[n] = target;
    }
  }

  private static void gated(int n, byte cls, short target, int facility) {
    both(n, cls, target);
    FACILITY[n] = (byte) facility;
  }

  /** A privileged PMU SPR and its problem-state alias (read-only, or both directions). */
  private static void pmu(int n, int alias, short target, boolean aliasWritable) {
    both(n, PRIV, target);
    FACILITY[n] = Facility.PM;
    MF[alias] = USER;
    if (aliasWritable) {
      MT[alias] = USER;
    }
    TARGET[alias] = target;
    FACILITY[alias] = Facility.PM;
  }

  /** The SPR number of an {@code mfspr}/{@code mtspr} word (its two 5-bit halves are swapped). */
  public static int number(int word) {
    return ((word >>> 16) & 0x1F) | ((word >>> 6) & 0x3E0);
  }

  /** The class of {@code mtspr n} (true) or {@code mfspr n} (false). */
  public static byte accessClass(int n, boolean write) {
    return write ? MT[n] : MF[n];
  }
}
