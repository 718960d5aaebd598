package org.nestsim.scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * One entry of {@code guests} for the KVM-like L1: {@code count} identical guests ({@code name} when 1,
 * else {@code name.0} …), each with {@code memory} bytes of L2 real memory, {@code vcpus} vCPUs in
 * {@code cpu} mode ({@code null}: the newest negotiated), and the assembled program {@code image} loaded
 * at L2 real address 0. Every vCPU starts at {@code entry} with {@code msr}; {@code timeslice} is the HDEC
 * deadline per run. The image accessor returns a copy.
 */
public record GuestSpec(Location location, String name, int count, long memory, int vcpus, String cpu, byte[] image,
    long entry, long msr, boolean console, String consoleInput, long timeslice, List<DeviceSpec> devices) {
  public GuestSpec {
    image = image.clone();
    devices = List.copyOf(devices);
  }

  @Override
  public byte[] image() {
    return image.clone();
  }

  /** The names of the guests this entry stands for: {@code [web]}, or {@code [web.0, web.1, …]}. */
  public List<String> instanceNames() {
    if (count == 1) {
      return List.of(name);
    }
    List<String> names = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      names.add(name + "." + i);
    }
    return List.copyOf(names);
  }
}
