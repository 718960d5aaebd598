package org.nestsim.scenario;

/**
 * Which L1 drives the L0 ({@code l1.model}): {@link #KVM}, NestSim's built-in KVM-like hypervisor that
 * boots the file's guests, or {@link #SCRIPT}, a conformance L1 that issues the file's steps and
 * nothing else.
 */
public enum L1Model {
  KVM,
  SCRIPT
}
