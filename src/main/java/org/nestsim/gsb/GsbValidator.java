package org.nestsim.gsb;

import java.nio.ByteBuffer;

/**
 * Checks a whole Guest State Buffer against the rules of one request before anything is applied
 * ("validate, then apply", spec §2.7 step 5). The checks per element, in order: it fits in the buffer,
 * its ID is known, its size is the element's (BLANK {@code 0x0000} is exempt from this and what
 * follows, as in QEMU), it is writable if the request writes state, its scope is the request's, and its
 * value is one the element can hold if the request writes state. The first failure throws a {@link
 * GsbFormatException} naming the element's index and offset.
 *
 * <p>Allocation-free when the buffer is good: the caller supplies the reader.
 */
public final class GsbValidator {
  /** PATE doubleword 0 root address mask ({@code RPDB_MASK}). */
  static final long RPDB_MASK = 0x0FFF_FFFF_FFFF_FF00L;
  /** PATE doubleword 1 process table base mask ({@code PRTB_MASK}). */
  static final long PRTB_MASK = 0x0FFF_FFFF_FFFF_F000L;
  /** The only tree size QEMU and Linux use for the partition-scoped tree. */
  public static final long PARTITION_TABLE_EA_BITS = 52;

  private GsbValidator() {}

  /**
   * Validates the buffer the reader has been wrapped around, then rewinds the reader.
   *
   * @return the number of elements
   * @throws GsbFormatException at the first bad element
   */
  public static int validate(GsbReader reader, GsbRequest request) {
    boolean writes = request.writesState();
    int scopeBit = request.scope() == null ? 0 : GsbCatalog.attributeOf(request.scope());
    int required = scopeBit | (writes ? GsbCatalog.ATTR_WRITABLE : 0);
    int clean = reader.indexIfClean(required, writes ? GsbCatalog.ATTR_VALUE_CHECKED : 0);
    if (clean >= 0) {
      return clean;
    }
    return validateSlowly(reader, request, writes, scopeBit);
  }

  /** Walks element by element to name the first fault (or to check values, which few elements need). */
  private static int validateSlowly(GsbReader reader, GsbRequest request, boolean writes, int scopeBit) {
    reader.rewind();
    while (reader.next()) {
      int id = reader.id();
      int size = GsbCatalog.sizeOf(id);
      if (size == GsbCatalog.SIZE_ANY) {
        continue;
      }
      int attributes = GsbCatalog.attributesOf(id);
      if (size == GsbCatalog.SIZE_UNKNOWN) {
        throw fault(reader, GsbFault.UNKNOWN_ID, "unknown element ID " + GsbElement.hex(id));
      }
      if (reader.size() != size) {
        GsbElement e = reader.element();
        throw fault(reader, GsbFault.SIZE_MISMATCH, "size " + reader.size() + ", " + e.name() + " needs " + size);
      }
      if (writes && (attributes & GsbCatalog.ATTR_WRITABLE) == 0) {
        GsbElement e = reader.element();
        throw fault(reader, GsbFault.READ_ONLY_WRITTEN, e.name() + " (" + e.idHex() + ") is read-only");
      }
      if (scopeBit != 0 && (attributes & scopeBit) == 0) {
        GsbElement e = reader.element();
        throw fault(reader, GsbFault.WRONG_SCOPE, e.name() + " (" + e.idHex() + ") is "
            + e.scope().description() + ", the request is " + request.scope().description());
      }
      if (writes && (attributes & GsbCatalog.ATTR_VALUE_CHECKED) != 0) {
        checkValue(reader, reader.element());
      }
    }
    int count = reader.index();
    reader.rewind();
    return count;
  }

  /** Whether the validator checks the values of this element in writes (spec §9 item 5). */
  static boolean checksValue(int id) {
    return id == Gsid.PARTITION_TABLE || id == Gsid.PROCESS_TABLE || id == Gsid.RUN_INPUT
        || id == Gsid.RUN_OUTPUT;
  }

  /** Validates the {@code length} bytes at {@code base} of {@code buffer} with a fresh reader. */
  public static int validate(ByteBuffer buffer, int base, int length, GsbRequest request) {
    return validate(new GsbReader().wrap(buffer, base, length), request);
  }

  /** The value checks of spec §9 item 5 (what QEMU asserts on, the spec profile rejects). */
  private static void checkValue(GsbReader r, GsbElement e) {
    switch (e.id()) {
      case Gsid.PARTITION_TABLE -> {
        long address = r.be64(0);
        long eaBits = r.be64(1);
        long rootSize = r.be64(2);
        if (eaBits != PARTITION_TABLE_EA_BITS) {
          throw fault(r, GsbFault.BAD_VALUE, "PARTITION_TABLE EA bits " + eaBits + ", must be 52");
        }
        if (!isPowerOfTwoBetween(rootSize, 3, 34)) {
          throw fault(r, GsbFault.BAD_VALUE, "PARTITION_TABLE root directory size 0x"
              + Long.toHexString(rootSize) + " is not a power of two from 8 to 2^34");
        }
        if ((address & ~RPDB_MASK) != 0) {
          throw fault(r, GsbFault.BAD_VALUE, "PARTITION_TABLE address 0x" + Long.toHexString(address)
              + " is not 256-byte aligned below 2^60");
        }
      }
      case Gsid.PROCESS_TABLE -> {
        long address = r.be64(0);
        long size = r.be64(1);
        if (!isPowerOfTwoBetween(size, 12, 12 + 24)) {
          throw fault(r, GsbFault.BAD_VALUE, "PROCESS_TABLE size 0x" + Long.toHexString(size)
              + " is not a power of two from 4 KiB to 2^36");
        }
        if ((address & ~PRTB_MASK) != 0) {
          throw fault(r, GsbFault.BAD_VALUE, "PROCESS_TABLE address 0x" + Long.toHexString(address)
              + " is not 4 KiB aligned below 2^60");
        }
      }
      case Gsid.RUN_INPUT, Gsid.RUN_OUTPUT -> {
        long address = r.be64(0);
        long size = r.be64(1);
        if (address == 0) {
          throw fault(r, GsbFault.BAD_VALUE, e.name() + " address 0");
        }
        if (size < GsbLayout.MIN_RUN_BUFFER_LENGTH || size > GsbLayout.MAX_RUN_BUFFER_LENGTH) {
          throw fault(r, GsbFault.BAD_VALUE, e.name() + " size " + size + " is outside "
              + GsbLayout.MIN_RUN_BUFFER_LENGTH + ".." + GsbLayout.MAX_RUN_BUFFER_LENGTH);
        }
      }
      default -> {
        // Register values are masked by the L0 as the hardware would, not rejected (QEMU's mask test
        // is dead code, spec §9 item 2); see docs/CONFORMANCE.md.
      }
    }
  }

  private static boolean isPowerOfTwoBetween(long v, int minLog2, int maxLog2) {
    return v > 0 && Long.bitCount(v) == 1
        && Long.numberOfTrailingZeros(v) >= minLog2 && Long.numberOfTrailingZeros(v) <= maxLog2;
  }

  private static GsbFormatException fault(GsbReader r, GsbFault fault, String detail) {
    return new GsbFormatException(fault, r.index(), r.offset(), r.id(), detail);
  }
}
