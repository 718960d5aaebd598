/**
 * The L1 side of the Guest State Buffer: the semantics of Linux's {@code guest-state-buffer.[ch]}
 * (spec §4.6) reproduced exactly — capacity rounding, the put and parse rules, the element masks, and
 * the flattened 182-bit ID bitmap with its iteration order — so that NestSim's KVM-like L1 builds the
 * buffers a Linux L1 builds, checked against the kernel's own test vectors (spec §8).
 *
 * <p>Functions return {@code 0} or a negative errno, as the kernel's do, so that the behaviour can be
 * compared line by line; HEIR is 8 bytes here (spec §9 item 3).
 */
package org.nestsim.gsb.linux;
