/**
 * The Guest State Buffer wire format (spec §4, §5): the element catalog ({@link
 * org.nestsim.gsb.GsbCatalog}, {@link org.nestsim.gsb.Gsid}), flyweight reader and writer over a {@link
 * java.nio.ByteBuffer} ({@link org.nestsim.gsb.GsbReader}, {@link org.nestsim.gsb.GsbWriter}), the
 * validator that checks a whole buffer before anything is applied ({@link
 * org.nestsim.gsb.GsbValidator}) and names the bad element ({@link org.nestsim.gsb.GsbFormatException}),
 * and the immutable {@link org.nestsim.gsb.GsbSnapshot} in which a buffer crosses actor boundaries.
 *
 * <p>The subpackage {@code linux} reproduces the Linux kernel's L1-side GSB library bit for bit (spec
 * §4.6), for the KVM-like L1 and for the kernel's test vectors.
 *
 * <p>Plain Java: uses {@code hcall} only, never Pekko.
 */
package org.nestsim.gsb;
