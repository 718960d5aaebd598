package org.nestsim.l1;

import java.nio.ByteBuffer;
import org.nestsim.gsb.GsbLayout;
import org.nestsim.gsb.GsbReader;
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
 */
public final class StateCache {
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
    for (int id = valid.next(0); id != 0; id = valid.next(id)) {
      if (!dirty.test(id)) {
        consumer.accept(id, values.get(LinuxGsid.flatten(id)));
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
    if (!valid.test(id)) {
      throw new IllegalStateException("register 0x" + Integer.toHexString(id) + " read while not cached");
    }
    return values.get(LinuxGsid.flatten(id));
  }

  /** Sets {@code id} as the L1 wants it at the next entry: valid and dirty. */
  public void set(int id, long value) {
    checkCacheable(id);
    values.put(LinuxGsid.flatten(id), value);
    valid.set(id);
    dirty.set(id);
  }

  /** Records a value the L0 reported (output buffer, GET answer): valid, not dirty. */
  public void put(int id, long value) {
    checkCacheable(id);
    values.put(LinuxGsid.flatten(id), value);
    valid.set(id);
  }

  /** After an exit: nothing is known any more (dirty values were sent before the run, and stay if not). */
  public void invalidateAll() {
    valid.zero();
    if (hasDirty()) {
      values.retainIf(bit -> dirty.test(LinuxGsid.unflatten(bit)));
    } else {
      values.clear();
    }
  }

  /** Whether anything waits to be sent. */
  public boolean hasDirty() {
    return dirty.cardinality() > 0;
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
    for (int id = dirty.next(0); id != 0; id = dirty.next(id)) {
      if (id == dropOnFlush) {
        dirty.clear(id); // the planted bug: clean, but never sent
        continue;
      }
      int size = LinuxGsid.size(id);
      if (at + GsbLayout.ELEMENT_HEADER_LENGTH + size > capacity) {
        continue;
      }
      buffer.putShort(at, (short) id).putShort(at + 2, (short) size);
      long v = values.get(LinuxGsid.flatten(id));
      if (size == 4) {
        buffer.putInt(at + GsbLayout.VALUE_OFFSET, (int) v);
      } else {
        buffer.putLong(at + GsbLayout.VALUE_OFFSET, v);
      }
      at += GsbLayout.ELEMENT_HEADER_LENGTH + size;
      count++;
      dirty.clear(id);
    }
    buffer.putInt(0, count);
    return at;
  }

  /** Records every register element of a buffer the L0 wrote (output buffer, GET answer) as valid. */
  public void putAll(GsbReader reader) {
    reader.rewind();
    while (reader.next()) {
      int size = reader.size();
      // HEIR is parsed at the size the L0 writes (4), not Linux's 8 (spec §9.3).
      boolean heir = reader.id() == org.nestsim.gsb.Gsid.HEIR && size == 4;
      if (reader.id() != 0 && (size == 4 || size == 8) && (LinuxGsid.size(reader.id()) == size || heir)) {
        put(reader.id(), size == 4 ? Integer.toUnsignedLong(reader.be32()) : reader.be64());
      }
    }
  }

  private static boolean isCacheable(int id) {
    int size = LinuxGsid.size(id);
    return (size == 4 || size == 8) && LinuxGsid.flags(id) == 0;
  }

  private static void checkCacheable(int id) {
    if (!isCacheable(id)) {
      throw new IllegalArgumentException("0x" + Integer.toHexString(id) + " is not a cached thread-wide register");
    }
  }
}
