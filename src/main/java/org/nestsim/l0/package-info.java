/**
 * The L0 hypervisor. So far the pure part the actors will call, with no Pekko import so that it is
 * unit-testable: the L0's state of a guest ({@link org.nestsim.l0.GuestState}) and of a vCPU beyond its
 * registers ({@link org.nestsim.l0.VcpuRecord}), the GET/SET_STATE and run input buffer logic of spec
 * §2.7/§2.8 ({@link org.nestsim.l0.StateBuffers}: validate, then apply or answer), the output buffer of
 * spec §6.4 ({@link org.nestsim.l0.OutputBuffer}), and the two conformance profiles
 * ({@link org.nestsim.l0.Profile}). The choices are listed in docs/CONFORMANCE.md, "L0 state".
 */
package org.nestsim.l0;
