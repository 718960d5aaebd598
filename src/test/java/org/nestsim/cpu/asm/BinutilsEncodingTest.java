package org.nestsim.cpu.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nestsim.cpu.asm.InstructionSpec.Use;

/**
 * GNU binutils as the oracle for every row of the instruction table: generated sources assemble to the
 * same words with our assembler and with {@code powerpc64-linux-gnu-as -mregnames -mpower10} (both
 * byte orders), our disassembly of those words assembles back to the same words, and it reads as
 * {@code objdump}'s. Needs binutils-powerpc64(le)-linux-gnu: skipped without it, failed without it when
 * CI=true.
 */
class BinutilsEncodingTest {
  static final long ORIGIN = 0x10000;
  static final int VARIANTS = 6;
  static List<String> lines;
  static int rows;

  @BeforeAll
  static void generate() {
    Random rnd = new Random(20261130);
    lines = new ArrayList<>();
    for (InstructionSpec s : Instructions.all()) {
      if (s.use() != Use.DISASSEMBLER) {
        lines.addAll(SourceGenerator.lines(s, rnd, VARIANTS));
        rows++;
      }
    }
  }

  @Test
  void shouldEncodeEveryRowAsGnuAsDoes() throws AsmException {
    Binutils.require();
    for (boolean le : new boolean[] {false, true}) {
      String source = String.join("\n", lines) + "\n";
      Binutils.Built gnu = Binutils.assemble(source, le, ORIGIN);
      if (!gnu.ok()) {
        StringBuilder b = new StringBuilder();
        gnu.errors().forEach((line, msgs) -> b.append(line > 0 ? lines.get(line - 1) : "").append(" -> ")
            .append(msgs).append('\n'));
        fail("GNU as rejected generated lines:\n" + b);
      }
      Assembly ours = Assembler.assemble(source, "generated.s", ORIGIN,
          le ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
      assertEquals(gnu.text().length, ours.length());
      List<String> diffs = new ArrayList<>();
      int[] words = ours.words();
      ByteBuffer g = ByteBuffer.wrap(gnu.text()).order(le ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
      for (int i = 0; i < words.length; i++) {
        if (words[i] != g.getInt(4 * i)) {
          diffs.add(String.format("%-32s ours %08x gnu %08x", lines.get(i), words[i], g.getInt(4 * i)));
        }
      }
      assertTrue(diffs.isEmpty(), (le ? "LE" : "BE") + " differences (" + diffs.size() + "):\n"
          + String.join("\n", diffs.subList(0, Math.min(60, diffs.size()))));
    }
    System.out.printf("binutils: %d rows, %d lines identical in both byte orders%n", rows, lines.size());
  }

  @Test
  void shouldDisassembleAsObjdumpAndAssembleBack() throws AsmException {
    Binutils.require();
    Random rnd = new Random(7);
    Assembly generated = Assembler.assemble(String.join("\n", lines), "generated.s", ORIGIN,
        ByteOrder.BIG_ENDIAN);
    List<Integer> words = new ArrayList<>();
    for (int w : generated.words()) {
      words.add(w);
    }
    int generatedCount = words.size();
    words.addAll(WordSets.exhaustive());
    words.addAll(WordSets.fieldFuzz(rnd, 16));
    words.addAll(WordSets.random(rnd, 20000));
    ByteBuffer image = ByteBuffer.allocate(4 * words.size());
    words.forEach(image::putInt);
    List<String> objdump = Binutils.objdump(image.array(), false, ORIGIN);

    List<Integer> differing = new ArrayList<>();
    List<String> ours = new ArrayList<>();
    int same = 0;
    int outside = 0;
    for (int i = 0; i < words.size(); i++) {
      long address = ORIGIN + 4L * i;
      int word = words.get(i);
      String text = Disassembler.disassemble(word, address);
      ours.add(text);
      if (!text.startsWith(".long") && !legacyMftb(word)) {
        assertEquals(hex(word), hex(Assembler.assembleOne(text, address)), text + " does not assemble back");
      }
      String theirs = objdump.get(i);
      if (Binutils.normalize(text).equals(theirs)) {
        same++;
      } else if (text.startsWith(".long") && Instructions.byMnemonic(theirs.split(" ")[0]).isEmpty()) {
        outside++;
      } else {
        if (i < generatedCount && text.startsWith(".long")) {
          fail("generated word " + hex(word) + " (" + lines.get(i) + ") disassembles as .long");
        }
        differing.add(i);
      }
    }
    // A difference is explained when objdump's text does not assemble (GNU as) back to the word and ours does.
    List<Long> addresses = differing.stream().map(i -> ORIGIN + 4L * i).toList();
    List<Integer> wordsOfOurs = gnuWords(differing.stream().map(ours::get).toList(), addresses);
    List<Integer> wordsOfTheirs = gnuWords(differing.stream().map(objdump::get).toList(), addresses);
    Map<String, Integer> categories = new TreeMap<>();
    List<String> unexplained = new ArrayList<>();
    for (int k = 0; k < differing.size(); k++) {
      int i = differing.get(k);
      int word = words.get(i);
      boolean oursOk = ours.get(i).startsWith(".long") || Integer.valueOf(word).equals(wordsOfOurs.get(k));
      boolean theirsOk = Integer.valueOf(word).equals(wordsOfTheirs.get(k));
      String line = String.format("%08x ours: %-36s objdump: %s", word, ours.get(i), objdump.get(i));
      if (!oursOk || theirsOk) {
        unexplained.add(line + (oursOk ? "" : "  [ours does not assemble back with GNU as]")
            + (theirsOk ? "  [objdump's text assembles back with GNU as]" : ""));
      } else {
        categories.merge(category(word, ours.get(i), objdump.get(i)), 1, Integer::sum);
      }
    }
    System.out.printf("disassembly: %d words, %d as objdump, %d outside the subset, %d explained differences:%n",
        words.size(), same, outside, differing.size() - unexplained.size());
    categories.forEach((c, n) -> System.out.printf("  %5d  %s%n", n, c));
    assertTrue(unexplained.isEmpty(), unexplained.size() + " unexplained differences with objdump:\n"
        + String.join("\n", unexplained.subList(0, Math.min(50, unexplained.size()))));
  }

  private static boolean legacyMftb(int word) {
    return (word & 0xFC0007FE) == ((31 << 26) | (371 << 1));
  }

  /** Why objdump's text is not a GNU as rendering of the word (the soft list printed by the test). */
  private static String category(int word, String ours, String theirs) {
    String mine = ours.split("\\s+")[0];
    String their = theirs.split(" ")[0];
    int opcode = word >>> 26;
    int xo = (word >>> 1) & 0x3FF;
    boolean branch = opcode == 16 || (opcode == 19 && (xo == 16 || xo == 528));
    int bo = (word >>> 21) & 31;
    if (ours.startsWith(".long") && branch && !Fields.validBo(bo)) {
      return ".long where objdump prints a branch with a reserved BO (z bit set or at = 01), which GNU as rejects";
    }
    if (ours.startsWith(".long") && branch && xo == 528 && (bo & 4) == 0) {
      return ".long where objdump prints bcctr[l] decrementing CTR, which GNU as rejects (invalid form)";
    }
    if (ours.startsWith(".long")) {
      return ".long where objdump prints " + their + " ignoring a reserved bit that is set";
    }
    if (their.equals(mine + "+") || their.equals(mine + "-")) {
      return mine + " BO,... where objdump prints " + their + " BO,..., which GNU as rejects (BO already hinted)";
    }
    return mine + ": objdump prints a negative absolute target in 32 bits; ours is the 64-bit address";
  }

  /**
   * What GNU as makes of each text at its address (null where it reports an error): numeric targets of
   * relative branches become {@code .+offset}, since GNU as reads a number there as the displacement.
   */
  private static List<Integer> gnuWords(List<String> texts, List<Long> addresses) {
    List<String> source = new ArrayList<>();
    for (int k = 0; k < texts.size(); k++) {
      source.add(".org 0x" + Long.toHexString(addresses.get(k) - ORIGIN));
      source.add(relativeTargets(texts.get(k), addresses.get(k)));
    }
    Binutils.Built first = Binutils.assemble(String.join("\n", source) + "\n", false, ORIGIN);
    java.util.Set<Integer> failed = new java.util.HashSet<>();
    first.errors().keySet().forEach(line -> failed.add((line - 1) / 2));
    for (int k : failed) {
      source.set(2 * k + 1, ".long 0");
    }
    Binutils.Built second = failed.isEmpty() ? first : Binutils.assemble(String.join("\n", source) + "\n",
        false, ORIGIN);
    assertTrue(second.ok(), "GNU as: " + second.errors());
    ByteBuffer b = ByteBuffer.wrap(second.text());
    List<Integer> result = new ArrayList<>();
    for (int k = 0; k < texts.size(); k++) {
      result.add(failed.contains(k) ? null : b.getInt((int) (addresses.get(k) - ORIGIN)));
    }
    return result;
  }

  private static String relativeTargets(String text, long address) {
    String[] parts = text.trim().split("\\s+", 2);
    boolean relative = Instructions.byMnemonic(parts[0]).stream().anyMatch(s -> s.operands().stream()
        .anyMatch(o -> o.kind() == Operand.Kind.RELATIVE));
    if (!relative || parts.length < 2) {
      return text;
    }
    int comma = parts[1].lastIndexOf(',');
    long target = Long.parseUnsignedLong(parts[1].substring(comma + 1).replace("0x", ""), 16);
    long offset = target - address;
    return parts[0] + " " + parts[1].substring(0, comma + 1) + (offset < 0 ? ".-" + -offset : ".+" + offset);
  }

  private static String hex(int word) {
    return String.format("%08x", word);
  }

  /** GNU as rejects each of these; so must we. */
  static final List<String> INVALID = List.of(
      "addi r3,r4,32768", "addi r3,r4,-32769", "li r3,65535", "ori r3,r3,-1", "ori r3,r3,65536",
      "andi. r3,r3,0x10000", "lis r3,65536", "cmpwi r3,32768", "cmplwi r3,-32769", "subi r3,r4,-32768",
      "subis r3,r4,32769", "ld r3,6(r4)", "std r3,32766(r4)", "lwzu r3,8(0)", "lwzu r3,8(r3)", "ldu r4,8(r4)",
      "stwu r3,8(0)", "lfdu f1,8(0)", "lwzux r3,r3,r4", "lwzux r3,0,r4", "stdux r3,0,r4", "sldi r3,r4,64",
      "slwi r3,r4,32", "srwi r3,r4,32", "clrldi r3,r4,64", "clrrdi r3,r4,64", "rldicl r3,r4,64,0",
      "rlwinm r3,r4,32,0,31", "extldi r3,r4,65,0", "mtspr 1024,r3", "mfspr r3,1024", "mtocrf 0x81,r3",
      "mfocrf r3,0", "mtcrf 256,r3", "mtmsrd r3,2", "sync 3", "sc 128", "tw 32,r3,r4", "twi 4,r3,32768",
      "bc 5,2,.+8", "bc 17,0,.+8", "bcctr 16,0", "bcctr 0,2", "bclr 21,0", "bc+ 20,0,.+8", "bc- 27,0,.+8",
      "bc- 7,2,.+8", "bclr+ 14,2", "bdnzt+ 2,.+8", "beq 8,.+8", "beq cr1,.+2", "b .+0x2000000",
      "bc 12,2,.+0x8000", "ba 0x2000000", "bca 12,2,0x8000", "mcrf 8,0", "crand 32,0,0", "isel r3,r4,r5,32",
      "mftb r3,270", "mfsprg r3,4", "mtsprg 4,r3", "add r3,r4", "add r3,r4,r5,r6", "addi r3,r4", "nop 1",
      "frob r3", "cmp 1,r3,r4", "la r3,8", "add r32,r4,r5", "sc 1,2",
      "lwz r3,8(r4", "li r3,(1", ".org -1", "mfxer", "mtlr", "blr 4", "beqlr cr8", "li r3,0x1ffffffff");

  @Test
  void shouldRejectWhatGnuAsRejects() {
    Binutils.require();
    Binutils.Built gnu = Binutils.assemble(String.join("\n", INVALID) + "\n", false, ORIGIN);
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < INVALID.size(); i++) {
      String line = INVALID.get(i);
      if (!gnu.errors().containsKey(i + 1)) {
        problems.add(line + ": GNU as accepts it");
      }
      try {
        Assembler.assemble(line, "invalid.s", ORIGIN, ByteOrder.BIG_ENDIAN);
        problems.add(line + ": we accept it (GNU as: " + gnu.errors().get(i + 1) + ")");
      } catch (AsmException expected) {
        assertEquals(1, expected.line(), expected.getMessage());
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  /**
   * We reject these although GNU as accepts them, with a warning at most (docs/ISA.md, "Differences"):
   * registers of the wrong class, values it truncates, missing operands it takes as zero, a symbol it
   * would leave to the linker, sections and .word.
   */
  static final List<String> STRICTER = List.of(
      "add f3,r4,r5", "addi r3,r4,r5", "lfd r1,0(r3)", "cmpw cr1,f3,r4", "extldi r3,r4,0,0",
      ".long 0x100000000", ".byte 256", ".align 1,256", ".space -1", "li r3,1+", "li r3,1/0", ".quad 1,",
      "li r3,undefined_symbol", ".word 1", ".data", ".section .data");

  @Test
  void shouldBeStricterThanGnuAsWhereDocumented() {
    Binutils.require();
    Binutils.Built gnu = Binutils.assemble(String.join("\n", STRICTER) + "\n", false, ORIGIN);
    for (int i = 0; i < STRICTER.size(); i++) {
      String line = STRICTER.get(i);
      assertTrue(!gnu.errors().containsKey(i + 1), line + ": GNU as now rejects it too: " + gnu.errors());
      org.junit.jupiter.api.Assertions.assertThrows(AsmException.class,
          () -> Assembler.assemble(line, "stricter.s", ORIGIN, ByteOrder.BIG_ENDIAN), line);
    }
  }

  @Test
  void shouldAssembleSyntaxAndDirectivesAsGnuAsAndLdDo() throws AsmException {
    Binutils.require();
    String source = SyntaxSample.SOURCE;
    long origin = 0x10007F00L;
    for (boolean le : new boolean[] {false, true}) {
      Binutils.Built gnu = Binutils.assemble(source, le, origin);
      assertTrue(gnu.ok(), "GNU as: " + gnu.errors());
      Assembly ours = Assembler.assemble(source, "syntax.s", origin,
          le ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
      assertEquals(java.util.HexFormat.of().formatHex(gnu.text()), java.util.HexFormat.of().formatHex(ours.bytes()),
          le ? "little-endian" : "big-endian");
    }
  }
}
