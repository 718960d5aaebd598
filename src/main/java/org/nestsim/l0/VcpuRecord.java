package org.nestsim.l0;

/**
 * What the L0 holds for one L2 vCPU besides its registers ({@link org.nestsim.cpu.VcpuState}): the
 * run buffers the L1 registered ({@code 0x0C00}/{@code 0x0C01}, spec §6.1), the VPA address ({@code
 * 0x0C02}), whether the vCPU is enabled, and which guest-wide values it runs with. Owned by the vCPU's
 * actor.
 */
public final class VcpuRecord {
  private long runInputAddress;
  private long runInputSize;
  private long runOutputAddress;
  private long runOutputSize;
  private long vpa;
  private boolean enabled = true;
  /** -1: no guest-wide values loaded yet (a guest's generation starts at 0). */
  private long loadedGeneration = -1;

  /** {@code RUN_INPUT} as given (address, size). */
  public void setRunInput(long address, long size) {
    runInputAddress = address;
    runInputSize = size;
  }

  /** {@code RUN_OUTPUT} as given (address, size). */
  public void setRunOutput(long address, long size) {
    runOutputAddress = address;
    runOutputSize = size;
  }

  public long runInputAddress() {
    return runInputAddress;
  }

  public long runInputSize() {
    return runInputSize;
  }

  public long runOutputAddress() {
    return runOutputAddress;
  }

  public long runOutputSize() {
    return runOutputSize;
  }

  /** Whether both run buffers are registered: RUN_VCPU answers {@code H_P3} until they are (spec §2.8). */
  public boolean runBuffersRegistered() {
    return runInputAddress != 0 && runOutputAddress != 0;
  }

  /** {@code VPA} ({@code 0x0C02}); all ones deregisters it (Linux). 0 until set. */
  public long vpa() {
    return vpa;
  }

  public void setVpa(long address) {
    vpa = address;
  }

  public boolean enabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** The {@link GuestWide#generation()} last loaded into the vCPU, -1 before the first. */
  public long loadedGeneration() {
    return loadedGeneration;
  }

  void setLoadedGeneration(long generation) {
    loadedGeneration = generation;
  }
}
