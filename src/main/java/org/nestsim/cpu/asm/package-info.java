/**
 * The Power ISA assembler and disassembler of NestSim: test programs for L2 vCPUs are written in GNU as
 * syntax and assembled here, and instruction words in traces and failures are shown as GNU objdump shows
 * them.
 *
 * <p>{@link org.nestsim.cpu.asm.Instructions} is the one instruction table (mnemonic, form, primary and
 * extended opcode, operands, and the extended mnemonics as rows of their own); {@link
 * org.nestsim.cpu.asm.Assembler} turns source text into an {@link org.nestsim.cpu.asm.Assembly} (a byte
 * image at an origin, big- or little-endian, with its labels), and {@link
 * org.nestsim.cpu.asm.Disassembler} turns a word back into text. Errors in source are {@link
 * org.nestsim.cpu.asm.AsmException}s reported as {@code file:line:col: reason}. GNU binutils is the
 * oracle: {@code BinutilsEncodingTest} checks every row against {@code powerpc64-linux-gnu-as} and
 * {@code objdump}; docs/ISA.md lists the instructions and every known difference.
 *
 * <p>Plain Java: no Pekko. Nothing here runs in the interpreter's hot loop.
 */
package org.nestsim.cpu.asm;
