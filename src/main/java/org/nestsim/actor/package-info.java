/**
 * Pekko plumbing shared by the actor packages ({@code l0}, {@code l1}), owning no model state.
 *
 * <p>{@link org.nestsim.actor.ReceiveTable} is a behaviour class's message handlers built once and shared
 * by all its actors, where Pekko's {@code ReceiveBuilder} builds a table of cases and bound lambdas for
 * every actor (about 650 bytes for a dozen cases: with two actors per vCPU, a sixth of DESIGN.md's 8 KiB
 * per vCPU). See docs/PERFORMANCE.md, "Memory per vCPU at 100,000".
 */
package org.nestsim.actor;
