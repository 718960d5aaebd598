package org.nestsim.cpu;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.nestsim.memory.Access;
import org.nestsim.memory.L1Memory;
import org.nestsim.memory.RadixWalker;

/**
 * A vCPU's view of memory: translates L2 effective addresses through its {@link TranslationCache} and,
 * on a miss, the {@link RadixWalker}; then loads and stores in the current byte order.
 *
 * <p>Nothing allocates. A failed translation returns {@code false} / leaves {@link #faulted} set with
 * the walker's fault kind and cause in fields; the interpreter turns it into an L2 interrupt or an
 * exit.
 */
final class Mmu {
  static final VarHandle SHORT_BE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
  static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final L1Memory memory;
  private final RadixWalker walker = new RadixWalker();
  final TranslationCache cache = new TranslationCache();
  private final VcpuState state;

  /** The guest's partition-table entry, built by the L0 from elements 0x0005/0x0006. */
  long pateDw0;
  long pateDw1;

  /**
   * Flat mode, for a bare vCPU ({@code nestsim exec}): guest real addresses are L1 real addresses, no
   * tree is walked; an address beyond memory is an HDSI/HISI ("no translation"), and relocation (which
   * needs a process table) is an unsupported configuration (bit 44).
   */
  boolean flat;

  /** The translation-cache tag bits of data accesses in the current MSR (DR, PR), and MSR[LE]. */
  long dataContext = TranslationCache.tag(0, false, false);
  boolean dataLittleEndian;

  /** After a successful {@link #translate}: the page and the offset in it. */
  byte[] page;
  int offset;

  /** The last translation failed: {@link RadixWalker} fault kind, cause bits, and fault address. */
  boolean faulted;
  int faultKind;
  int faultCause;
  long faultAsdr;
  boolean faultHdsiForFetch;

  Mmu(L1Memory memory, VcpuState state) {
    this.memory = memory;
    this.state = state;
  }

  L1Memory memory() {
    return memory;
  }

  RadixWalker walker() {
    return walker;
  }

  void flush() {
    cache.flush();
  }

  /** Recomputes what data accesses depend on in the MSR; called whenever the MSR may have changed. */
  void msrChanged() {
    long msr = state.msr;
    dataContext = TranslationCache.tag(0, (msr & Msr.DR) != 0, (msr & Msr.PR) != 0);
    dataLittleEndian = (msr & Msr.LE) != 0;
  }

  /**
   * Translates {@code ea} for {@code access}; on success {@link #page} and {@link #offset} address the
   * byte. The translation regime follows the MSR: IR for fetches, DR for data, PR for permissions.
   */
  boolean translate(long ea, int access) {
    long msr = state.msr;
    boolean relocate = (msr & (access == Access.FETCH ? Msr.IR : Msr.DR)) != 0;
    boolean problem = (msr & Msr.PR) != 0;
    long tag = TranslationCache.tag(ea, relocate, problem);
    int slot = TranslationCache.slot(ea);
    if (cache.tags[slot] == tag && (cache.permissions[slot] & (1 << access)) != 0) {
      page = cache.pages[slot];
      offset = (int) (ea & 0xFFF);
      return true;
    }
    return walk(ea, access, relocate, problem, tag, slot);
  }

  private boolean walk(long ea, int access, boolean relocate, boolean problem, long tag, int slot) {
    if (flat) {
      return flatTranslate(ea, access, relocate, tag, slot);
    }
    int result = walker.translate(memory, pateDw0, pateDw1, ea, access, relocate, problem,
        state.reg[VcpuState.R_PIDR], state.reg[VcpuState.R_AMR], state.reg[VcpuState.R_IAMR]);
    if (result != RadixWalker.OK) {
      faulted = true;
      faultKind = result;
      faultCause = walker.cause();
      faultAsdr = walker.faultAddress();
      faultHdsiForFetch = walker.hdsiForFetch();
      return false;
    }
    return install(walker.realAddress(), access, tag, slot, walker.permissions());
  }

  /**
   * Makes the page of L1 real address {@code ra} the current one and caches the translation, except
   * that a load or fetch of a page never written reads the shared {@link #ZERO_PAGE} and caches
   * nothing: memory is allocated on first write only, and the write that allocates it is then seen.
   */
  private boolean install(long ra, int access, long tag, int slot, int permissions) {
    long pageNumber = ra >>> L1Memory.PAGE_SHIFT;
    byte[] p = access == Access.STORE ? memory.page(pageNumber) : memory.pageIfPresent(pageNumber);
    offset = (int) (ra & 0xFFF);
    if (p == null) {
      page = ZERO_PAGE;
      return true;
    }
    if (cache.tags[slot] == tag && cache.pages[slot] == p) {
      cache.permissions[slot] |= (byte) permissions;
    } else {
      cache.tags[slot] = tag;
      cache.permissions[slot] = (byte) permissions;
    }
    cache.pages[slot] = p;
    page = p;
    return true;
  }

  /** What a page never written reads as. Never written to, never cached. */
  static final byte[] ZERO_PAGE = new byte[L1Memory.PAGE_SIZE];

  private boolean flatTranslate(long ea, int access, boolean relocate, long tag, int slot) {
    long gra = ea & 0x3FFF_FFFF_FFFF_FFFFL;
    if (relocate || gra >= memory.size()) {
      faulted = true;
      faultKind = RadixWalker.PARTITION;
      faultCause = (relocate ? org.nestsim.memory.Dsisr.UNSUPP_MMU : org.nestsim.memory.Dsisr.NOHPTE)
          | (access == Access.STORE ? org.nestsim.memory.Dsisr.ISSTORE : 0);
      faultAsdr = gra;
      faultHdsiForFetch = false;
      return false;
    }
    return install(gra, access, tag, slot, 7);
  }

  /**
   * Loads {@code size} (1, 2, 4 or 8) bytes zero-extended, in the current byte order ({@code reverse}
   * flips it, for the byte-reversed forms). Returns 0 with {@link #faulted} set on a fault. The fast
   * path is a hit in the translation cache within one page.
   */
  long load(long ea, int size, boolean reverse) {
    int slot = TranslationCache.slot(ea);
    int o = (int) (ea & 0xFFF);
    boolean le = dataLittleEndian ^ reverse;
    if (cache.tags[slot] == ((ea & ~0xFFFL) | dataContext) && (cache.permissions[slot] & LOAD_BIT) != 0
        && o <= 0x1000 - size) {
      return read(cache.pages[slot], o, size, le);
    }
    if (o > 0x1000 - size) {
      return loadCrossing(ea, size, le);
    }
    if (!translate(ea, Access.LOAD)) {
      return 0;
    }
    return read(page, offset, size, le);
  }

  static long read(byte[] p, int o, int size, boolean le) {
    return switch (size) {
      case 1 -> p[o] & 0xFFL;
      case 2 -> (le ? (short) SHORT_LE.get(p, o) : (short) SHORT_BE.get(p, o)) & 0xFFFFL;
      case 4 -> (le ? (int) INT_LE.get(p, o) : (int) INT_BE.get(p, o)) & 0xFFFF_FFFFL;
      default -> le ? (long) LONG_LE.get(p, o) : (long) LONG_BE.get(p, o);
    };
  }

  static final int LOAD_BIT = 1 << Access.LOAD;
  static final int STORE_BIT = 1 << Access.STORE;

  private long loadCrossing(long ea, int size, boolean le) {
    long v = 0;
    for (int i = 0; i < size; i++) {
      if (!translate(ea + i, Access.LOAD)) {
        return 0;
      }
      long b = page[offset] & 0xFFL;
      v |= le ? b << (8 * i) : b << (8 * (size - 1 - i));
    }
    return v;
  }

  /** Stores the low {@code size} bytes of {@code value}; false (nothing written) on a fault. */
  boolean store(long ea, int size, long value, boolean reverse) {
    int slot = TranslationCache.slot(ea);
    int o = (int) (ea & 0xFFF);
    boolean le = dataLittleEndian ^ reverse;
    if (cache.tags[slot] == ((ea & ~0xFFFL) | dataContext) && (cache.permissions[slot] & STORE_BIT) != 0
        && o <= 0x1000 - size) {
      write(cache.pages[slot], o, size, value, le);
      return true;
    }
    if (o > 0x1000 - size) {
      return storeCrossing(ea, size, value, le);
    }
    if (!translate(ea, Access.STORE)) {
      return false;
    }
    write(page, offset, size, value, le);
    return true;
  }

  static void write(byte[] p, int o, int size, long value, boolean le) {
    switch (size) {
      case 1 -> p[o] = (byte) value;
      case 2 -> {
        if (le) {
          SHORT_LE.set(p, o, (short) value);
        } else {
          SHORT_BE.set(p, o, (short) value);
        }
      }
      case 4 -> {
        if (le) {
          INT_LE.set(p, o, (int) value);
        } else {
          INT_BE.set(p, o, (int) value);
        }
      }
      default -> {
        if (le) {
          LONG_LE.set(p, o, value);
        } else {
          LONG_BE.set(p, o, value);
        }
      }
    }
  }

  private boolean storeCrossing(long ea, int size, long value, boolean le) {
    // Both pages must translate before any byte is written: a fault leaves memory unchanged.
    if (!translate(ea, Access.STORE) || !translate(ea + size - 1, Access.STORE)) {
      return false;
    }
    for (int i = 0; i < size; i++) {
      translate(ea + i, Access.STORE);
      int shift = le ? 8 * i : 8 * (size - 1 - i);
      page[offset] = (byte) (value >>> shift);
    }
    return true;
  }
}
