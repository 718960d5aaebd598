package org.nestsim.cpu.jit;

import static org.objectweb.asm.Opcodes.IAND;
import static org.objectweb.asm.Opcodes.IFEQ;
import static org.objectweb.asm.Opcodes.IFNE;
import static org.objectweb.asm.Opcodes.IOR;
import static org.objectweb.asm.Opcodes.IUSHR;
import static org.objectweb.asm.Opcodes.LADD;
import static org.objectweb.asm.Opcodes.LAND;
import static org.objectweb.asm.Opcodes.LCMP;
import static org.objectweb.asm.Opcodes.LLOAD;
import static org.objectweb.asm.Opcodes.LSTORE;
import static org.objectweb.asm.Opcodes.LSUB;
import static org.objectweb.asm.Opcodes.ISHL;

import org.objectweb.asm.Label;

/**
 * Branches ({@code b}, {@code bc}, {@code bclr}, {@code bcctr}, with LK and AA) and the opcode-19
 * instructions that are not branches ({@code mcrf}, the CR logical operations, {@code isync}), as
 * {@code Execute} and {@code Op19} define them. A branch ends a block; a target inside the region is a
 * jump in the bytecode, any other target leaves the region with NIA set.
 */
final class Branches {
  private Branches() {}

  /** What the region does with a block's next offset: a jump to a block, or an exit. */
  interface Targets {
    void jump(int pageOffset);

    /** NIA (in its local) is a target known only now: a jump to the block there, if any, or an exit. */
    void jumpToNia();
  }

  /** Whether {@code w} is a branch (which ends a block). */
  static boolean isBranch(int w) {
    int op = w >>> 26;
    int xo = (w >>> 1) & 0x3FF;
    return op == 16 || op == 18 || (op == 19 && (xo == 16 || xo == 528));
  }

  /** Whether a branch is compiled: {@code bcctr} that would decrement CTR is invalid (HEA). */
  static boolean compiles(int w) {
    return !((w >>> 26) == 19 && ((w >>> 1) & 0x3FF) == 528 && (((w >>> 21) & 4) == 0));
  }

  /** Whether a branch's BO always branches (no CTR decrement, no condition). */
  private static boolean always(int bo) {
    return (bo & 0x14) == 0x14;
  }

  /**
   * The page offsets a branch at {@code offset} may continue at inside the page — the in-page target
   * of a relative {@code b}/{@code bc}, and the next word when it may fall through or is where a call
   * returns to — as a list of 0, 1 or 2 offsets.
   */
  static int[] successors(int w, int offset) {
    int op = w >>> 26;
    boolean relative = (w & 2) == 0;
    boolean link = (w & 1) != 0;
    int bo = (w >>> 21) & 31;
    int target = -1;
    boolean fallsThrough;
    if (op == 18) {
      target = relative ? offset + (((w & 0x03FF_FFFC) << 6) >> 6) : -1;
      fallsThrough = false;
    } else if (op == 16) {
      target = relative ? offset + (short) (w & 0xFFFC) : -1;
      fallsThrough = !always(bo) || link;
    } else {
      fallsThrough = !always(bo) || link;
    }
    if (op == 18 && link) {
      fallsThrough = true; // where the call returns to, likely through a blr of this region
    }
    boolean inPage = target >= 0 && target < 0x1000;
    int next = offset + 4;
    if (inPage && fallsThrough && next < 0x1000) {
      return new int[] {target, next};
    }
    if (inPage) {
      return new int[] {target};
    }
    return fallsThrough && next < 0x1000 ? new int[] {next} : new int[0];
  }

  /** The block-ending branch {@code w} at {@code offset}. */
  static void emit(Emitter g, int w, int offset, Targets targets) {
    int op = w >>> 26;
    int bo = (w >>> 21) & 31;
    int bi = (w >>> 16) & 31;
    boolean absolute = (w & 2) != 0;
    boolean link = (w & 1) != 0;
    if (op == 18) {
      long li = ((w & 0x03FF_FFFC) << 6) >> 6;
      setLinkRegister(g, link, offset);
      relativeOrAbsolute(g, offset, li, absolute, targets);
      return;
    }
    boolean register = op == 19;
    boolean toCtr = register && ((w >>> 1) & 0x3FF) == 528;
    if (register) {
      // The target is read before the condition and LK change CTR or LR (bclrl, bcctrl).
      if (toCtr) {
        g.ctr();
      } else {
        g.lr();
      }
      g.lconst(~3L);
      g.mv.visitInsn(LAND);
      g.mv.visitVarInsn(LSTORE, Emitter.EA);
    }
    Label notTaken = new Label();
    condition(g, bo, bi, !toCtr, notTaken);
    setLinkRegister(g, link, offset);
    if (register) {
      g.mv.visitVarInsn(LLOAD, Emitter.EA);
      g.maskAddress();
      g.mv.visitVarInsn(LSTORE, Emitter.NIA);
      targets.jumpToNia();
    } else {
      relativeOrAbsolute(g, offset, (short) (w & 0xFFFC), absolute, targets);
    }
    g.mv.visitLabel(notTaken);
    setLinkRegister(g, link, offset);
    next(g, offset + 4, targets);
  }

  /**
   * BO/BI as {@code Execute.condition}: decrements CTR when BO says so, then jumps to {@code
   * notTaken} unless both the CTR and the CR conditions hold.
   */
  private static void condition(Emitter g, int bo, int bi, boolean mayDecrement, Label notTaken) {
    if (mayDecrement && (bo & 4) == 0) {
      g.ctr();
      g.lconst(1);
      g.mv.visitInsn(LSUB);
      g.setCtr();
      g.ctr();
      g.maskAddress(); // the CTR test uses the low word in 32-bit mode
      g.lconst(0);
      g.mv.visitInsn(LCMP);
      // ctrOk = (ctr != 0) == ((bo & 2) == 0)
      g.mv.visitJumpInsn((bo & 2) == 0 ? IFEQ : IFNE, notTaken);
    }
    if ((bo & 16) == 0) {
      g.cr();
      g.iconst(31 - bi);
      g.mv.visitInsn(IUSHR);
      g.iconst(1);
      g.mv.visitInsn(IAND);
      g.mv.visitJumpInsn(((bo >>> 3) & 1) != 0 ? IFEQ : IFNE, notTaken);
    }
  }

  private static void setLinkRegister(Emitter g, boolean link, int offset) {
    if (link) {
      g.mv.visitVarInsn(LLOAD, Emitter.BASE);
      g.lconst(offset + 4);
      g.mv.visitInsn(LADD);
      g.setLr();
    }
  }

  private static void relativeOrAbsolute(Emitter g, int offset, long displacement, boolean absolute,
      Targets targets) {
    if (absolute) {
      g.lconst(displacement);
      g.maskAddress();
      g.exitWithNia(CompiledCode.EXIT_BRANCH);
      return;
    }
    long target = offset + displacement;
    if (target >= 0 && target < 0x1000) {
      targets.jump((int) target);
      return;
    }
    g.mv.visitVarInsn(LLOAD, Emitter.BASE);
    g.lconst(target);
    g.mv.visitInsn(LADD);
    g.maskAddress();
    g.exitWithNia(CompiledCode.EXIT_BRANCH);
  }

  /** Sequential flow to {@code pageOffset}: the next page is left through an exit. */
  static void next(Emitter g, int pageOffset, Targets targets) {
    if (pageOffset < 0x1000) {
      targets.jump(pageOffset);
    } else {
      g.exitAt(CompiledCode.EXIT_BRANCH, pageOffset, 0);
    }
  }

  /** {@code mcrf}, the CR logical operations and {@code isync}; false for any other opcode-19 word. */
  static boolean emitConditionRegister(Emitter g, int w) {
    int bt = (w >>> 21) & 31;
    int ba = (w >>> 16) & 31;
    int bb = (w >>> 11) & 31;
    int table;
    switch ((w >>> 1) & 0x3FF) {
      case 0 -> {
        if ((w & 0x0063_F801) != 0) {
          return false;
        }
        int bfa = (w >>> 18) & 7;
        g.cr();
        g.iconst(28 - 4 * bfa);
        g.mv.visitInsn(IUSHR);
        g.iconst(0xF);
        g.mv.visitInsn(IAND);
        g.setCrField((w >>> 23) & 7);
        return true;
      }
      case 150 -> {
        return true;
      }
      case 257 -> table = 0b1000;
      case 129 -> table = 0b0100;
      case 289 -> table = 0b1001;
      case 225 -> table = 0b0111;
      case 33 -> table = 0b0001;
      case 449 -> table = 0b1110;
      case 417 -> table = 0b1101;
      case 193 -> table = 0b0110;
      default -> {
        return false;
      }
    }
    // r = (table >>> (2a + b)) & 1, as Op19.crLogical
    g.iconst(table);
    bit(g, ba);
    g.iconst(1);
    g.mv.visitInsn(ISHL);
    bit(g, bb);
    g.mv.visitInsn(IOR);
    g.mv.visitInsn(IUSHR);
    g.iconst(1);
    g.mv.visitInsn(IAND);
    // cr = (cr & ~mask) | (r << (31 - bt))
    g.iconst(31 - bt);
    g.mv.visitInsn(ISHL);
    g.cr();
    g.iconst(~(1 << (31 - bt)));
    g.mv.visitInsn(IAND);
    g.mv.visitInsn(IOR);
    g.setCr();
    return true;
  }

  private static void bit(Emitter g, int n) {
    g.cr();
    g.iconst(31 - n);
    g.mv.visitInsn(IUSHR);
    g.iconst(1);
    g.mv.visitInsn(IAND);
  }
}
