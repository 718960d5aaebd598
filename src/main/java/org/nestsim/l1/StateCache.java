package org.nestsim.l1;

import java.nio.ByteBuffer;
import org.nestsim.gsb.GsbLayout;
import org.nestsim.gsb.GsbReader;
import org.nestsim.gsb.GsbSnapshot;
import org.nestsim.gsb.Gsid;
import org.nestsim.gsb.linux.LinuxGsBitmap;
import org.nestsim.gsb.linux.LinuxGsid;

/**
 * The L1's cache of one L2 vCPU's thread-wide registers (spec §7.2–§7.4, Linux's {@code
 * kvmhv_nestedv2_io}): values with a valid and a dirty bitmap over the flattened element IDs. Getters
 * read valid values (the runner fetches invalid ones with {@code H_GUEST_GET_STATE} first); setters
 * only mark dirty; before a run the dirty values go into the run input buffer in flattened order and
 * become clean; after an exit everything is invalidated and the output buffer's elements become valid.
 *
 * <p>Only thread-wide 4- and 8-byte registers are cached (the runner never touches vector state), and
 * only the values valid or dirty are kept ({@link RegisterValues}): an exit invalidates everything, so
 * a cache holds a few dozen values at most (DESIGN.md's memory budget; a {@code long} per flattened ID
 * took 1,472 bytes per vCPU).
 *
 * <p>Internally everything is keyed by flattened bit, each ID flattened once per call: the output
 * buffer of every exit goes through {@link #putAll(GsbSnapshot)}, which with an ID lookup per check
 * was a quarter of an exit's cost on the L1's side.
 */
public final class StateCache {
  /**
   * Per flattened bit, the size (4 or 8) of its ID when the cache holds it — a thread-wide register of
   * 4 or 8 bytes in Linux's sizes — and 0 otherwise (bit 0: BLANK, and every unknown ID).
   */
  private static final byte[] CACHED_SIZE = new byte[LinuxGsid.IDEN_COUNT];
  private static final int HEIR_BIT = LinuxGsid.flatten(Gsid.HEIR);

  static {
    for (int bit = 1; bit < LinuxGsid.IDEN_COUNT; bit++) {
      int id = LinuxGsid.unflatten(bit);
      int size = LinuxGsid.size(id);
      if ((size == 4 || size == 8) && LinuxGsid.flags(id) == 0) {
        CACHED_SIZE[bit] = (byte) size;
      }
    }
  }

  /** The values of every valid or dirty ID, and of no other. */
  private final RegisterValues values = new RegisterValues();
  private final LinuxGsBitmap valid = new LinuxGsBitmap();
  private final LinuxGsBitmap dirty = new LinuxGsBitmap();
  /** The planted {@code unflushed-dirty} bug: this ID is marked clean at a flush but not written (0: none). */
  private int dropOnFlush;

  /** What a valid value is, for the oracle. */
  @FunctionalInterface
  interface IdValueConsumer {
    void accept(int id, long value);
  }

  /** Plants the {@code unflushed-dirty} bug (L1Bug): {@code id} is marked clean at every flush, never written. */
  void dropOnFlush(int id) {
    this.dropOnFlush = id;
  }

  /** Every ID the cache holds as valid and not dirty (what it believes the L0 holds), with its value. */
  void forEachClean(IdValueConsumer consumer) {
    for (int bit = valid.nextBit(0); bit >= 0; bit = valid.nextBit(bit + 1)) {
      if (!dirty.testBit(bit)) {
        consumer.accept(LinuxGsid.unflatten(bit), values.get(bit));
      }
    }
  }

  /** Whether the L1 holds the current value of {@code id}. */
  public boolean isValid(int id) {
    return valid.test(id);
  }

  /**
   * The cached value of {@code id}.
   *
   * @throws IllegalStateException if the value is not valid (a NestSim bug: fetch it first)
   */
  public long get(int id) {
    int bit = LinuxGsid.flatten(id);
    if (!valid.testBit(bit)) {
      throw new IllegalStateException("register 0x" + Integer.toHexString(id) + " read while not cached");
    }
    return values.get(bit);
  }

  /** Sets {@code id} as the L1 wants it at the next entry: valid and dirty. */
  public void set(int id, long value) {
    int bit = cachedBit(id);
    values.put(bit, value);
    valid.setBit(bit);
    dirty.setBit(bit);
  }

  /** Records a value the L0 reported (output buffer, GET answer): valid, not dirty. */
  public void put(int id, long value) {
    int bit = cachedBit(id);
    values.put(bit, value);
    valid.setBit(bit);
  }

  /** After an exit: nothing is known any more (dirty values were sent before the run, and stay if not). */
  public void invalidateAll() {
    valid.zero();
    if (dirty.isEmpty()) {
      values.clear();
    } else {
      values.retainIf(dirty::testBit);
    }
  }

  /** Whether anything waits to be sent. */
  public boolean hasDirty() {
    return !dirty.isEmpty();
  }

  /** Every ID of {@code ids} that is not valid, in the order given. */
  public int[] missing(int... ids) {
    int n = 0;
    for (int id : ids) {
      if (!valid.test(id)) {
        n++;
      }
    }
    int[] out = new int[n];
    n = 0;
    for (int id : ids) {
      if (!valid.test(id)) {
        out[n++] = id;
      }
    }
    return out;
  }

  /**
   * Writes the dirty values as a run input buffer (header and elements in flattened order) into {@code
   * buffer} from 0, as far as {@code capacity} allows, and marks what it wrote clean.
   *
   * @return the bytes used; dirty values that did not fit stay dirty ({@link #hasDirty()})
   */
  public int writeDirty(ByteBuffer buffer, int capacity) {
    int at = GsbLayout.HEADER_LENGTH;
    int count = 0;
    for (int bit = dirty.nextBit(0); bit >= 0; bit = dirty.nextBit(bit + 1)) {
      int id = LinuxGsid.unflatten(bit);
      if (id == dropOnFlush) {
        dirty.clearBit(bit); // the planted bug: clean, but never sent
        continue;
      }
      int size = CACHED_SIZE[bit];
      if (at + GsbLayout.ELEMENT_HEADER_LENGTH + size > capacity) {
        continue;
      }
      buffer.putShort(at, (short) id).putShort(at + 2, (short) size);
      long v = values.get(bit);
      if (size == 4) {
        buffer.putInt(at + GsbLayout.VALUE_OFFSET, (int) v);
      } else {
        buffer.putLong(at + GsbLayout.VALUE_OFFSET, v);
      }
      at += GsbLayout.ELEMENT_HEADER_LENGTH + size;
      count++;
      dirty.clearBit(bit);
    }
    buffer.putInt(0, count);
    return at;
  }

  /**
   * Records every register element of an exit's output buffer as valid ({@link #putReported}); reads
   * the snapshot in place, allocating nothing.
   */
  public void putAll(GsbSnapshot buffer) {
    buffer.forEachRegister(this, StateCache::putReported);
  }

  /** Records every register element of a buffer the L0 wrote (a GET answer) as valid ({@link #putReported}). */
  public void putAll(GsbReader reader) {
    reader.rewind();
    while (reader.next()) {
      int size = reader.size();
      if (size == 4 || size == 8) {
        putReported(this, reader.id(), size, size == 4 ? Integer.toUnsignedLong(reader.be32()) : reader.be64());
      }
    }
  }

  /**
   * An element the L0 reported: valid if the cache holds its ID at that size; HEIR also at the 4 bytes
   * the L0 writes, not Linux's 8 (spec §9.3). Anything else (an element the cache does not hold) is
   * left for whoever reads the buffer.
   */
  private static void putReported(StateCache cache, int id, int size, long value) {
    int bit = LinuxGsid.flatten(id);
    int cached = CACHED_SIZE[bit];
    if (cached == size || bit == HEIR_BIT && size == 4) {
      cache.values.put(bit, value);
      cache.valid.setBit(bit);
    }
  }

  /** The flattened bit of {@code id}, which the cache must hold. */
  private static int cachedBit(int id) {
    int bit = LinuxGsid.flatten(id);
    if (CACHED_SIZE[bit] == 0) {
      throw new IllegalArgumentException("0x" + Integer.toHexString(id) + " is not a cached thread-wide register");
    }
    return bit;
  }
}
