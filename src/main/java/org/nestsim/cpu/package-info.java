/**
 * The L2 vCPU engine (spec §5, §6.3–§6.7, §10): the register file ({@link org.nestsim.cpu.VcpuState}),
 * the interpreter ({@link org.nestsim.cpu.Interpreter#runSlice}) with its instruction semantics split
 * by opcode group, the vCPU's view of memory (a translation cache in front of the radix walker), the
 * L2's own interrupts and the exits to the L1. Subpackage {@code asm} holds the assembler and
 * disassembler of the same instruction subset ({@code docs/ISA.md}); subpackage {@code jit} the block
 * compiler that runs hot code as JVM bytecode with the interpreter's results.
 *
 * <p>Plain Java: uses {@code hcall}, {@code gsb} and {@code memory}, never Pekko; the vCPU actor of the
 * L0 drives it one slice at a time. The hot loop allocates nothing.
 */
package org.nestsim.cpu;
