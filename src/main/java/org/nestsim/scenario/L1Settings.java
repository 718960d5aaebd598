package org.nestsim.scenario;

/**
 * The L1 ({@code l1}): its model, the size of its real memory (default 1G; positive, a multiple of 4K)
 * and, for {@link L1Model#SCRIPT} only, its script ({@code null} for {@link L1Model#KVM}).
 */
public record L1Settings(L1Model model, long memory, Script script) {}
