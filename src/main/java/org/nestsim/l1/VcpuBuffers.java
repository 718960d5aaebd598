package org.nestsim.l1;

/**
 * Where one vCPU's buffers are in L1 memory: the run input and output buffers the L1 registers with
 * {@code 0x0C00}/{@code 0x0C01}, sized to what this L1 sends and what the L0 writes (DESIGN.md, memory
 * budget), and the area for its own GET_STATE buffers.
 */
record VcpuBuffers(long input, int inputSize, long output, int outputSize, long get, int getSize) {
  /** The input buffer holds every register the runner ever sets at once, with room to spare. */
  static final int INPUT_SIZE = 768;
  /** A GET of up to 20 registers. */
  static final int GET_SIZE = 256;
}
