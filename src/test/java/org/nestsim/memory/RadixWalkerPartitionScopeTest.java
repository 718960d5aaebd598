package org.nestsim.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.nestsim.memory.RadixTreeBuilder.ATT_NI_IO;
import static org.nestsim.memory.RadixTreeBuilder.ATT_TOLERANT_IO;
import static org.nestsim.memory.RadixTreeBuilder.C;
import static org.nestsim.memory.RadixTreeBuilder.EXEC;
import static org.nestsim.memory.RadixTreeBuilder.L;
import static org.nestsim.memory.RadixTreeBuilder.LINUX_READ_ONLY;
import static org.nestsim.memory.RadixTreeBuilder.LINUX_WRITABLE;
import static org.nestsim.memory.RadixTreeBuilder.PRIV;
import static org.nestsim.memory.RadixTreeBuilder.R;
import static org.nestsim.memory.RadixTreeBuilder.READ;
import static org.nestsim.memory.RadixTreeBuilder.READ_WRITE;
import static org.nestsim.memory.RadixTreeBuilder.SHIFT_1G;
import static org.nestsim.memory.RadixTreeBuilder.SHIFT_2M;
import static org.nestsim.memory.RadixTreeBuilder.SHIFT_4K;
import static org.nestsim.memory.RadixTreeBuilder.SHIFT_512G;
import static org.nestsim.memory.RadixTreeBuilder.SHIFT_64K;
import static org.nestsim.memory.RadixTreeBuilder.V;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real-mode L2 accesses (MSR[DR]/MSR[IR] = 0): partition-scoped translation only, spec §10.1.1,
 * §10.1.5–§10.1.9, §10.2.2–§10.2.3. The L1's tree lives at {@code 0x0100_0000} in an 8 GiB L1.
 */
class RadixWalkerPartitionScopeTest {
  private static final long MEMORY_SIZE = 8L << 30;
  private static final int ALL = 0b111;
  private static final int LOAD_FETCH = 0b101;
  private static final int[] ACCESSES = {Access.LOAD, Access.STORE, Access.FETCH};

  private CountingMemory memory;
  private RadixTreeBuilder tree;
  private RadixWalker walker;
  private long dw0;

  @BeforeEach
  void setUp() {
    memory = new CountingMemory(MEMORY_SIZE);
    tree = new RadixTreeBuilder(memory, 0, 0x0100_0000L, 0x0200_0000L);
    walker = new RadixWalker();
    dw0 = tree.pateDw0();
  }

  private int translate(long ea, int access) {
    return walker.translate(memory, dw0, 0, ea, access, false, false, 0, 0, 0);
  }

  private void assertTranslated(long ea, int access, long realAddress, int pageShift, int permissions) {
    assertEquals(RadixWalker.OK, translate(ea, access), "translate 0x" + Long.toHexString(ea));
    assertEquals(RadixWalker.OK, walker.fault());
    assertEquals(realAddress, walker.realAddress(), "real address");
    assertEquals(pageShift, walker.pageShift(), "page shift");
    assertEquals(permissions, walker.permissions(), "permissions");
  }

  private void assertPartitionFault(long ea, int access, int cause, long asdr) {
    assertEquals(RadixWalker.PARTITION, translate(ea, access), "translate 0x" + Long.toHexString(ea));
    assertEquals(RadixWalker.PARTITION, walker.fault());
    assertEquals(cause, walker.cause(), () -> "cause 0x" + Integer.toHexString(walker.cause()));
    assertEquals(asdr, walker.faultAddress(), "ASDR");
    assertFalse(walker.hdsiForFetch(), "only table-entry reads are HDSI for fetches");
  }

  private static int store(int access) {
    return access == Access.STORE ? Dsisr.ISSTORE : 0;
  }

  @Test
  void shouldBuildThePateOfTheSpecExample() {
    assertEquals(0xC000_0000_0100_00ADL, RadixTreeBuilder.pateDw0(0x0100_0000L, 52, 0x10000));
    assertEquals(0xC000_0000_0100_00ADL, dw0, "the tree's root is the example's");
    assertEquals(52, RadixEntry.addressBits(dw0));
    assertEquals(0x0200_0000L, RadixTreeBuilder.pateDw1(0x0200_0000L, 4096));
    assertEquals(0x0200_000CL, RadixTreeBuilder.pateDw1(0x0200_0000L, 16 << 20));
  }

  @Test
  void shouldTranslateEachPageSizeWithItsOffset() {
    tree.map(0x0000_5000L, 0x1234_5000L, SHIFT_4K, LINUX_WRITABLE)
        .map(0x0021_0000L, 0x2001_0000L, SHIFT_64K, LINUX_WRITABLE)
        .map(0x0040_0000L, 0x3060_0000L, SHIFT_2M, LINUX_WRITABLE)
        .map(0x4000_0000L, 0x1_4000_0000L, SHIFT_1G, LINUX_WRITABLE);

    assertTranslated(0x5ABCL, Access.LOAD, 0x1234_5ABCL, 12, LOAD_FETCH);
    assertTranslated(0x5000L, Access.STORE, 0x1234_5000L, 12, ALL);
    assertTranslated(0x5FFFL, Access.FETCH, 0x1234_5FFFL, 12, LOAD_FETCH);
    assertTranslated(0x0021_2345L, Access.LOAD, 0x2001_2345L, 16, LOAD_FETCH);
    assertTranslated(0x0021_FFF8L, Access.STORE, 0x2001_FFF8L, 16, ALL);
    assertTranslated(0x0054_3210L, Access.LOAD, 0x3074_3210L, 21, LOAD_FETCH);
    assertTranslated(0x4765_4321L, Access.FETCH, 0x1_4765_4321L, 30, LOAD_FETCH);
  }

  @Test
  void shouldIgnoreTheTopTwoEaBitsInRealMode() {
    tree.map(0x0000_5000L, 0x1234_5000L, SHIFT_4K, LINUX_WRITABLE);
    // Quadrant bits are not an EA check in real mode (spec §10.1.1, §10.1.2 applies to relocation).
    assertTranslated(0xC000_0000_0000_5ABCL, Access.LOAD, 0x1234_5ABCL, 12, LOAD_FETCH);
    assertTranslated(0x4000_0000_0000_5ABCL, Access.STORE, 0x1234_5ABCL, 12, ALL);
    assertTranslated(0x8000_0000_0000_5ABCL, Access.FETCH, 0x1234_5ABCL, 12, LOAD_FETCH);
    // …and bits 2:3 are part of the GRA: ASDR keeps them, although the 52-bit tree does not index them.
    tree.write(tree.entryAddress(0x5000L, 3), 0);
    assertPartitionFault(0xF000_0000_0000_5ABCL, Access.LOAD, Dsisr.NOHPTE, 0x3000_0000_0000_5ABCL);
  }

  @Test
  void shouldAcceptALeafInTheRootDirectory() {
    memory = new CountingMemory(1L << 40);
    tree = new RadixTreeBuilder(memory, 0, 0x0100_0000L, 0x0200_0000L);
    dw0 = tree.pateDw0();
    tree.map(0x80_0000_0000L, 0x80_0000_0000L, SHIFT_512G, LINUX_WRITABLE);
    assertTranslated(0x80_1234_5678L, Access.LOAD, 0x80_1234_5678L, 39, LOAD_FETCH);
  }

  @Test
  void shouldFaultOnAMissingEntryAtEachLevel() {
    for (int level = 0; level < 4; level++) {
      for (int access : ACCESSES) {
        setUp();
        tree.map(0x0000_5000L, 0x1234_5000L, SHIFT_4K, LINUX_WRITABLE);
        tree.write(tree.entryAddress(0x5000L, level), 0);
        assertPartitionFault(0x5678L, access, Dsisr.NOHPTE | store(access), 0x5678L);
      }
    }
  }

  @Test
  void shouldFaultOnAnEntryWhoseOnlyMissingBitIsValid() {
    tree.map(0x0000_5000L, 0x1234_5000L, SHIFT_4K, LINUX_WRITABLE);
    long leaf = tree.leafAddress(0x5000L);
    tree.write(leaf, tree.read(leaf) & ~V);
    assertPartitionFault(0x5008L, Access.STORE, Dsisr.NOHPTE | Dsisr.ISSTORE, 0x5008L);
  }

  @Test
  void shouldReportAMissingPartitionTableEntryWithTheEa() {
    dw0 = 0;
    for (int access : ACCESSES) {
      assertPartitionFault(0xC000_0000_0000_1234L, access, Dsisr.UNSUPP_MMU | store(access),
          0xC000_0000_0000_1234L);
    }
  }

  @Test
  void shouldRejectAPartitionTableEntryOfAnotherSize() {
    tree.map(0x0000_5000L, 0x1234_5000L, SHIFT_4K, LINUX_WRITABLE);
    dw0 = RadixTreeBuilder.pateDw0(tree.root(), 48, 0x10000);
    assertPartitionFault(0x5000L, Access.LOAD, Dsisr.UNSUPP_MMU, 0x5000L);
    dw0 = RadixTreeBuilder.pateDw0(tree.root(), 52, 0x8000);
    assertPartitionFault(0x5000L, Access.STORE, Dsisr.UNSUPP_MMU | Dsisr.ISSTORE, 0x5000L);
    dw0 = RadixTreeBuilder.pateDw0(tree.root(), 52, 0x10000) & ~0x6000_0000_0000_0000L;
    assertPartitionFault(0x5000L, Access.FETCH, Dsisr.UNSUPP_MMU, 0x5000L);
  }

  @Test
  void shouldRejectDirectoriesOfUnsupportedSizes() {
    // {level whose entry is rewritten, NLS it announces for the next table}
    int[][] cases = {{0, 8}, {0, 13}, {1, 5}, {1, 10}, {2, 4}, {2, 13}};
    for (int[] c : cases) {
      setUp();
      tree.map(0x0000_5000L, 0x1234_5000L, SHIFT_4K, LINUX_WRITABLE);
      long entry = tree.entryAddress(0x5000L, c[0]);
      tree.write(entry, (tree.read(entry) & ~0x1FL) | c[1]);
      assertPartitionFault(0x5000L, Access.LOAD, Dsisr.UNSUPP_MMU, 0x5000L);
      assertPartitionFault(0x5000L, Access.STORE, Dsisr.UNSUPP_MMU | Dsisr.ISSTORE, 0x5000L);
    }
  }

  @Test
  void shouldRejectAFifthLevel() {
    tree.map(0x0000_5000L, 0x1234_5000L, SHIFT_4K, LINUX_WRITABLE);
    long leaf = tree.leafAddress(0x5000L);
    tree.write(leaf, V | 0x0180_0000L | 9);
    assertPartitionFault(0x5000L, Access.LOAD, Dsisr.UNSUPP_MMU, 0x5000L);
  }

  @Test
  void shouldCheckOnlyReadWriteAndExecuteInPartitionScope() {
    tree.map(0x1000L, 0x1_0000L, SHIFT_4K, R | READ)
        .map(0x2000L, 0x2_0000L, SHIFT_4K, R | EXEC)
        .map(0x3000L, 0x3_0000L, SHIFT_4K, R | C | READ_WRITE)
        .map(0x4000L, 0x4_0000L, SHIFT_4K, R | C | PRIV | READ | READ_WRITE | EXEC);

    assertTranslated(0x1010L, Access.LOAD, 0x1_0010L, 12, 0b001);
    assertPartitionFault(0x1010L, Access.STORE, Dsisr.PROTFAULT | Dsisr.ISSTORE, 0x1010L);
    assertPartitionFault(0x1010L, Access.FETCH, Dsisr.NOEXEC_OR_G, 0x1010L);

    assertPartitionFault(0x2020L, Access.LOAD, Dsisr.PROTFAULT, 0x2020L);
    assertPartitionFault(0x2020L, Access.STORE, Dsisr.PROTFAULT | Dsisr.ISSTORE, 0x2020L);
    assertTranslated(0x2020L, Access.FETCH, 0x2_0020L, 12, 0b100);

    // RW alone grants read (QEMU).
    assertTranslated(0x3030L, Access.LOAD, 0x3_0030L, 12, 0b001);
    assertTranslated(0x3030L, Access.STORE, 0x3_0030L, 12, 0b011);
    assertPartitionFault(0x3030L, Access.FETCH, Dsisr.NOEXEC_OR_G, 0x3030L);

    // EAA.P, MSR[PR] and AMR/IAMR do not count in partition scope.
    for (int access : ACCESSES) {
      assertEquals(RadixWalker.OK,
          walker.translate(memory, dw0, 0, 0x4040L, access, false, true, 0, -1L, -1L));
    }
  }

  @Test
  void shouldRefuseToFetchFromNonIdempotentIo() {
    tree.map(0x1000L, 0x1_0000L, SHIFT_4K, R | C | ATT_NI_IO | READ | READ_WRITE | EXEC)
        .map(0x2000L, 0x2_0000L, SHIFT_4K, R | C | ATT_TOLERANT_IO | READ | READ_WRITE | EXEC);
    assertPartitionFault(0x1000L, Access.FETCH, Dsisr.NOEXEC_OR_G, 0x1000L);
    assertTranslated(0x1000L, Access.LOAD, 0x1_0000L, 12, 0b001);
    assertTranslated(0x1000L, Access.STORE, 0x1_0000L, 12, 0b011);
    assertTranslated(0x2000L, Access.FETCH, 0x2_0000L, 12, LOAD_FETCH);
  }

  @Test
  void shouldMaskTheLowBitsOfMisalignedTableBases() {
    tree.map(0x0000_5000L, 0x1234_5000L, SHIFT_4K, LINUX_WRITABLE);
    long entry = tree.entryAddress(0x5000L, 2);
    tree.write(entry, tree.read(entry) + 0x800);
    dw0 += 0x0000_0000_0000_8000L;
    assertTranslated(0x5ABCL, Access.LOAD, 0x1234_5ABCL, 12, LOAD_FETCH);
  }

  @Test
  void shouldDropRpnBitsBelowThePageSize() {
    tree.map(0x0040_0000L, 0x3060_0000L, SHIFT_2M, LINUX_WRITABLE);
    long leaf = tree.leafAddress(0x0040_0000L);
    tree.write(leaf, tree.read(leaf) | 0x000F_F000L);
    assertTranslated(0x0040_0010L, Access.LOAD, 0x3060_0010L, 21, LOAD_FETCH);
  }

  @Test
  void shouldSetReferenceAndChangeBitsWritingOnlyWhenTheyChange() {
    tree.map(0x5000L, 0x1234_5000L, SHIFT_4K, READ | READ_WRITE | EXEC);
    long leaf = tree.leafAddress(0x5000L);
    long bare = V | L | 0x1234_5000L | READ | READ_WRITE | EXEC;
    memory.longWrites = 0;

    assertTranslated(0x5000L, Access.LOAD, 0x1234_5000L, 12, LOAD_FETCH);
    assertEquals(bare | R, memory.readLong(leaf), "a load sets R only");
    assertEquals(1, memory.longWrites);
    assertTranslated(0x5000L, Access.FETCH, 0x1234_5000L, 12, LOAD_FETCH);
    assertEquals(1, memory.longWrites, "nothing to write back");

    assertTranslated(0x5000L, Access.STORE, 0x1234_5000L, 12, ALL);
    assertEquals(bare | R | C, memory.readLong(leaf));
    assertEquals(2, memory.longWrites);
    assertTranslated(0x5000L, Access.STORE, 0x1234_5000L, 12, ALL);
    assertEquals(2, memory.longWrites);
  }

  @Test
  void shouldSetBothBitsOnAFirstStore() {
    tree.map(0x5000L, 0x1234_5000L, SHIFT_4K, READ | READ_WRITE);
    assertTranslated(0x5000L, Access.STORE, 0x1234_5000L, 12, 0b011);
    assertEquals(V | L | 0x1234_5000L | R | C | READ | READ_WRITE,
        memory.readLong(tree.leafAddress(0x5000L)));
  }

  @Test
  void shouldReportMissingReferenceAndChangeBitsInReportMode() {
    walker.setPartitionRcMode(RadixWalker.RcMode.REPORT);
    tree.map(0x1000L, 0x1_0000L, SHIFT_4K, READ | READ_WRITE | EXEC)
        .map(0x2000L, 0x2_0000L, SHIFT_4K, R | READ | READ_WRITE | EXEC)
        .map(0x3000L, 0x3_0000L, SHIFT_4K, LINUX_WRITABLE);
    memory.longWrites = 0;

    assertPartitionFault(0x1234L, Access.LOAD, Dsisr.SET_RC, 0x1234L);
    assertPartitionFault(0x1234L, Access.FETCH, Dsisr.SET_RC, 0x1234L);
    assertPartitionFault(0x1234L, Access.STORE, Dsisr.SET_RC | Dsisr.ISSTORE, 0x1234L);

    assertTranslated(0x2345L, Access.LOAD, 0x2_0345L, 12, LOAD_FETCH);
    assertPartitionFault(0x2345L, Access.STORE, Dsisr.SET_RC | Dsisr.ISSTORE, 0x2345L);

    assertTranslated(0x3456L, Access.STORE, 0x3_0456L, 12, ALL);
    assertEquals(0, memory.longWrites, "report mode never writes the L1's entries");

    // Protection comes first: a missing permission is reported as such, not as R/C.
    tree.map(0x4000L, 0x4_0000L, SHIFT_4K, READ);
    assertPartitionFault(0x4000L, Access.STORE, Dsisr.PROTFAULT | Dsisr.ISSTORE, 0x4000L);
  }

  @Test
  void shouldOmitStorePermissionAfterALoadOrFetch() {
    tree.map(0x5000L, 0x1234_5000L, SHIFT_4K, LINUX_WRITABLE);
    assertTranslated(0x5000L, Access.LOAD, 0x1234_5000L, 12, (1 << Access.LOAD) | (1 << Access.FETCH));
    assertTranslated(0x5000L, Access.FETCH, 0x1234_5000L, 12, (1 << Access.LOAD) | (1 << Access.FETCH));
    assertTranslated(0x5000L, Access.STORE, 0x1234_5000L, 12,
        (1 << Access.LOAD) | (1 << Access.STORE) | (1 << Access.FETCH));
  }

  @Test
  void shouldRaiseAMachineCheckForAddressesOutsideMemory() {
    tree.map(0x5000L, 0x1234_5000L, SHIFT_4K, LINUX_WRITABLE)
        .map(0x6000L, MEMORY_SIZE, SHIFT_4K, LINUX_WRITABLE)
        .map(0x0040_0000L, MEMORY_SIZE - 0x1000, SHIFT_4K, LINUX_WRITABLE);

    assertEquals(RadixWalker.MACHINE_CHECK, translate(0x6010L, Access.LOAD), "final address");
    assertEquals(RadixWalker.MACHINE_CHECK, walker.fault());
    assertEquals(MEMORY_SIZE + 0x10, walker.faultAddress());
    assertEquals(RadixWalker.OK, translate(0x0040_0FF8L, Access.LOAD), "the last page is inside");

    long rootEntry = tree.entryAddress(0x5000L, 0);
    tree.write(rootEntry, V | 0x3_0000_0000L | 9);
    assertEquals(RadixWalker.MACHINE_CHECK, translate(0x5000L, Access.STORE), "directory");
    assertEquals(0x3_0000_0000L, walker.faultAddress());

    dw0 = RadixTreeBuilder.pateDw0(0x4_0000_0000L, 52, 0x10000);
    assertEquals(RadixWalker.MACHINE_CHECK, translate(0x0080_0000_0000L, Access.FETCH), "root");
    assertEquals(0x4_0000_0000L + 8, walker.faultAddress());
  }

  @Test
  void shouldReportAPageThatRunsPastTheEndOfMemoryAsFourKilobytes() {
    memory = new CountingMemory(MEMORY_SIZE + 0x10_0000);
    tree = new RadixTreeBuilder(memory, 0, 0x0100_0000L, 0x0200_0000L);
    dw0 = tree.pateDw0();
    tree.map(0x0040_0000L, MEMORY_SIZE, SHIFT_2M, LINUX_WRITABLE);
    assertTranslated(0x0040_1234L, Access.LOAD, MEMORY_SIZE + 0x1234, 12, LOAD_FETCH);
    assertEquals(RadixWalker.MACHINE_CHECK, translate(0x0050_0000L, Access.LOAD));
    assertEquals(MEMORY_SIZE + 0x10_0000, walker.faultAddress());
  }

  @Test
  void shouldClearTheFaultOfThePreviousTranslation() {
    tree.map(0x5000L, 0x1234_5000L, SHIFT_4K, LINUX_WRITABLE);
    translate(0x7000L, Access.STORE);
    assertEquals(RadixWalker.PARTITION, walker.fault());
    assertTranslated(0x5000L, Access.LOAD, 0x1234_5000L, 12, LOAD_FETCH);
    assertEquals(0, walker.cause());
  }

  @Test
  void shouldRefuseAnUnknownAccessKind() {
    assertThrows(IllegalArgumentException.class, () -> translate(0, 3));
    assertThrows(IllegalArgumentException.class, () -> translate(0, -1));
  }

  @Test
  void shouldNotResurrectAnEntryTheL1ClearedWhileItsReferenceBitWasBeingSet() {
    tree.map(0x5000, 0x7000, RadixTreeBuilder.SHIFT_4K, RadixTreeBuilder.READ | RadixTreeBuilder.EXEC);
    long leaf = tree.leafAddress(0x5000);
    memory.beforeNextCompareAndSet = () -> tree.write(leaf, 0);
    assertEquals(RadixWalker.PARTITION, translate(0x5000, Access.LOAD),
        "the walk retries and sees the entry the L1 cleared");
    assertEquals(Dsisr.NOHPTE, walker.cause());
    assertEquals(0, tree.read(leaf), "the cleared entry stays cleared");
  }
}
