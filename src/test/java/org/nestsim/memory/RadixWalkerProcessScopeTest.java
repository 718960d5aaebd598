package org.nestsim.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.nestsim.memory.RadixTreeBuilder.ATT_NI_IO;
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
 * Relocated L2 accesses: EA checks, the process table, the process-scoped walk whose every table read
 * is itself translated by partition scope, permissions of both scopes, R/C updates and the final
 * partition-scoped translation (spec §10.1.2–§10.1.9, §10.2).
 *
 * <p>Layout. L1 memory is 8 GiB; the L1's partition-scoped tree is at {@code 0x0100_0000}. The L2's
 * process table (4 KiB, PIDs 0–255) is at GRA {@code 0x0001_0000}, and its process-scoped trees are in
 * GRA {@code 0x0020_0000–0x0040_0000}; the partition tree maps these table pages 4 KiB by 4 KiB to
 * GRA + {@code 0x2000_0000}. PID 0 is the L2 kernel (quadrant 3), PID 5 a user process (quadrant 0),
 * PID 7 a process with a single 512 GiB leaf.
 */
class RadixWalkerProcessScopeTest {
  private static final long MEMORY_SIZE = 8L << 30;
  private static final long L2_TABLES_OFFSET = 0x2000_0000L;
  private static final long PROCESS_TABLE = 0x0001_0000L;
  private static final int USER_PID = 5;
  private static final int HUGE_PID = 7;
  private static final int ALL = 0b111;
  private static final int LOAD_FETCH = 0b101;
  private static final int[] ACCESSES = {Access.LOAD, Access.STORE, Access.FETCH};
  private static final long AMR_NO_WRITE = 0x8000_0000_0000_0000L;
  private static final long AMR_NO_READ = 0x4000_0000_0000_0000L;
  private static final long IAMR_NO_EXEC = 0x4000_0000_0000_0000L;

  /** Kernel 4 KiB page, privileged RW+X, GRA 0x0100_0000 → L1 0x3000_0000. */
  private static final long KERNEL_EA = 0xC000_0000_0010_0000L;
  /** User 4 KiB page, RW+X without R/C, GRA 0x0100_1000 → L1 0x3000_1000. */
  private static final long USER_EA = 0x0000_0000_1000_0000L;

  private CountingMemory memory;
  private RadixTreeBuilder partition;
  private RadixTreeBuilder kernel;
  private RadixTreeBuilder user;
  private RadixTreeBuilder huge;
  private RadixWalker walker;
  private long dw0;
  private long dw1;
  private boolean problemState;
  private long amr;
  private long iamr;

  @BeforeEach
  void setUp() {
    memory = new CountingMemory(MEMORY_SIZE);
    partition = new RadixTreeBuilder(memory, 0, 0x0100_0000L, 0x0200_0000L);
    kernel = new RadixTreeBuilder(memory, L2_TABLES_OFFSET, 0x0020_0000L, 0x0030_0000L);
    user = new RadixTreeBuilder(memory, L2_TABLES_OFFSET, 0x0030_0000L, 0x0038_0000L);
    huge = new RadixTreeBuilder(memory, L2_TABLES_OFFSET, 0x0038_0000L, 0x0040_0000L);
    walker = new RadixWalker();
    dw0 = partition.pateDw0();
    dw1 = RadixTreeBuilder.pateDw1(PROCESS_TABLE, 4096);
    problemState = false;
    amr = 0;
    iamr = 0;

    writePrte(0, kernel.prteDw0());
    writePrte(USER_PID, user.prteDw0());
    writePrte(HUGE_PID, huge.prteDw0());

    kernel.map(KERNEL_EA & 0x3FFF_FFFF_FFFF_FFFFL, 0x0100_0000L, SHIFT_4K,
        R | C | PRIV | READ | READ_WRITE | EXEC);
    partition.map(0x0100_0000L, 0x3000_0000L, SHIFT_4K, LINUX_WRITABLE);
    user.map(USER_EA, 0x0100_1000L, SHIFT_4K, READ | READ_WRITE | EXEC);
    partition.map(0x0100_1000L, 0x3000_1000L, SHIFT_4K, LINUX_WRITABLE);
    huge.map(0, 0, SHIFT_512G, R | C | READ | READ_WRITE | EXEC);
    mapTablePages(LINUX_READ_ONLY);
  }

  /** Lets the partition-scoped tree map every L2 table page built so far, with {@code flags}. */
  private void mapTablePages(long flags) {
    partition.map(PROCESS_TABLE, PROCESS_TABLE + L2_TABLES_OFFSET, SHIFT_4K, flags);
    for (RadixTreeBuilder tree : new RadixTreeBuilder[] {kernel, user, huge}) {
      for (long page = tree.root(); page < tree.allocatedEnd(); page += 0x1000) {
        partition.map(page, page + L2_TABLES_OFFSET, SHIFT_4K, flags);
      }
    }
  }

  private void writePrte(long pid, long value) {
    memory.writeLong(PROCESS_TABLE + 16 * pid + L2_TABLES_OFFSET, value);
  }

  private int translate(long ea, int access, long pid) {
    return walker.translate(memory, dw0, dw1, ea, access, true, problemState, pid, amr, iamr);
  }

  private int translate(long ea, int access) {
    return translate(ea, access, USER_PID);
  }

  private void assertTranslated(long ea, int access, long realAddress, int pageShift, int permissions) {
    assertTranslated(ea, access, USER_PID, realAddress, pageShift, permissions);
  }

  private void assertTranslated(long ea, int access, long pid, long realAddress, int pageShift,
      int permissions) {
    assertEquals(RadixWalker.OK, translate(ea, access, pid),
        () -> "translate 0x" + Long.toHexString(ea) + ": fault " + walker.fault() + " cause 0x"
            + Integer.toHexString(walker.cause()));
    assertEquals(realAddress, walker.realAddress(), "real address");
    assertEquals(pageShift, walker.pageShift(), "page shift");
    assertEquals(permissions, walker.permissions(), "permissions");
  }

  private void assertFault(long ea, int access, int kind, int cause, long faultAddress,
      boolean hdsiForFetch) {
    assertEquals(kind, translate(ea, access), () -> "translate 0x" + Long.toHexString(ea) + " cause 0x"
        + Integer.toHexString(walker.cause()));
    assertEquals(kind, walker.fault());
    assertEquals(cause, walker.cause(), () -> "cause 0x" + Integer.toHexString(walker.cause()));
    assertEquals(faultAddress, walker.faultAddress(), "fault address");
    assertEquals(hdsiForFetch, walker.hdsiForFetch(), "hdsiForFetch");
  }

  private void assertStorageFault(long ea, int access, int cause) {
    assertFault(ea, access, RadixWalker.STORAGE, cause | store(access), ea, false);
  }

  private static int store(int access) {
    return access == Access.STORE ? Dsisr.ISSTORE : 0;
  }

  // --- translations ---------------------------------------------------------------------------

  @Test
  void shouldTranslateQuadrant3ThroughPid0() {
    assertTranslated(KERNEL_EA | 0xABC, Access.LOAD, 0x3000_0ABCL, 12, LOAD_FETCH);
    assertTranslated(KERNEL_EA | 0xABC, Access.STORE, 0x3000_0ABCL, 12, ALL);
    assertTranslated(KERNEL_EA | 0xFFF, Access.FETCH, 0x3000_0FFFL, 12, LOAD_FETCH);
  }

  @Test
  void shouldTranslateQuadrant0ThroughThePid() {
    assertTranslated(USER_EA | 0x123, Access.LOAD, 0x3000_1123L, 12, LOAD_FETCH);
    assertTranslated(USER_EA | 0x123, Access.STORE, 0x3000_1123L, 12, ALL);
    // The kernel tree does not map the user address, and the user tree does not map the kernel's.
    assertEquals(RadixWalker.STORAGE, translate(USER_EA, Access.LOAD, 0));
    assertEquals(Dsisr.NOHPTE, walker.cause());
    assertEquals(RadixWalker.STORAGE, translate(KERNEL_EA & 0x3FFF_FFFF_FFFF_FFFFL, Access.LOAD, USER_PID));
    assertEquals(RadixWalker.OK, translate(KERNEL_EA, Access.LOAD, 99), "quadrant 3 ignores the PID");
  }

  @Test
  void shouldTranslateEachProcessScopedPageSize() {
    kernel.map(0x0020_0000L, 0x0200_0000L, SHIFT_64K, R | C | PRIV | READ | READ_WRITE)
        .map(0x0040_0000L, 0x0400_0000L, SHIFT_2M, R | C | PRIV | READ | READ_WRITE)
        .map(0x4000_0000L, 0x4000_0000L, SHIFT_1G, R | C | PRIV | READ | READ_WRITE);
    partition.map(0x0200_0000L, 0x3100_0000L, SHIFT_64K, LINUX_WRITABLE)
        .map(0x0400_0000L, 0x3200_0000L, SHIFT_2M, LINUX_WRITABLE)
        .map(0x4000_0000L, 0x1_0000_0000L, SHIFT_1G, LINUX_WRITABLE);
    mapTablePages(LINUX_READ_ONLY);

    assertTranslated(0xC000_0000_0020_1234L, Access.LOAD, 0x3100_1234L, 16, 0b001);
    assertTranslated(0xC000_0000_0054_3210L, Access.STORE, 0x3214_3210L, 21, 0b011);
    assertTranslated(0xC000_0000_4765_4321L, Access.LOAD, 0x1_0765_4321L, 30, 0b001);
  }

  @Test
  void shouldReportTheSmallerPageOfTheTwoScopes() {
    kernel.map(0x0060_0000L, 0x0060_0000L, SHIFT_2M, R | C | PRIV | READ | READ_WRITE)
        .map(0x0011_0000L, 0x0400_5000L, SHIFT_4K, R | C | PRIV | READ | READ_WRITE);
    partition.map(0x0061_2000L, 0x3300_2000L, SHIFT_4K, LINUX_WRITABLE)
        .map(0x0400_0000L, 0x3200_0000L, SHIFT_2M, LINUX_WRITABLE);
    mapTablePages(LINUX_READ_ONLY);

    assertTranslated(0xC000_0000_0061_2345L, Access.LOAD, 0x3300_2345L, 12, 0b001);
    assertTranslated(0xC000_0000_0011_0678L, Access.LOAD, 0x3200_5678L, 12, 0b001);
  }

  @Test
  void shouldAcceptALeafInTheProcessScopedRoot() {
    assertTranslated(0x0100_0ABCL, Access.LOAD, HUGE_PID, 0x3000_0ABCL, 12, LOAD_FETCH);
    assertTranslated(0x0100_1008L, Access.STORE, HUGE_PID, 0x3000_1008L, 12, ALL);
  }

  // --- effective-address checks ------------------------------------------------------------------

  @Test
  void shouldRaiseASegmentInterruptForEaBits2To11() {
    for (int bit = 2; bit <= 11; bit++) {
      long ea = KERNEL_EA | (1L << (63 - bit));
      for (int access : ACCESSES) {
        assertFault(ea, access, RadixWalker.SEGMENT, 0, ea, false);
      }
      assertFault(USER_EA | (1L << (63 - bit)), Access.LOAD, RadixWalker.SEGMENT, 0,
          USER_EA | (1L << (63 - bit)), false);
    }
  }

  @Test
  void shouldRaiseASegmentInterruptForQuadrants1And2() {
    for (long ea : new long[] {0x4000_0000_1000_0000L, 0x8000_0000_1000_0000L}) {
      for (int access : ACCESSES) {
        assertFault(ea, access, RadixWalker.SEGMENT, 0, ea, false);
      }
    }
  }

  @Test
  void shouldCheckTheEaBeforeThePartitionTableEntry() {
    dw0 = 0;
    assertFault(0x4000_0000_0000_0000L, Access.LOAD, RadixWalker.SEGMENT, 0, 0x4000_0000_0000_0000L, false);
    for (int access : ACCESSES) {
      assertFault(KERNEL_EA | 0x10, access, RadixWalker.PARTITION, Dsisr.UNSUPP_MMU | store(access),
          KERNEL_EA | 0x10, false);
    }
  }

  // --- process table -----------------------------------------------------------------------------

  @Test
  void shouldRefuseAPidBeyondTheProcessTable() {
    for (int access : ACCESSES) {
      assertEquals(RadixWalker.STORAGE, translate(USER_EA, access, 256));
      assertEquals(Dsisr.NOHPTE | store(access), walker.cause());
      assertEquals(USER_EA, walker.faultAddress());
      assertEquals(RadixWalker.STORAGE, translate(USER_EA, access, -1L));
      assertEquals(Dsisr.NOHPTE | store(access), walker.cause());
    }
    dw1 = RadixTreeBuilder.pateDw1(PROCESS_TABLE, 8192);
    partition.map(PROCESS_TABLE + 0x1000, PROCESS_TABLE + 0x1000 + L2_TABLES_OFFSET, SHIFT_4K,
        LINUX_READ_ONLY);
    writePrte(256, user.prteDw0());
    assertTranslated(USER_EA, Access.LOAD, 256, 0x3000_1000L, 12, LOAD_FETCH);
  }

  @Test
  void shouldRejectAZeroProcessTableEntry() {
    assertEquals(RadixWalker.STORAGE, translate(USER_EA, Access.LOAD, 255));
    assertEquals(Dsisr.UNSUPP_MMU, walker.cause());
    assertEquals(RadixWalker.STORAGE, translate(USER_EA, Access.STORE, 3));
    assertEquals(Dsisr.UNSUPP_MMU | Dsisr.ISSTORE, walker.cause());
  }

  @Test
  void shouldRejectAProcessTableNotAlignedToItsSize() {
    dw1 = RadixTreeBuilder.pateDw1(PROCESS_TABLE, 128 << 10);
    assertStorageFault(KERNEL_EA, Access.LOAD, Dsisr.UNSUPP_MMU);
    assertStorageFault(KERNEL_EA, Access.STORE, Dsisr.UNSUPP_MMU);
  }

  @Test
  void shouldRejectProcessTableEntriesOfAnotherSize() {
    writePrte(USER_PID, RadixTreeBuilder.pateDw0(user.root(), 48, 0x10000) & ~V);
    assertStorageFault(USER_EA, Access.LOAD, Dsisr.UNSUPP_MMU);
    writePrte(USER_PID, RadixTreeBuilder.pateDw0(user.root(), 52, 0x8000) & ~V);
    assertStorageFault(USER_EA, Access.FETCH, Dsisr.UNSUPP_MMU);
  }

  // --- process-scoped walk -----------------------------------------------------------------------

  @Test
  void shouldFaultInProcessScopeOnAMissingEntryAtEachLevel() {
    for (int level = 0; level < 4; level++) {
      for (int access : ACCESSES) {
        setUp();
        kernel.write(kernel.entryAddress(0x0010_0000L, level), 0);
        assertStorageFault(KERNEL_EA | 0x40, access, Dsisr.NOHPTE);
      }
    }
  }

  @Test
  void shouldRejectProcessScopedDirectoriesOfUnsupportedSizes() {
    // {level whose entry is rewritten, NLS it announces}; a rewritten leaf becomes a 5th level. The
    // sizes are chosen so that the entry address computed with them is still in a mapped table page.
    int[][] cases = {{0, 8}, {1, 5}, {2, 4}, {3, 9}};
    for (int[] c : cases) {
      for (int access : ACCESSES) {
        setUp();
        long entry = user.entryAddress(USER_EA, c[0]);
        long value = user.read(entry);
        user.write(entry, c[0] == 3 ? V | (user.root() + 0x1000) | c[1] : (value & ~0x1FL) | c[1]);
        assertStorageFault(USER_EA, access, Dsisr.UNSUPP_MMU);
      }
    }
  }

  @Test
  void shouldTranslateATableEntryAddressBeforeCheckingItsLevel() {
    // Spec §10.1.7 step 5 (QEMU's order): a level-1 entry announcing 2^13 entries makes the walk
    // compute a level-2 entry address beyond the pages the L1 maps; that exit comes before bit 44.
    long entry = user.entryAddress(USER_EA, 1);
    long level2 = user.read(entry) & 0x0FFF_FFFF_FFFF_FF00L;
    user.write(entry, (user.read(entry) & ~0x1FL) | 13);
    long computed = (level2 & ~0xFFFFL) + 8 * ((USER_EA >>> (39 - 9 - 13)) & 0x1FFF);
    assertFault(USER_EA, Access.LOAD, RadixWalker.PARTITION, Dsisr.NOHPTE | Dsisr.PRTABLE_FAULT, computed,
        false);
    mapTablePages(LINUX_READ_ONLY);
    partition.map(computed & ~0xFFFL, (computed & ~0xFFFL) + L2_TABLES_OFFSET, SHIFT_4K, LINUX_READ_ONLY);
    assertStorageFault(USER_EA, Access.LOAD, Dsisr.UNSUPP_MMU);
  }

  @Test
  void shouldApplyProcessScopedPermissionRules() {
    user.map(0x2000_0000L, 0x0100_1000L, SHIFT_4K, R | C | READ)
        .map(0x2000_1000L, 0x0100_1000L, SHIFT_4K, R | C | READ_WRITE);
    mapTablePages(LINUX_READ_ONLY);

    // Problem state cannot touch a privileged page at all.
    problemState = true;
    assertStorageFault(KERNEL_EA, Access.LOAD, Dsisr.PROTFAULT);
    assertStorageFault(KERNEL_EA, Access.STORE, Dsisr.PROTFAULT);
    assertStorageFault(KERNEL_EA, Access.FETCH, Dsisr.NOEXEC_OR_G);
    // …and gets the EAA on a user page, whatever AMR and IAMR say.
    amr = -1L;
    iamr = -1L;
    assertTranslated(USER_EA, Access.STORE, 0x3000_1000L, 12, ALL);
    assertTranslated(USER_EA, Access.FETCH, 0x3000_1000L, 12, LOAD_FETCH);
    assertTranslated(0x2000_0000L, Access.LOAD, 0x3000_1000L, 12, 0b001);
    assertStorageFault(0x2000_0000L, Access.STORE, Dsisr.PROTFAULT);
    assertStorageFault(0x2000_0000L, Access.FETCH, Dsisr.NOEXEC_OR_G);
    assertTranslated(0x2000_1000L, Access.LOAD, 0x3000_1000L, 12, 0b001);

    // Privileged state on a privileged page: the EAA, AMR and IAMR ignored.
    problemState = false;
    assertTranslated(KERNEL_EA, Access.STORE, 0x3000_0000L, 12, ALL);
    assertTranslated(KERNEL_EA, Access.FETCH, 0x3000_0000L, 12, LOAD_FETCH);
  }

  @Test
  void shouldApplyKey0OfAmrAndIamrToTheKernelOnUserPages() {
    amr = AMR_NO_WRITE;
    assertTranslated(USER_EA, Access.LOAD, 0x3000_1000L, 12, LOAD_FETCH);
    assertStorageFault(USER_EA, Access.STORE, Dsisr.PROTFAULT);

    amr = AMR_NO_READ;
    assertStorageFault(USER_EA, Access.LOAD, Dsisr.PROTFAULT);
    assertTranslated(USER_EA, Access.STORE, 0x3000_1000L, 12, 0b110);
    assertTranslated(USER_EA, Access.FETCH, 0x3000_1000L, 12, 0b100);

    amr = 0x3FFF_FFFF_FFFF_FFFFL;
    iamr = IAMR_NO_EXEC;
    assertStorageFault(USER_EA, Access.FETCH, Dsisr.NOEXEC_OR_G);
    assertTranslated(USER_EA, Access.STORE, 0x3000_1000L, 12, 0b011);

    iamr = ~IAMR_NO_EXEC;
    assertTranslated(USER_EA, Access.FETCH, 0x3000_1000L, 12, LOAD_FETCH);
  }

  @Test
  void shouldRefuseToFetchFromNonIdempotentIoInProcessScope() {
    user.map(0x2000_2000L, 0x0100_1000L, SHIFT_4K, R | C | ATT_NI_IO | READ | READ_WRITE | EXEC);
    mapTablePages(LINUX_READ_ONLY);
    assertStorageFault(0x2000_2000L, Access.FETCH, Dsisr.NOEXEC_OR_G);
    assertTranslated(0x2000_2000L, Access.LOAD, 0x3000_1000L, 12, 0b001);
    assertTranslated(0x2000_2000L, Access.STORE, 0x3000_1000L, 12, 0b011);
  }

  @Test
  void shouldIntersectThePermissionsOfBothScopes() {
    partition.map(0x0100_1000L, 0x3000_1000L, SHIFT_4K, LINUX_READ_ONLY);
    assertTranslated(USER_EA, Access.LOAD, 0x3000_1000L, 12, LOAD_FETCH);
    assertFault(USER_EA | 0x10, Access.STORE, RadixWalker.PARTITION, Dsisr.PROTFAULT | Dsisr.ISSTORE,
        0x0100_1010L, false);
    partition.map(0x0100_1000L, 0x3000_1000L, SHIFT_4K, R | C | READ | READ_WRITE);
    assertTranslated(USER_EA, Access.STORE, 0x3000_1000L, 12, 0b011);
    assertFault(USER_EA, Access.FETCH, RadixWalker.PARTITION, Dsisr.NOEXEC_OR_G, 0x0100_1000L, false);
  }

  // --- partition faults on table-entry reads (bit 46) --------------------------------------------

  @Test
  void shouldExitWhenTheProcessTableEntryIsNotMapped() {
    partition.write(partition.leafAddress(PROCESS_TABLE), 0);
    for (int access : ACCESSES) {
      int cause = Dsisr.NOHPTE | Dsisr.PRTABLE_FAULT | store(access);
      assertFault(USER_EA, access, RadixWalker.PARTITION, cause, PROCESS_TABLE + 16 * USER_PID,
          access == Access.FETCH);
      assertFault(KERNEL_EA, access, RadixWalker.PARTITION, cause, PROCESS_TABLE, access == Access.FETCH);
    }
  }

  @Test
  void shouldExitWhenAProcessScopedTablePageIsNotMapped() {
    for (int level = 0; level < 4; level++) {
      for (int access : ACCESSES) {
        setUp();
        long entry = user.entryAddress(USER_EA, level);
        partition.write(partition.leafAddress(entry & ~0xFFFL), 0);
        assertFault(USER_EA | 0x88, access, RadixWalker.PARTITION,
            Dsisr.NOHPTE | Dsisr.PRTABLE_FAULT | store(access), entry, access == Access.FETCH);
      }
    }
  }

  @Test
  void shouldReadProcessScopedTablesWithLoadPermission() {
    long leafEntry = user.entryAddress(USER_EA, 3);
    partition.map(leafEntry & ~0xFFFL, (leafEntry & ~0xFFFL) + L2_TABLES_OFFSET, SHIFT_4K, R | EXEC);
    for (int access : ACCESSES) {
      assertFault(USER_EA, access, RadixWalker.PARTITION,
          Dsisr.PROTFAULT | Dsisr.PRTABLE_FAULT | store(access), leafEntry, access == Access.FETCH);
    }
    partition.map(leafEntry & ~0xFFFL, (leafEntry & ~0xFFFL) + L2_TABLES_OFFSET, SHIFT_4K, R | READ);
    assertTranslated(USER_EA, Access.STORE, 0x3000_1000L, 12, ALL);
  }

  @Test
  void shouldReportABadPartitionTreeWhileReadingTablesWithBit46() {
    long rootEntry = partition.entryAddress(PROCESS_TABLE, 1);
    partition.write(rootEntry, (partition.read(rootEntry) & ~0x1FL) | 7);
    assertFault(KERNEL_EA, Access.FETCH, RadixWalker.PARTITION, Dsisr.UNSUPP_MMU | Dsisr.PRTABLE_FAULT,
        PROCESS_TABLE, true);
  }

  // --- final partition-scoped translation --------------------------------------------------------

  @Test
  void shouldExitWithTheFullGuestRealAddressWhenTheDataIsNotMapped() {
    partition.write(partition.leafAddress(0x0100_1000L), 0);
    for (int access : ACCESSES) {
      assertFault(USER_EA | 0xABC, access, RadixWalker.PARTITION, Dsisr.NOHPTE | store(access), 0x0100_1ABCL,
          false);
    }
  }

  // --- reference and change bits -----------------------------------------------------------------

  @Test
  void shouldSetReferenceAndChangeBitsInBothScopes() {
    long processPte = user.leafAddress(USER_EA) + L2_TABLES_OFFSET;
    long partitionPte = partition.leafAddress(0x0100_1000L);
    partition.map(0x0100_1000L, 0x3000_1000L, SHIFT_4K, READ | READ_WRITE | EXEC);
    long processBare = V | L | 0x0100_1000L | READ | READ_WRITE | EXEC;
    long partitionBare = V | L | 0x3000_1000L | READ | READ_WRITE | EXEC;
    memory.longWrites = 0;

    assertTranslated(USER_EA, Access.LOAD, 0x3000_1000L, 12, LOAD_FETCH);
    assertEquals(processBare | R, memory.readLong(processPte), "process-scoped PTE at its L1 address");
    assertEquals(partitionBare | R, memory.readLong(partitionPte));
    assertEquals(2, memory.longWrites);
    assertTranslated(USER_EA, Access.FETCH, 0x3000_1000L, 12, LOAD_FETCH);
    assertEquals(2, memory.longWrites, "unchanged entries are not written back");

    assertTranslated(USER_EA, Access.STORE, 0x3000_1000L, 12, ALL);
    assertEquals(processBare | R | C, memory.readLong(processPte));
    assertEquals(partitionBare | R | C, memory.readLong(partitionPte));
    assertEquals(4, memory.longWrites);
    assertTranslated(USER_EA, Access.STORE, 0x3000_1000L, 12, ALL);
    assertEquals(4, memory.longWrites);
  }

  @Test
  void shouldSetTheReferenceBitOfThePagesHoldingProcessScopedTables() {
    setUpTablePagesWithoutReference();
    assertTranslated(USER_EA, Access.STORE, 0x3000_1000L, 12, ALL);
    assertEquals(V | L | PROCESS_TABLE + L2_TABLES_OFFSET | R | READ,
        partition.read(partition.leafAddress(PROCESS_TABLE)), "a table read is a load: R, never C");
    long leafTable = user.entryAddress(USER_EA, 3) & ~0xFFFL;
    assertEquals(V | L | leafTable + L2_TABLES_OFFSET | R | READ,
        partition.read(partition.leafAddress(leafTable)));
  }

  @Test
  void shouldSetTheProcessScopedBitsWhenThePartitionFaultsAfterwards() {
    partition.write(partition.leafAddress(0x0100_1000L), 0);
    assertEquals(RadixWalker.PARTITION, translate(USER_EA, Access.STORE));
    assertEquals(V | L | 0x0100_1000L | R | C | READ | READ_WRITE | EXEC,
        user.read(user.leafAddress(USER_EA)));
  }

  @Test
  void shouldReportMissingPartitionScopedBitsInReportMode() {
    walker.setPartitionRcMode(RadixWalker.RcMode.REPORT);
    partition.map(0x0100_1000L, 0x3000_1000L, SHIFT_4K, READ | READ_WRITE | EXEC);
    assertFault(USER_EA | 8, Access.LOAD, RadixWalker.PARTITION, Dsisr.SET_RC, 0x0100_1008L, false);
    assertFault(USER_EA | 8, Access.FETCH, RadixWalker.PARTITION, Dsisr.SET_RC, 0x0100_1008L, false);
    assertEquals(V | L | 0x0100_1000L | R | READ | READ_WRITE | EXEC, user.read(user.leafAddress(USER_EA)),
        "process scope sets its bits in either mode");

    partition.map(0x0100_1000L, 0x3000_1000L, SHIFT_4K, R | READ | READ_WRITE | EXEC);
    assertTranslated(USER_EA, Access.LOAD, 0x3000_1000L, 12, LOAD_FETCH);
    assertFault(USER_EA, Access.STORE, RadixWalker.PARTITION, Dsisr.SET_RC | Dsisr.ISSTORE, 0x0100_1000L,
        false);
    assertEquals(V | L | 0x0100_1000L | R | C | READ | READ_WRITE | EXEC,
        user.read(user.leafAddress(USER_EA)));
    assertEquals(V | L | 0x3000_1000L | R | READ | READ_WRITE | EXEC,
        partition.read(partition.leafAddress(0x0100_1000L)), "report mode leaves the L1's entry alone");
  }

  @Test
  void shouldReportTablePagesWithoutReferenceInReportModeWithBit46() {
    walker.setPartitionRcMode(RadixWalker.RcMode.REPORT);
    setUpTablePagesWithoutReference();
    for (int access : ACCESSES) {
      assertFault(USER_EA, access, RadixWalker.PARTITION, Dsisr.SET_RC | Dsisr.PRTABLE_FAULT | store(access),
          PROCESS_TABLE + 16 * USER_PID, access == Access.FETCH);
    }
  }

  private void setUpTablePagesWithoutReference() {
    mapTablePages(READ);
  }

  // --- machine checks ----------------------------------------------------------------------------

  @Test
  void shouldRaiseAMachineCheckWhenATableEntryIsOutsideMemory() {
    partition.map(PROCESS_TABLE, 0x3_0000_0000L, SHIFT_4K, LINUX_READ_ONLY);
    assertEquals(RadixWalker.MACHINE_CHECK, translate(USER_EA, Access.LOAD));
    assertEquals(0x3_0000_0000L + 16 * USER_PID, walker.faultAddress());

    setUp();
    long leafTable = user.entryAddress(USER_EA, 3) & ~0xFFFL;
    partition.map(leafTable, MEMORY_SIZE, SHIFT_4K, LINUX_READ_ONLY);
    assertEquals(RadixWalker.MACHINE_CHECK, translate(USER_EA, Access.FETCH));
    assertEquals(MEMORY_SIZE + (user.entryAddress(USER_EA, 3) & 0xFFF), walker.faultAddress());
  }

  @Test
  void shouldRaiseAMachineCheckWhenTheDataIsOutsideMemory() {
    partition.map(0x0100_1000L, MEMORY_SIZE + 0x1000, SHIFT_4K, LINUX_WRITABLE);
    assertEquals(RadixWalker.MACHINE_CHECK, translate(USER_EA | 0x20, Access.STORE));
    assertEquals(MEMORY_SIZE + 0x1020, walker.faultAddress());
  }

  // --- caching contract --------------------------------------------------------------------------

  @Test
  void shouldOmitStorePermissionAfterALoad() {
    assertTranslated(KERNEL_EA, Access.LOAD, 0x3000_0000L, 12, (1 << Access.LOAD) | (1 << Access.FETCH));
    assertFalse((walker.permissions() & (1 << Access.STORE)) != 0);
    assertTranslated(KERNEL_EA, Access.STORE, 0x3000_0000L, 12,
        (1 << Access.LOAD) | (1 << Access.STORE) | (1 << Access.FETCH));
  }
}
