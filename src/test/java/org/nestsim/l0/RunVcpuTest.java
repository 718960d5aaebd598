package org.nestsim.l0;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.nestsim.l0.L0Rig.MSR_EE;
import static org.nestsim.l0.L0Rig.MSR_SF;
import static org.nestsim.l0.L0Rig.RUN_OUT;
import static org.nestsim.l0.L0Rig.expectRunFailed;
import static org.nestsim.l0.L0Rig.expectSuccess;
import static org.nestsim.l0.L0Rig.per;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nestsim.gsb.GsbReader;
import org.nestsim.gsb.Gsid;
import org.nestsim.hcall.HcallFlags;
import org.nestsim.hcall.ReturnCode;
import org.nestsim.l0.L0Protocol.VcpuExited;

/** {@code H_GUEST_RUN_VCPU}: its checks (spec §2.8), the input buffer and each exit's output (§6). */
class RunVcpuTest {
  static final ActorTestKit KIT = ActorTestKit.create();
  static final long ENTRY = 0x1000;
  /** Handlers that report the vector in GPR3 and the interrupted address (SRR0) in GPR4. */
  static final String VECTORS = """
      .org 0x100
      li 3,0x100
      mfsrr0 4
      sc 1
      .org 0x500
      li 3,0x500
      mfsrr0 4
      sc 1
      .org 0x900
      li 3,0x900
      mfsrr0 4
      sc 1
      .org 0xA00
      li 3,0xA00
      mfsrr0 4
      sc 1
      .org 0x1000
      li 3,1
      sc 1
      """;

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  /** The element IDs of an output buffer, in order. */
  private static List<Integer> ids(VcpuExited e) {
    List<Integer> ids = new ArrayList<>();
    GsbReader r = e.output().reader();
    while (r.next()) {
      ids.add(r.id());
    }
    return ids;
  }

  /** The exit's output buffer is also in L1 memory at the registered address, and no more bytes. */
  private static void assertInL1Memory(L0Rig rig, VcpuExited e, long vcpu, int length) {
    assertEquals(length, e.output().length());
    byte[] inMemory = rig.bytes(RUN_OUT + vcpu * 0x1000, length);
    assertArrayEquals(e.output().toByteArray(), inMemory);
    byte[] after = rig.bytes(RUN_OUT + vcpu * 0x1000 + length, 8);
    assertArrayEquals(filler(8), after, "bytes after the output are untouched");
  }

  private static byte[] filler(int n) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) 0xA5);
    return b;
  }

  private static void fillOutput(L0Rig rig, long vcpu) {
    rig.memory.write(RUN_OUT + vcpu * 0x1000, filler(0x1000), 0, 0x1000);
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldCheckRunFlagsPerProfile(Profile p) throws Exception {
    L0Rig rig = new L0Rig(KIT, p);
    long g = rig.readyGuest(1, ENTRY, null);
    rig.load(0, VECTORS);
    for (long flags : List.of(0x1000_0000_0000_0000L, 1L, -1L, HcallFlags.H_GUEST_RUN_FLAGS_MASK | 1)) {
      expectRunFailed(ReturnCode.H_PARAMETER, 0, rig.run(flags, g, 0));
      // Flags come before the guest and the vCPU.
      expectRunFailed(ReturnCode.H_PARAMETER, 0, rig.run(flags, 99, 0));
      expectRunFailed(ReturnCode.H_PARAMETER, 0, rig.run(flags, g, 7));
    }
    for (long flags : List.of(HcallFlags.H_GUEST_RUN_EXTERNAL_INTERRUPT,
        HcallFlags.H_GUEST_RUN_PRIVILEGED_DOORBELL, HcallFlags.H_GUEST_RUN_SYSTEM_RESET,
        HcallFlags.H_GUEST_RUN_FLAGS_MASK)) {
      expectSuccess(rig.set(0, g, 0, w -> w.putBe64(Gsid.NIA, ENTRY).putBe64(Gsid.MSR, MSR_SF)));
      L0Protocol.RunResult r = rig.run(flags, g, 0);
      if (p == Profile.SPEC) {
        assertEquals(0xC00, assertInstanceOf(VcpuExited.class, r).vector());
      } else {
        expectRunFailed(ReturnCode.H_PARAMETER, 0, r);
      }
    }
  }

  @Test
  void shouldDeliverTheInterruptsTheSpecProfileRunFlagsAskFor() throws Exception {
    L0Rig rig = new L0Rig(KIT, Profile.SPEC);
    long g = rig.readyGuest(1, ENTRY, null);
    rig.load(0, VECTORS);
    long[][] cases = {
      {0, 1},
      {HcallFlags.H_GUEST_RUN_EXTERNAL_INTERRUPT, 0x500},
      {HcallFlags.H_GUEST_RUN_PRIVILEGED_DOORBELL, 0xA00},
      {HcallFlags.H_GUEST_RUN_SYSTEM_RESET, 0x100},
    };
    for (long[] c : cases) {
      expectSuccess(rig.set(0, g, 0, w -> w.putBe64(Gsid.NIA, ENTRY).putBe64(Gsid.MSR, MSR_SF | MSR_EE)));
      VcpuExited e = rig.exit(c[0], g, 0);
      assertEquals(0xC00, e.vector());
      assertEquals(c[1], e.output().register(Gsid.gpr(3)).getAsLong(), "handler of flags " + c[0]);
      if (c[1] != 1) {
        assertEquals(ENTRY, e.output().register(Gsid.gpr(4)).getAsLong(), "SRR0");
      }
    }
    // With MSR[EE]=0 the external interrupt waits.
    expectSuccess(rig.set(0, g, 0, w -> w.putBe64(Gsid.NIA, ENTRY).putBe64(Gsid.MSR, MSR_SF)));
    VcpuExited e = rig.exit(HcallFlags.H_GUEST_RUN_EXTERNAL_INTERRUPT, g, 0);
    assertEquals(1, e.output().register(Gsid.gpr(3)).getAsLong());
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldAnswerH_P2ForAnUnknownGuestAndH_P3ForAMissingVcpu(Profile p) throws Exception {
    L0Rig rig = new L0Rig(KIT, p);
    long g = rig.readyGuest(1, ENTRY, "sc 1");
    for (long guest : List.of(0L, g + 1, 4095L, 4096L, -1L)) {
      expectRunFailed(ReturnCode.H_P2, 0, rig.run(0, guest, 0));
    }
    for (long vcpu : List.of(1L, 2047L, 2048L, -1L, Long.MIN_VALUE)) {
      expectRunFailed(ReturnCode.H_P3, 0, rig.run(0, g, vcpu));
    }
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldRefuseAVcpuWithoutRunBuffers(Profile p) {
    L0Rig rig = new L0Rig(KIT, p);
    long g = rig.guest();
    expectSuccess(rig.createVcpu(g, 0));
    // Step 3 (buffers) comes before step 4 (partition table).
    expectRunFailed(ReturnCode.H_P3, 0, rig.run(0, g, 0));
    rig.tables(g);
    expectRunFailed(ReturnCode.H_P3, 0, rig.run(0, g, 0));
    expectSuccess(rig.set(0, g, 0, w -> w.putBuffer(Gsid.RUN_INPUT, L0Rig.RUN_IN, 0x1000)));
    expectRunFailed(ReturnCode.H_P3, 0, rig.run(0, g, 0));
    expectSuccess(rig.createVcpu(g, 1));
    expectSuccess(rig.set(0, g, 1, w -> w.putBuffer(Gsid.RUN_OUTPUT, RUN_OUT, 0x1000)));
    expectRunFailed(ReturnCode.H_P3, 0, rig.run(0, g, 1));
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldAnswerH_NOT_AVAILABLEWithoutAPartitionTable(Profile p) throws Exception {
    L0Rig rig = new L0Rig(KIT, p);
    long g = rig.guest();
    expectSuccess(rig.createVcpu(g, 0));
    rig.runBuffers(g, 0);
    expectSuccess(rig.set(0, g, 0, w -> w.putBe64(Gsid.NIA, ENTRY).putBe64(Gsid.MSR, MSR_SF)
        .putBe64(Gsid.HDEC_EXPIRY_TB, -1L)));
    rig.load(ENTRY, "li 3,5\nsc 1");
    expectRunFailed(ReturnCode.H_NOT_AVAILABLE, 0, rig.run(0, g, 0));
    // A process table alone is not enough.
    expectSuccess(rig.set(HcallFlags.H_GUEST_FLAGS_WIDE, g, 0, w -> w.putProcessTable(0, 4096)));
    expectRunFailed(ReturnCode.H_NOT_AVAILABLE, 0, rig.run(0, g, 0));
    rig.tables(g);
    VcpuExited e = rig.exit(0, g, 0);
    assertEquals(0xC00, e.vector());
    assertEquals(5, e.output().register(Gsid.gpr(3)).getAsLong());
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldRefuseABadInputBufferAtItsByteOffsetWithoutRunning(Profile p) throws Exception {
    L0Rig rig = new L0Rig(KIT, p);
    long g = rig.readyGuest(1, ENTRY, "li 3,0x77\nsc 1");
    expectSuccess(rig.set(0, g, 0, w -> w.putBe64(Gsid.gpr(3), 0x33).putBe64(Gsid.gpr(4), 0x44)));
    record Case(ReturnCode spec, long offset, java.util.function.Consumer<org.nestsim.gsb.GsbWriter> buffer) {}
    List<Case> cases = List.of(
        new Case(ReturnCode.H_INVALID_ELEMENT_SIZE, 16,
            w -> w.putBe64(Gsid.gpr(4), 1).putRaw(Gsid.gpr(5), new byte[4])),
        new Case(ReturnCode.H_INVALID_ELEMENT_ID, 23,
            w -> w.putRaw(Gsid.BLANK, new byte[3]).putBe64(Gsid.gpr(4), 1).putRaw(0x1FFF, new byte[8])),
        new Case(ReturnCode.H_INVALID_ELEMENT_ID, 4, w -> w.putBe64(Gsid.HDAR, 1)),
        new Case(ReturnCode.H_INVALID_ELEMENT_ID, 16,
            w -> w.putBe64(Gsid.gpr(4), 1).putBe32(Gsid.LOGICAL_PVR, 0x0F000006)),
        new Case(ReturnCode.H_INVALID_ELEMENT_VALUE, 16,
            w -> w.putBe64(Gsid.gpr(4), 1).putBuffer(Gsid.RUN_OUTPUT, RUN_OUT, 0x40)));
    for (Case c : cases) {
      rig.input(0, c.buffer());
      expectRunFailed(per(p, c.spec(), ReturnCode.H_P3), p == Profile.SPEC ? c.offset() : 0, rig.run(0, g, 0));
      expectSuccess(rig.get(0, g, 0, w -> w.putBe64(Gsid.NIA, 0).putBe64(Gsid.gpr(3), 0).putBe64(Gsid.gpr(4), 0)));
      assertEquals(ENTRY, rig.got(Gsid.NIA), "did not run");
      assertEquals(0x33, rig.got(Gsid.gpr(3)), "did not run");
      assertEquals(0x44, rig.got(Gsid.gpr(4)), "nothing applied");
    }
    rig.input(0, w -> { });
    assertEquals(0x77, rig.exit(0, g, 0).output().register(Gsid.gpr(3)).getAsLong());
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldApplyTheInputBufferBeforeTheRun(Profile p) throws Exception {
    L0Rig rig = new L0Rig(KIT, p);
    long g = rig.readyGuest(1, ENTRY, "add 6,4,5\nsc 1");
    rig.input(0, w -> w.putBe64(Gsid.gpr(4), 0x1234).putBe64(Gsid.gpr(5), 0x5678).putBe64(Gsid.gpr(5), 0x1));
    VcpuExited e = rig.exit(0, g, 0);
    assertEquals(0x1234, e.output().register(Gsid.gpr(4)).getAsLong());
    assertEquals(1, e.output().register(Gsid.gpr(5)).getAsLong());
    assertEquals(0x1235, e.output().register(Gsid.gpr(6)).getAsLong());
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldReturnGpr3ToGpr12OnAnHcallExit(Profile p) throws Exception {
    L0Rig rig = new L0Rig(KIT, p);
    StringBuilder program = new StringBuilder();
    for (int n = 3; n <= 12; n++) {
      program.append("li ").append(n).append(',').append(0x100 + n).append('\n');
    }
    program.append("sc 1\n");
    long g = rig.readyGuest(1, ENTRY, program.toString());
    fillOutput(rig, 0);
    VcpuExited e = rig.exit(0, g, 0);
    assertEquals(0xC00, e.vector());
    assertEquals(List.of(0x1003, 0x1004, 0x1005, 0x1006, 0x1007, 0x1008, 0x1009, 0x100A, 0x100B, 0x100C), ids(e));
    for (int n = 3; n <= 12; n++) {
      assertEquals(0x100 + n, e.output().register(Gsid.gpr(n)).getAsLong());
    }
    assertInL1Memory(rig, e, 0, 124);
    assertEquals(ENTRY + 11 * 4, rig.register(g, 0, Gsid.NIA), "NIA after the sc");
    assertEquals(11, e.instructions());
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldExitAtHdecExpiryWithAnEmptyOutputBuffer(Profile p) throws Exception {
    L0Rig rig = new L0Rig(KIT, p);
    long g = rig.readyGuest(1, ENTRY, "b .");
    fillOutput(rig, 0);
    rig.input(0, w -> w.putBe64(Gsid.HDEC_EXPIRY_TB, 500));
    VcpuExited e = rig.exit(0, g, 0);
    assertEquals(0x980, e.vector());
    assertEquals(500, e.time());
    assertEquals(List.of(), ids(e));
    assertInL1Memory(rig, e, 0, 4);
    assertEquals(ENTRY, rig.register(g, 0, Gsid.NIA));
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldReportTheFaultOfAnHdsiExit(Profile p) throws Exception {
    L0Rig rig = new L0Rig(KIT, p);
    // L2 real address 0x200008 is outside the mapped 1 MiB.
    long g = rig.readyGuest(1, ENTRY, "lis 4,0x20\nld 5,8(4)\nsc 1");
    fillOutput(rig, 0);
    VcpuExited e = rig.exit(0, g, 0);
    assertEquals(0xE00, e.vector());
    assertEquals(List.of(Gsid.HDAR, Gsid.HDSISR, Gsid.ASDR, Gsid.NIA, Gsid.MSR), ids(e));
    assertEquals(0x20_0008, e.output().register(Gsid.HDAR).getAsLong());
    assertEquals(0x4000_0000, e.output().register(Gsid.HDSISR).getAsLong());
    assertEquals(0x20_0008, e.output().register(Gsid.ASDR).getAsLong());
    assertEquals(ENTRY + 4, e.output().register(Gsid.NIA).getAsLong());
    assertEquals(MSR_SF, e.output().register(Gsid.MSR).getAsLong());
    assertInL1Memory(rig, e, 0, 60);
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldReportTheInstructionOfAnEmulationAssistanceExit(Profile p) throws Exception {
    L0Rig rig = new L0Rig(KIT, p);
    // lwarx r3,0,r4: outside the interpreter's subset (docs/ISA.md).
    long g = rig.readyGuest(1, ENTRY, "nop\n.long 0x7c602028\nsc 1");
    fillOutput(rig, 0);
    VcpuExited e = rig.exit(0, g, 0);
    assertEquals(0xE40, e.vector());
    assertEquals(List.of(Gsid.HEIR, Gsid.NIA, Gsid.MSR), ids(e));
    assertEquals(0x7c602028L, e.output().register(Gsid.HEIR).getAsLong());
    assertEquals(ENTRY + 4, e.output().register(Gsid.NIA).getAsLong());
    assertEquals(MSR_SF, e.output().register(Gsid.MSR).getAsLong());
    assertInL1Memory(rig, e, 0, 36);
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void shouldWriteEachOutputAtItsVcpusRegisteredAddress(Profile p) throws Exception {
    L0Rig rig = new L0Rig(KIT, p);
    long g = rig.readyGuest(2, ENTRY, "sc 1");
    fillOutput(rig, 0);
    fillOutput(rig, 1);
    VcpuExited e1 = rig.exit(0, g, 1);
    assertEquals(1, e1.output().register(Gsid.gpr(3)).getAsLong());
    assertInL1Memory(rig, e1, 1, 124);
    assertArrayEquals(filler(16), rig.bytes(RUN_OUT, 16), "vCPU 0's buffer untouched");
    // Registering another output buffer moves the next exit there.
    expectSuccess(rig.set(0, g, 0, w -> w.putBuffer(Gsid.RUN_OUTPUT, RUN_OUT + 0x800, 0x80)));
    rig.memory.write(RUN_OUT + 0x800, filler(0x100), 0, 0x100);
    VcpuExited e0 = rig.exit(0, g, 0);
    assertEquals(0, e0.output().register(Gsid.gpr(3)).getAsLong());
    assertArrayEquals(e0.output().toByteArray(), rig.bytes(RUN_OUT + 0x800, 124));
    assertArrayEquals(filler(16), rig.bytes(RUN_OUT, 16));
  }
}
