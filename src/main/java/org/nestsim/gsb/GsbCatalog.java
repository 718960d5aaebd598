package org.nestsim.gsb;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The complete element catalog of spec §5: one table, looked up by ID in O(1) (a 64 Ki-entry array
 * indexed by the 16-bit ID, so the validator's hot path is one array load per element).
 *
 * <p>HEIR ({@code 0xF002}) is 4 bytes here, as the documentation and QEMU have it: this is the L0's
 * view. The Linux L1 library expects 8 (spec §9 item 3); {@link org.nestsim.gsb.linux.LinuxGsid} gives
 * that size to the L1-side helper.
 */
public final class GsbCatalog {
  /** Linux {@code gsid_mask} of LPCR: DPFD | ILE | AIL | LD | MER | GTSE. */
  public static final long LINUX_LPCR_MASK = 0x0070_0000_0382_0C00L;

  /** Linux {@code gsid_mask} of MSR: all but HV, S and ME. */
  public static final long LINUX_MSR_MASK = 0xEFFF_FFFF_FFBF_EFFFL;

  private static final GsbElement[] BY_ID = new GsbElement[1 << 16];

  /** {@link #sizeOf}: the size of a reserved ID. */
  static final short SIZE_UNKNOWN = -2;
  /** {@link #sizeOf}: the size of BLANK, any. */
  static final short SIZE_ANY = -1;
  /** {@link #attributesOf} bits: the element's scope (one of the three), writable, value-checked. */
  static final byte ATTR_THREAD = 1;
  static final byte ATTR_GUEST = 2;
  static final byte ATTR_HOST = 4;
  static final byte ATTR_WRITABLE = 8;
  static final byte ATTR_VALUE_CHECKED = 16;

  /*
   * The validator's view of the table as primitives, so that checking an element costs two array
   * loads rather than a chain of object dereferences (measured: docs/PERFORMANCE.md).
   */
  private static final short[] SIZES = new short[1 << 16];
  private static final byte[] ATTRIBUTES = new byte[1 << 16];
  private static final List<GsbElement> ALL;
  private static final Map<String, GsbElement> BY_NAME = new HashMap<>();

  static {
    List<GsbElement> rows = new ArrayList<>();
    rows.add(row(Gsid.BLANK, "BLANK", ValueType.BLANK, Scope.ANY, Access.READ_WRITE, QemuSupport.SKIPPED));
    guest(rows, Gsid.HOST_STATE_SIZE, "HOST_STATE_SIZE", ValueType.BE64, Access.READ_ONLY, QemuSupport.ABSENT);
    guest(rows, Gsid.RUN_OUTPUT_MIN_SIZE, "RUN_OUTPUT_MIN_SIZE", ValueType.BE64, Access.READ_ONLY,
        QemuSupport.READ_ONLY);
    guest(rows, Gsid.LOGICAL_PVR, "LOGICAL_PVR", ValueType.BE32, Access.READ_WRITE, QemuSupport.STORED);
    guest(rows, Gsid.TB_OFFSET, "TB_OFFSET", ValueType.BE64, Access.READ_WRITE, QemuSupport.STORED);
    guest(rows, Gsid.PARTITION_TABLE, "PARTITION_TABLE", ValueType.PARTITION_TABLE, Access.READ_WRITE,
        QemuSupport.SET_ONLY);
    guest(rows, Gsid.PROCESS_TABLE, "PROCESS_TABLE", ValueType.PROCESS_TABLE, Access.READ_WRITE,
        QemuSupport.SET_ONLY);

    String[] hostWide = {
      "L0_GUEST_HEAP", "L0_GUEST_HEAP_MAX", "L0_GUEST_PGTABLE_SIZE", "L0_GUEST_PGTABLE_SIZE_MAX",
      "L0_GUEST_PGTABLE_RECLAIM"
    };
    for (int i = 0; i < hostWide.length; i++) {
      rows.add(row(Gsid.L0_GUEST_HEAP + i, hostWide[i], ValueType.BE64, Scope.HOST, Access.READ_ONLY,
          QemuSupport.READ_ONLY));
    }

    thread(rows, Gsid.RUN_INPUT, "RUN_INPUT", ValueType.BUFFER, QemuSupport.SET_ONLY);
    thread(rows, Gsid.RUN_OUTPUT, "RUN_OUTPUT", ValueType.BUFFER, QemuSupport.SET_ONLY);
    thread(rows, Gsid.VPA, "VPA", ValueType.BE64, QemuSupport.ABSENT);

    for (int n = 0; n < 32; n++) {
      thread(rows, Gsid.gpr(n), "GPR" + n, ValueType.BE64, QemuSupport.STORED);
    }
    String[] dwords = {
      "HDEC_EXPIRY_TB", "NIA", "MSR", "LR", "XER", "CTR", "CFAR", "SRR0", "SRR1", "DAR",
      "DEC_EXPIRY_TB", "VTB", "LPCR", "HFSCR", "FSCR", "FPSCR", "DAWR0", "DAWR1", "CIABR", "PURR",
      "SPURR", "IC", "SPRG0", "SPRG1", "SPRG2", "SPRG3", "PPR", "MMCR0", "MMCR1", "MMCR2", "MMCR3",
      "MMCRA", "SIER", "SIER2", "SIER3", "BESCR", "EBBHR", "EBBRR", "AMR", "IAMR", "AMOR", "UAMOR",
      "SDAR", "SIAR", "DSCR", "TAR", "DEXCR", "HDEXCR", "HASHKEYR", "HASHPKEYR", "CTRL", "DPDES"
    };
    for (int i = 0; i < dwords.length; i++) {
      int id = Gsid.HDEC_EXPIRY_TB + i;
      QemuSupport qemu =
          id == Gsid.MMCR3 || id == Gsid.SIER2 || id == Gsid.SIER3 ? QemuSupport.IGNORED : QemuSupport.STORED;
      Access access = id == Gsid.PPR ? Access.WRITE_ONLY : Access.READ_WRITE;
      long mask = id == Gsid.LPCR ? LINUX_LPCR_MASK : id == Gsid.MSR ? LINUX_MSR_MASK : -1L;
      rows.add(new GsbElement(id, dwords[i], ValueType.BE64, Scope.THREAD, access, qemu, mask));
    }
    String[] words = {
      "CR", "PIDR", "DSISR", "VSCR", "VRSAVE", "DAWRX0", "DAWRX1", "PMC1", "PMC2", "PMC3", "PMC4",
      "PMC5", "PMC6", "WORT", "PSPB"
    };
    for (int i = 0; i < words.length; i++) {
      int id = Gsid.CR + i;
      thread(rows, id, words[i], ValueType.BE32, id == Gsid.WORT ? QemuSupport.IGNORED : QemuSupport.STORED);
    }
    for (int n = 0; n < 64; n++) {
      thread(rows, Gsid.vsr(n), "VSR" + n, ValueType.VEC128, QemuSupport.STORED);
    }
    String[] interrupt = {"HDAR", "HDSISR", "HEIR", "ASDR"};
    ValueType[] interruptTypes = {ValueType.BE64, ValueType.BE32, ValueType.BE32, ValueType.BE64};
    for (int i = 0; i < interrupt.length; i++) {
      rows.add(row(Gsid.HDAR + i, interrupt[i], interruptTypes[i], Scope.THREAD, Access.READ_ONLY,
          QemuSupport.READ_ONLY));
    }

    java.util.Arrays.fill(SIZES, SIZE_UNKNOWN);
    for (GsbElement e : rows) {
      if (BY_ID[e.id()] != null) {
        throw new ExceptionInInitializerError("duplicate element ID " + e.idHex());
      }
      BY_ID[e.id()] = e;
      BY_NAME.put(e.name(), e);
      SIZES[e.id()] = (short) e.size();
      int attributes = switch (e.scope()) {
        case THREAD -> ATTR_THREAD;
        case GUEST -> ATTR_GUEST;
        case HOST -> ATTR_HOST;
        case ANY -> ATTR_THREAD | ATTR_GUEST | ATTR_HOST;
      };
      attributes |= e.access().writable() ? ATTR_WRITABLE : 0;
      attributes |= GsbValidator.checksValue(e.id()) ? ATTR_VALUE_CHECKED : 0;
      ATTRIBUTES[e.id()] = (byte) attributes;
    }
    ALL = Collections.unmodifiableList(rows);
  }

  private GsbCatalog() {}

  private static GsbElement row(int id, String name, ValueType type, Scope scope, Access access,
      QemuSupport qemu) {
    return new GsbElement(id, name, type, scope, access, qemu, -1L);
  }

  private static void guest(List<GsbElement> rows, int id, String name, ValueType type, Access access,
      QemuSupport qemu) {
    rows.add(row(id, name, type, Scope.GUEST, access, qemu));
  }

  private static void thread(List<GsbElement> rows, int id, String name, ValueType type, QemuSupport qemu) {
    rows.add(row(id, name, type, Scope.THREAD, Access.READ_WRITE, qemu));
  }

  /** The element with this ID, or {@code null} if the ID is reserved (unknown). O(1). */
  public static GsbElement byId(int id) {
    return BY_ID[id & 0xFFFF];
  }

  /** The value size of an ID: its catalog size, {@link #SIZE_ANY} for BLANK, {@link #SIZE_UNKNOWN}. */
  static int sizeOf(int id) {
    return SIZES[id & 0xFFFF];
  }

  /** The {@code ATTR_*} bits of an ID (0 for a reserved one). */
  static int attributesOf(int id) {
    return ATTRIBUTES[id & 0xFFFF];
  }

  /** The {@code ATTR_*} bit of a scope. */
  static int attributeOf(Scope scope) {
    return switch (scope) {
      case THREAD -> ATTR_THREAD;
      case GUEST -> ATTR_GUEST;
      case HOST -> ATTR_HOST;
      case ANY -> ATTR_THREAD | ATTR_GUEST | ATTR_HOST;
    };
  }

  /** Whether the ID names an element. */
  public static boolean isKnown(int id) {
    return BY_ID[id & 0xFFFF] != null;
  }

  /**
   * The element with this name, case-insensitive, with or without the {@code KVMPPC_GSID_} prefix
   * ({@code gpr3}, {@code KVMPPC_GSID_NIA}); {@code SIER1} is accepted for {@code SIER}.
   */
  public static Optional<GsbElement> byName(String name) {
    String upper = name.trim().toUpperCase(Locale.ROOT);
    if (upper.startsWith("KVMPPC_GSID_")) {
      upper = upper.substring("KVMPPC_GSID_".length());
    }
    if (upper.equals("SIER1")) {
      upper = "SIER";
    }
    return Optional.ofNullable(BY_NAME.get(upper));
  }

  /** Every element, in ascending ID order. */
  public static List<GsbElement> all() {
    return ALL;
  }

  /** The element's name, or {@code "unknown 0x1234"} for a reserved ID. */
  public static String nameOf(int id) {
    GsbElement e = byId(id);
    return e != null ? e.name() : "unknown " + GsbElement.hex(id);
  }
}
