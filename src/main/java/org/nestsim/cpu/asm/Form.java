package org.nestsim.cpu.asm;

/**
 * The Power ISA instruction formats of the supported subset (spec §10.8.1). The form names the layout
 * of the fields; the operands of an {@link InstructionSpec} say which of them an instruction uses.
 */
public enum Form {
  /** {@code b}: OPCD, LI, AA, LK. */
  I,
  /** {@code bc}: OPCD, BO, BI, BD, AA, LK. */
  B,
  /** {@code sc}: OPCD, LEV, bit 30 set. */
  SC,
  /** OPCD, RT/RS/BF, RA, 16-bit D/SI/UI. */
  D,
  /** OPCD, RT/RS, RA, DS (a multiple of 4), 2-bit XO. */
  DS,
  /** OPCD 31 (or 19), RT/RS, RA, RB, 10-bit XO, Rc. */
  X,
  /** OPCD 19: BO/BT/BF, BI/BA, BB/BH, 10-bit XO, LK. */
  XL,
  /** OPCD 31: RT/RS, split spr/tbr field or FXM, 10-bit XO. */
  XFX,
  /** OPCD 31: RT, RA, RB, OE, 9-bit XO, Rc. */
  XO,
  /** OPCD 31: RT, RA, RB, BC, 5-bit XO ({@code isel}). */
  A,
  /** Rotate word: RS, RA, SH/RB, MB, ME, Rc. */
  M,
  /** Rotate doubleword by immediate: RS, RA, split sh and mb/me, 3-bit XO, Rc. */
  MD,
  /** Rotate doubleword by register: RS, RA, RB, split mb/me, 4-bit XO, Rc. */
  MDS,
  /** {@code sradi}: RS, RA, split sh, 9-bit XO, Rc. */
  XS
}
