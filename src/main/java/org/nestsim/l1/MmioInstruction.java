package org.nestsim.l1;

/**
 * A load or store the L1 emulates against an MMIO device after an HDSI (spec §7.4: "the MMIO regions
 * emulated by decoding the faulting load/store"): the integer loads and stores of D, DS and X form,
 * with and without update.
 *
 * @param store whether it stores
 * @param size bytes accessed (1, 2, 4, 8)
 * @param rt the target (load) or source (store) GPR
 * @param ra the base GPR, updated with the effective address by the update forms
 * @param update whether RA takes the effective address
 */
record MmioInstruction(boolean store, int size, int rt, int ra, boolean update) {

  /** The load or store encoded by {@code word}, or null when it is not one the L1 emulates. */
  static MmioInstruction decode(int word) {
    int opcode = word >>> 26;
    int rt = (word >>> 21) & 31;
    int ra = (word >>> 16) & 31;
    switch (opcode) {
      case 32, 33 -> {
        return new MmioInstruction(false, 4, rt, ra, opcode == 33);
      }
      case 34, 35 -> {
        return new MmioInstruction(false, 1, rt, ra, opcode == 35);
      }
      case 40, 41 -> {
        return new MmioInstruction(false, 2, rt, ra, opcode == 41);
      }
      case 36, 37 -> {
        return new MmioInstruction(true, 4, rt, ra, opcode == 37);
      }
      case 38, 39 -> {
        return new MmioInstruction(true, 1, rt, ra, opcode == 39);
      }
      case 44, 45 -> {
        return new MmioInstruction(true, 2, rt, ra, opcode == 45);
      }
      case 58, 62 -> {
        int xo = word & 3;
        return xo > 1 ? null : new MmioInstruction(opcode == 62, 8, rt, ra, xo == 1);
      }
      case 31 -> {
        return indexed(rt, ra, (word >>> 1) & 0x3FF);
      }
      default -> {
        return null;
      }
    }
  }

  private static MmioInstruction indexed(int rt, int ra, int xo) {
    return switch (xo) {
      case 23, 55 -> new MmioInstruction(false, 4, rt, ra, xo == 55);
      case 87, 119 -> new MmioInstruction(false, 1, rt, ra, xo == 119);
      case 279, 311 -> new MmioInstruction(false, 2, rt, ra, xo == 311);
      case 21, 53 -> new MmioInstruction(false, 8, rt, ra, xo == 53);
      case 151, 183 -> new MmioInstruction(true, 4, rt, ra, xo == 183);
      case 215, 247 -> new MmioInstruction(true, 1, rt, ra, xo == 247);
      case 407, 439 -> new MmioInstruction(true, 2, rt, ra, xo == 439);
      case 149, 181 -> new MmioInstruction(true, 8, rt, ra, xo == 181);
      default -> null;
    };
  }

  /** The low {@link #size} bytes of {@code value}, zero-extended. */
  long truncate(long value) {
    return size == 8 ? value : value & ((1L << (8 * size)) - 1);
  }
}
