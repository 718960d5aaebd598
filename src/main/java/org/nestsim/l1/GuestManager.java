package org.nestsim.l1;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.nestsim.memory.L1Memory;
import org.nestsim.memory.RadixTreeBuilder;

/**
 * What the L1 keeps per L2 guest, shared by the guest's vCPUs and so owned by one actor: the
 * partition-scoped radix tree and the pages backing L2 memory (mapped on first touch, spec §7.5), the
 * program image, the MMIO devices, the console (output and pending input), and the way to another
 * vCPU of the guest ({@code H_PROD}).
 */
final class GuestManager extends AbstractBehavior<GuestManager.Command> {
  /** L2 pages are 64 KiB, as Linux maps them. */
  static final long PAGE = 0x1_0000;

  sealed interface Command permits Resolve, ReadWord, DeviceAccess, ConsoleWrite, ConsoleRead, Prod, SetRunners,
      Report {}

  /** Resolve the partition-scoped fault at {@code gpa}. */
  record Resolve(long gpa, boolean fetch, ActorRef<Resolution> replyTo) implements Command {}

  /** How a fault was resolved. */
  enum Resolution { MAPPED, DEVICE, OUTSIDE }

  /** Read the instruction word at L2 real address {@code gpa} (big-endian bytes as an int). */
  record ReadWord(long gpa, ActorRef<WordRead> replyTo) implements Command {}

  /** The word read, or {@code ok} false when the address is not mapped. */
  record WordRead(boolean ok, int word) {}

  /** A load from or a store to the device at {@code address}; answers the value loaded (or stored). */
  record DeviceAccess(long address, boolean store, long value, ActorRef<Long> replyTo) implements Command {}

  /** Bytes written with {@code H_PUT_TERM_CHAR}: {@code length} bytes of {@code hi}, {@code lo}, first byte in the top byte of {@code hi}. */
  record ConsoleWrite(long time, int length, long hi, long lo) implements Command {}

  /** {@code H_GET_TERM_CHAR}: up to 16 bytes of pending input. */
  record ConsoleRead(ActorRef<ConsoleBytes> replyTo) implements Command {}

  /** Console bytes packed as in {@link ConsoleWrite}. */
  record ConsoleBytes(int length, long hi, long lo) {}

  /** {@code H_PROD} of vCPU {@code vcpu} of this guest (the prodder checked the id). */
  record Prod(int vcpu) implements Command {}

  /** The guest's vCPU runners, by vCPU id. */
  record SetRunners(List<ActorRef<VcpuRunner.Command>> runners) implements Command {}

  /** What the guest printed. */
  record Report(ActorRef<GuestReport> replyTo) implements Command {}

  /** A guest's console output. */
  record GuestReport(String guest, String console) {}

  private final GuestPlan plan;
  private final L1Memory memory;
  private final L1Allocator allocator;
  private final RadixTreeBuilder tree;
  private final ActorRef<KvmL1.Command> host;
  private final Map<Long, Long> backing = new HashMap<>();
  private final long[] counters;
  private final ByteArrayOutputStream console = new ByteArrayOutputStream();
  private int inputRead;
  private List<ActorRef<VcpuRunner.Command>> runners = List.of();

  private GuestManager(ActorContext<Command> context, GuestPlan plan, L1Memory memory, L1Allocator allocator,
      RadixTreeBuilder tree, ActorRef<KvmL1.Command> host) {
    super(context);
    this.plan = plan;
    this.memory = memory;
    this.allocator = allocator;
    this.tree = tree;
    this.host = host;
    this.counters = new long[plan.devices().size()];
  }

  static Behavior<Command> create(GuestPlan plan, L1Memory memory, L1Allocator allocator, RadixTreeBuilder tree,
      ActorRef<KvmL1.Command> host) {
    return Behaviors.setup(context -> new GuestManager(context, plan, memory, allocator, tree, host));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Resolve.class, this::onResolve)
        .onMessage(ReadWord.class, this::onReadWord)
        .onMessage(DeviceAccess.class, this::onDeviceAccess)
        .onMessage(ConsoleWrite.class, this::onConsoleWrite)
        .onMessage(ConsoleRead.class, this::onConsoleRead)
        .onMessage(Prod.class, p -> {
          runners.get(p.vcpu()).tell(VcpuRunner.Prodded.INSTANCE);
          return this;
        })
        .onMessage(SetRunners.class, r -> {
          runners = r.runners();
          return this;
        })
        .onMessage(Report.class, r -> {
          r.replyTo().tell(new GuestReport(plan.name(), console.toString(StandardCharsets.UTF_8)));
          return this;
        })
        .build();
  }

  private int device(long address) {
    for (int d = 0; d < plan.devices().size(); d++) {
      if (plan.devices().get(d).contains(address)) {
        return d;
      }
    }
    return -1;
  }

  private Behavior<Command> onResolve(Resolve r) {
    long gpa = r.gpa();
    if (!r.fetch() && device(gpa) >= 0) {
      r.replyTo().tell(Resolution.DEVICE);
    } else if (Long.compareUnsigned(gpa, plan.memory()) >= 0) {
      r.replyTo().tell(Resolution.OUTSIDE);
    } else {
      map(gpa & -PAGE);
      r.replyTo().tell(Resolution.MAPPED);
    }
    return this;
  }

  /** Backs the 64 KiB page at {@code page} with L1 memory holding the image's bytes, and maps it. */
  private long map(long page) {
    Long l1 = backing.get(page);
    if (l1 != null) {
      return l1;
    }
    long at = allocator.allocate(PAGE, PAGE);
    byte[] image = plan.image();
    if (page < image.length) {
      int length = (int) Math.min(PAGE, image.length - page);
      memory.write(at, image, (int) page, length);
    }
    tree.map(page, at, RadixTreeBuilder.SHIFT_64K, RadixTreeBuilder.LINUX_WRITABLE);
    backing.put(page, at);
    return at;
  }

  private Behavior<Command> onReadWord(ReadWord r) {
    Long l1 = backing.get(r.gpa() & -PAGE);
    if (l1 == null) {
      r.replyTo().tell(new WordRead(false, 0));
    } else {
      r.replyTo().tell(new WordRead(true, memory.readInt(l1 + (r.gpa() & (PAGE - 1)))));
    }
    return this;
  }

  private Behavior<Command> onDeviceAccess(DeviceAccess a) {
    int d = device(a.address());
    if (a.store()) {
      counters[d] = a.value();
      a.replyTo().tell(a.value());
    } else {
      a.replyTo().tell(counters[d]++);
    }
    return this;
  }

  private Behavior<Command> onConsoleWrite(ConsoleWrite w) {
    byte[] bytes = ConsoleBytesCodec.unpack(w.length(), w.hi(), w.lo());
    console.write(bytes, 0, bytes.length);
    host.tell(new KvmL1.Printed(w.time(), plan.name(), new String(bytes, StandardCharsets.UTF_8)));
    return this;
  }

  private Behavior<Command> onConsoleRead(ConsoleRead r) {
    byte[] input = plan.consoleInput();
    int length = Math.min(16, input.length - inputRead);
    byte[] bytes = new byte[length];
    System.arraycopy(input, inputRead, bytes, 0, length);
    inputRead += length;
    long[] packed = ConsoleBytesCodec.pack(bytes);
    r.replyTo().tell(new ConsoleBytes(length, packed[0], packed[1]));
    return this;
  }
}
