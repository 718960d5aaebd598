package org.nestsim.l1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nestsim.gsb.GsbReader;
import org.nestsim.gsb.GsbRequest;
import org.nestsim.gsb.GsbSnapshot;
import org.nestsim.gsb.GsbValidator;
import org.nestsim.gsb.GsbWriter;
import org.nestsim.gsb.Gsid;

/** The L1's register cache (spec §7.2–§7.4): valid and dirty sets, the flush and the invalidation. */
class StateCacheTest {
  @Test
  void shouldFlushDirtyRegistersInFlattenedOrderAsAValidRunInputBuffer() {
    StateCache cache = new StateCache();
    cache.set(Gsid.NIA, 0x100);
    cache.set(Gsid.gpr(3), 7);
    cache.set(Gsid.DPDES, 1);
    cache.set(Gsid.HDEC_EXPIRY_TB, 99);
    ByteBuffer b = ByteBuffer.allocate(256);
    int used = cache.writeDirty(b, 256);
    GsbReader r = new GsbReader().wrap(b, 0, used);
    GsbValidator.validate(r, GsbRequest.RUN_INPUT);
    List<Integer> ids = new ArrayList<>();
    r.rewind();
    while (r.next()) {
      ids.add(r.id());
    }
    // GPRs, then the 64-bit SPRs (HDEC_EXPIRY_TB 0x1020, NIA 0x1021), then the 32-bit ones (DPDES).
    assertEquals(List.of(Gsid.gpr(3), Gsid.HDEC_EXPIRY_TB, Gsid.NIA, Gsid.DPDES), ids);
    assertFalse(cache.hasDirty());
    assertEquals(0x100, cache.get(Gsid.NIA));
  }

  @Test
  void shouldKeepWhatDoesNotFitDirty() {
    StateCache cache = new StateCache();
    cache.set(Gsid.gpr(3), 1);
    cache.set(Gsid.gpr(4), 2);
    ByteBuffer b = ByteBuffer.allocate(64);
    int used = cache.writeDirty(b, 4 + 12);
    assertEquals(16, used);
    assertEquals(1, b.getInt(0));
    assertTrue(cache.hasDirty());
  }

  @Test
  void shouldForgetEverythingAtAnExitAndLearnTheOutputBuffer() {
    StateCache cache = new StateCache();
    cache.set(Gsid.gpr(3), 1);
    cache.writeDirty(ByteBuffer.allocate(64), 64);
    cache.invalidateAll();
    assertFalse(cache.isValid(Gsid.gpr(3)));
    assertThrows(IllegalStateException.class, () -> cache.get(Gsid.gpr(3)));
    ByteBuffer out = ByteBuffer.allocate(64);
    GsbWriter w = new GsbWriter().wrap(out, 0, 64);
    w.putBe32(Gsid.HEIR, 0x7c0004ac).putBe64(Gsid.NIA, 0x104);
    cache.putAll(new GsbReader().wrap(out, 0, w.length()));
    // HEIR arrives at the L0's 4 bytes, not Linux's 8 (spec §9.3).
    assertEquals(0x7c0004acL, cache.get(Gsid.HEIR));
    assertEquals(0x104, cache.get(Gsid.NIA));
    assertFalse(cache.hasDirty());
    assertArrayEquals(new int[] {Gsid.MSR}, cache.missing(Gsid.NIA, Gsid.MSR));
  }

  @Test
  void shouldLearnTheSameFromASnapshotAsFromAReaderAndKeepOnlyThreadWideRegisters() {
    ByteBuffer out = ByteBuffer.allocate(128);
    GsbWriter w = new GsbWriter().wrap(out, 0, 128);
    w.putBe32(Gsid.HEIR, 0x7c0004ac).putBe64(Gsid.NIA, 0x104).putBe32(Gsid.LOGICAL_PVR, 0x0f000006)
        .putVec128(Gsid.VSR0, 1, 2).putBe32(Gsid.CR, 0x8000_0000).putBe64(Gsid.gpr(3), -1);
    StateCache fromSnapshot = new StateCache();
    fromSnapshot.putAll(GsbSnapshot.copyOf(out, 0, w.length()));
    StateCache fromReader = new StateCache();
    fromReader.putAll(new GsbReader().wrap(out, 0, w.length()));
    for (StateCache cache : List.of(fromSnapshot, fromReader)) {
      assertEquals(0x7c0004acL, cache.get(Gsid.HEIR));
      assertEquals(0x104, cache.get(Gsid.NIA));
      assertEquals(0x8000_0000L, cache.get(Gsid.CR), "a 4-byte register widens unsigned");
      assertEquals(-1, cache.get(Gsid.gpr(3)));
      // Guest-wide and vector elements are not the cache's: left for whoever reads the buffer.
      assertFalse(cache.isValid(Gsid.LOGICAL_PVR));
      assertFalse(cache.isValid(Gsid.VSR0));
      assertFalse(cache.hasDirty());
    }
  }

  @Test
  void shouldRefuseElementsItDoesNotCache() {
    StateCache cache = new StateCache();
    assertThrows(IllegalArgumentException.class, () -> cache.set(Gsid.VSR0, 1));
    assertThrows(IllegalArgumentException.class, () -> cache.set(Gsid.LOGICAL_PVR, 1));
  }

  @Test
  void shouldKeepEveryCacheableRegisterInItsOwnSlot() {
    StateCache cache = new StateCache();
    List<Integer> cacheable = new ArrayList<>();
    for (int bit = 1; bit < org.nestsim.gsb.linux.LinuxGsid.IDEN_COUNT; bit++) {
      int id = org.nestsim.gsb.linux.LinuxGsid.unflatten(bit);
      try {
        cache.set(id, 0x1000L + bit);
        cacheable.add(id);
      } catch (IllegalArgumentException notCached) {
        assertFalse(cache.isValid(id));
      }
    }
    // VPA, the 84 GPRs and 64-bit registers, the 15 32-bit ones and the 4 exit registers; no vector state.
    assertEquals(104, cacheable.size());
    for (int id : cacheable) {
      assertEquals(0x1000L + org.nestsim.gsb.linux.LinuxGsid.flatten(id), cache.get(id), Integer.toHexString(id));
    }
  }

  @Test
  void shouldKeepDirtyValuesAcrossAnInvalidationAndDropTheRest() {
    StateCache cache = new StateCache();
    ByteBuffer out = ByteBuffer.allocate(256);
    GsbWriter w = new GsbWriter().wrap(out, 0, 256);
    for (int n = 3; n <= 12; n++) {
      w.putBe64(Gsid.gpr(n), 100 + n);
    }
    cache.putAll(new GsbReader().wrap(out, 0, w.length()));
    cache.set(Gsid.LPCR, 0x42);
    cache.invalidateAll(); // LPCR was never flushed: it stays dirty, and so valid to send
    assertFalse(cache.isValid(Gsid.gpr(3)));
    assertThrows(IllegalStateException.class, () -> cache.get(Gsid.gpr(12)));
    ByteBuffer in = ByteBuffer.allocate(64);
    int used = cache.writeDirty(in, 64);
    GsbReader r = new GsbReader().wrap(in, 0, used);
    assertTrue(r.next());
    assertEquals(Gsid.LPCR, r.id());
    assertEquals(0x42, r.be64());
    assertFalse(r.next());
  }
}
