package org.nestsim.l0;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nestsim.cpu.VcpuState;
import org.nestsim.gsb.GsbRequest;
import org.nestsim.gsb.GsbSnapshot;
import org.nestsim.gsb.GsbWriter;
import org.nestsim.gsb.Gsid;
import org.nestsim.memory.SparseMemory;

/** The output buffer of every exit, byte for byte (spec §6.4, §8.8). */
class OutputBufferTest {

  /** A vCPU after an exit: GPRn = 0x1100 + n, HDAR/ASDR 0x2000, HDSISR 0x42000000, NIA 0x10c, MSR SF. */
  private static VcpuState exited() {
    VcpuState s = new VcpuState();
    for (int n = 0; n < 32; n++) {
      s.gpr[n] = 0x1100 + n;
    }
    s.reg[VcpuState.R_HDAR] = 0x2000;
    s.reg[VcpuState.R_HDSISR] = 0x4200_0000L;
    s.reg[VcpuState.R_ASDR] = 0x2000;
    s.reg[VcpuState.R_HEIR] = 0x7C00_02A6L;
    s.reg[VcpuState.R_HFSCR] = 0x0C00_0000_0000_0001L;
    s.nia = 0x10c;
    s.msr = 0x8000_0000_0000_0033L; // the L2's MSR: the element must carry exitMsr instead
    s.exitMsr = 0x8000_0000_0000_0000L;
    return s;
  }

  private static String hex(OutputBuffer out) {
    return out.snapshot().toHex();
  }

  private static String strip(String hex) {
    return hex.replaceAll("\\s+", "").toLowerCase();
  }

  @Test
  void shouldWriteGpr3ToGpr12AfterAnHcallExit() {
    OutputBuffer out = new OutputBuffer();
    assertEquals(124, out.write(0xC00, exited()));
    StringBuilder expected = new StringBuilder("0000000a");
    for (int n = 3; n <= 12; n++) {
      expected.append(String.format("10%02x0008%016x", n, 0x1100 + n));
    }
    assertEquals(expected.toString(), hex(out));
  }

  @Test
  void shouldMatchTheHdsiExampleOfTheLayoutJavadoc() {
    OutputBuffer out = new OutputBuffer();
    assertEquals(60, out.write(0xE00, exited()));
    assertEquals(strip("""
        00 00 00 05
        F0 00 00 08  00 00 00 00 00 00 20 00
        F0 01 00 04  42 00 00 00
        F0 03 00 08  00 00 00 00 00 00 20 00
        10 21 00 08  00 00 00 00 00 00 01 0C
        10 22 00 08  80 00 00 00 00 00 00 00
        """), hex(out));
  }

  @Test
  void shouldLeaveHdsisrOutOfAnHisiExit() {
    OutputBuffer out = new OutputBuffer();
    assertEquals(52, out.write(0xE20, exited()));
    assertEquals(strip("""
        00 00 00 04
        F0 00 00 08  00 00 00 00 00 00 20 00
        F0 03 00 08  00 00 00 00 00 00 20 00
        10 21 00 08  00 00 00 00 00 00 01 0C
        10 22 00 08  80 00 00 00 00 00 00 00
        """), hex(out));
  }

  @Test
  void shouldWriteAFourByteHeirAfterAnEmulationAssistExit() {
    OutputBuffer out = new OutputBuffer();
    assertEquals(36, out.write(0xE40, exited()));
    assertEquals(strip("""
        00 00 00 03
        F0 02 00 04  7C 00 02 A6
        10 21 00 08  00 00 00 00 00 00 01 0C
        10 22 00 08  80 00 00 00 00 00 00 00
        """), hex(out));
  }

  @Test
  void shouldWriteHfscrAfterAFacilityUnavailableExit() {
    OutputBuffer out = new OutputBuffer();
    assertEquals(40, out.write(0xF80, exited()));
    assertEquals(strip("""
        00 00 00 03
        10 2D 00 08  0C 00 00 00 00 00 00 01
        10 21 00 08  00 00 00 00 00 00 01 0C
        10 22 00 08  80 00 00 00 00 00 00 00
        """), hex(out));
  }

  @ParameterizedTest
  @CsvSource({"0x000", "0x100", "0x200", "0x500", "0x980", "0xE60", "0xE80", "0xEA0"})
  void shouldWriteNoElementForOtherExits(String vector) {
    OutputBuffer out = new OutputBuffer();
    out.write(0xC00, exited()); // a previous exit's elements must not survive
    assertEquals(4, out.write(Integer.decode(vector), exited()));
    assertEquals("00000000", hex(out));
  }

  @Test
  void shouldStayWithin0x80BytesAndDecodeForEveryVector() {
    OutputBuffer out = new OutputBuffer();
    for (int vector = 0; vector <= 0x1000; vector += 0x20) {
      int length = out.write(vector, exited());
      assertTrue(length <= OutputBuffer.MAX_LENGTH);
      assertEquals(length, out.snapshot().length());
      out.snapshot().validate(GsbRequest.DECODE);
    }
  }

  /**
   * The layout of spec §6.4 written through {@code GsbWriter}, which checks every element's ID and type
   * against the catalog: what the direct writes of {@link OutputBuffer} must produce.
   */
  private static GsbSnapshot throughGsbWriter(int vector, VcpuState s) {
    ByteBuffer b = ByteBuffer.allocate(OutputBuffer.MAX_LENGTH);
    GsbWriter w = new GsbWriter().wrap(b, 0, OutputBuffer.MAX_LENGTH);
    switch (vector) {
      case 0xC00 -> {
        for (int n = 3; n <= 12; n++) {
          w.putBe64(Gsid.gpr(n), s.gpr[n]);
        }
      }
      case 0xE00 -> w.putBe64(Gsid.HDAR, s.reg[VcpuState.R_HDAR]).putBe32(Gsid.HDSISR, (int) s.reg[VcpuState.R_HDSISR])
          .putBe64(Gsid.ASDR, s.reg[VcpuState.R_ASDR]).putBe64(Gsid.NIA, s.nia).putBe64(Gsid.MSR, s.exitMsr);
      case 0xE20 -> w.putBe64(Gsid.HDAR, s.reg[VcpuState.R_HDAR]).putBe64(Gsid.ASDR, s.reg[VcpuState.R_ASDR])
          .putBe64(Gsid.NIA, s.nia).putBe64(Gsid.MSR, s.exitMsr);
      case 0xE40 -> w.putBe32(Gsid.HEIR, (int) s.reg[VcpuState.R_HEIR]).putBe64(Gsid.NIA, s.nia)
          .putBe64(Gsid.MSR, s.exitMsr);
      case 0xF80 -> w.putBe64(Gsid.HFSCR, s.reg[VcpuState.R_HFSCR]).putBe64(Gsid.NIA, s.nia)
          .putBe64(Gsid.MSR, s.exitMsr);
      default -> b.putInt(0, 0);
    }
    return GsbSnapshot.copyOf(b, 0, Math.max(4, w.length()));
  }

  @Test
  void shouldWriteWhatTheCatalogCheckedWriterWritesForEveryVector() {
    OutputBuffer out = new OutputBuffer();
    java.util.Random random = new java.util.Random(6);
    for (int vector = 0; vector <= 0x1000; vector += 0x20) {
      VcpuState s = exited();
      for (int n = 0; n < 32; n++) {
        s.gpr[n] = random.nextLong();
      }
      s.nia = random.nextLong();
      s.exitMsr = random.nextLong();
      for (int r : new int[] {VcpuState.R_HDAR, VcpuState.R_HDSISR, VcpuState.R_ASDR, VcpuState.R_HEIR,
          VcpuState.R_HFSCR}) {
        s.reg[r] = random.nextLong();
      }
      out.write(vector, s);
      assertEquals(throughGsbWriter(vector, s), out.snapshot(), "vector 0x" + Integer.toHexString(vector));
    }
  }

  @Test
  void shouldCopyIntoL1MemoryOnlyTheBytesItUses() {
    OutputBuffer out = new OutputBuffer();
    out.write(0xE00, exited());
    SparseMemory memory = new SparseMemory(1 << 20);
    memory.writeLong(0x8000 + 60, 0x5555_5555_5555_5555L);
    out.copyTo(memory, 0x8000);
    byte[] written = new byte[60];
    memory.read(0x8000, written, 0, 60);
    assertArrayEquals(out.snapshot().toByteArray(), written);
    // Bytes past the used length keep what the L1 had there.
    assertEquals(0x5555_5555_5555_5555L, memory.readLong(0x8000 + 60));
  }
}
