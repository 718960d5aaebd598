package org.nestsim.cpu;

/**
 * Where an interrupt delivered to an L2 goes and with which MSR (spec §10.3.1–§10.3.2): SRR0/SRR1 take
 * the interrupted NIA and MSR (SRR1 with its reason bits), the new MSR keeps ME, sets SF and takes LE
 * from LPCR[ILE], and with relocation on, LPCR[AIL] may move the vector and keep relocation. The one
 * rule for the interpreter and for an L1 that synthesises an interrupt by setting state.
 *
 * @param nia the vector address to continue at
 * @param msr the MSR to continue with
 * @param srr0 the SRR0 to set
 * @param srr1 the SRR1 to set
 */
public record InterruptEntry(long nia, long msr, long srr0, long srr1) {

  /**
   * The entry of interrupt {@code vector} taken with the L2 at {@code nia}/{@code msr}.
   *
   * @param srr1Bits reason bits for SRR1 (e.g. {@link Srr1#PROGILL})
   * @param lpcr the L2's LPCR (ILE, AIL)
   * @param pvr the logical PVR (AIL = 2 exists only in POWER9 mode)
   */
  public static InterruptEntry of(int vector, long nia, long msr, long srr1Bits, long lpcr, long pvr) {
    long srr1 = (msr & ~Srr1.CLEARED) | srr1Bits;
    long newMsr = (msr & Msr.ME) | Msr.SF | ((lpcr & Lpcr.ILE) != 0 ? Msr.LE : 0);
    long target = vector;
    boolean relocated = (msr & (Msr.IR | Msr.DR)) == (Msr.IR | Msr.DR);
    if (relocated && vector != Vector.SYSTEM_RESET && vector != Vector.MACHINE_CHECK && vector != 0xE60) {
      int ail = (int) ((lpcr & Lpcr.AIL) >>> Lpcr.AIL_SHIFT);
      if (ail == 3) {
        target |= 0xC000_0000_0000_4000L;
        newMsr |= Msr.IR | Msr.DR;
      } else if (ail == 2 && pvr == 0x0F00_0005L) {
        target |= 0x1_8000L;
        newMsr |= Msr.IR | Msr.DR;
      }
    }
    return new InterruptEntry(target, newMsr, nia, srr1);
  }
}
