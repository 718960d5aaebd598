package org.nestsim.cpu;

import java.util.List;

/**
 * The Linux program the QEMU differential test runs: for each sequence, harness code that loads the
 * initial state from the sequence's data block, the sequence between labels {@code S<i>} and
 * {@code E<i>}, and harness code that dumps the registers and the scratch area into the block and
 * writes them to stdout; at the end, {@code exit_group(0)}.
 *
 * <p>Data block of sequence i, at {@link #DATA_ADDRESS} + i × {@link #BLOCK_LENGTH} (offsets in
 * bytes, doublewords in the program's byte order):
 *
 * <pre>
 *   0x000  GPR0..GPR30 initial values (31 doublewords), 0x0F8 unused (r31 holds the block address)
 *   0x100  CR   0x108  XER   0x110  LR   0x118  CTR        initial values
 *   0x400  GPR0..GPR31 dump (32 doublewords)
 *   0x500  CR   0x508  XER   0x510  LR   0x518  CTR        dump
 *   0x520  scratch area, 256 bytes: initial bytes, then what the sequence stored
 *   0x620  unused up to 0x800
 * </pre>
 *
 * The {@code write} after sequence i sends bytes 0x400–0x61F ({@link #DUMP_LENGTH}): the dump and the
 * scratch area.
 */
final class DifferentialHarness {
  private DifferentialHarness() {}

  static final long TEXT_ADDRESS = 0x1000_0000L;
  static final long DATA_ADDRESS = 0x2000_0000L;
  static final int BLOCK_LENGTH = 0x800;
  static final int INIT_CR_OFFSET = 0x100;
  static final int INIT_XER_OFFSET = 0x108;
  static final int INIT_LR_OFFSET = 0x110;
  static final int INIT_CTR_OFFSET = 0x118;
  static final int DUMP_OFFSET = 0x400;
  static final int DUMP_CR_OFFSET = 0x100;
  static final int DUMP_XER_OFFSET = 0x108;
  static final int DUMP_LR_OFFSET = 0x110;
  static final int DUMP_CTR_OFFSET = 0x118;
  static final int SCRATCH_OFFSET = 0x520;
  static final int SCRATCH_LENGTH = 0x100;
  static final int DUMP_LENGTH = SCRATCH_OFFSET + SCRATCH_LENGTH - DUMP_OFFSET;

  /** Linux system call numbers on ppc64. */
  private static final int SYS_WRITE = 4;
  private static final int SYS_EXIT_GROUP = 234;

  static long blockAddress(int index) {
    return DATA_ADDRESS + (long) index * BLOCK_LENGTH;
  }

  /** The whole program's assembly text. */
  static String program(List<PowerSequence> sequences) {
    StringBuilder a = new StringBuilder(sequences.size() * 4096);
    a.append("    .abiversion 2\n    .text\n    .globl _start\n_start:\n");
    for (PowerSequence s : sequences) {
      code(a, s);
    }
    a.append("    li r0, ").append(SYS_EXIT_GROUP).append("\n    li r3, 0\n    sc\n");
    a.append("    .data\n    .p2align 11\n");
    for (PowerSequence s : sequences) {
      data(a, s);
    }
    return a.toString();
  }

  private static void code(StringBuilder a, PowerSequence s) {
    long block = blockAddress(s.index());
    line(a, "lis r31, " + (block >>> 16));
    line(a, "ori r31, r31, " + (block & 0xFFFF));
    restore(a, INIT_CR_OFFSET, "mtcrf 255, r0");
    restore(a, INIT_XER_OFFSET, "mtxer r0");
    restore(a, INIT_LR_OFFSET, "mtlr r0");
    restore(a, INIT_CTR_OFFSET, "mtctr r0");
    for (int i = 0; i < 31; i++) {
      line(a, "ld r" + i + ", " + 8 * i + "(r31)");
    }
    a.append("S").append(s.index()).append(":\n").append(s.assembly());
    a.append("E").append(s.index()).append(":\n");
    for (int i = 0; i < 32; i++) {
      line(a, "std r" + i + ", " + (DUMP_OFFSET + 8 * i) + "(r31)");
    }
    save(a, "mfcr r0", DUMP_CR_OFFSET);
    save(a, "mfxer r0", DUMP_XER_OFFSET);
    save(a, "mflr r0", DUMP_LR_OFFSET);
    save(a, "mfctr r0", DUMP_CTR_OFFSET);
    line(a, "li r0, " + SYS_WRITE);
    line(a, "li r3, 1");
    line(a, "addi r4, r31, " + DUMP_OFFSET);
    line(a, "li r5, " + DUMP_LENGTH);
    line(a, "sc");
  }

  private static void restore(StringBuilder a, int offset, String move) {
    line(a, "ld r0, " + offset + "(r31)");
    line(a, move);
  }

  private static void save(StringBuilder a, String move, int offset) {
    line(a, move);
    line(a, "std r0, " + (DUMP_OFFSET + offset) + "(r31)");
  }

  private static void data(StringBuilder a, PowerSequence s) {
    a.append("B").append(s.index()).append(":\n");
    for (long v : s.gpr()) {
      quad(a, v);
    }
    quad(a, 0);
    quad(a, Integer.toUnsignedLong(s.cr()));
    quad(a, s.xer());
    quad(a, s.lr());
    quad(a, s.ctr());
    line(a, ".space " + (SCRATCH_OFFSET - INIT_CTR_OFFSET - 8));
    byte[] scratch = s.scratch();
    for (int i = 0; i < scratch.length; i += 16) {
      a.append("    .byte ");
      for (int j = i; j < i + 16; j++) {
        a.append(j > i ? "," : "").append(scratch[j] & 0xFF);
      }
      a.append('\n');
    }
    line(a, ".space " + (BLOCK_LENGTH - SCRATCH_OFFSET - SCRATCH_LENGTH));
  }

  private static void quad(StringBuilder a, long v) {
    a.append("    .quad 0x").append(Long.toHexString(v)).append('\n');
  }

  private static void line(StringBuilder a, String instruction) {
    a.append("    ").append(instruction).append('\n');
  }
}
