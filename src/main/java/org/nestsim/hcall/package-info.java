/**
 * The hcall ABI of the PAPR nested-v2 API as plain Java types (spec §0.1, §2, §3, §6.3).
 *
 * <p>Opcodes ({@link org.nestsim.hcall.Hcall}), return codes ({@link org.nestsim.hcall.ReturnCode}),
 * flag bits ({@link org.nestsim.hcall.HcallFlags}), capability bits ({@link
 * org.nestsim.hcall.Capability}), exit reasons ({@link org.nestsim.hcall.ExitReason}), the result of an
 * hcall ({@link org.nestsim.hcall.HcallResult}) and the typed ids of a checked guest and vCPU. Each
 * number is defined exactly once, here, under the name PAPR and Linux give it so that it can be grepped.
 *
 * <p>This package depends on nothing else in NestSim and never on Pekko (an architecture test
 * enforces it).
 */
package org.nestsim.hcall;
