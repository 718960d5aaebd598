package org.nestsim.gsb;

/**
 * Guest State Buffer element IDs (spec §5), named as Linux names them without the
 * {@code KVMPPC_GSID_} prefix so that they can be grepped against the kernel and QEMU. The properties
 * of each ID (size, scope, access, type) are in {@link GsbCatalog}; this class only names numbers.
 */
public final class Gsid {
  private Gsid() {}

  public static final int BLANK = 0x0000;
  public static final int HOST_STATE_SIZE = 0x0001;
  public static final int RUN_OUTPUT_MIN_SIZE = 0x0002;
  public static final int LOGICAL_PVR = 0x0003;
  public static final int TB_OFFSET = 0x0004;
  public static final int PARTITION_TABLE = 0x0005;
  public static final int PROCESS_TABLE = 0x0006;

  public static final int L0_GUEST_HEAP = 0x0800;
  public static final int L0_GUEST_HEAP_MAX = 0x0801;
  public static final int L0_GUEST_PGTABLE_SIZE = 0x0802;
  public static final int L0_GUEST_PGTABLE_SIZE_MAX = 0x0803;
  public static final int L0_GUEST_PGTABLE_RECLAIM = 0x0804;

  public static final int RUN_INPUT = 0x0C00;
  public static final int RUN_OUTPUT = 0x0C01;
  public static final int VPA = 0x0C02;

  /** GPR0; GPR{@code n} is {@code GPR0 + n}, see {@link #gpr(int)}. */
  public static final int GPR0 = 0x1000;
  public static final int HDEC_EXPIRY_TB = 0x1020;
  public static final int NIA = 0x1021;
  public static final int MSR = 0x1022;
  public static final int LR = 0x1023;
  public static final int XER = 0x1024;
  public static final int CTR = 0x1025;
  public static final int CFAR = 0x1026;
  public static final int SRR0 = 0x1027;
  public static final int SRR1 = 0x1028;
  public static final int DAR = 0x1029;
  public static final int DEC_EXPIRY_TB = 0x102A;
  public static final int VTB = 0x102B;
  public static final int LPCR = 0x102C;
  public static final int HFSCR = 0x102D;
  public static final int FSCR = 0x102E;
  public static final int FPSCR = 0x102F;
  public static final int DAWR0 = 0x1030;
  public static final int DAWR1 = 0x1031;
  public static final int CIABR = 0x1032;
  public static final int PURR = 0x1033;
  public static final int SPURR = 0x1034;
  public static final int IC = 0x1035;
  public static final int SPRG0 = 0x1036;
  public static final int SPRG1 = 0x1037;
  public static final int SPRG2 = 0x1038;
  public static final int SPRG3 = 0x1039;
  public static final int PPR = 0x103A;
  public static final int MMCR0 = 0x103B;
  public static final int MMCR1 = 0x103C;
  public static final int MMCR2 = 0x103D;
  public static final int MMCR3 = 0x103E;
  public static final int MMCRA = 0x103F;
  public static final int SIER = 0x1040;
  public static final int SIER2 = 0x1041;
  public static final int SIER3 = 0x1042;
  public static final int BESCR = 0x1043;
  public static final int EBBHR = 0x1044;
  public static final int EBBRR = 0x1045;
  public static final int AMR = 0x1046;
  public static final int IAMR = 0x1047;
  public static final int AMOR = 0x1048;
  public static final int UAMOR = 0x1049;
  public static final int SDAR = 0x104A;
  public static final int SIAR = 0x104B;
  public static final int DSCR = 0x104C;
  public static final int TAR = 0x104D;
  public static final int DEXCR = 0x104E;
  public static final int HDEXCR = 0x104F;
  public static final int HASHKEYR = 0x1050;
  public static final int HASHPKEYR = 0x1051;
  public static final int CTRL = 0x1052;
  public static final int DPDES = 0x1053;

  public static final int CR = 0x2000;
  public static final int PIDR = 0x2001;
  public static final int DSISR = 0x2002;
  public static final int VSCR = 0x2003;
  public static final int VRSAVE = 0x2004;
  public static final int DAWRX0 = 0x2005;
  public static final int DAWRX1 = 0x2006;
  /** PMC1; PMC{@code n} is {@code PMC1 + n - 1}, see {@link #pmc(int)}. */
  public static final int PMC1 = 0x2007;
  public static final int WORT = 0x200D;
  public static final int PSPB = 0x200E;

  /** VSR0; VSR{@code n} is {@code VSR0 + n}, see {@link #vsr(int)}. */
  public static final int VSR0 = 0x3000;

  public static final int HDAR = 0xF000;
  public static final int HDSISR = 0xF001;
  public static final int HEIR = 0xF002;
  public static final int ASDR = 0xF003;

  /** GPR{@code n}, 0…31. */
  public static int gpr(int n) {
    return GPR0 + checkIndex(n, 32);
  }

  /** VSR{@code n}, 0…63. */
  public static int vsr(int n) {
    return VSR0 + checkIndex(n, 64);
  }

  /** PMC{@code n}, 1…6. */
  public static int pmc(int n) {
    return PMC1 + checkIndex(n - 1, 6);
  }

  private static int checkIndex(int n, int count) {
    if (n < 0 || n >= count) {
      throw new IllegalArgumentException("register number out of range: " + n);
    }
    return n;
  }
}
