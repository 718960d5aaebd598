package org.nestsim.l1;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.nestsim.gsb.GsbWriter;
import org.nestsim.gsb.Gsid;
import org.nestsim.hcall.Capability;
import org.nestsim.hcall.HcallFlags;
import org.nestsim.hcall.HcallResult;
import org.nestsim.hcall.ReturnCode;
import org.nestsim.l0.L0Protocol;
import org.nestsim.memory.RadixTreeBuilder;

/**
 * The boot of the KVM-like L1 (spec §7.1), one hcall at a time on behalf of the {@link KvmL1}: capability
 * negotiation, then per guest {@code H_GUEST_CREATE} (following continue tokens), the partition-scoped
 * tree registered with {@code 0x0005}/{@code 0x0006} and the logical PVR, {@code H_GUEST_CREATE_VCPU} of
 * vCPU 0 and the output buffer's size from {@code 0x0002}; then the guest's manager and runners, each of
 * which creates its vCPU (but 0) and registers its run buffers and VPA itself, all at once, while the
 * boot goes on to the next guest ({@link VcpuRunner.Start}). A guest whose boot fails — here, or in a
 * runner's set-up ({@link KvmL1.BootRefused}) — is noted, what the L0 created of it is deleted, and it
 * is skipped ({@link GuestRun#refused}).
 */
final class GuestBoot {
  /** Bytes of a guest's tree pool: the 64 KiB root, then directories for its memory in 64 KiB pages. */
  private static final long ROOT_SIZE = 0x1_0000;
  /**
   * Bytes of a VPA. A guest's VPAs are one block, apart from the run buffers: neither this L1 nor the L0
   * writes a VPA, so the block's pages are never touched and {@code SparseMemory} never backs them
   * (interleaved with the run buffers, each cost a kilobyte and its alignment hole per vCPU).
   */
  private static final long VPA_SIZE = 1024;

  private final KvmL1 host;
  private final long gsb;
  private int index;
  /** The index after the last guest to boot. */
  private int last;
  private long outputSize;
  /** The current guest's VPAs, one block of {@link #VPA_SIZE} bytes per vCPU. */

  /** A boot of the guests from index {@code first} on. */
  GuestBoot(KvmL1 host, int first) {
    this.host = host;
    this.index = first;
    this.last = host.guests.size();
    this.gsb = host.allocator.allocate(4096, 4096);
  }

  /** Boots the one guest at the first index again (the capabilities stay negotiated), then finishes. */
  void bootOne() {
    last = index + 1;
    bootNext();
  }

  /** Negotiates the capabilities the guests need, then boots every guest. */
  void negotiate() {
    long wanted = 0;
    for (GuestRun g : host.guests) {
      wanted |= Capability.ofLogicalPvr(g.plan.logicalPvr()).map(Capability::mask).orElse(0L);
    }
    long want = wanted;
    call(r -> new L0Protocol.GetCapabilities(0, r), 0x460, 0, 0, r -> {
      long caps = r.r4() & want;
      if (!r.isSuccess() || caps == 0) {
        host.note("boot: the L0 offers none of the modes the guests need (H_GUEST_GET_CAPABILITIES answered "
            + ReturnCode.describe(r.rc()) + ", 0x" + Long.toHexString(r.r4()) + ")");
        host.finished();
        return;
      }
      call(a -> new L0Protocol.SetCapabilities(0, caps, a), 0x464, 0, caps, s -> {
        if (s.rc() == ReturnCode.H_STATE.value()) {
          host.note("boot: H_GUEST_SET_CAPABILITIES answered H_STATE (already negotiated since the L0's "
              + "reset, as QEMU does after a kexec): carrying on with the modes negotiated before");
        } else if (!s.isSuccess()) {
          host.note("boot: H_GUEST_SET_CAPABILITIES answered " + ReturnCode.describe(s.rc()));
          host.finished();
          return;
        }
        bootNext();
      });
    });
  }

  private GuestRun guest() {
    return host.guests.get(index);
  }

  private void bootNext() {
    if (index == last) {
      host.finished();
      return;
    }
    guest().reset();
    create(-1);
  }

  private void failed(String what, HcallResult r) {
    GuestRun g = guest();
    host.note("boot of " + g.plan.name() + ": " + what + " answered " + ReturnCode.describe(r.rc()));
    g.refused = true;
    Runnable next = () -> {
      index++;
      bootNext();
    };
    if (g.id == 0) {
      next.run();
    } else {
      new GuestLifecycle(host).discard(g, next);
    }
  }

  private void create(long token) {
    call(r -> new L0Protocol.CreateGuest(0, token, r), 0x470, 0, token, r -> {
      if (ReturnCode.isBusy(r.rc())) {
        create(r.r4());
      } else if (r.isSuccess()) {
        guest().id = r.r4();
        tables();
      } else {
        failed("H_GUEST_CREATE", r);
      }
    });
  }

  private void tables() {
    GuestRun g = guest();
    long pool = host.allocator.allocate(treeBytes(g.plan.memory()), ROOT_SIZE);
    g.tree = new RadixTreeBuilder(host.memory, 0, pool, pool + treeBytes(g.plan.memory()));
    int length = write(w -> w.putPartitionTable(g.tree.root(), 52, ROOT_SIZE).putProcessTable(0, 4096)
        .putBe32(Gsid.LOGICAL_PVR, (int) g.plan.logicalPvr()));
    setState(HcallFlags.H_GUEST_FLAGS_WIDE, 0, length, r -> {
      if (r.isSuccess()) {
        vcpu0();
      } else {
        failed("H_GUEST_SET_STATE of the partition table", r);
      }
    });
  }

  /** The tree of {@code memory} bytes of 64 KiB pages: root, a 4 KiB directory per 512 GiB and per 1 GiB, 256 bytes per 2 MiB. */
  private static long treeBytes(long memory) {
    long gib = (memory >>> 30) + 1;
    long twoMib = (memory >>> 21) + 1;
    return ROOT_SIZE + 4096 * (1 + gib) + 256 * twoMib + 0x1_0000;
  }

  /**
   * Creates vCPU 0 here — the output buffer's minimum size is read through it — and leaves the others to
   * their runners, which create them and register their buffers all at once ({@link VcpuRunner.Start}).
   */
  private void vcpu0() {
    GuestRun g = guest();
    call(r -> new L0Protocol.CreateVcpu(0, g.id, 0, r), 0x474, g.id, 0, r -> {
      if (ReturnCode.isBusy(r.rc())) {
        vcpu0();
      } else if (r.isSuccess()) {
        outputMinimum();
      } else {
        failed("H_GUEST_CREATE_VCPU 0", r);
      }
    });
  }

  private void outputMinimum() {
    int length = write(w -> w.putBe64(Gsid.RUN_OUTPUT_MIN_SIZE, 0));
    GuestRun g = guest();
    call(r -> new L0Protocol.GetState(HcallFlags.H_GUEST_FLAGS_WIDE, g.id, 0, gsb, length, r), 0x478,
        HcallFlags.H_GUEST_FLAGS_WIDE, g.id, r -> {
          if (!r.isSuccess()) {
            failed("H_GUEST_GET_STATE of RUN_OUTPUT_MIN_SIZE", r);
            return;
          }
          outputSize = Math.max(0x80, host.memory.readLong(gsb + 8));
          spawn();
        });
  }

  /**
   * Allocates every vCPU's run buffers and VPA (one block per guest: nothing writes a VPA, so it costs
   * no page), spawns the guest's manager and runners, and starts them: each sets its vCPU up.
   */
  private void spawn() {
    GuestRun g = guest();
    int n = g.plan.vcpus();
    long vpas = host.vpaRefused ? 0 : host.allocator.allocate(VPA_SIZE * n, VPA_SIZE);
    g.manager = host.spawnGuestManager(g, g.incarnation);
    List<ActorRef<VcpuRunner.Command>> runners = new ArrayList<>();
    List<VcpuRunner.Start> starts = new ArrayList<>();
    RunnerContext rc = new RunnerContext(g.plan, g.id, host.l0, host.clock, host.getContext().getSelf(), g.manager,
        host.memory, host.plan.seed(), host.traced(), host.plan.bug(), host.plan.oracle(), host.plan.runFlags(),
        host.monitor());
    for (int v = 0; v < n; v++) {
      long input = host.allocator.allocate(VcpuBuffers.INPUT_SIZE, 128);
      long output = host.allocator.allocate(outputSize, 128);
      runners.add(host.spawnRunner(rc, v, input, g.incarnation));
      starts.add(new VcpuRunner.Start(host.time, v != 0, output, (int) outputSize, vpas == 0 ? 0 : vpas + VPA_SIZE * v));
    }
    g.runners.addAll(runners);
    g.manager.tell(new GuestManager.SetRunners(List.copyOf(runners)));
    g.booted = true;
    host.startRunners(g, starts);
    index++;
    bootNext();
  }

  private int write(Consumer<GsbWriter> elements) {
    ByteBuffer b = ByteBuffer.allocate(256);
    GsbWriter w = new GsbWriter().wrap(b, 0, 256);
    elements.accept(w);
    host.memory.write(gsb, b.array(), 0, w.length());
    return w.length();
  }

  private void setState(long flags, int vcpu, int length, Consumer<HcallResult> then) {
    long id = guest().id;
    call(r -> new L0Protocol.SetState(flags, id, vcpu, gsb, length, r), 0x47C, flags, id, then);
  }

  /** Issues one hcall of the boot; once the run is ending ({@link KvmL1#ending()}), its answer stops the boot. */
  private void call(Function<ActorRef<HcallResult>, L0Protocol.Request> request, long opcode, long r4, long r5,
      Consumer<HcallResult> then) {
    host.call(request, opcode, r4, r5, r -> {
      if (host.ending()) {
        stop();
      } else {
        then.accept(r);
      }
    });
  }

  /**
   * A limit (or an end requested from outside) came during the boot: the guest being booted, whose
   * runners have not started, and the guests after it are left unbooted, so that the run ends one hcall
   * later rather than a guest's boot later.
   */
  private void stop() {
    List<GuestRun> left = host.guests.subList(index, last); // a recreate boots one guest, not those after it
    host.notBooted.addAll(left);
    host.note("the run ended during boot: " + left.size() + " guest(s) not booted");
    host.finished();
  }
}
