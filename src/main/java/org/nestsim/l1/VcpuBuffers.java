package org.nestsim.l1;

/**
 * Where one vCPU's run buffers are in L1 memory: the input and output buffers the L1 registers with
 * {@code 0x0C00}/{@code 0x0C01}, sized to what this L1 sends and what the L0 writes (DESIGN.md, memory
 * budget). Between runs the input buffer also carries the runner's own {@code H_GUEST_GET_STATE}
 * buffers, as Linux's {@code __kvmhv_nestedv2_cached_reload} does: the L0 reads the input buffer only
 * while it starts a run, and a runner fetches registers only while it handles an exit.
 */
record VcpuBuffers(long input, int inputSize, long output, int outputSize) {
  /**
   * Bytes of the input buffer: twice what the runner can set at once (about 16 elements of 8 bytes:
   * NIA, MSR, SRR0/1, LPCR, DPDES, HFSCR, the two expiry times and a few GPRs, 196 bytes with the
   * header), and more than a GET of the most registers a handler asks for at once.
   */
  static final int INPUT_SIZE = 384;
}
