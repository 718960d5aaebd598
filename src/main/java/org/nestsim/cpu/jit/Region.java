package org.nestsim.cpu.jit;

import java.util.Arrays;

/**
 * One compiled region: its code, and the words it was compiled from ({@code runs} of page offsets and
 * their bytes), which {@link #matches} compares with memory before every entry — how code rewritten
 * by anyone (the L2's own stores through its translation cache, another vCPU, the L1) is noticed.
 * Immutable, so one region serves every vCPU and every page whose words are the same.
 */
public final class Region {
  /** The compiled code. */
  public final CompiledCode code;
  private final int entry;
  private final int[] runs;
  private final byte[] bytes;
  private final int instructions;
  private final int bytecodeSize;
  /** Entries so far, counted up to the cache's warm-up entries (racily: it only sets budgets). */
  private int entries;
  /** Instructions run in those entries. */
  private long warmInstructions;
  /** Found not worth entering: it runs too few instructions per entry to repay the entry. */
  private volatile boolean unprofitable;

  /**
   * Fewer instructions than this per entry, on average over the warm-up entries, cost more to enter
   * (a page lookup, the comparison of the words, a call, registers in and out) than they save.
   */
  static final int MIN_INSTRUCTIONS_PER_ENTRY = 8;

  /** The budget of one entry while the region is new. */
  public static final long WARM_BUDGET = 64;

  Region(CompiledCode code, int entry, int[] runs, byte[] bytes, int instructions, int bytecodeSize) {
    this.code = code;
    this.entry = entry;
    this.runs = runs;
    this.bytes = bytes;
    this.instructions = instructions;
    this.bytecodeSize = bytecodeSize;
  }

  /** Whether {@code page} still holds, at the same offsets, the words this region was compiled from. */
  public boolean matches(byte[] page) {
    int k = 0;
    for (int i = 0; i < runs.length; i += 2) {
      int length = runs[i + 1] - runs[i];
      if (!Arrays.equals(page, runs[i], runs[i + 1], bytes, k, k + length)) {
        return false;
      }
      k += length;
    }
    return true;
  }

  /**
   * Whether the region is new: its first {@code warmEntries} entries run {@link #WARM_BUDGET}
   * instructions at most (then the interpreter goes on), so that the JVM, which counts calls, compiles its class soon, instead of the region's
   * loop running in the JVM's bytecode interpreter — many times slower than NestSim's interpreter —
   * until the JVM compiles the loop on the stack.
   */
  public boolean isNew(int warmEntries) {
    if (entries < warmEntries) {
      entries++;
      return true;
    }
    return false;
  }

  /**
   * Counts the instructions one warm-up entry ran; at the last warm-up entry, decides whether the
   * region is worth entering ({@link #unprofitable} otherwise, and returns true).
   */
  public boolean warmEntryRan(long instructions, int warmEntries) {
    warmInstructions += instructions;
    if (entries == warmEntries && warmInstructions < (long) MIN_INSTRUCTIONS_PER_ENTRY * warmEntries) {
      unprofitable = true;
    }
    return unprofitable;
  }

  /** Whether running this region costs more than interpreting it ({@link #warmEntryRan}). */
  public boolean unprofitable() {
    return unprofitable;
  }

  /** The page offset the region is entered at. */
  public int entry() {
    return entry;
  }

  /** Instructions compiled (a word in two blocks counts twice). */
  public int instructions() {
    return instructions;
  }

  /** Bytes of bytecode in its {@code run} method (about). */
  public int bytecodeSize() {
    return bytecodeSize;
  }

  /** The words of the region as copied from a page: the bytes of each run, concatenated. */
  static byte[] bytesOf(byte[] page, int[] runs) {
    int length = 0;
    for (int i = 0; i < runs.length; i += 2) {
      length += runs[i + 1] - runs[i];
    }
    byte[] b = new byte[length];
    int k = 0;
    for (int i = 0; i < runs.length; i += 2) {
      System.arraycopy(page, runs[i], b, k, runs[i + 1] - runs[i]);
      k += runs[i + 1] - runs[i];
    }
    return b;
  }

  int[] runs() {
    return runs;
  }

  byte[] bytes() {
    return bytes;
  }
}
