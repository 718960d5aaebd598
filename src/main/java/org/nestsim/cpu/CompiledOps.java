package org.nestsim.cpu;

/**
 * What code compiled by {@link org.nestsim.cpu.jit} calls: every method here is a small static function
 * of values (and, for the XER side effects, the {@link VcpuState}) that delegates to the interpreter's
 * own definition — {@link Alu}, {@link Op31}, {@link Mmu}, {@link TranslationCache} — so that compiled
 * code and the interpreter share one definition of each instruction's semantics. The JIT inlines them.
 *
 * <p>The compiled regions are hidden classes in this package, so they reach these package-private
 * methods by name; {@code org.nestsim.cpu.jit.Names} lists the names and descriptors they use.
 */
final class CompiledOps {
  private CompiledOps() {}

  /** CR field bits of a result against 0: LT (8), GT (4) or EQ (2). */
  static int signBits(long v) {
    return v < 0 ? 8 : v > 0 ? 4 : 2;
  }

  /** {@code cmpd}: LT, GT or EQ of a signed doubleword compare. */
  static int compareSigned(long a, long b) {
    int r = Long.compare(a, b);
    return r < 0 ? 8 : r > 0 ? 4 : 2;
  }

  /** {@code cmpld}. */
  static int compareUnsigned(long a, long b) {
    int r = Long.compareUnsigned(a, b);
    return r < 0 ? 8 : r > 0 ? 4 : 2;
  }

  /** {@code cmpw}. */
  static int compareWordSigned(long a, long b) {
    int r = Integer.compare((int) a, (int) b);
    return r < 0 ? 8 : r > 0 ? 4 : 2;
  }

  /** {@code cmplw}. */
  static int compareWordUnsigned(long a, long b) {
    int r = Integer.compareUnsigned((int) a, (int) b);
    return r < 0 ? 8 : r > 0 ? 4 : 2;
  }

  static long add(VcpuState s, long a, long b, long carryIn, boolean setCarry, boolean oe) {
    return Alu.add(s, a, b, carryIn, setCarry, oe);
  }

  static long arithmetic(VcpuState s, int w, long a, long b) {
    return Op31.arithmeticValue(s, w, a, b);
  }

  static long logical(VcpuState s, int w, long a, long b) {
    return Op31.logicalValue(s, w, a, b);
  }

  static long modulo(int xo, long a, long b) {
    return Op31.modulo(xo, a, b);
  }

  static long rotl32(long v, int n) {
    return Alu.rotl32(v, n);
  }

  static boolean trap(int to, long a, long b) {
    return Alu.trap(to, a, b);
  }

  /**
   * The page a load of {@code size} bytes at {@code ea} reads from the translation cache, or null
   * when the interpreter must do it (a miss, no load permission, or an access crossing the page): the
   * same test as {@link Mmu#load}'s fast path.
   */
  static byte[] loadPage(long[] tags, byte[] permissions, byte[][] pages, long ea, long context, int size) {
    int slot = TranslationCache.slot(ea);
    if (tags[slot] == ((ea & ~0xFFFL) | context) && (permissions[slot] & Mmu.LOAD_BIT) != 0
        && (int) (ea & 0xFFF) <= 0x1000 - size) {
      return pages[slot];
    }
    return null;
  }

  /** The page a store writes, or null: {@link Mmu#store}'s fast path. */
  static byte[] storePage(long[] tags, byte[] permissions, byte[][] pages, long ea, long context, int size) {
    int slot = TranslationCache.slot(ea);
    if (tags[slot] == ((ea & ~0xFFFL) | context) && (permissions[slot] & Mmu.STORE_BIT) != 0
        && (int) (ea & 0xFFF) <= 0x1000 - size) {
      return pages[slot];
    }
    return null;
  }

  static long read(byte[] page, long ea, int size, boolean littleEndian) {
    return Mmu.read(page, (int) (ea & 0xFFF), size, littleEndian);
  }

  static void write(byte[] page, long ea, long value, int size, boolean littleEndian) {
    Mmu.write(page, (int) (ea & 0xFFF), size, value, littleEndian);
  }

  /** Whether a store of {@code size} bytes at {@code ea} touches page offsets {@code [lo, hi)}. */
  static boolean overlaps(long ea, int size, int lo, int hi) {
    int o = (int) (ea & 0xFFF);
    return o < hi && o + size > lo;
  }
}
