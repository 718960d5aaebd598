package org.nestsim.cpu.jit;

import static org.objectweb.asm.Opcodes.I2L;
import static org.objectweb.asm.Opcodes.IAND;
import static org.objectweb.asm.Opcodes.INVOKEVIRTUAL;
import static org.objectweb.asm.Opcodes.IFEQ;
import static org.objectweb.asm.Opcodes.IOR;
import static org.objectweb.asm.Opcodes.ISHL;
import static org.objectweb.asm.Opcodes.L2I;
import static org.objectweb.asm.Opcodes.LADD;
import static org.objectweb.asm.Opcodes.LAND;
import static org.objectweb.asm.Opcodes.LMUL;
import static org.objectweb.asm.Opcodes.LNEG;
import static org.objectweb.asm.Opcodes.LOR;
import static org.objectweb.asm.Opcodes.LXOR;
import static org.objectweb.asm.Opcodes.I2B;
import static org.objectweb.asm.Opcodes.I2S;
import static org.objectweb.asm.Opcodes.GOTO;

import org.objectweb.asm.Label;

/**
 * The opcode-31 instructions a region compiles, by 10-bit extended opcode exactly as {@code Op31}'s
 * table groups them: XO-form arithmetic, logical/count/extend/shift, {@code isel}, compares, traps,
 * CR moves, {@code mfspr}/{@code mtspr} of XER, LR and CTR, {@code mcrxrx}, modulo, the no-op storage
 * hints, and (through {@link LoadStore}) the indexed loads and stores. Everything else — MSR and
 * other SPR access, {@code mftb}, doorbells, TLB invalidation, {@code dcbz}, floating point — is left
 * to the interpreter.
 */
final class Opcode31 {
  private Opcode31() {}

  /** The XO-form opcodes (9 bits) of {@code Op31}'s arithmetic group. */
  private static final int[] ARITHMETIC = {266, 10, 138, 234, 202, 40, 8, 136, 232, 200, 104, 235, 233,
      75, 11, 73, 9, 491, 459, 489, 457};
  /** {@code Op31}'s logical group. */
  private static final int[] LOGICAL = {28, 60, 444, 412, 316, 124, 476, 284, 26, 58, 538, 570, 122, 378,
      506, 954, 922, 986, 24, 536, 792, 824, 27, 539, 794, 826, 827};
  /** Storage hints and syncs with no effect in this model ({@code Op31.system}'s default). */
  private static final int[] NO_EFFECT = {598, 854, 86, 54, 278, 246, 982};

  static boolean emit(Emitter g, int w) {
    int xo = (w >>> 1) & 0x3FF;
    int rt = (w >>> 21) & 31;
    int ra = (w >>> 16) & 31;
    int rb = (w >>> 11) & 31;
    if (contains(ARITHMETIC, xo & 0x1FF)) {
      return arithmetic(g, w, rt, ra, rb);
    }
    if (contains(LOGICAL, xo)) {
      logical(g, w, xo, rt, ra, rb);
      return true;
    }
    if ((xo & 31) == 15) { // isel
      Label second = new Label();
      Label done = new Label();
      g.cr();
      g.iconst(1 << (31 - ((w >>> 6) & 31)));
      g.mv.visitInsn(IAND);
      g.mv.visitJumpInsn(IFEQ, second);
      g.gprOrZero(ra);
      g.mv.visitJumpInsn(GOTO, done);
      g.mv.visitLabel(second);
      g.gpr(rb);
      g.mv.visitLabel(done);
      g.setGpr(rt);
      return true;
    }
    if (contains(NO_EFFECT, xo)) {
      return true;
    }
    switch (xo) {
      case 0, 32 -> {
        g.gpr(ra);
        g.gpr(rb);
        FixedPoint.compareInto(g, w, xo == 0);
      }
      case 4, 68 -> {
        g.iconst(rt);
        g.gpr(ra);
        if (xo == 4) {
          g.mv.visitInsn(L2I);
          g.mv.visitInsn(I2L);
        }
        g.gpr(rb);
        if (xo == 4) {
          g.mv.visitInsn(L2I);
          g.mv.visitInsn(I2L);
        }
        FixedPoint.trapIfTrue(g);
      }
      case 19 -> moveFromCr(g, w, rt);
      case 144 -> moveToCr(g, w, rt);
      case 339 -> {
        return moveFromSpr(g, w, rt);
      }
      case 467 -> {
        return moveToSpr(g, w, rt);
      }
      case 576 -> { // mcrxrx: OV, OV32, CA, CA32 into field BF
        g.xerBit("ov");
        g.iconst(3);
        g.mv.visitInsn(ISHL);
        g.xerBit("ov32");
        g.iconst(2);
        g.mv.visitInsn(ISHL);
        g.mv.visitInsn(IOR);
        g.xerBit("ca");
        g.iconst(1);
        g.mv.visitInsn(ISHL);
        g.mv.visitInsn(IOR);
        g.xerBit("ca32");
        g.mv.visitInsn(IOR);
        g.setCrField((w >>> 23) & 7);
      }
      case 265, 267, 777, 779 -> {
        g.iconst(xo);
        g.gpr(ra);
        g.gpr(rb);
        g.ops("modulo", Names.MODULO);
        g.setGpr(rt);
      }
      default -> {
        return LoadStore.emitIndexed(g, w, xo);
      }
    }
    return true;
  }

  private static boolean contains(int[] values, int v) {
    for (int x : values) {
      if (x == v) {
        return true;
      }
    }
    return false;
  }

  /** As {@code Op31.arithmetic}: the plain forms inline, the rest through the interpreter's definition. */
  private static boolean arithmetic(Emitter g, int w, int rt, int ra, int rb) {
    int xo = (w >>> 1) & 0x1FF;
    boolean oe = (w & 0x400) != 0;
    if (oe && (xo == 75 || xo == 11 || xo == 73 || xo == 9)) {
      return false;
    }
    if (!oe && (xo == 266 || xo == 40 || xo == 104 || xo == 233 || xo == 235)) {
      g.gpr(ra);
      switch (xo) {
        case 266 -> {
          g.gpr(rb);
          g.mv.visitInsn(LADD);
        }
        case 40 -> { // b - a
          g.mv.visitInsn(LNEG);
          g.gpr(rb);
          g.mv.visitInsn(LADD);
        }
        case 104 -> g.mv.visitInsn(LNEG);
        case 233 -> {
          g.gpr(rb);
          g.mv.visitInsn(LMUL);
        }
        default -> { // mullw: the low words' signed product
          g.mv.visitInsn(L2I);
          g.mv.visitInsn(I2L);
          g.gpr(rb);
          g.mv.visitInsn(L2I);
          g.mv.visitInsn(I2L);
          g.mv.visitInsn(LMUL);
        }
      }
    } else {
      g.state();
      g.iconst(w);
      g.gpr(ra);
      g.gpr(rb);
      g.ops("arithmetic", Names.VALUE_OF_WORD);
    }
    g.result(rt, (w & 1) != 0);
    return true;
  }

  /** As {@code Op31.logical}: RS in the RT field, the result to RA. */
  private static void logical(Emitter g, int w, int xo, int rs, int ra, int rb) {
    switch (xo) {
      case 28, 60, 444, 412, 316, 124, 476, 284 -> {
        g.gpr(rs);
        g.gpr(rb);
        if (xo == 60 || xo == 412) {
          FixedPoint.not(g);
        }
        g.mv.visitInsn(xo == 28 || xo == 60 || xo == 476 ? LAND : xo == 316 || xo == 284 ? LXOR : LOR);
        if (xo == 124 || xo == 476 || xo == 284) {
          FixedPoint.not(g);
        }
      }
      case 954, 922, 986 -> {
        g.gpr(rs);
        g.mv.visitInsn(L2I);
        if (xo != 986) {
          g.mv.visitInsn(xo == 954 ? I2B : I2S);
        }
        g.mv.visitInsn(I2L);
      }
      case 58 -> {
        g.gpr(rs);
        g.mv.visitMethodInsn(org.objectweb.asm.Opcodes.INVOKESTATIC, "java/lang/Long", "numberOfLeadingZeros",
            "(J)I", false);
        g.mv.visitInsn(I2L);
      }
      default -> {
        g.state();
        g.iconst(w);
        g.gpr(rs);
        g.gpr(rb);
        g.ops("logical", Names.VALUE_OF_WORD);
      }
    }
    g.result(ra, (w & 1) != 0);
  }

  /** The CR field mask of an FXM field (as {@code Op31.fieldMask}). */
  private static int fieldMask(int fxm) {
    int mask = 0;
    for (int i = 0; i < 8; i++) {
      if ((fxm & (0x80 >>> i)) != 0) {
        mask |= 0xF << (28 - 4 * i);
      }
    }
    return mask;
  }

  private static void moveFromCr(Emitter g, int w, int rt) {
    int fxm = (w >>> 12) & 0xFF;
    boolean one = (w & 0x0010_0000) != 0;
    if (one && Integer.bitCount(fxm) != 1) {
      return; // mfocrf naming other than one field changes nothing
    }
    g.cr();
    if (one) {
      g.iconst(fieldMask(fxm));
      g.mv.visitInsn(IAND);
    }
    g.mv.visitInsn(I2L);
    g.lconst(0xFFFF_FFFFL);
    g.mv.visitInsn(LAND);
    g.setGpr(rt);
  }

  private static void moveToCr(Emitter g, int w, int rs) {
    int fxm = (w >>> 12) & 0xFF;
    if ((w & 0x0010_0000) != 0 && Integer.bitCount(fxm) != 1) {
      return;
    }
    int mask = fieldMask(fxm);
    g.cr();
    g.iconst(~mask);
    g.mv.visitInsn(IAND);
    g.gpr(rs);
    g.mv.visitInsn(L2I);
    g.iconst(mask);
    g.mv.visitInsn(IAND);
    g.mv.visitInsn(IOR);
    g.setCr();
  }

  /** SPR number of an mfspr/mtspr word (as {@code Spr.number}). */
  private static int spr(int w) {
    return ((w >>> 16) & 0x1F) | ((w >>> 6) & 0x3E0);
  }

  /** {@code mfxer}, {@code mflr}, {@code mfctr}: user SPRs without a facility gate. */
  private static boolean moveFromSpr(Emitter g, int w, int rt) {
    switch (spr(w)) {
      case 1 -> {
        g.state();
        g.mv.visitMethodInsn(INVOKEVIRTUAL, Names.STATE, "xer", "()J", false);
      }
      case 8 -> g.lr();
      case 9 -> g.ctr();
      default -> {
        return false;
      }
    }
    g.setGpr(rt);
    return true;
  }

  private static boolean moveToSpr(Emitter g, int w, int rs) {
    switch (spr(w)) {
      case 1 -> {
        g.state();
        g.gpr(rs);
        g.mv.visitMethodInsn(INVOKEVIRTUAL, Names.STATE, "setXer", "(J)V", false);
      }
      case 8 -> {
        g.gpr(rs);
        g.setLr();
      }
      case 9 -> {
        g.gpr(rs);
        g.setCtr();
      }
      default -> {
        return false;
      }
    }
    return true;
  }
}
