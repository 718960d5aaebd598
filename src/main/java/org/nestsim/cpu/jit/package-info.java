/**
 * The block compiler of the L2 vCPU engine: hot regions of L2 code — the basic blocks reachable by
 * direct branches from a hot entry inside one 4 KiB page — become JVM bytecode ({@link
 * org.nestsim.cpu.jit.RegionCompiler}, with ASM), loaded as hidden classes that the JVM may unload,
 * with the guest registers in Java locals. A region leaves to the interpreter for anything unusual: a
 * translation-cache miss, an access crossing a page, a trap that is taken, an instruction it does not
 * compile, a branch out of the region, and a block that would cross the next event.
 *
 * <p>Compiled code is shared: by every vCPU over the same L1 memory ({@link
 * org.nestsim.cpu.jit.CodeCache}, keyed by the physical page and the mode bits it depends on), and
 * between memories by content ({@link org.nestsim.cpu.jit.RegionTable}). Code that is rewritten is
 * found by content: a region compares the words it was compiled from with memory before every entry,
 * and a region's own store into its words ends the region after the store.
 *
 * <p>Uses {@code org.nestsim.cpu}'s public types and ASM; the generated classes live in {@code
 * org.nestsim.cpu} and call its package-private {@code CompiledOps}.
 */
package org.nestsim.cpu.jit;
