package org.nestsim.cpu.jit;

import static org.objectweb.asm.Opcodes.ACC_FINAL;
import static org.objectweb.asm.Opcodes.ACC_PUBLIC;
import static org.objectweb.asm.Opcodes.ACC_SUPER;
import static org.objectweb.asm.Opcodes.ACONST_NULL;
import static org.objectweb.asm.Opcodes.ALOAD;
import static org.objectweb.asm.Opcodes.ASTORE;
import static org.objectweb.asm.Opcodes.DUP2;
import static org.objectweb.asm.Opcodes.INVOKESTATIC;
import static org.objectweb.asm.Opcodes.L2I;
import static org.objectweb.asm.Opcodes.GETFIELD;
import static org.objectweb.asm.Opcodes.GOTO;
import static org.objectweb.asm.Opcodes.I2L;
import static org.objectweb.asm.Opcodes.ICONST_0;
import static org.objectweb.asm.Opcodes.IFGE;
import static org.objectweb.asm.Opcodes.ILOAD;
import static org.objectweb.asm.Opcodes.INVOKESPECIAL;
import static org.objectweb.asm.Opcodes.ISTORE;
import static org.objectweb.asm.Opcodes.LALOAD;
import static org.objectweb.asm.Opcodes.LASTORE;
import static org.objectweb.asm.Opcodes.LCMP;
import static org.objectweb.asm.Opcodes.LCONST_0;
import static org.objectweb.asm.Opcodes.LLOAD;
import static org.objectweb.asm.Opcodes.LOR;
import static org.objectweb.asm.Opcodes.LRETURN;
import static org.objectweb.asm.Opcodes.LSHL;
import static org.objectweb.asm.Opcodes.LSTORE;
import static org.objectweb.asm.Opcodes.LSUB;
import static org.objectweb.asm.Opcodes.PUTFIELD;
import static org.objectweb.asm.Opcodes.RETURN;
import static org.objectweb.asm.Opcodes.V17;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Writes the class of one region: {@code CompiledRegion implements CompiledCode}, whose {@code run}
 * loads the GPRs, CR, LR and CTR the region uses into locals, runs its blocks — each first charging
 * its length to the budget or leaving when the budget does not cover it — and at the one exit writes
 * back what it changed, NIA, and returns the budget left with the exit kind.
 *
 * <p>The method is written twice: once into a visitor that keeps nothing, to learn the registers used,
 * then for real. A method the JVM would refuse to compile (HotSpot leaves methods over 8,000 bytes of
 * bytecode interpreted) is reported as too large, and the caller plans a smaller region.
 */
final class RegionCompiler {
  private RegionCompiler() {}

  /** Bytecode size above which the region is planned again smaller (HotSpot's HugeMethodLimit is 8,000). */
  static final int MAX_BYTECODE = 7_000;

  /** A compiled class: its bytes, and the size of its {@code run} method's code. */
  record Output(byte[] classBytes, int codeSize) {}

  static Output compile(RegionPlan plan, boolean sf, boolean le) {
    int[] runs = plan.runs();
    Emitter probe = new Emitter(new MethodVisitor(Opcodes.ASM9) {}, sf, le);
    body(probe, plan, runs);

    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS) {
      @Override
      protected String getCommonSuperClass(String a, String b) {
        return "java/lang/Object";
      }
    };
    cw.visit(V17, ACC_PUBLIC | ACC_FINAL | ACC_SUPER, Names.REGION, null, "java/lang/Object",
        new String[] {Names.CODE});
    MethodVisitor init = cw.visitMethod(ACC_PUBLIC, "<init>", "()V", null, null);
    init.visitCode();
    init.visitVarInsn(ALOAD, 0);
    init.visitMethodInsn(INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
    init.visitInsn(RETURN);
    init.visitMaxs(0, 0);
    init.visitEnd();

    MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "run", Names.RUN_DESCRIPTOR, null, null);
    mv.visitCode();
    Emitter g = new Emitter(mv, sf, le);
    System.arraycopy(probe.read, 0, g.read, 0, 32);
    System.arraycopy(probe.written, 0, g.written, 0, 32);
    g.crUsed = probe.crUsed;
    g.crWritten = probe.crWritten;
    g.lrUsed = probe.lrUsed;
    g.lrWritten = probe.lrWritten;
    g.ctrUsed = probe.ctrUsed;
    g.ctrWritten = probe.ctrWritten;
    prologue(g);
    body(g, plan, runs);
    epilogue(g);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
    cw.visitEnd();
    int codeSize = g.exit.getOffset() + 32 * 6 + 40;
    return new Output(cw.toByteArray(), codeSize);
  }

  private static void prologue(Emitter g) {
    MethodVisitor mv = g.mv;
    mv.visitVarInsn(ALOAD, Emitter.S);
    mv.visitFieldInsn(GETFIELD, Names.STATE, "gpr", "[J");
    mv.visitVarInsn(ASTORE, Emitter.GPRS);
    for (int r = 0; r < 32; r++) {
      if (g.read[r] || g.written[r]) {
        mv.visitVarInsn(ALOAD, Emitter.GPRS);
        g.iconst(r);
        mv.visitInsn(LALOAD);
        mv.visitVarInsn(LSTORE, Emitter.GPR0 + 2 * r);
      }
    }
    if (g.crUsed) {
      mv.visitVarInsn(ALOAD, Emitter.S);
      mv.visitFieldInsn(GETFIELD, Names.STATE, "cr", "I");
    } else {
      mv.visitInsn(ICONST_0);
    }
    mv.visitVarInsn(ISTORE, Emitter.CR);
    loadLong(g, g.lrUsed, "lr", Emitter.LR);
    loadLong(g, g.ctrUsed, "ctr", Emitter.CTR);
    mv.visitInsn(LCONST_0);
    mv.visitVarInsn(LSTORE, Emitter.NIA);
    mv.visitInsn(ICONST_0);
    mv.visitVarInsn(ISTORE, Emitter.KIND);
    mv.visitInsn(LCONST_0);
    mv.visitVarInsn(LSTORE, Emitter.EA);
    mv.visitInsn(ACONST_NULL);
    mv.visitVarInsn(ASTORE, Emitter.PAGE);
  }

  private static void loadLong(Emitter g, boolean used, String field, int slot) {
    if (used) {
      g.mv.visitVarInsn(ALOAD, Emitter.S);
      g.mv.visitFieldInsn(GETFIELD, Names.STATE, field, "J");
    } else {
      g.mv.visitInsn(LCONST_0);
    }
    g.mv.visitVarInsn(LSTORE, slot);
  }

  private static void body(Emitter g, RegionPlan plan, int[] runs) {
    g.codeLo = runs[0];
    g.codeHi = runs[runs.length - 1];
    Label[] labels = new Label[1024];
    for (RegionPlan.Block b : plan.blocks) {
      labels[b.start() >>> 2] = new Label();
    }
    MethodVisitor mv = g.mv;
    int[] starts = plan.blocks.stream().mapToInt(RegionPlan.Block::start).sorted().toArray();
    Label[] startLabels = new Label[starts.length];
    for (int i = 0; i < starts.length; i++) {
      startLabels[i] = labels[starts[i] >>> 2];
    }
    Branches.Targets targets = new Branches.Targets() {
      @Override
      public void jump(int offset) {
        Label l = labels[offset >>> 2];
        if (l != null) {
          mv.visitJumpInsn(GOTO, l);
        } else {
          g.exitAt(CompiledCode.EXIT_BRANCH, offset, 0);
        }
      }

      @Override
      public void jumpToNia() {
        // A target in this page at a block's start continues there (a return to the region).
        Label out = new Label();
        mv.visitVarInsn(LLOAD, Emitter.NIA);
        mv.visitVarInsn(LLOAD, Emitter.BASE);
        mv.visitInsn(LSUB);
        mv.visitInsn(DUP2);
        mv.visitVarInsn(LSTORE, Emitter.TEMP);
        g.lconst(0x1000);
        mv.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "compareUnsigned", "(JJ)I", false);
        mv.visitJumpInsn(IFGE, out);
        mv.visitVarInsn(LLOAD, Emitter.TEMP);
        mv.visitInsn(L2I);
        mv.visitLookupSwitchInsn(out, starts, startLabels);
        mv.visitLabel(out);
        g.iconst(CompiledCode.EXIT_BRANCH);
        mv.visitVarInsn(ISTORE, Emitter.KIND);
        mv.visitJumpInsn(GOTO, g.exit);
      }
    };
    for (RegionPlan.Block b : plan.blocks) {
      int n = b.words().length;
      mv.visitLabel(labels[b.start() >>> 2]);
      // The block runs whole only if its last instruction starts before the next event.
      Label fits = new Label();
      mv.visitVarInsn(LLOAD, Emitter.BUDGET);
      g.lconst(n);
      mv.visitInsn(LCMP);
      mv.visitJumpInsn(IFGE, fits);
      g.exitAt(CompiledCode.EXIT_EVENT, b.start(), 0);
      mv.visitLabel(fits);
      mv.visitVarInsn(LLOAD, Emitter.BUDGET);
      g.lconst(n);
      mv.visitInsn(LSUB);
      mv.visitVarInsn(LSTORE, Emitter.BUDGET);
      g.blockLength = n;
      for (int i = 0; i < n; i++) {
        int w = b.words()[i];
        g.index = i;
        g.offset = b.start() + 4 * i;
        if (b.ending() == RegionPlan.ENDS_WITH_BRANCH && i == n - 1) {
          Branches.emit(g, w, g.offset, targets);
        } else if (!Instructions.emit(g, w)) {
          throw new IllegalStateException("planned word not compiled: 0x" + Integer.toHexString(w));
        }
      }
      if (b.ending() == RegionPlan.ENDS_BEFORE_UNCOMPILED) {
        g.exitAt(CompiledCode.EXIT_STEP, b.end(), 0);
      } else if (b.ending() == RegionPlan.FALLS_THROUGH) {
        Branches.next(g, b.end(), targets);
      }
    }
  }

  private static void epilogue(Emitter g) {
    MethodVisitor mv = g.mv;
    mv.visitLabel(g.exit);
    for (int r = 0; r < 32; r++) {
      if (g.written[r]) {
        mv.visitVarInsn(ALOAD, Emitter.GPRS);
        g.iconst(r);
        mv.visitVarInsn(LLOAD, Emitter.GPR0 + 2 * r);
        mv.visitInsn(LASTORE);
      }
    }
    if (g.crWritten) {
      mv.visitVarInsn(ALOAD, Emitter.S);
      mv.visitVarInsn(ILOAD, Emitter.CR);
      mv.visitFieldInsn(PUTFIELD, Names.STATE, "cr", "I");
    }
    storeLong(g, g.lrWritten, "lr", Emitter.LR);
    storeLong(g, g.ctrWritten, "ctr", Emitter.CTR);
    storeLong(g, true, "nia", Emitter.NIA);
    mv.visitVarInsn(LLOAD, Emitter.BUDGET);
    g.iconst(2);
    mv.visitInsn(LSHL);
    mv.visitVarInsn(ILOAD, Emitter.KIND);
    mv.visitInsn(I2L);
    mv.visitInsn(LOR);
    mv.visitInsn(LRETURN);
  }

  private static void storeLong(Emitter g, boolean written, String field, int slot) {
    if (written) {
      g.mv.visitVarInsn(ALOAD, Emitter.S);
      g.mv.visitVarInsn(LLOAD, slot);
      g.mv.visitFieldInsn(PUTFIELD, Names.STATE, field, "J");
    }
  }
}
