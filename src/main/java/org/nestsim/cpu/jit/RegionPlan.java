package org.nestsim.cpu.jit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Which words of a page make up the region entered at one offset: the basic blocks reachable from it
 * by direct branches inside the page, breadth first, up to a number of instructions. A block runs to
 * its branch, to the first word the compiler does not take (the interpreter executes it), to the start
 * of a block already planned, or to the end of the page.
 */
final class RegionPlan {
  private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT_LE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  /** How a block ends. */
  static final int ENDS_WITH_BRANCH = 0;
  static final int ENDS_BEFORE_UNCOMPILED = 1;
  static final int FALLS_THROUGH = 2;

  /** A basic block: its page offset, its words (the branch included), and how it ends at {@code end}. */
  record Block(int start, int[] words, int ending, int end) {}

  final List<Block> blocks = new ArrayList<>();
  /** The block starting at each word offset, or null. */
  final Block[] byWord = new Block[1024];
  int instructions;

  private RegionPlan() {}

  static int word(byte[] page, int offset, boolean littleEndian) {
    return littleEndian ? (int) INT_LE.get(page, offset) : (int) INT_BE.get(page, offset);
  }

  /** The plan of the region entered at {@code entry}, or null when its first word is not compiled. */
  static RegionPlan of(byte[] page, int entry, boolean sf, boolean le, int limit) {
    Emitter probe = new Emitter(new MethodVisitor(Opcodes.ASM9) {}, sf, le);
    RegionPlan plan = new RegionPlan();
    ArrayDeque<Integer> work = new ArrayDeque<>();
    work.add(entry);
    while (!work.isEmpty() && plan.instructions < limit) {
      int start = work.poll();
      if (plan.byWord[start >>> 2] != null) {
        continue;
      }
      int[] words = new int[64];
      int n = 0;
      int offset = start;
      int ending;
      while (true) {
        if (offset >= 0x1000 || (offset != start && plan.byWord[offset >>> 2] != null)
            || plan.instructions + n >= limit) {
          ending = FALLS_THROUGH;
          break;
        }
        int w = word(page, offset, le);
        boolean branch = Branches.isBranch(w);
        if (branch ? !Branches.compiles(w) : !Instructions.emit(probe, w)) {
          ending = ENDS_BEFORE_UNCOMPILED;
          break;
        }
        if (n == words.length) {
          words = java.util.Arrays.copyOf(words, 2 * n);
        }
        words[n++] = w;
        offset += 4;
        if (branch) {
          ending = ENDS_WITH_BRANCH;
          for (int next : Branches.successors(w, offset - 4)) {
            work.add(next);
          }
          break;
        }
      }
      if (n == 0) {
        if (start == entry) {
          return null;
        }
        continue;
      }
      Block b = new Block(start, java.util.Arrays.copyOf(words, n), ending, offset);
      plan.blocks.add(b);
      plan.byWord[start >>> 2] = b;
      plan.instructions += n;
    }
    return plan;
  }

  /** The page-offset ranges of the compiled words, merged and sorted: [start0, end0, start1, …]. */
  int[] runs() {
    boolean[] covered = new boolean[1024];
    for (Block b : blocks) {
      for (int i = 0; i < b.words().length; i++) {
        covered[(b.start() >>> 2) + i] = true;
      }
    }
    int[] runs = new int[2048];
    int n = 0;
    for (int i = 0; i < 1024; i++) {
      if (covered[i] && (i == 0 || !covered[i - 1])) {
        runs[n++] = 4 * i;
      }
      if (covered[i] && (i == 1023 || !covered[i + 1])) {
        runs[n++] = 4 * i + 4;
      }
    }
    return java.util.Arrays.copyOf(runs, n);
  }
}
