package org.nestsim.cpu.asm;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nestsim.cpu.asm.InstructionSpec.Use;

/**
 * Instruction words to disassemble against objdump: exhaustive over the fields where extended mnemonics
 * are chosen (BO/BI/BH of branches, TO of traps, SH/MB/ME of rotates, every SPR, FXM), random operand
 * fields of every base row, and fully random words. Test helper.
 */
final class WordSets {
  private WordSets() {}

  static List<Integer> exhaustive() {
    List<Integer> w = new ArrayList<>();
    int[] bis = {0, 1, 2, 3, 6, 31};
    for (int bo = 0; bo < 32; bo++) {
      for (int bi : bis) {
        for (int aaLk = 0; aaLk < 4; aaLk++) {
          w.add((16 << 26) | (bo << 21) | (bi << 16) | 0x40 | aaLk);
          w.add((16 << 26) | (bo << 21) | (bi << 16) | 0xFFC0 | aaLk);
        }
        for (int bh = 0; bh < 4; bh++) {
          for (int lk = 0; lk < 2; lk++) {
            w.add((19 << 26) | (bo << 21) | (bi << 16) | (bh << 11) | (16 << 1) | lk);
            w.add((19 << 26) | (bo << 21) | (bi << 16) | (bh << 11) | (528 << 1) | lk);
          }
        }
      }
    }
    for (int to = 0; to < 32; to++) {
      for (int regs : new int[] {0, (3 << 16) | (4 << 11)}) {
        w.add((31 << 26) | (to << 21) | regs | (4 << 1));
        w.add((31 << 26) | (to << 21) | regs | (68 << 1));
        w.add((3 << 26) | (to << 21) | (regs & 0x1F0000) | 0x8001);
        w.add((2 << 26) | (to << 21) | (regs & 0x1F0000) | 0x7FFF);
      }
    }
    for (int sh = 0; sh < 32; sh++) {
      for (int mb = 0; mb < 32; mb++) {
        for (int me = 0; me < 32; me++) {
          w.add((21 << 26) | (4 << 21) | (3 << 16) | (sh << 11) | (mb << 6) | (me << 1));
        }
        w.add((23 << 26) | (4 << 21) | (3 << 16) | (5 << 11) | (mb << 6) | (sh << 1));
      }
    }
    for (int xo = 0; xo < 4; xo++) {
      for (int sh = 0; sh < 64; sh++) {
        for (int mb = 0; mb < 64; mb++) {
          w.add((30 << 26) | (4 << 21) | (3 << 16) | ((sh & 31) << 11) | Fields.mb6(mb) | (xo << 2)
              | ((sh >> 5) << 1));
        }
      }
    }
    for (int mb = 0; mb < 64; mb++) {
      w.add((30 << 26) | (4 << 21) | (3 << 16) | (5 << 11) | Fields.mb6(mb) | (8 << 1));
      w.add((30 << 26) | (4 << 21) | (3 << 16) | (5 << 11) | Fields.mb6(mb) | (9 << 1) | 1);
    }
    for (int n = 0; n < 1024; n++) {
      w.add((31 << 26) | (3 << 21) | Fields.spr(n) | (339 << 1));
      w.add((31 << 26) | (3 << 21) | Fields.spr(n) | (467 << 1));
      w.add((31 << 26) | (3 << 21) | Fields.spr(n) | (371 << 1));
    }
    for (int fxm = 0; fxm < 256; fxm++) {
      for (int one = 0; one < 2; one++) {
        w.add((31 << 26) | (3 << 21) | (one << 20) | (fxm << 12) | (144 << 1));
        w.add((31 << 26) | (3 << 21) | (one << 20) | (fxm << 12) | (19 << 1));
      }
    }
    for (int bf = 0; bf < 32; bf++) {
      w.add((31 << 26) | (bf << 21) | (3 << 16) | (4 << 11));
      w.add((31 << 26) | (bf << 21) | (3 << 16) | (4 << 11) | (32 << 1));
      w.add((11 << 26) | (bf << 21) | (3 << 16) | 0xFFFB);
      w.add((10 << 26) | (bf << 21) | (3 << 16) | 0xFFFB);
      w.add((31 << 26) | (bf << 21) | (598 << 1));
      w.add((19 << 26) | (bf << 21) | (bf << 16) | (bf << 11) | (289 << 1));
      w.add((19 << 26) | (bf << 21) | (bf << 16) | (bf << 11) | (449 << 1));
      w.add((31 << 26) | (bf << 21) | (bf << 16) | (bf << 11) | (444 << 1));
      w.add((31 << 26) | (bf << 21) | (bf << 16) | (bf << 11) | (124 << 1));
    }
    for (int lev = 0; lev < 128; lev++) {
      for (int low = 0; low < 4; low++) {
        w.add((17 << 26) | (lev << 5) | low);
      }
    }
    for (int l = 0; l < 32; l++) {
      w.add((31 << 26) | (3 << 21) | (l << 16) | (178 << 1));
    }
    return w;
  }

  /** {@code perRow} words per base row with random operand fields (reserved bits kept zero). */
  static List<Integer> fieldFuzz(Random rnd, int perRow) {
    List<Integer> w = new ArrayList<>();
    for (InstructionSpec s : Instructions.all()) {
      if (!s.extended() && s.use() != Use.ASSEMBLER) {
        for (int i = 0; i < perRow; i++) {
          w.add(s.match() | (rnd.nextInt() & ~s.mask()));
        }
      }
    }
    return w;
  }

  /** Uniformly random words. */
  static List<Integer> random(Random rnd, int count) {
    List<Integer> w = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      w.add(rnd.nextInt());
    }
    return w;
  }
}
