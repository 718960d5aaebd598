package org.nestsim.cpu.asm;

import static org.nestsim.cpu.asm.Operand.BAT;
import static org.nestsim.cpu.asm.Operand.RS;
import static org.nestsim.cpu.asm.Operand.RT;
import static org.nestsim.cpu.asm.Operand.SPR;
import static org.nestsim.cpu.asm.Operand.SPRG;
import static org.nestsim.cpu.asm.Rows.x;

import java.util.List;

/**
 * The {@code mfspr}/{@code mtspr} rows of {@link Instructions}: the named forms ({@code mflr r3} for
 * {@code mfspr r3,8}) and the numeric ones. The names are exactly those {@code objdump} prints and GNU as
 * ({@code -mpower10}) accepts, checked by {@code BinutilsEncodingTest}; the SPR numbers the simulator
 * models are in spec §10.4.2.
 */
final class SprRows {
  private SprRows() {}

  private static final int MFSPR = 339;
  private static final int MTSPR = 467;

  /**
   * {@code "name n"} (both directions), or {@code "name mf mt"} with {@code -} for a direction without
   * a name. objdump's names, in SPR order.
   */
  private static final List<String> NAMES = List.of(
      "xer 1", "udscr 3", "rtcu 4 20", "rtcl 5 21", "lr 8", "ctr 9", "uamr 13", "dscr 17", "dsisr 18",
      "dar 19", "dec 22", "sdr1 25", "srr0 26", "srr1 27", "cfar 28", "amr 29", "pidr 48", "iamr 61",
      "tfhar - 128", "tfiar - 129", "texasr - 130", "texasru - 131", "ctrl 136 152", "fscr 153",
      "uamor 157", "pspb 159", "dpdes 176", "dawr0 180", "dawr1 181", "rpr 186", "ciabr 187",
      "dawrx0 188", "dawrx1 189", "hfscr 190", "vrsave 256", "usprg3 259 -", "tb 268 -", "tbu 269 285",
      "asr 280", "ear 282", "tbl - 284", "tbu40 - 286", "pvr 287 -", "hsprg0 304", "hsprg1 305",
      "hdisr 306", "hdar 307", "spurr 308", "purr 309", "hdec 310", "hrmor 313", "hsrr0 314",
      "hsrr1 315", "lpcr 318", "lpidr 319", "hmer 336", "hmeer 337", "pcr 338", "heir 339", "amor 349",
      "tir 446 -", "ptcr 464", "usprg0 496", "usprg1 497", "urmor 505", "usrr0 506", "usrr1 507",
      "smfctrl 511", "usier2 736 -", "usier3 737 -", "ummcr3 738 -", "sier2 - 752", "sier3 - 753",
      "mmcr3 - 754", "usier 768 -", "ummcr2 769", "ummcra 770", "upmc1 771", "upmc2 772", "upmc3 773",
      "upmc4 774", "upmc5 775", "upmc6 776", "ummcr0 779", "usiar 780 -", "usdar 781 -",
      "ummcr1 782 -", "sier - 784", "mmcra - 786", "pmc1 - 787", "pmc2 - 788", "pmc3 - 789",
      "pmc4 - 790", "pmc5 - 791", "pmc6 - 792", "mmcr0 - 795", "siar - 796", "sdar - 797",
      "mmcr1 - 798", "bescrs 800", "bescrsu 801", "bescrr 802", "bescrru 803", "ebbhr 804",
      "ebbrr 805", "bescr 806", "tar 815", "asdr 816", "psscr 823", "ic 848", "vtb 849", "hpsscr 855",
      "ppr 896", "ppr32 898", "pir 1023 -");

  /** Indexed names: {@code mfsprg rT,n} is SPR 272 + n; the BATs step by two. */
  private static final Object[][] INDEXED = {
    {"sprg", 272, SPRG}, {"ibatu", 528, BAT}, {"ibatl", 529, BAT}, {"dbatu", 536, BAT}, {"dbatl", 537, BAT}
  };

  static void add(Rows r) {
    for (String entry : NAMES) {
      String[] f = entry.split(" ");
      String mf = f[1];
      String mt = f.length == 3 ? f[2] : f[1];
      if (!mf.equals("-")) {
        r.ext("mf" + f[0], "mfspr", Form.XFX, MFSPR, x(31, MFSPR) | Fields.spr(Integer.parseInt(mf)), 0, RT);
      }
      if (!mt.equals("-")) {
        r.ext("mt" + f[0], "mtspr", Form.XFX, MTSPR, x(31, MTSPR) | Fields.spr(Integer.parseInt(mt)), 0, RS);
      }
    }
    for (Object[] e : INDEXED) {
      int spr = Fields.spr((int) e[1]);
      Operand index = (Operand) e[2];
      r.ext("mf" + e[0], "mfspr", Form.XFX, MFSPR, x(31, MFSPR) | spr, 0, RT, index);
      r.ext("mt" + e[0], "mtspr", Form.XFX, MTSPR, x(31, MTSPR) | spr, 0, index, RS);
    }
    for (int n = 0; n < 4; n++) {
      int spr = Fields.spr(272 + n);
      r.asmOnly("mfsprg" + n, "mfspr", Form.XFX, MFSPR, x(31, MFSPR) | spr, 0, RT);
      r.asmOnly("mtsprg" + n, "mtspr", Form.XFX, MTSPR, x(31, MTSPR) | spr, 0, RS);
    }
    r.asmOnly("mftbl", "mfspr", Form.XFX, MFSPR, x(31, MFSPR) | Fields.spr(268), 0, RT);
    r.asmOnly("mftb", "mfspr", Form.XFX, MFSPR, x(31, MFSPR), 0, RT, Operand.TBR);
    r.base("mfspr", Form.XFX, MFSPR, x(31, MFSPR), 0, RT, SPR);
    r.base("mtspr", Form.XFX, MTSPR, x(31, MTSPR), 0, SPR, RS);
    // mftb with its own XO (371): objdump decodes it, GNU as -mpower10 emits mfspr instead.
    r.add("mftb", Form.XFX, 371, x(31, 371) | Fields.spr(268), null, InstructionSpec.Use.DISASSEMBLER,
        (char) 0, RT);
    r.add("mftbu", Form.XFX, 371, x(31, 371) | Fields.spr(269), "mftb", InstructionSpec.Use.DISASSEMBLER,
        (char) 0, RT);
  }
}
