package org.nestsim.cpu.jit;

import static org.objectweb.asm.Opcodes.ALOAD;
import static org.objectweb.asm.Opcodes.ASTORE;
import static org.objectweb.asm.Opcodes.I2L;
import static org.objectweb.asm.Opcodes.I2S;
import static org.objectweb.asm.Opcodes.IFEQ;
import static org.objectweb.asm.Opcodes.IFNONNULL;
import static org.objectweb.asm.Opcodes.IF_ACMPNE;
import static org.objectweb.asm.Opcodes.L2I;
import static org.objectweb.asm.Opcodes.LADD;
import static org.objectweb.asm.Opcodes.LLOAD;
import static org.objectweb.asm.Opcodes.LSTORE;

import org.objectweb.asm.Label;

/**
 * The fixed-point loads and stores a region compiles: D/DS-form (with update and algebraic forms) and
 * X-form (also byte-reversed), as {@code Execute} and {@code LoadStoreIndexed} define them. The access
 * goes through the vCPU's translation cache exactly as the interpreter's fast path does; a miss, a
 * missing permission or an access that crosses the page leaves the region before the instruction, so
 * the interpreter performs it (walking the tables, setting R/C bits, taking the fault). A store into
 * the region's own words leaves after the store.
 */
final class LoadStore {
  private LoadStore() {}

  private static final int LOAD = 0;
  private static final int LOAD_ALGEBRAIC = 1;
  private static final int LOAD_REVERSED = 2;
  private static final int STORE = 3;
  private static final int STORE_REVERSED = 4;

  /** Primary opcodes 32–45, 58 and 62; false for any other word. */
  static boolean emitDisplacement(Emitter g, int w) {
    long d = (short) w;
    long ds = (short) (w & 0xFFFC);
    return switch (w >>> 26) {
      case 32 -> access(g, w, 4, LOAD, false, d);
      case 33 -> access(g, w, 4, LOAD, true, d);
      case 34 -> access(g, w, 1, LOAD, false, d);
      case 35 -> access(g, w, 1, LOAD, true, d);
      case 36 -> access(g, w, 4, STORE, false, d);
      case 37 -> access(g, w, 4, STORE, true, d);
      case 38 -> access(g, w, 1, STORE, false, d);
      case 39 -> access(g, w, 1, STORE, true, d);
      case 40 -> access(g, w, 2, LOAD, false, d);
      case 41 -> access(g, w, 2, LOAD, true, d);
      case 42 -> access(g, w, 2, LOAD_ALGEBRAIC, false, d);
      case 43 -> access(g, w, 2, LOAD_ALGEBRAIC, true, d);
      case 44 -> access(g, w, 2, STORE, false, d);
      case 45 -> access(g, w, 2, STORE, true, d);
      case 58 -> switch (w & 3) {
        case 0 -> access(g, w, 8, LOAD, false, ds);
        case 1 -> access(g, w, 8, LOAD, true, ds);
        case 2 -> access(g, w, 4, LOAD_ALGEBRAIC, false, ds);
        default -> false;
      };
      case 62 -> switch (w & 3) {
        case 0 -> access(g, w, 8, STORE, false, ds);
        case 1 -> access(g, w, 8, STORE, true, ds);
        default -> false;
      };
      default -> false;
    };
  }

  /** The indexed forms of opcode 31 by extended opcode; false for any other. */
  static boolean emitIndexed(Emitter g, int w, int xo) {
    return switch (xo) {
      case 23 -> access(g, w, 4, LOAD, false, null);
      case 55 -> access(g, w, 4, LOAD, true, null);
      case 87 -> access(g, w, 1, LOAD, false, null);
      case 119 -> access(g, w, 1, LOAD, true, null);
      case 279 -> access(g, w, 2, LOAD, false, null);
      case 311 -> access(g, w, 2, LOAD, true, null);
      case 343 -> access(g, w, 2, LOAD_ALGEBRAIC, false, null);
      case 375 -> access(g, w, 2, LOAD_ALGEBRAIC, true, null);
      case 341 -> access(g, w, 4, LOAD_ALGEBRAIC, false, null);
      case 373 -> access(g, w, 4, LOAD_ALGEBRAIC, true, null);
      case 21 -> access(g, w, 8, LOAD, false, null);
      case 53 -> access(g, w, 8, LOAD, true, null);
      case 151 -> access(g, w, 4, STORE, false, null);
      case 183 -> access(g, w, 4, STORE, true, null);
      case 215 -> access(g, w, 1, STORE, false, null);
      case 247 -> access(g, w, 1, STORE, true, null);
      case 407 -> access(g, w, 2, STORE, false, null);
      case 439 -> access(g, w, 2, STORE, true, null);
      case 149 -> access(g, w, 8, STORE, false, null);
      case 181 -> access(g, w, 8, STORE, true, null);
      case 790 -> access(g, w, 2, LOAD_REVERSED, false, null);
      case 534 -> access(g, w, 4, LOAD_REVERSED, false, null);
      case 532 -> access(g, w, 8, LOAD_REVERSED, false, null);
      case 918 -> access(g, w, 2, STORE_REVERSED, false, null);
      case 662 -> access(g, w, 4, STORE_REVERSED, false, null);
      case 660 -> access(g, w, 8, STORE_REVERSED, false, null);
      default -> false;
    };
  }

  /**
   * One access; {@code displacement} null for the indexed forms (EA = (RA|0) + RB). Invalid update
   * forms (RA = 0, or a load with RA = RT) are not compiled: the interpreter ends the run with HEA.
   */
  private static boolean access(Emitter g, int w, int size, int kind, boolean update, Long displacement) {
    int rt = (w >>> 21) & 31;
    int ra = (w >>> 16) & 31;
    boolean load = kind <= LOAD_REVERSED;
    if (update && (ra == 0 || (load && ra == rt))) {
      return false;
    }
    g.gprOrZero(ra);
    if (displacement == null) {
      g.gpr((w >>> 11) & 31);
    } else {
      g.lconst(displacement);
    }
    g.mv.visitInsn(LADD);
    g.maskAddress();
    g.mv.visitVarInsn(LSTORE, Emitter.EA);

    g.mv.visitVarInsn(ALOAD, Emitter.TAGS);
    g.mv.visitVarInsn(ALOAD, Emitter.PERMISSIONS);
    g.mv.visitVarInsn(ALOAD, Emitter.PAGES);
    g.mv.visitVarInsn(LLOAD, Emitter.EA);
    g.mv.visitVarInsn(LLOAD, Emitter.CONTEXT);
    g.iconst(size);
    g.ops(load ? "loadPage" : "storePage", Names.PAGE);
    g.mv.visitVarInsn(ASTORE, Emitter.PAGE);
    Label hit = new Label();
    g.mv.visitVarInsn(ALOAD, Emitter.PAGE);
    g.mv.visitJumpInsn(IFNONNULL, hit);
    g.exitBefore();
    g.mv.visitLabel(hit);

    boolean littleEndian = g.le ^ (kind == LOAD_REVERSED || kind == STORE_REVERSED);
    g.mv.visitVarInsn(ALOAD, Emitter.PAGE);
    g.mv.visitVarInsn(LLOAD, Emitter.EA);
    if (load) {
      g.iconst(size);
      g.iconst(littleEndian ? 1 : 0);
      g.ops("read", Names.READ);
      if (kind == LOAD_ALGEBRAIC) {
        g.mv.visitInsn(L2I);
        if (size == 2) {
          g.mv.visitInsn(I2S);
        }
        g.mv.visitInsn(I2L);
      }
      g.setGpr(rt);
    } else {
      g.gpr(rt);
      g.iconst(size);
      g.iconst(littleEndian ? 1 : 0);
      g.ops("write", Names.WRITE);
    }
    if (update) {
      g.mv.visitVarInsn(LLOAD, Emitter.EA);
      g.setGpr(ra);
    }
    if (!load) {
      selfModification(g, size);
    }
    return true;
  }

  /** After a store: when it wrote into the region's own words, leave so that they are looked at again. */
  private static void selfModification(Emitter g, int size) {
    Label elsewhere = new Label();
    g.mv.visitVarInsn(ALOAD, Emitter.PAGE);
    g.mv.visitVarInsn(ALOAD, Emitter.CODE);
    g.mv.visitJumpInsn(IF_ACMPNE, elsewhere);
    g.mv.visitVarInsn(LLOAD, Emitter.EA);
    g.iconst(size);
    g.iconst(g.codeLo);
    g.iconst(g.codeHi);
    g.ops("overlaps", Names.OVERLAPS);
    g.mv.visitJumpInsn(IFEQ, elsewhere);
    g.exitAfter();
    g.mv.visitLabel(elsewhere);
  }
}
