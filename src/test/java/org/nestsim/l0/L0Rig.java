package org.nestsim.l0;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.nestsim.cpu.asm.Assembler;
import org.nestsim.gsb.GsbReader;
import org.nestsim.gsb.GsbWriter;
import org.nestsim.gsb.Gsid;
import org.nestsim.hcall.HcallFlags;
import org.nestsim.hcall.HcallResult;
import org.nestsim.memory.RadixTreeBuilder;
import org.nestsim.memory.SparseMemory;
import org.nestsim.sched.Clock;

/**
 * One L0 (supervisor and clock) over a 64 MiB L1 memory, with the steps an L1 takes as blocking calls
 * through test probes, so that a test reads like the L1 it plays. Every call asserts that exactly one
 * answer arrives.
 */
final class L0Rig {
  static final Duration TIMEOUT = Duration.ofSeconds(10);
  /** Where the GSB of a GET/SET is written. */
  static final long GSB = 0x10_0000;
  static final long RUN_IN = 0x20_0000;
  static final long RUN_OUT = 0x21_0000;
  static final long TABLES = 0x100_0000;
  /** L1 real address of L2 real address 0. */
  static final long L2_RAM = 0x200_0000;
  static final long L2_RAM_SIZE = 0x10_0000;

  final ActorTestKit kit;
  final SparseMemory memory = new SparseMemory(64L << 20);
  final ActorRef<Clock.Command> clock;
  final ActorRef<L0Protocol.Command> l0;
  final TestProbe<HcallResult> results;
  final TestProbe<L0Protocol.RunResult> runs;

  L0Rig(ActorTestKit kit, L0Config config) {
    this.kit = kit;
    this.clock = kit.spawn(Clock.create(config.quantumTicks()));
    this.l0 = kit.spawn(L0Supervisor.create(config, memory, clock));
    this.results = kit.createTestProbe();
    this.runs = kit.createTestProbe();
  }

  HcallResult call(java.util.function.Function<ActorRef<HcallResult>, L0Protocol.Request> request) {
    l0.tell(request.apply(results.getRef()));
    return results.receiveMessage(TIMEOUT);
  }

  L0Protocol.RunResult run(long flags, long guest, long vcpu) {
    l0.tell(new L0Protocol.RunVcpu(flags, guest, vcpu, runs.getRef()));
    return runs.receiveMessage(TIMEOUT);
  }

  /** Capabilities negotiated, one guest created; its id. */
  long guest() {
    HcallResult caps = call(r -> new L0Protocol.GetCapabilities(0, r));
    call(r -> new L0Protocol.SetCapabilities(0, caps.r4(), r));
    return call(r -> new L0Protocol.CreateGuest(0, -1, r)).r4();
  }

  /** Writes a GSB at {@link #GSB}; returns its length. */
  int gsb(Consumer<GsbWriter> elements) {
    ByteBuffer b = ByteBuffer.allocate(4096);
    GsbWriter w = new GsbWriter().wrap(b, 0, 4096);
    elements.accept(w);
    memory.write(GSB, b.array(), 0, w.length());
    return w.length();
  }

  HcallResult set(long flags, long guest, long vcpu, Consumer<GsbWriter> elements) {
    int length = gsb(elements);
    return call(r -> new L0Protocol.SetState(flags, guest, vcpu, GSB, length, r));
  }

  HcallResult get(long flags, long guest, long vcpu, Consumer<GsbWriter> elements) {
    int length = gsb(elements);
    return call(r -> new L0Protocol.GetState(flags, guest, vcpu, GSB, length, r));
  }

  /** The register value of element {@code id} in the GSB at {@link #GSB} (after a GET). */
  long got(int id) {
    byte[] bytes = new byte[4096];
    memory.read(GSB, bytes, 0, bytes.length);
    GsbReader reader = new GsbReader().wrap(ByteBuffer.wrap(bytes), 0, bytes.length);
    while (reader.next()) {
      if (reader.id() == id) {
        return reader.register();
      }
    }
    throw new AssertionError("no element " + Integer.toHexString(id));
  }

  /**
   * A guest whose L2 RAM [0, 1 MiB) is mapped, with vCPU {@code vcpu} created, its run buffers
   * registered, NIA at {@code entry}, 64-bit mode and HDEC far away; the program at L2 address entry.
   */
  long readyGuest(int vcpus, long entry, String program) throws Exception {
    long g = guest();
    RadixTreeBuilder tree = new RadixTreeBuilder(memory, 0, TABLES, TABLES + 0x10_0000);
    for (long a = 0; a < L2_RAM_SIZE; a += 0x1_0000) {
      tree.map(a, L2_RAM + a, RadixTreeBuilder.SHIFT_64K, RadixTreeBuilder.LINUX_WRITABLE);
    }
    expectSuccess(set(HcallFlags.H_GUEST_FLAGS_WIDE, g, 0,
        w -> w.putPartitionTable(tree.root(), 52, 0x1_0000).putProcessTable(0, 4096)));
    for (int v = 0; v < vcpus; v++) {
      int vcpu = v;
      expectSuccess(call(r -> new L0Protocol.CreateVcpu(0, g, vcpu, r)));
      expectSuccess(set(0, g, v, w -> w.putBuffer(Gsid.RUN_INPUT, RUN_IN + vcpu * 0x1000L, 0x1000)
          .putBuffer(Gsid.RUN_OUTPUT, RUN_OUT + vcpu * 0x1000L, 0x1000)
          .putBe64(Gsid.NIA, entry).putBe64(Gsid.MSR, 0x8000_0000_0000_0000L)
          .putBe64(Gsid.HDEC_EXPIRY_TB, -1L).putBe64(Gsid.DEC_EXPIRY_TB, -1L)
          .putBe64(Gsid.gpr(3), vcpu)));
    }
    if (program != null) {
      byte[] code = Assembler.assemble(program, "test.s", entry, ByteOrder.BIG_ENDIAN).bytes();
      memory.write(L2_RAM + entry, code, 0, code.length);
    }
    return g;
  }

  static void expectSuccess(HcallResult r) {
    if (!r.isSuccess()) {
      throw new AssertionError("expected H_SUCCESS, got " + r);
    }
  }
}
