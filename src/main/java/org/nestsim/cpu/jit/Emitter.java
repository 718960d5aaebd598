package org.nestsim.cpu.jit;

import static org.objectweb.asm.Opcodes.GETFIELD;
import static org.objectweb.asm.Opcodes.GOTO;
import static org.objectweb.asm.Opcodes.IAND;
import static org.objectweb.asm.Opcodes.ICONST_0;
import static org.objectweb.asm.Opcodes.ILOAD;
import static org.objectweb.asm.Opcodes.INVOKESTATIC;
import static org.objectweb.asm.Opcodes.IOR;
import static org.objectweb.asm.Opcodes.ISHL;
import static org.objectweb.asm.Opcodes.ISTORE;
import static org.objectweb.asm.Opcodes.L2I;
import static org.objectweb.asm.Opcodes.LADD;
import static org.objectweb.asm.Opcodes.LAND;
import static org.objectweb.asm.Opcodes.LCONST_0;
import static org.objectweb.asm.Opcodes.LLOAD;
import static org.objectweb.asm.Opcodes.LSTORE;
import static org.objectweb.asm.Opcodes.ALOAD;
import static org.objectweb.asm.Opcodes.BIPUSH;
import static org.objectweb.asm.Opcodes.I2L;
import static org.objectweb.asm.Opcodes.SIPUSH;

import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * The state of writing one region's {@code run} method: the local-variable layout, which guest
 * registers the region reads and writes, the instruction being written (for exits), and the small
 * bytecode patterns every instruction uses. A first pass runs with a visitor that writes nothing, to
 * learn the registers used; the second writes the method.
 *
 * <p>Locals: the arguments of {@link CompiledCode#run}, then CR (int), LR, CTR, the exit's NIA (long),
 * the exit kind (int), an effective address (long), a page (byte[]), the GPR array, and GPR0–31 (long).
 */
final class Emitter {
  static final int S = 1;
  static final int TAGS = 2;
  static final int PERMISSIONS = 3;
  static final int PAGES = 4;
  static final int CONTEXT = 5;
  static final int BASE = 7;
  static final int BUDGET = 9;
  static final int CODE = 11;
  static final int CR = 12;
  static final int LR = 13;
  static final int CTR = 15;
  static final int NIA = 17;
  static final int KIND = 19;
  static final int EA = 20;
  static final int PAGE = 22;
  static final int GPRS = 23;
  static final int TEMP = 24;
  static final int GPR0 = 26;

  final MethodVisitor mv;
  /** MSR[SF] and MSR[LE] of the mode the region is compiled for. */
  final boolean sf;
  final boolean le;
  final Label exit = new Label();

  final boolean[] read = new boolean[32];
  final boolean[] written = new boolean[32];
  boolean crUsed;
  boolean crWritten;
  boolean lrUsed;
  boolean lrWritten;
  boolean ctrUsed;
  boolean ctrWritten;

  /** The page offsets of the compiled words, for the check after a store. */
  int codeLo;
  int codeHi;

  /** The instruction being written: its block's length, its index in the block, its page offset. */
  int blockLength;
  int index;
  int offset;

  Emitter(MethodVisitor mv, boolean sf, boolean le) {
    this.mv = mv;
    this.sf = sf;
    this.le = le;
  }

  // --- guest registers ------------------------------------------------------------------------

  void gpr(int r) {
    read[r] = true;
    mv.visitVarInsn(LLOAD, GPR0 + 2 * r);
  }

  void setGpr(int r) {
    written[r] = true;
    mv.visitVarInsn(LSTORE, GPR0 + 2 * r);
  }

  /** (RA|0). */
  void gprOrZero(int ra) {
    if (ra == 0) {
      mv.visitInsn(LCONST_0);
    } else {
      gpr(ra);
    }
  }

  void cr() {
    crUsed = true;
    mv.visitVarInsn(ILOAD, CR);
  }

  void setCr() {
    crUsed = true;
    crWritten = true;
    mv.visitVarInsn(ISTORE, CR);
  }

  void lr() {
    lrUsed = true;
    mv.visitVarInsn(LLOAD, LR);
  }

  void setLr() {
    lrUsed = true;
    lrWritten = true;
    mv.visitVarInsn(LSTORE, LR);
  }

  void ctr() {
    ctrUsed = true;
    mv.visitVarInsn(LLOAD, CTR);
  }

  void setCtr() {
    ctrUsed = true;
    ctrWritten = true;
    mv.visitVarInsn(LSTORE, CTR);
  }

  void state() {
    mv.visitVarInsn(ALOAD, S);
  }

  /** XER[SO] (0 or 1), an int. */
  void so() {
    xerBit("so");
  }

  void xerBit(String name) {
    state();
    mv.visitFieldInsn(GETFIELD, Names.STATE, name, "I");
  }

  /** Sets CR field {@code bf} to the 4-bit int on the stack. */
  void setCrField(int bf) {
    int shift = 28 - 4 * bf;
    if (shift != 0) {
      iconst(shift);
      mv.visitInsn(ISHL);
    }
    cr();
    iconst(~(0xF << shift));
    mv.visitInsn(IAND);
    mv.visitInsn(IOR);
    setCr();
  }

  /** CR0 from the long result on the stack (its low word in 32-bit mode) and SO, as Alu.setCr0. */
  void setCr0FromResult() {
    if (!sf) {
      mv.visitInsn(L2I);
      mv.visitInsn(I2L);
    }
    ops("signBits", Names.SIGN_BITS);
    so();
    mv.visitInsn(IOR);
    setCrField(0);
  }

  /** Stores the long on the stack into GPR {@code r}, and CR0 from it when {@code record}. */
  void result(int r, boolean record) {
    setGpr(r);
    if (record) {
      gpr(r);
      setCr0FromResult();
    }
  }

  // --- constants, calls, addresses ------------------------------------------------------------

  void iconst(int v) {
    if (v >= -1 && v <= 5) {
      mv.visitInsn(ICONST_0 + v);
    } else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
      mv.visitIntInsn(BIPUSH, v);
    } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
      mv.visitIntInsn(SIPUSH, v);
    } else {
      mv.visitLdcInsn(v);
    }
  }

  void lconst(long v) {
    if (v == 0 || v == 1) {
      mv.visitInsn(LCONST_0 + (int) v);
    } else if (v == (short) v) {
      iconst((int) v);
      mv.visitInsn(I2L);
    } else {
      mv.visitLdcInsn(v);
    }
  }

  void ops(String name, String descriptor) {
    mv.visitMethodInsn(INVOKESTATIC, Names.OPS, name, descriptor, false);
  }

  /** Masks the effective address on the stack as the mode does (the low word in 32-bit mode). */
  void maskAddress() {
    if (!sf) {
      lconst(0xFFFF_FFFFL);
      mv.visitInsn(LAND);
    }
  }

  // --- exits ------------------------------------------------------------------------------------

  /** Leaves before the current instruction, which the interpreter then executes. */
  void exitBefore() {
    exitAt(CompiledCode.EXIT_STEP, offset, blockLength - index);
  }

  /** Leaves after the current instruction, to look the next one up again. */
  void exitAfter() {
    exitAt(CompiledCode.EXIT_BRANCH, offset + 4, blockLength - index - 1);
  }

  /**
   * Leaves with NIA = the page base + {@code niaOffset}; {@code unexecuted} instructions of the block
   * (charged to the budget at its start) did not run.
   */
  void exitAt(int kind, int niaOffset, int unexecuted) {
    refund(unexecuted);
    mv.visitVarInsn(LLOAD, BASE);
    lconst(niaOffset);
    mv.visitInsn(LADD);
    exitWithNia(kind);
  }

  /** Leaves with NIA = the long on the stack. */
  void exitWithNia(int kind) {
    mv.visitVarInsn(LSTORE, NIA);
    iconst(kind);
    mv.visitVarInsn(ISTORE, KIND);
    mv.visitJumpInsn(GOTO, exit);
  }

  private void refund(int unexecuted) {
    if (unexecuted != 0) {
      mv.visitVarInsn(LLOAD, BUDGET);
      lconst(unexecuted);
      mv.visitInsn(LADD);
      mv.visitVarInsn(LSTORE, BUDGET);
    }
  }
}
