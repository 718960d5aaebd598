package org.nestsim.scenario;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.nestsim.gsb.GsbWriter;
import org.nestsim.hcall.HcallFlags;
import org.nestsim.hcall.HcallResult;
import org.nestsim.l0.L0Protocol;
import org.nestsim.l0.L0Protocol.RunResult;
import org.nestsim.l0.L0Protocol.VcpuExited;
import org.nestsim.memory.L1Memory;
import org.nestsim.memory.RadixTreeBuilder;
import org.nestsim.scenario.StepCursor.Awaiting;
import org.nestsim.trace.ExitEvent;
import org.nestsim.trace.HcallEvent;
import org.nestsim.trace.InjectEvent;
import org.nestsim.trace.TraceWriter;

/**
 * Turns a script's steps into what an L1 does: hcall requests (with their GSB written into the L1
 * CPU's area of L1 memory), stores into L1 memory, radix trees, kicks; and checks the answers. Plain
 * logic for the {@link ScriptRunner}, which owns it.
 */
final class StepIssuer {
  /** {@code H_RPT_INVALIDATE} of a whole LPID (spec §7.5): target CMMU, NESTED|TLB|PWC|PAT, all sizes. */
  private static final long RPTI_TARGET_CMMU = 0x1;
  private static final long RPTI_TYPE_ALL_NESTED = 0xF;
  /** {@code H_TLB_INVALIDATE} of a whole LPID: RIC 2, R 1, and RB "invalidate set for LPID". */
  private static final long TLBIE_LPID_FORM = 0x9_0000;
  private static final long TLBIEL_INVAL_SET_LPID = 0x800;
  /** The partition table a {@code map} registers: 52-bit tree, 64 KiB root. */
  private static final int EA_BITS = 52;
  private static final long ROOT_SIZE = 0x1_0000;
  private static final long PAGE = 0x1_0000;

  private final L1Memory memory;
  private final ScriptLayout layout;
  private final Bindings bindings;
  private final Map<Long, RadixTreeBuilder> trees = new HashMap<>();
  private final TraceWriter trace;
  /** The latest L1 timebase the script saw (exits): the time of its trace events. */
  private long time;

  StepIssuer(L1Memory memory, ScriptLayout layout, Bindings bindings, TraceWriter trace) {
    this.memory = memory;
    this.trace = trace;
    this.layout = layout;
    this.bindings = bindings;
  }

  /** Issues the cursor's steps until one waits for an answer or a name, or none is left. */
  void advance(StepCursor c, List<String> failures, String file) {
    while (!c.waiting() && !c.done()) {
      Step step = c.step();
      c.blockedOn = bindings.unbound(operands(step));
      if (c.blockedOn != null) {
        return;
      }
      String problem;
      if (step instanceof HcallStep h) {
        problem = issue(c, h);
      } else if (step instanceof MemoryStep m) {
        problem = write(m);
      } else if (step instanceof MapStep m) {
        problem = map(c, m);
      } else {
        problem = kick(c, (KickStep) step);
      }
      if (problem != null) {
        failures.add(file + ": " + c.label() + ": " + problem);
      }
      if (!c.waiting()) {
        c.index++;
      }
    }
  }

  private static List<Operand> operands(Step step) {
    List<Operand> all = new ArrayList<>();
    if (step instanceof HcallStep h) {
      all.addAll(h.args().values());
      if (h.gsb() instanceof GsbSpec.Values v) {
        v.elements().forEach(e -> all.addAll(e.parts()));
      }
      // Expectations are resolved when the answer comes; a name they use must be bound by then.
      addIfPresent(all, h.expect().r4());
      addIfPresent(all, h.expect().r5());
      h.expect().gsb().forEach(e -> all.addAll(e.parts()));
    } else if (step instanceof MemoryStep m) {
      all.add(m.address());
    } else if (step instanceof MapStep m) {
      all.add(m.guest());
      all.add(m.l2());
      all.add(m.l1());
      all.add(m.size());
      addIfPresent(all, m.table());
    } else if (step instanceof KickStep k) {
      all.add(k.guest());
      all.add(k.vcpu());
    }
    return all;
  }

  private static void addIfPresent(List<Operand> all, Operand o) {
    if (o != null) {
      all.add(o);
    }
  }

  private long arg(HcallStep h, String key, long absent) {
    Operand o = h.args().get(key);
    return o == null ? absent : bindings.value(o);
  }

  // ---- hcall steps ----

  private String issue(StepCursor c, HcallStep h) {
    long flags = arg(h, "flags", 0);
    long guest = arg(h, "guest", 0);
    long vcpu = arg(h, "vcpu", 0);
    if (h.opcode() == 0x478 || h.opcode() == 0x47C) {
      String problem = writeGsb(c, h);
      if (problem != null) {
        return problem;
      }
    }
    ActorRef<HcallResult> replyTo = c.forwarder.narrow();
    int opcode = (h.opcode() >>> 32) != 0 ? -1 : (int) h.opcode();
    L0Protocol.Request request = switch (opcode) {
      case 0x460 -> new L0Protocol.GetCapabilities(flags, replyTo);
      case 0x464 -> new L0Protocol.SetCapabilities(flags, arg(h, "capabilities", 0), replyTo);
      case 0x470 -> new L0Protocol.CreateGuest(flags, arg(h, "token", -1), replyTo);
      case 0x474 -> new L0Protocol.CreateVcpu(flags, guest, vcpu, replyTo);
      case 0x478, 0x47C -> {
        long address = arg(h, "address", c.gsbAddress);
        long size = arg(h, "size", c.gsbSize);
        c.gsbAddress = address;
        c.gsbSize = size;
        yield h.opcode() == 0x478
            ? new L0Protocol.GetState(flags, guest, vcpu, address, size, replyTo)
            : new L0Protocol.SetState(flags, guest, vcpu, address, size, replyTo);
      }
      case 0x480 -> new L0Protocol.RunVcpu(flags, guest, vcpu, c.forwarder.narrow());
      case 0x484 -> new L0Protocol.CopyMemory(flags, guest, vcpu, arg(h, "address", 0), arg(h, "size", 0), 0,
          replyTo);
      case 0x488 -> new L0Protocol.DeleteGuest(flags, guest, replyTo);
      case 0x448 -> new L0Protocol.RptInvalidate(guest, RPTI_TARGET_CMMU, arg(h, "flags", RPTI_TYPE_ALL_NESTED),
          -1, arg(h, "address", 0), arg(h, "size", -1), replyTo);
      case 0xF808 -> new L0Protocol.TlbInvalidate(arg(h, "flags", TLBIE_LPID_FORM), guest,
          arg(h, "address", TLBIEL_INVAL_SET_LPID), replyTo);
      default -> new L0Protocol.OtherHcall(h.opcode(), replyTo);
    };
    c.awaiting = Awaiting.STEP;
    send(c, request);
    return null;
  }

  /** Writes the step's GSB into the cursor's area; its address and used length become the defaults. */
  private String writeGsb(StepCursor c, HcallStep h) {
    c.gsbAddress = layout.gsbArea(c.number);
    c.gsbSize = 0;
    if (h.gsb() == null) {
      return null;
    }
    byte[] bytes = ScriptGsb.encode(h.gsb(), bindings);
    if (bytes.length > ScriptLayout.GSB_AREA) {
      return "gsb: " + bytes.length + " bytes, more than the runner's " + ScriptLayout.GSB_AREA + "-byte area";
    }
    memory.write(c.gsbAddress, bytes, 0, bytes.length);
    c.gsbSize = bytes.length;
    return null;
  }

  /** The last answer, as a transcript line's tail: {@code H_SUCCESS r4=0xc00 exit=HCALL time=1000}. */
  String lastOutcome;

  private static String outcome(HcallResult r, Object answer) {
    StringBuilder s = new StringBuilder(StepCheck.rcName(r.rc()));
    s.append(" r4=").append(StepCheck.hex(r.r4())).append(" r5=").append(StepCheck.hex(r.r5()));
    if (answer instanceof VcpuExited exit) {
      s.append(" exit=").append(StepCheck.exitName(exit.vector())).append(" time=").append(exit.time())
          .append(" output=").append(exit.output().toHex());
    }
    return s.toString();
  }

  /** Sends an hcall from the cursor's L1 CPU, remembering its registers for the trace. */
  private void send(StepCursor c, L0Protocol.Request request) {
    c.sent = request;
    c.forwarder.tell(new ScriptRunner.Send(request));
  }

  /** The trace events of an answer: the hcall with its registers and result, and a run's exit. */
  private void traceAnswer(StepCursor c, Object answer, HcallResult result) {
    if (answer instanceof VcpuExited exit) {
      time = Math.max(time, exit.time());
    }
    if (trace == null) {
      return;
    }
    long[] r = TracedRegisters.of(c.sent);
    trace.write(HcallEvent.of(time, c.name == null ? "script" : c.name, ((L0Protocol.HcallRequest) c.sent).opcode(),
        r[0], r[1], r[2], r[3], r[4], result));
    if (answer instanceof VcpuExited exit) {
      trace.write(new ExitEvent(exit.time(), exit.guest().value(), exit.vcpu().value(), exit.vector(),
          exit.instructions(), ExitEvent.hex(exit.output().toByteArray())));
    }
  }

  /** Checks an answer against the step (or the map's own hcall) and moves the cursor on. */
  List<String> answered(StepCursor c, Object answer, Map<String, Long> exits) {
    Awaiting awaiting = c.awaiting;
    c.awaiting = Awaiting.NOTHING;
    if (awaiting == Awaiting.KICK_SENT) {
      lastOutcome = "sent";
      if (trace != null) {
        L0Protocol.Kick k = (L0Protocol.Kick) c.sent;
        trace.write(new InjectEvent(time, "kick", Long.toString(k.guest()), k.vcpu(), "kick"));
      }
      c.index++;
      return List.of();
    }
    HcallResult result = answer instanceof RunResult run ? run.result() : (HcallResult) answer;
    traceAnswer(c, answer, result);
    lastOutcome = outcome(result, answer);
    List<String> problems = new ArrayList<>();
    switch (awaiting) {
      case STEP -> problems.addAll(checkStep(c, (HcallStep) c.step(), answer, result, exits));
      case MAP_REGISTRATION -> {
        if (!result.isSuccess()) {
          problems.add("registering the partition table (H_GUEST_SET_STATE): wanted H_SUCCESS, got "
              + ScriptRunner.describe(result));
        }
      }
      case MAP_INVALIDATION, NOTHING, KICK_SENT -> { }
    }
    c.index++;
    return problems;
  }

  private List<String> checkStep(StepCursor c, HcallStep h, Object answer, HcallResult result,
      Map<String, Long> exits) {
    long vector = -1;
    byte[] returned = null;
    if (answer instanceof VcpuExited exit) {
      vector = exit.vector();
      returned = exit.output().toByteArray();
      exits.merge(StepCheck.exitName(vector), 1L, Long::sum);
      // This L1 CPU is done with the vCPU: it no longer holds the simulated clock.
      c.forwarder.tell(new ScriptRunner.Send(new L0Protocol.Release(exit.guest().value(), exit.vcpu().value())));
    } else if (h.opcode() == 0x478 && result.isSuccess() && c.gsbSize > 0 && c.gsbSize <= (1 << 20)) {
      returned = new byte[(int) c.gsbSize];
      memory.read(c.gsbAddress, returned, 0, returned.length);
    }
    List<String> problems = StepCheck.check(h.expect(), result, vector, returned, bindings);
    h.save().forEach((register, name) -> bindings.bind(name, register.equals("r4") ? result.r4() : result.r5()));
    return problems;
  }

  // ---- memory, map, kick ----

  private String write(MemoryStep m) {
    long address = bindings.value(m.address());
    byte[] bytes = m.bytes();
    if (!memory.contains(address, bytes.length)) {
      return "memory: [0x" + Long.toHexString(address) + ", +" + bytes.length + ") is outside L1 memory (0x"
          + Long.toHexString(memory.size()) + " bytes)";
    }
    memory.write(address, bytes, 0, bytes.length);
    return null;
  }


  private String map(StepCursor c, MapStep m) {
    long guest = bindings.value(m.guest());
    long l2 = bindings.value(m.l2());
    long l1 = bindings.value(m.l1());
    long size = bindings.value(m.size());
    if (((l2 | l1 | size) & (PAGE - 1)) != 0) {
      return "map: l2, l1 and size must be multiples of 64 KiB (the tree maps 64 KiB pages)";
    }
    if (!memory.contains(l1, size)) {
      return "map: L1 range [0x" + Long.toHexString(l1) + ", +0x" + Long.toHexString(size)
          + ") is outside L1 memory";
    }
    RadixTreeBuilder tree = trees.get(guest);
    boolean first = tree == null;
    if (first) {
      long pool = m.table() != null ? bindings.value(m.table()) : layout.nextTreePool();
      if (pool < 0 || !memory.contains(pool, ScriptLayout.TREE_POOL) || (pool & (ROOT_SIZE - 1)) != 0) {
        return "map: no room for the radix tree in L1 memory (table must be 64 KiB aligned, with 1 MiB free)";
      }
      tree = new RadixTreeBuilder(memory, 0, pool, pool + ScriptLayout.TREE_POOL);
      trees.put(guest, tree);
    }
    boolean changed = false;
    try {
      for (long offset = 0; Long.compareUnsigned(offset, size) < 0; offset += PAGE) {
        tree.map(l2 + offset, l1 + offset, RadixTreeBuilder.SHIFT_64K, RadixTreeBuilder.LINUX_WRITABLE);
        changed |= tree.changedExisting();
      }
    } catch (RuntimeException e) {
      return "map: " + e.getMessage();
    }
    if (first) {
      registerTree(c, guest, tree);
    } else if (changed) {
      c.awaiting = Awaiting.MAP_INVALIDATION;
      send(c, new L0Protocol.RptInvalidate(guest, RPTI_TARGET_CMMU, RPTI_TYPE_ALL_NESTED, -1, 0, -1,
          c.forwarder.narrow()));
    }
    return null;
  }

  /** The guest-wide SET a first {@code map} sends, as Linux does for a guest without a process table. */
  private void registerTree(StepCursor c, long guest, RadixTreeBuilder tree) {
    ByteBuffer b = ByteBuffer.allocate(64);
    GsbWriter w = new GsbWriter().wrap(b, 0, 64);
    w.putPartitionTable(tree.root(), EA_BITS, ROOT_SIZE).putProcessTable(0, 4096);
    long address = layout.gsbArea(c.number);
    memory.write(address, b.array(), 0, w.length());
    c.awaiting = Awaiting.MAP_REGISTRATION;
    send(c, new L0Protocol.SetState(HcallFlags.H_GUEST_FLAGS_WIDE, guest, 0, address, w.length(),
        c.forwarder.narrow()));
  }

  /**
   * A kick targets the run in progress when it is sent (scenario-format.md): the step is done once the
   * L1 CPU has sent it, so that no later step of any thread overtakes it on the way to the L0.
   */
  private String kick(StepCursor c, KickStep k) {
    c.awaiting = Awaiting.KICK_SENT;
    c.sent = new L0Protocol.Kick(bindings.value(k.guest()), bindings.value(k.vcpu()));
    c.forwarder.tell(new ScriptRunner.Send(c.sent, true));
    return null;
  }
}
