package org.nestsim.l0;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.nestsim.cpu.asm.Assembler;
import org.nestsim.gsb.GsbReader;
import org.nestsim.gsb.GsbWriter;
import org.nestsim.gsb.Gsid;
import org.nestsim.hcall.HcallFlags;
import org.nestsim.hcall.HcallResult;
import org.nestsim.hcall.ReturnCode;
import org.nestsim.l0.L0Protocol.RunResult;
import org.nestsim.l0.L0Protocol.VcpuExited;
import org.nestsim.memory.RadixTreeBuilder;
import org.nestsim.memory.SparseMemory;
import org.nestsim.sched.Clock;

/**
 * One L0 (supervisor and clock) over a 64 MiB L1 memory, with the steps an L1 takes as blocking calls
 * through test probes, so that a test reads like the L1 it plays. Every call asserts that exactly one
 * answer arrives.
 *
 * <p>A vCPU that exited holds the simulated clock until it is {@linkplain #release released} (see
 * {@link L0Protocol.Release}); {@link #exit} runs and releases in one step.
 */
final class L0Rig {
  static final Duration TIMEOUT = Duration.ofSeconds(10);
  /** Where the GSB of a GET/SET is written. */
  static final long GSB = 0x10_0000;
  /** Run input buffers, one page per vCPU id. */
  static final long RUN_IN = 0x20_0000;
  /** Run output buffers, one page per vCPU id. */
  static final long RUN_OUT = 0x21_0000;
  static final long TABLES = 0x100_0000;
  /** L1 real address of L2 real address 0. */
  static final long L2_RAM = 0x200_0000;
  static final long L2_RAM_SIZE = 0x10_0000;
  /** MSR[SF]: 64-bit mode, relocation off. */
  static final long MSR_SF = 0x8000_0000_0000_0000L;
  /**
   * A decrementer expiry far away that still reads as a positive 32-bit DEC (LPCR[LD]=0): all ones
   * would read as negative and raise a decrementer interrupt as soon as MSR[EE]=1 (spec §10.6.3).
   */
  static final long DEC_FAR = 0x7000_0000L;
  /** MSR[EE]. */
  static final long MSR_EE = 0x8000L;

  final ActorTestKit kit;
  final L0Config config;
  final SparseMemory memory = new SparseMemory(64L << 20);
  final ActorRef<Clock.Command> clock;
  final ActorRef<L0Protocol.Command> l0;
  final TestProbe<HcallResult> results;
  final TestProbe<RunResult> runs;
  private boolean negotiated;

  L0Rig(ActorTestKit kit, L0Config config) {
    this.kit = kit;
    this.config = config;
    this.clock = kit.spawn(Clock.create(config.quantumTicks()));
    this.l0 = kit.spawn(L0Supervisor.create(config, memory, clock));
    this.results = kit.createTestProbe();
    this.runs = kit.createTestProbe();
  }

  L0Rig(ActorTestKit kit, Profile profile) {
    this(kit, L0Config.DEFAULT.withProfile(profile));
  }

  // ---- hcalls ----

  HcallResult call(Function<ActorRef<HcallResult>, L0Protocol.Request> request) {
    l0.tell(request.apply(results.getRef()));
    return results.receiveMessage(TIMEOUT);
  }

  RunResult run(long flags, long guest, long vcpu) {
    l0.tell(new L0Protocol.RunVcpu(flags, guest, vcpu, runs.getRef()));
    return runs.receiveMessage(TIMEOUT);
  }

  /** Sends a RunVcpu whose answer goes to {@code probe}; does not wait. */
  void startRun(long guest, long vcpu, TestProbe<RunResult> probe) {
    l0.tell(new L0Protocol.RunVcpu(0, guest, vcpu, probe.getRef()));
  }

  /** Runs, expects an exit, and releases the vCPU's hold on the clock. */
  VcpuExited exit(long flags, long guest, long vcpu) {
    VcpuExited e = assertInstanceOf(VcpuExited.class, run(flags, guest, vcpu));
    release(guest, vcpu);
    return e;
  }

  /** The L1 handled the exit: the vCPU no longer holds the simulated clock. */
  void release(long guest, long vcpu) {
    l0.tell(new L0Protocol.Release(guest, vcpu));
  }

  void kick(long guest, long vcpu) {
    l0.tell(new L0Protocol.Kick(guest, vcpu));
  }

  HcallResult negotiate() {
    HcallResult caps = call(r -> new L0Protocol.GetCapabilities(0, r));
    return call(r -> new L0Protocol.SetCapabilities(0, caps.r4(), r));
  }

  HcallResult create() {
    return call(r -> new L0Protocol.CreateGuest(0, HcallFlags.H_GUEST_CREATE_FIRST_TOKEN, r));
  }

  HcallResult createVcpu(long guest, long vcpu) {
    return call(r -> new L0Protocol.CreateVcpu(0, guest, vcpu, r));
  }

  HcallResult delete(long flags, long guest) {
    return call(r -> new L0Protocol.DeleteGuest(flags, guest, r));
  }

  /** Capabilities negotiated (once per rig), one guest created; its id. */
  long guest() {
    if (!negotiated) {
      expectSuccess(negotiate());
      negotiated = true;
    }
    HcallResult created = create();
    expectSuccess(created);
    return created.r4();
  }

  // ---- buffers ----

  /** Writes a GSB at {@code address}; returns its length. */
  int gsbAt(long address, Consumer<GsbWriter> elements) {
    ByteBuffer b = ByteBuffer.allocate(4096);
    GsbWriter w = new GsbWriter().wrap(b, 0, 4096);
    elements.accept(w);
    memory.write(address, b.array(), 0, w.length());
    return w.length();
  }

  /** Writes a GSB at {@link #GSB}; returns its length. */
  int gsb(Consumer<GsbWriter> elements) {
    return gsbAt(GSB, elements);
  }

  /** Writes the run input buffer of vCPU {@code vcpu} (as {@link #readyGuest} registered it). */
  int input(long vcpu, Consumer<GsbWriter> elements) {
    return gsbAt(RUN_IN + vcpu * 0x1000, elements);
  }

  HcallResult set(long flags, long guest, long vcpu, Consumer<GsbWriter> elements) {
    int length = gsb(elements);
    return call(r -> new L0Protocol.SetState(flags, guest, vcpu, GSB, length, r));
  }

  HcallResult get(long flags, long guest, long vcpu, Consumer<GsbWriter> elements) {
    int length = gsb(elements);
    return call(r -> new L0Protocol.GetState(flags, guest, vcpu, GSB, length, r));
  }

  /** GETs one register of a vCPU; fails unless the GET succeeds. */
  long register(long guest, long vcpu, int id) {
    expectSuccess(get(0, guest, vcpu, w -> w.putRegister(id, 0)));
    return got(id);
  }

  /** The register value of element {@code id} in the GSB at {@link #GSB} (after a GET). */
  long got(int id) {
    GsbReader reader = reader(GSB);
    while (reader.next()) {
      if (reader.id() == id) {
        return reader.register();
      }
    }
    throw new AssertionError("no element " + Integer.toHexString(id));
  }

  /** Doubleword {@code n} of the value of element {@code id} in the GSB at {@link #GSB}. */
  long gotDoubleword(int id, int n) {
    GsbReader reader = reader(GSB);
    while (reader.next()) {
      if (reader.id() == id) {
        return reader.be64(n);
      }
    }
    throw new AssertionError("no element " + Integer.toHexString(id));
  }

  private GsbReader reader(long address) {
    return new GsbReader().wrap(ByteBuffer.wrap(bytes(address, 4096)), 0, 4096);
  }

  byte[] bytes(long address, int length) {
    byte[] bytes = new byte[length];
    memory.read(address, bytes, 0, length);
    return bytes;
  }

  // ---- guests ready to run ----

  /** Maps L2 RAM [0, 1 MiB) and sets the partition and process tables of {@code guest}. */
  void tables(long guest) {
    RadixTreeBuilder tree = new RadixTreeBuilder(memory, 0, TABLES, TABLES + 0x10_0000);
    for (long a = 0; a < L2_RAM_SIZE; a += 0x1_0000) {
      tree.map(a, L2_RAM + a, RadixTreeBuilder.SHIFT_64K, RadixTreeBuilder.LINUX_WRITABLE);
    }
    expectSuccess(set(HcallFlags.H_GUEST_FLAGS_WIDE, guest, 0,
        w -> w.putPartitionTable(tree.root(), 52, 0x1_0000).putProcessTable(0, 4096)));
  }

  /** Registers the run buffers of vCPU {@code vcpu}. */
  void runBuffers(long guest, long vcpu) {
    expectSuccess(set(0, guest, vcpu, w -> w.putBuffer(Gsid.RUN_INPUT, RUN_IN + vcpu * 0x1000L, 0x1000)
        .putBuffer(Gsid.RUN_OUTPUT, RUN_OUT + vcpu * 0x1000L, 0x1000)));
  }

  /**
   * A guest whose L2 RAM [0, 1 MiB) is mapped, with vCPUs 0…vcpus−1 created, their run buffers
   * registered, NIA at {@code entry}, 64-bit mode and HDEC far away; the program at L2 address entry.
   */
  long readyGuest(int vcpus, long entry, String program) throws Exception {
    long g = guest();
    tables(g);
    for (int v = 0; v < vcpus; v++) {
      int vcpu = v;
      expectSuccess(createVcpu(g, vcpu));
      runBuffers(g, vcpu);
      expectSuccess(set(0, g, v, w -> w.putBe64(Gsid.NIA, entry).putBe64(Gsid.MSR, MSR_SF)
          .putBe64(Gsid.HDEC_EXPIRY_TB, -1L).putBe64(Gsid.DEC_EXPIRY_TB, DEC_FAR)
          .putBe64(Gsid.gpr(3), vcpu)));
    }
    if (program != null) {
      load(entry, program);
    }
    return g;
  }

  /** Assembles {@code program} at L2 real address {@code origin} into L2 RAM. */
  void load(long origin, String program) throws Exception {
    byte[] code = Assembler.assemble(program, "test.s", origin, ByteOrder.BIG_ENDIAN).bytes();
    memory.write(L2_RAM + origin, code, 0, code.length);
  }

  // ---- assertions ----

  static void expectSuccess(HcallResult r) {
    if (!r.isSuccess()) {
      throw new AssertionError("expected H_SUCCESS, got " + r);
    }
  }

  /** Exactly this R3, R4 and R5. */
  static void expect(ReturnCode rc, long r4, long r5, HcallResult actual) {
    assertEquals(HcallResult.of(rc, r4, r5), actual);
  }

  /** Exactly this R3, with R4 and R5 0. */
  static void expect(ReturnCode rc, HcallResult actual) {
    expect(rc, 0, 0, actual);
  }

  /** The spec profile's answer or the qemu profile's. */
  static ReturnCode per(Profile p, ReturnCode spec, ReturnCode qemu) {
    return p == Profile.SPEC ? spec : qemu;
  }

  /** A run refused with exactly this answer. */
  static void expectRunFailed(ReturnCode rc, long r4, RunResult actual) {
    L0Protocol.RunFailed f = assertInstanceOf(L0Protocol.RunFailed.class, actual);
    assertEquals(HcallResult.of(rc, r4, 0), f.result());
  }
}
