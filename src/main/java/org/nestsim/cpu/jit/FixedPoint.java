package org.nestsim.cpu.jit;

import static org.objectweb.asm.Opcodes.I2L;
import static org.objectweb.asm.Opcodes.IFEQ;
import static org.objectweb.asm.Opcodes.L2I;
import static org.objectweb.asm.Opcodes.LADD;
import static org.objectweb.asm.Opcodes.LAND;
import static org.objectweb.asm.Opcodes.LMUL;
import static org.objectweb.asm.Opcodes.LOR;
import static org.objectweb.asm.Opcodes.LXOR;
import static org.objectweb.asm.Opcodes.INVOKESTATIC;
import static org.objectweb.asm.Opcodes.IOR;

import org.objectweb.asm.Label;

/**
 * The fixed-point instructions of primary opcodes other than 31 that a region compiles (spec §10.8.2):
 * D-form arithmetic, logical and compare immediates, traps, and the word and doubleword rotates. Each
 * mirrors {@code Execute}; the ones with XER side effects call the interpreter's own {@code Alu} through
 * {@code CompiledOps}. {@link #emit} returns false, writing nothing, for a word it does not compile.
 */
final class FixedPoint {
  private FixedPoint() {}

  static boolean emit(Emitter g, int w) {
    int rt = (w >>> 21) & 31;
    int ra = (w >>> 16) & 31;
    long si = (short) w;
    long ui = w & 0xFFFFL;
    switch (w >>> 26) {
      case 2 -> trap(g, rt, ra, si, false);
      case 3 -> trap(g, rt, ra, si, true);
      case 7 -> {
        g.gpr(ra);
        g.lconst(si);
        g.mv.visitInsn(LMUL);
        g.setGpr(rt);
      }
      case 8 -> { // subfic: ~RA + SI + 1
        g.state();
        g.gpr(ra);
        not(g);
        g.lconst(si);
        g.lconst(1);
        carryingAdd(g, true, false);
        g.setGpr(rt);
      }
      case 10 -> compare(g, w, ra, () -> g.lconst(ui), false);
      case 11 -> compare(g, w, ra, () -> g.lconst(si), true);
      case 12, 13 -> { // addic, addic.
        g.state();
        g.gpr(ra);
        g.lconst(si);
        g.lconst(0);
        carryingAdd(g, true, false);
        g.result(rt, (w >>> 26) == 13);
      }
      case 14 -> {
        g.gprOrZero(ra);
        g.lconst(si);
        g.mv.visitInsn(LADD);
        g.setGpr(rt);
      }
      case 15 -> {
        g.gprOrZero(ra);
        g.lconst(si << 16);
        g.mv.visitInsn(LADD);
        g.setGpr(rt);
      }
      case 20, 21, 23 -> rotateWord(g, w, rt, ra);
      case 24, 25, 26, 27, 28, 29 -> logicalImmediate(g, w >>> 26, rt, ra, ui);
      case 30 -> {
        return rotateDoubleword(g, w, rt, ra);
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  /** ~x of the long on the stack. */
  static void not(Emitter g) {
    g.lconst(-1);
    g.mv.visitInsn(LXOR);
  }

  /**
   * Alu.add on (s, a, b, carry-in) on the stack, with the given flags: the interpreter's one definition
   * of CA, CA32, OV, OV32 and SO.
   */
  static void carryingAdd(Emitter g, boolean setCarry, boolean oe) {
    g.iconst(setCarry ? 1 : 0);
    g.iconst(oe ? 1 : 0);
    g.ops("add", Names.ADD);
  }

  /** {@code tdi}/{@code twi}: when the condition holds, the interpreter takes the trap. */
  private static void trap(Emitter g, int to, int ra, long si, boolean word) {
    g.iconst(to);
    g.gpr(ra);
    if (word) {
      g.mv.visitInsn(L2I);
      g.mv.visitInsn(I2L);
    }
    g.lconst(si);
    trapIfTrue(g);
  }

  /** With (TO, a, b) on the stack: leaves before the instruction when the trap condition holds. */
  static void trapIfTrue(Emitter g) {
    g.ops("trap", Names.TRAP);
    Label no = new Label();
    g.mv.visitJumpInsn(IFEQ, no);
    g.exitBefore();
    g.mv.visitLabel(no);
  }

  /** {@code cmpi}/{@code cmpli} (and, through {@link #compareRegisters}, {@code cmp}/{@code cmpl}). */
  private static void compare(Emitter g, int w, int ra, Runnable second, boolean signed) {
    g.gpr(ra);
    second.run();
    compareInto(g, w, signed);
  }

  /** With a and b on the stack: CR field BF of {@code w} = the compare's LT/GT/EQ | SO. */
  static void compareInto(Emitter g, int w, boolean signed) {
    boolean doubleword = (w & 0x0020_0000) != 0;
    String name = doubleword
        ? (signed ? "compareSigned" : "compareUnsigned")
        : (signed ? "compareWordSigned" : "compareWordUnsigned");
    g.ops(name, Names.COMPARE);
    g.so();
    g.mv.visitInsn(IOR);
    g.setCrField((w >>> 23) & 7);
  }

  private static void logicalImmediate(Emitter g, int op, int rs, int ra, long ui) {
    g.gpr(rs);
    long v = (op & 1) != 0 ? ui << 16 : ui;
    g.lconst(v);
    g.mv.visitInsn(op >= 28 ? LAND : op >= 26 ? LXOR : LOR);
    g.result(ra, op >= 28);
  }

  /** {@code rlwimi} (20), {@code rlwinm} (21), {@code rlwnm} (23). */
  private static void rotateWord(Emitter g, int w, int rs, int ra) {
    int op = w >>> 26;
    long m = mask(((w >>> 6) & 31) + 32, ((w >>> 1) & 31) + 32);
    g.gpr(rs);
    if (op == 23) {
      g.gpr((w >>> 11) & 31);
      g.mv.visitInsn(L2I);
      g.iconst(31);
      g.mv.visitInsn(org.objectweb.asm.Opcodes.IAND);
    } else {
      g.iconst((w >>> 11) & 31);
    }
    g.ops("rotl32", Names.ROTL32);
    g.lconst(m);
    g.mv.visitInsn(LAND);
    if (op == 20) {
      g.gpr(ra);
      g.lconst(~m);
      g.mv.visitInsn(LAND);
      g.mv.visitInsn(LOR);
    }
    g.result(ra, (w & 1) != 0);
  }

  /** The MD- and MDS-form rotates, as {@code Execute.rotateDoubleword}. */
  private static boolean rotateDoubleword(Emitter g, int w, int rs, int ra) {
    int sh = ((w >>> 11) & 31) | ((w << 4) & 32);
    int mbe = ((w >>> 6) & 31) | (w & 32);
    int kind = (w >>> 2) & 7;
    long m;
    boolean insert = false;
    switch (kind) {
      case 0 -> m = mask(mbe, 63);
      case 1 -> m = mask(0, mbe);
      case 2 -> m = mask(mbe, 63 - sh);
      case 3 -> {
        m = mask(mbe, 63 - sh);
        insert = true;
      }
      case 4 -> {
        int sub = (w >>> 1) & 0xF;
        if (sub != 8 && sub != 9) {
          return false;
        }
        m = sub == 8 ? mask(mbe, 63) : mask(0, mbe);
      }
      default -> {
        return false;
      }
    }
    g.gpr(rs);
    if (kind == 4) {
      g.gpr((w >>> 11) & 31);
      g.mv.visitInsn(L2I);
      g.iconst(63);
      g.mv.visitInsn(org.objectweb.asm.Opcodes.IAND);
    } else {
      g.iconst(sh);
    }
    g.mv.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "rotateLeft", "(JI)J", false);
    g.lconst(m);
    g.mv.visitInsn(LAND);
    if (insert) {
      g.gpr(ra);
      g.lconst(~m);
      g.mv.visitInsn(LAND);
      g.mv.visitInsn(LOR);
    }
    g.result(ra, (w & 1) != 0);
    return true;
  }

  /** A mask of IBM bits mb…me of a 64-bit value, wrapping when mb > me (as {@code Alu.mask}). */
  static long mask(int mb, int me) {
    long fromMb = -1L >>> mb;
    long toMe = -1L << (63 - me);
    return mb <= me ? fromMb & toMe : fromMb | toMe;
  }
}
