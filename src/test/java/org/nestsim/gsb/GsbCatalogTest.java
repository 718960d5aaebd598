package org.nestsim.gsb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GsbCatalogTest {

  @Test
  void shouldHaveNoDuplicateIdsOrNames() {
    Set<Integer> ids = new HashSet<>();
    Set<String> names = new HashSet<>();
    for (GsbElement e : GsbCatalog.all()) {
      assertTrue(ids.add(e.id()), "duplicate ID " + e.idHex());
      assertTrue(names.add(e.name()), "duplicate name " + e.name());
    }
  }

  @Test
  void shouldListElementsInAscendingIdOrder() {
    List<GsbElement> all = GsbCatalog.all();
    for (int i = 1; i < all.size(); i++) {
      assertTrue(all.get(i - 1).id() < all.get(i).id(), "out of order at " + all.get(i).idHex());
    }
  }

  @Test
  void shouldGiveEveryElementTheSizeOfItsType() {
    for (GsbElement e : GsbCatalog.all()) {
      int expected = switch (e.type()) {
        case BLANK -> -1;
        case BE32 -> 4;
        case BE64 -> 8;
        case VEC128, PROCESS_TABLE, BUFFER -> 16;
        case PARTITION_TABLE -> 24;
      };
      assertEquals(expected, e.size(), e.name());
    }
  }

  @Test
  void shouldHoldExactlyTheIdsOfSection5() {
    // 0x0000-0x0006, 0x0800-0x0804, 0x0C00-0x0C02, 0x1000-0x1053, 0x2000-0x200E, 0x3000-0x303F,
    // 0xF000-0xF003: the 182 IDs of Linux's flattened bitmap.
    int[][] ranges = {{0x0000, 0x0006}, {0x0800, 0x0804}, {0x0C00, 0x0C02}, {0x1000, 0x1053},
        {0x2000, 0x200E}, {0x3000, 0x303F}, {0xF000, 0xF003}};
    int inRanges = 0;
    for (int id = 0; id <= 0xFFFF; id++) {
      boolean expected = false;
      for (int[] r : ranges) {
        expected |= id >= r[0] && id <= r[1];
      }
      assertEquals(expected, GsbCatalog.isKnown(id), GsbElement.hex(id));
      inRanges += expected ? 1 : 0;
    }
    assertEquals(182, inRanges);
    assertEquals(182, GsbCatalog.all().size());
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
    "0x0000, BLANK, -1, ANY, READ_WRITE",
    "0x0001, HOST_STATE_SIZE, 8, GUEST, READ_ONLY",
    "0x0002, RUN_OUTPUT_MIN_SIZE, 8, GUEST, READ_ONLY",
    "0x0003, LOGICAL_PVR, 4, GUEST, READ_WRITE",
    "0x0004, TB_OFFSET, 8, GUEST, READ_WRITE",
    "0x0005, PARTITION_TABLE, 24, GUEST, READ_WRITE",
    "0x0006, PROCESS_TABLE, 16, GUEST, READ_WRITE",
    "0x0800, L0_GUEST_HEAP, 8, HOST, READ_ONLY",
    "0x0804, L0_GUEST_PGTABLE_RECLAIM, 8, HOST, READ_ONLY",
    "0x0c00, RUN_INPUT, 16, THREAD, READ_WRITE",
    "0x0c01, RUN_OUTPUT, 16, THREAD, READ_WRITE",
    "0x0c02, VPA, 8, THREAD, READ_WRITE",
    "0x1000, GPR0, 8, THREAD, READ_WRITE",
    "0x101f, GPR31, 8, THREAD, READ_WRITE",
    "0x1020, HDEC_EXPIRY_TB, 8, THREAD, READ_WRITE",
    "0x1021, NIA, 8, THREAD, READ_WRITE",
    "0x1022, MSR, 8, THREAD, READ_WRITE",
    "0x102a, DEC_EXPIRY_TB, 8, THREAD, READ_WRITE",
    "0x102c, LPCR, 8, THREAD, READ_WRITE",
    "0x102d, HFSCR, 8, THREAD, READ_WRITE",
    "0x1036, SPRG0, 8, THREAD, READ_WRITE",
    "0x103a, PPR, 8, THREAD, WRITE_ONLY",
    "0x103e, MMCR3, 8, THREAD, READ_WRITE",
    "0x1040, SIER, 8, THREAD, READ_WRITE",
    "0x1048, AMOR, 8, THREAD, READ_WRITE",
    "0x1052, CTRL, 8, THREAD, READ_WRITE",
    "0x1053, DPDES, 8, THREAD, READ_WRITE",
    "0x2000, CR, 4, THREAD, READ_WRITE",
    "0x2002, DSISR, 4, THREAD, READ_WRITE",
    "0x2007, PMC1, 4, THREAD, READ_WRITE",
    "0x200c, PMC6, 4, THREAD, READ_WRITE",
    "0x200d, WORT, 4, THREAD, READ_WRITE",
    "0x200e, PSPB, 4, THREAD, READ_WRITE",
    "0x3000, VSR0, 16, THREAD, READ_WRITE",
    "0x303f, VSR63, 16, THREAD, READ_WRITE",
    "0xf000, HDAR, 8, THREAD, READ_ONLY",
    "0xf001, HDSISR, 4, THREAD, READ_ONLY",
    "0xf002, HEIR, 4, THREAD, READ_ONLY",
    "0xf003, ASDR, 8, THREAD, READ_ONLY",
  })
  void shouldDescribeElementsAsSection5(String id, String name, int size, Scope scope, Access access) {
    GsbElement e = GsbCatalog.byId(Integer.decode(id));
    assertEquals(name, e.name());
    assertEquals(size, e.size());
    assertEquals(scope, e.scope());
    assertEquals(access, e.access());
    assertEquals(id, e.idHex());
    assertSame(e, GsbCatalog.byName(name.toLowerCase()).orElseThrow());
    assertSame(e, GsbCatalog.byName("KVMPPC_GSID_" + name).orElseThrow());
  }

  @Test
  void shouldGiveHeirTheDocumentedFourBytesOnTheL0Side() {
    assertEquals(4, GsbCatalog.byId(Gsid.HEIR).size());
  }

  @Test
  void shouldRecordQemuTreatment() {
    assertEquals(QemuSupport.ABSENT, GsbCatalog.byId(Gsid.VPA).qemu());
    assertEquals(QemuSupport.ABSENT, GsbCatalog.byId(Gsid.HOST_STATE_SIZE).qemu());
    assertEquals(QemuSupport.IGNORED, GsbCatalog.byId(Gsid.MMCR3).qemu());
    assertEquals(QemuSupport.IGNORED, GsbCatalog.byId(Gsid.SIER2).qemu());
    assertEquals(QemuSupport.IGNORED, GsbCatalog.byId(Gsid.SIER3).qemu());
    assertEquals(QemuSupport.IGNORED, GsbCatalog.byId(Gsid.WORT).qemu());
    assertEquals(QemuSupport.SET_ONLY, GsbCatalog.byId(Gsid.PARTITION_TABLE).qemu());
    assertEquals(QemuSupport.SET_ONLY, GsbCatalog.byId(Gsid.RUN_OUTPUT).qemu());
    assertEquals(QemuSupport.SKIPPED, GsbCatalog.byId(Gsid.BLANK).qemu());
  }

  @Test
  void shouldCarryTheLinuxMasks() {
    assertEquals(0x0070_0000_0382_0C00L, GsbCatalog.byId(Gsid.LPCR).linuxMask());
    assertEquals(0xEFFF_FFFF_FFBF_EFFFL, GsbCatalog.byId(Gsid.MSR).linuxMask());
    assertEquals(-1L, GsbCatalog.byId(Gsid.NIA).linuxMask());
  }

  @Test
  void shouldAnswerUnknownIdsAndNames() {
    assertNull(GsbCatalog.byId(0x1054));
    assertNull(GsbCatalog.byId(0x0007));
    assertFalse(GsbCatalog.isKnown(0xF004));
    assertTrue(GsbCatalog.byName("GPR32").isEmpty());
    assertEquals("unknown 0x1054", GsbCatalog.nameOf(0x1054));
    assertSame(GsbCatalog.byId(Gsid.SIER), GsbCatalog.byName("sier1").orElseThrow());
  }

  @Test
  void shouldNumberRegisterFamilies() {
    assertEquals(0x1003, Gsid.gpr(3));
    assertEquals(0x3020, Gsid.vsr(32));
    assertEquals(0x200C, Gsid.pmc(6));
    assertEquals("GPR12", GsbCatalog.byId(Gsid.gpr(12)).name());
    assertEquals("VSR63", GsbCatalog.byId(Gsid.vsr(63)).name());
    assertEquals("PMC1", GsbCatalog.byId(Gsid.pmc(1)).name());
  }
}
