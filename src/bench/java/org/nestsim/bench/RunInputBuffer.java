package org.nestsim.bench;

import org.nestsim.gsb.GsbCatalog;
import org.nestsim.gsb.GsbWriter;
import org.nestsim.gsb.Gsid;

/**
 * The benchmarks' typical run input buffer: the 40 elements a Linux L1 sends before an ordinary
 * {@code H_GUEST_RUN_VCPU} (spec §7.3), kept as primitive arrays so that re-encoding them allocates
 * nothing.
 *
 * <p>Step 3 puts the dirty thread-wide elements in flattened-ID order: 33 BE64 registers (GPR0–15, NIA,
 * MSR, LR, XER, CTR, SRR0/1, DAR, DEC_EXPIRY_TB, SPRG0–3, PPR, AMR, DSCR, TAR), 3 BE32 (CR, DSISR,
 * VRSAVE) and 2 VSRs; steps 4 and 5 append HDEC_EXPIRY_TB and LPCR. Used length: 4 + 35 × 12 + 3 × 8 +
 * 2 × 20 = 488 bytes.
 */
final class RunInputBuffer {
  /** Elements in the buffer. */
  static final int ELEMENTS = 40;
  /** The used length the elements encode to. */
  static final int LENGTH = 488;
  /**
   * A Linux L1's run input buffer capacity: every thread-wide element fits, rounded up to a power of
   * two (spec §4.6 {@code gsb_new}); only the used bytes at its start are content.
   */
  static final int CAPACITY = 4096;

  static final int KIND_REGISTER = 0;
  static final int KIND_VEC128 = 1;

  /** In the order the L1 puts them. */
  final int[] ids = new int[ELEMENTS];
  final int[] kinds = new int[ELEMENTS];
  /** A register's value as it travels (BE32 ones as their low 32 bits), or a VSR's high doubleword. */
  final long[] highs = new long[ELEMENTS];
  /** A VSR's low doubleword. */
  final long[] lows = new long[ELEMENTS];

  private int n;

  RunInputBuffer() {
    for (int gpr = 0; gpr < 16; gpr++) {
      register(Gsid.gpr(gpr), 0xC000_0000_0100_0000L + 8L * gpr);
    }
    register(Gsid.NIA, 0xC000_0000_0012_3450L);
    register(Gsid.MSR, 0x8000_0000_0000_9033L & GsbCatalog.LINUX_MSR_MASK);
    register(Gsid.LR, 0xC000_0000_0012_3000L);
    register(Gsid.XER, 0x2000_0000L);
    register(Gsid.CTR, 0x40L);
    register(Gsid.SRR0, 0xC000_0000_0012_3440L);
    register(Gsid.SRR1, 0x8000_0000_0000_9033L);
    register(Gsid.DAR, 0x0000_7FFF_DEAD_B000L);
    register(Gsid.DEC_EXPIRY_TB, 0x0000_0123_4567_89ABL);
    register(Gsid.SPRG0, 0xC000_0000_0200_0000L);
    register(Gsid.SPRG1, 0x1111L);
    register(Gsid.SPRG2, 0x2222L);
    register(Gsid.SPRG3, 0x3333L);
    register(Gsid.PPR, 0x000C_0000_0000_0000L);
    register(Gsid.AMR, 0x3000_0000_0000_0000L);
    register(Gsid.DSCR, 0x10L);
    register(Gsid.TAR, 0xC000_0000_0012_4000L);
    register(Gsid.CR, 0x2400_0882L);
    register(Gsid.DSISR, 0x4200_0000L);
    register(Gsid.VRSAVE, 0xFFFF_FFFFL);
    vector(Gsid.vsr(0), 0x0123_4567_89AB_CDEFL, 0xFEDC_BA98_7654_3210L);
    vector(Gsid.vsr(1), 0x3FF0_0000_0000_0000L, 0x4000_0000_0000_0000L);
    register(Gsid.HDEC_EXPIRY_TB, 0x0000_0123_4568_0000L);
    register(Gsid.LPCR, 0x0040_0000_0382_0400L & GsbCatalog.LINUX_LPCR_MASK);
    if (n != ELEMENTS) {
      throw new IllegalStateException("the buffer has " + n + " elements, not " + ELEMENTS);
    }
  }

  private void register(int id, long value) {
    ids[n] = id;
    kinds[n] = KIND_REGISTER;
    highs[n] = GsbCatalog.byId(id).size() == 4 ? value & 0xFFFF_FFFFL : value;
    n++;
  }

  private void vector(int id, long high, long low) {
    ids[n] = id;
    kinds[n] = KIND_VEC128;
    highs[n] = high;
    lows[n] = low;
    n++;
  }

  /** Puts the 40 elements as the L1 does: {@code __gse_put_reg} for registers, vector128 for VSRs. */
  void write(GsbWriter w) {
    for (int i = 0; i < ELEMENTS; i++) {
      if (kinds[i] == KIND_VEC128) {
        w.putVec128(ids[i], highs[i], lows[i]);
      } else {
        w.putRegister(ids[i], highs[i]);
      }
    }
  }

  /** What summing every value (a VSR as high ^ low) gives, to check that a decode read them all. */
  long expectedSum() {
    long sum = 0;
    for (int i = 0; i < ELEMENTS; i++) {
      sum += kinds[i] == KIND_VEC128 ? highs[i] ^ lows[i] : highs[i];
    }
    return sum;
  }
}
