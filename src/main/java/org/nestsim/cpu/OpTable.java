package org.nestsim.cpu;

/**
 * The dense operation ids of the instructions {@link Interpreter#runSlice}'s loop executes itself, and
 * the one table that maps an instruction word to them: the primary opcode (and, for opcode 31, the
 * 10-bit extended opcode, OE included) picks the id with one or two array loads, so the loop is a
 * single {@code tableswitch}. Every other word is {@link #SLOW}: it goes to {@link Execute}, the
 * complete decoder, which stays the one definition of each instruction's semantics. The fast cases
 * are the common forms only (no update, no OE, no byte reversal) and fall back to {@link Execute} too
 * whenever anything unusual happens (a translation-cache miss, an access crossing a page, an SPR
 * other than LR/CTR), before they have changed any state.
 *
 * <p>Decoding is memoryless — the word is fetched from memory before every execution — so a store to
 * code (by the L2 or by the L1 through {@link org.nestsim.memory.L1Memory}) takes effect at the next
 * fetch of that word, and there is no decoded-code cache to invalidate or to share between vCPUs.
 */
final class OpTable {
  private OpTable() {}

  static final int SLOW = 0;
  static final int OP31 = 1;
  static final int ADDI = 2;
  static final int ADDIS = 3;
  static final int ORI = 4;
  static final int ORIS = 5;
  static final int XORI = 6;
  static final int XORIS = 7;
  static final int ANDI = 8;
  static final int ANDIS = 9;
  static final int CMPI = 10;
  static final int CMPLI = 11;
  static final int RLWINM = 12;
  static final int RLD = 13;
  static final int B = 14;
  static final int BC = 15;
  static final int OP19 = 16;
  static final int LWZ = 17;
  static final int LBZ = 18;
  static final int LHZ = 19;
  static final int LD = 20;
  static final int STW = 21;
  static final int STB = 22;
  static final int STH = 23;
  static final int STD = 24;
  static final int ADD = 25;
  static final int SUBF = 26;
  static final int AND = 27;
  static final int OR = 28;
  static final int XOR = 29;
  static final int CMP = 30;
  static final int CMPL = 31;
  static final int MFSPR = 32;
  static final int MTSPR = 33;
  static final int LDX = 34;
  static final int STDX = 35;
  static final int LWZX = 36;
  static final int STWX = 37;
  static final int NEG = 38;
  static final int MULLD = 39;
  static final int EXTSW = 40;
  static final int NOP_SYNC = 41;

  private static final byte[] PRIMARY = new byte[64];
  private static final byte[] EXT31 = new byte[1024];

  static {
    PRIMARY[31] = OP31;
    PRIMARY[14] = ADDI;
    PRIMARY[15] = ADDIS;
    PRIMARY[24] = ORI;
    PRIMARY[25] = ORIS;
    PRIMARY[26] = XORI;
    PRIMARY[27] = XORIS;
    PRIMARY[28] = ANDI;
    PRIMARY[29] = ANDIS;
    PRIMARY[11] = CMPI;
    PRIMARY[10] = CMPLI;
    PRIMARY[21] = RLWINM;
    PRIMARY[30] = RLD;
    PRIMARY[18] = B;
    PRIMARY[16] = BC;
    PRIMARY[19] = OP19;
    PRIMARY[32] = LWZ;
    PRIMARY[34] = LBZ;
    PRIMARY[40] = LHZ;
    PRIMARY[58] = LD;
    PRIMARY[36] = STW;
    PRIMARY[38] = STB;
    PRIMARY[44] = STH;
    PRIMARY[62] = STD;
    // XO-form: index = OE << 9 | XO; only OE = 0 is fast.
    EXT31[266] = ADD;
    EXT31[40] = SUBF;
    EXT31[104] = NEG;
    EXT31[233] = MULLD;
    // X-form, 10-bit extended opcode.
    EXT31[28] = AND;
    EXT31[444] = OR;
    EXT31[316] = XOR;
    EXT31[986] = EXTSW;
    EXT31[0] = CMP;
    EXT31[32] = CMPL;
    EXT31[339] = MFSPR;
    EXT31[467] = MTSPR;
    EXT31[21] = LDX;
    EXT31[149] = STDX;
    EXT31[23] = LWZX;
    EXT31[151] = STWX;
    EXT31[598] = NOP_SYNC; // sync, lwsync: no effect in this model (Op31.system's default)
    EXT31[854] = NOP_SYNC; // eieio
  }

  /**
   * Every (primary, extended) opcode pair: {@code OPS[primary << 10 | (w >>> 1 & 0x3FF)]}, so that the
   * id is one load away from the word (64 KiB, shared by every vCPU; only the lines of the opcodes in
   * use stay in the cache).
   */
  private static final byte[] OPS = new byte[64 << 10];

  static {
    for (int primary = 0; primary < 64; primary++) {
      for (int xo = 0; xo < 1024; xo++) {
        OPS[primary << 10 | xo] = primary == 31 ? EXT31[xo] : PRIMARY[primary];
      }
    }
  }

  /** The operation id of an instruction word. */
  static int op(int w) {
    return OPS[((w >>> 16) & 0xFC00) | ((w >>> 1) & 0x3FF)];
  }
}
