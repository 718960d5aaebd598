package org.nestsim.l0;

import java.nio.ByteBuffer;
import org.nestsim.cpu.VcpuState;
import org.nestsim.gsb.GsbCatalog;
import org.nestsim.gsb.GsbElement;
import org.nestsim.gsb.GsbFormatException;
import org.nestsim.gsb.GsbLayout;
import org.nestsim.gsb.GsbReader;
import org.nestsim.gsb.GsbRequest;
import org.nestsim.gsb.GsbValidator;
import org.nestsim.gsb.QemuSupport;
import org.nestsim.gsb.Gsid;
import org.nestsim.gsb.Scope;
import org.nestsim.hcall.HcallResult;
import org.nestsim.hcall.ReturnCode;

/**
 * The buffer half of {@code H_GUEST_GET_STATE}, {@code H_GUEST_SET_STATE} and the {@code
 * H_GUEST_RUN_VCPU} input buffer (spec §2.7 steps 5–6, §2.8 step 5): validate the whole buffer, then
 * apply it (SET, run input) or write the values in place (GET). Nothing is half-applied: {@link
 * #check} answers before anything changes, and {@link #applySet}/{@link #answerGet} cannot fail on a
 * buffer that passed it.
 *
 * <p>The argument checks that come before (flags, guest and vCPU ids, the buffer's place in L1
 * memory) and the copy between L1 memory and the buffer are the actors' ({@link GsbScratch}). No
 * allocation on the success path: the caller supplies the reader, and {@link #OK} is shared.
 */
public final class StateBuffers {
  /** The answer of a good buffer (shared, so that the run input path allocates nothing). */
  public static final HcallResult OK = HcallResult.success();

  /** Element {@code 0x0002}: the smallest output buffer, QEMU's {@code VCPU_OUT_BUF_MIN_SZ}. */
  public static final long RUN_OUTPUT_MIN_SIZE = GsbLayout.MIN_RUN_BUFFER_LENGTH;

  /**
   * Element {@code 0x0001} in the spec profile: the bytes of a buffer holding every thread-wide element
   * once, which is what a transfer of the L0's vCPU state (the ownership flags it belongs to) would
   * need. QEMU lacks the element (spec §9 item 4).
   */
  public static final long HOST_STATE_SIZE = hostStateSize();

  private static final HcallResult QEMU_BAD_BUFFER = HcallResult.of(ReturnCode.H_P3);
  private static final GsbRequest[] GET = {
    GsbRequest.getState(Scope.THREAD), GsbRequest.getState(Scope.GUEST), GsbRequest.getState(Scope.HOST)
  };
  private static final GsbRequest[] SET = {
    GsbRequest.setState(Scope.THREAD), GsbRequest.setState(Scope.GUEST), GsbRequest.setState(Scope.HOST)
  };

  private StateBuffers() {}

  /** The (shared) GET_STATE request of a scope. */
  public static GsbRequest getRequest(Scope scope) {
    return GET[scope.ordinal()];
  }

  /** The (shared) SET_STATE request of a scope. */
  public static GsbRequest setRequest(Scope scope) {
    return SET[scope.ordinal()];
  }

  /**
   * Wraps the reader around {@code length} bytes at {@code base} of {@code buffer} and validates them
   * for {@code request}. On {@link #OK} the reader is rewound and ready for {@link #applySet} or {@link
   * #answerGet}; otherwise nothing may be applied and the result is the hcall's answer.
   *
   * <p>On top of {@link GsbValidator}, the qemu profile rejects the elements QEMU lacks ({@code
   * HOST_STATE_SIZE}, {@code VPA}), as QEMU does.
   */
  public static HcallResult check(Profile profile, GsbRequest request, GsbReader reader, ByteBuffer buffer,
      int base, int length) {
    try {
      reader.wrap(buffer, base, length);
      GsbValidator.validate(reader, request);
    } catch (GsbFormatException e) {
      return answer(profile, request, e);
    }
    if (profile == Profile.QEMU && holdsAbsentElement(reader)) {
      return QEMU_BAD_BUFFER;
    }
    return OK;
  }

  /**
   * The answer to a malformed buffer. Spec profile: the fault's code, R4 = the element index (GET/SET)
   * or byte offset (run input) for {@code H_INVALID_ELEMENT_*} ({@link
   * GsbFormatException#toResult}). Qemu profile: {@code H_P3} whatever the fault, R4 unwritten (0 in
   * {@link HcallResult}; QEMU leaves the caller's R4 there, which no L1 reads after {@code H_P3}).
   */
  public static HcallResult answer(Profile profile, GsbRequest request, GsbFormatException fault) {
    return profile == Profile.QEMU ? QEMU_BAD_BUFFER : fault.toResult(request);
  }

  /**
   * {@code H_GUEST_SET_STATE} or the run input buffer in one call: {@link #check}, then {@link
   * #applySet} if good.
   */
  public static HcallResult set(Profile profile, GsbRequest request, GsbReader reader, ByteBuffer buffer,
      int base, int length, GuestState guest, VcpuState vcpu, VcpuRecord record) {
    HcallResult result = check(profile, request, reader, buffer, base, length);
    if (result == OK) {
      applySet(profile, reader, guest, vcpu, record);
    }
    return result;
  }

  /** {@code H_GUEST_GET_STATE} in one call: {@link #check}, then {@link #answerGet} if good. */
  public static HcallResult get(Profile profile, GsbRequest request, GsbReader reader, ByteBuffer buffer,
      int base, int length, GuestState guest, VcpuState vcpu, VcpuRecord record, HostWideCounters counters) {
    HcallResult result = check(profile, request, reader, buffer, base, length);
    if (result == OK) {
      answerGet(profile, reader, guest, vcpu, record, counters);
    }
    return result;
  }

  /**
   * Applies a validated SET or run input buffer in buffer order, so that of duplicates the last wins
   * (QEMU, spec §9 item 18). BLANK is skipped; so are MMCR3, SIER2, SIER3 and WORT in the qemu profile
   * (QEMU ignores them). Guest-wide elements change {@code guest} (which may be {@code null} for a
   * thread-wide buffer), thread-wide ones {@code vcpu} and {@code record} (which may be {@code null}
   * for a guest-wide buffer). Registers go through {@link VcpuState#set}, which masks MSR and LPCR.
   *
   * @param reader a reader that passed {@link #check}, rewound
   */
  public static void applySet(Profile profile, GsbReader reader, GuestState guest, VcpuState vcpu,
      VcpuRecord record) {
    reader.rewind();
    while (reader.next()) {
      int id = reader.id();
      if (id >= Gsid.GPR0 && id < Gsid.VSR0) {
        if (profile == Profile.QEMU && isIgnoredByQemu(id)) {
          continue;
        }
        vcpu.set(id, reader.register());
      } else if (id >= Gsid.VSR0 && id < Gsid.VSR0 + 64) {
        vcpu.setVsr(id - Gsid.VSR0, reader.be64(0), reader.be64(1));
      } else {
        applyOther(reader, id, guest, record);
      }
    }
    reader.rewind();
  }

  private static void applyOther(GsbReader r, int id, GuestState guest, VcpuRecord record) {
    switch (id) {
      case Gsid.BLANK -> { }
      case Gsid.LOGICAL_PVR -> guest.setLogicalPvr(Integer.toUnsignedLong(r.be32()));
      case Gsid.TB_OFFSET -> guest.setTbOffset(r.be64());
      case Gsid.PARTITION_TABLE -> guest.setPartitionTable(r.be64(0), r.be64(1), r.be64(2));
      case Gsid.PROCESS_TABLE -> guest.setProcessTable(r.be64(0), r.be64(1));
      case Gsid.RUN_INPUT -> record.setRunInput(r.be64(0), r.be64(1));
      case Gsid.RUN_OUTPUT -> record.setRunOutput(r.be64(0), r.be64(1));
      case Gsid.VPA -> record.setVpa(r.be64());
      // Read-only elements never pass the validator of a SET: reaching here is a NestSim bug.
      default -> throw new IllegalStateException("cannot apply " + GsbCatalog.nameOf(id) + " ("
          + GsbElement.hex(id) + "): was the buffer validated for a SET?");
    }
  }

  /**
   * Writes the value of every element of a validated GET buffer in place, into the buffer the reader
   * reads (which must be writable): 32-bit elements as their low word, VSRs high doubleword first.
   * BLANK is left as it is; so are MMCR3, SIER2, SIER3 and WORT in the qemu profile (QEMU leaves the
   * caller's bytes). The elements QEMU only accepts in a SET ({@code 0x0005}, {@code 0x0006}, {@code
   * 0x0C00}, {@code 0x0C01}; QEMU aborts on a GET) return the stored values in both profiles, as given
   * (spec §9 item 5). TB_OFFSET returns 0 in the qemu profile, QEMU's guest field never being written
   * (spec §9 item 12).
   *
   * @param guest the guest, for guest-wide elements (may be {@code null} otherwise)
   * @param vcpu the vCPU, for thread-wide elements (may be {@code null} otherwise)
   * @param counters the host-wide statistics (may be {@code null} unless the buffer is host-wide)
   */
  public static void answerGet(Profile profile, GsbReader reader, GuestState guest, VcpuState vcpu,
      VcpuRecord record, HostWideCounters counters) {
    ByteBuffer b = reader.buffer();
    reader.rewind();
    while (reader.next()) {
      int id = reader.id();
      int p = reader.valuePosition();
      if (id >= Gsid.GPR0 && id < Gsid.VSR0 || id >= Gsid.HDAR && id <= Gsid.ASDR) {
        if (profile == Profile.QEMU && isIgnoredByQemu(id)) {
          continue;
        }
        putRegister(b, p, reader.size(), vcpu.get(id));
      } else if (id >= Gsid.VSR0 && id < Gsid.VSR0 + 64) {
        int n = id - Gsid.VSR0;
        b.putLong(p, vcpu.vsrHigh(n));
        b.putLong(p + 8, vcpu.vsrLow(n));
      } else if (id >= Gsid.L0_GUEST_HEAP && id <= Gsid.L0_GUEST_PGTABLE_RECLAIM) {
        b.putLong(p, counters.value(id));
      } else {
        answerOther(profile, b, p, id, guest, record);
      }
    }
    reader.rewind();
  }

  private static void answerOther(Profile profile, ByteBuffer b, int p, int id, GuestState guest,
      VcpuRecord record) {
    switch (id) {
      case Gsid.BLANK -> { }
      case Gsid.HOST_STATE_SIZE -> b.putLong(p, HOST_STATE_SIZE);
      case Gsid.RUN_OUTPUT_MIN_SIZE -> b.putLong(p, RUN_OUTPUT_MIN_SIZE);
      case Gsid.LOGICAL_PVR -> b.putInt(p, (int) guest.logicalPvr());
      case Gsid.TB_OFFSET -> b.putLong(p, profile == Profile.QEMU ? 0 : guest.tbOffset());
      case Gsid.PARTITION_TABLE -> {
        b.putLong(p, guest.partitionTableAddress());
        b.putLong(p + 8, guest.partitionTableEaBits());
        b.putLong(p + 16, guest.partitionTableRootSize());
      }
      case Gsid.PROCESS_TABLE -> {
        b.putLong(p, guest.processTableAddress());
        b.putLong(p + 8, guest.processTableSize());
      }
      case Gsid.RUN_INPUT -> {
        b.putLong(p, record.runInputAddress());
        b.putLong(p + 8, record.runInputSize());
      }
      case Gsid.RUN_OUTPUT -> {
        b.putLong(p, record.runOutputAddress());
        b.putLong(p + 8, record.runOutputSize());
      }
      case Gsid.VPA -> b.putLong(p, record.vpa());
      default -> throw new IllegalStateException("no value for " + GsbCatalog.nameOf(id) + " ("
          + GsbElement.hex(id) + "): was the buffer validated?");
    }
  }

  private static void putRegister(ByteBuffer b, int p, int size, long value) {
    if (size == 4) {
      b.putInt(p, (int) value);
    } else {
      b.putLong(p, value);
    }
  }

  /** MMCR3, SIER2, SIER3, WORT: accepted by QEMU but neither stored nor returned. */
  static boolean isIgnoredByQemu(int id) {
    GsbElement e = GsbCatalog.byId(id);
    return e != null && e.qemu() == QemuSupport.IGNORED;
  }

  /** HOST_STATE_SIZE, VPA: not in QEMU's table (the catalog's QEMU column says which). */
  static boolean isAbsentFromQemu(int id) {
    GsbElement e = GsbCatalog.byId(id);
    return e != null && e.qemu() == QemuSupport.ABSENT;
  }

  /** Whether a validated buffer names an element missing from QEMU's table; rewinds the reader. */
  private static boolean holdsAbsentElement(GsbReader reader) {
    boolean found = false;
    while (reader.next()) {
      int id = reader.id();
      if (isAbsentFromQemu(id)) {
        found = true;
        break;
      }
    }
    reader.rewind();
    return found;
  }

  private static long hostStateSize() {
    long size = GsbLayout.HEADER_LENGTH;
    for (GsbElement e : GsbCatalog.all()) {
      if (e.scope() == Scope.THREAD) {
        size += GsbLayout.elementLength(e.size());
      }
    }
    return size;
  }
}
