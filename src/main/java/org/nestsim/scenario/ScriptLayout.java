package org.nestsim.scenario;

import java.util.ArrayList;
import java.util.List;
import org.nestsim.gsb.Gsid;

/**
 * Where a script's runner keeps its own things in L1 memory (scenario-format.md, "Script steps"): above
 * every range the file names (each {@code map}, {@code memory} write, run buffer and table, with its
 * size), 64 KiB aligned, first one GSB area per thread, then one radix-tree pool per guest that maps
 * without a {@code table}. Ranges given by {@code $names} are not known in advance and are not counted.
 */
final class ScriptLayout {
  /** Bytes of each thread's GSB area (a GET/SET buffer of a step). */
  static final long GSB_AREA = 0x1_0000;
  /** Bytes of each radix-tree pool: the 64 KiB root and the directories of gigabytes of 64 KiB pages. */
  static final long TREE_POOL = 0x10_0000;
  private static final long ALIGN = 0x1_0000;

  private final long gsbBase;
  private final long treeBase;
  private final long memorySize;
  private int treesHandedOut;

  ScriptLayout(Script script, int threads, long memorySize) {
    long top = 0;
    for (Step step : allSteps(script)) {
      top = Math.max(top, end(step));
    }
    this.gsbBase = align(top);
    this.treeBase = gsbBase + threads * GSB_AREA;
    this.memorySize = memorySize;
  }

  static List<Step> allSteps(Script script) {
    List<Step> all = new ArrayList<>(script.steps());
    all.addAll(script.setup());
    script.threads().values().forEach(all::addAll);
    all.addAll(script.teardown());
    return all;
  }

  /** The GSB area of thread {@code n}. */
  long gsbArea(int n) {
    return gsbBase + n * GSB_AREA;
  }

  /** Whether the GSB areas fit in L1 memory. */
  boolean fits() {
    return Long.compareUnsigned(treeBase, memorySize) <= 0;
  }

  /** A fresh tree pool, or -1 when L1 memory has no room left for one. */
  long nextTreePool() {
    long pool = treeBase + treesHandedOut * TREE_POOL;
    if (pool < treeBase || Long.compareUnsigned(pool + TREE_POOL, memorySize) > 0) {
      return -1;
    }
    treesHandedOut++;
    return pool;
  }

  private static long end(Step step) {
    if (step instanceof MemoryStep m) {
      return literal(m.address()) + m.bytes().length;
    }
    if (step instanceof MapStep m) {
      return Math.max(literal(m.l1()) + literal(m.size()),
          m.table() == null ? 0 : literal(m.table()) + TREE_POOL);
    }
    if (step instanceof HcallStep h && h.gsb() instanceof GsbSpec.Values v) {
      return valuesEnd(v);
    }
    return 0;
  }

  /** The end of the buffers and tables a SET names: RUN_INPUT/RUN_OUTPUT, PARTITION_TABLE, PROCESS_TABLE. */
  private static long valuesEnd(GsbSpec.Values values) {
    long top = 0;
    for (ElementValue e : values.elements()) {
      if (e.parts().size() < 2) {
        continue;
      }
      long address = literal(e.parts().get(0));
      switch (e.id()) {
        case Gsid.RUN_INPUT, Gsid.RUN_OUTPUT, Gsid.PROCESS_TABLE -> top = Math.max(top,
            address + literal(e.parts().get(1)));
        case Gsid.PARTITION_TABLE -> top = Math.max(top, address + literal(e.parts().get(2)));
        default -> { }
      }
    }
    return top;
  }

  /** A literal's value as an address, 0 for a name; absurd values (beyond 2^62) count as 0. */
  private static long literal(Operand o) {
    if (o instanceof Operand.Literal l && l.value() >= 0 && l.value() < (1L << 62)) {
      return l.value();
    }
    return 0;
  }

  private static long align(long a) {
    return (a + ALIGN - 1) & -ALIGN;
  }
}
