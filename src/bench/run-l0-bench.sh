#!/usr/bin/env bash
# L0 benchmarks (docs/PERFORMANCE.md, "L0"): builds with the bench profile, then
#  1. runs L0RoundTripBenchmark with -prof gc and prints ns per round trip of each hcall next to the
#     bare Pekko request/reply measured in the same run (goal: <= 3x), and the bytes allocated per
#     round trip;
#  2. runs L0Footprint: heap per created, idle vCPU, actor included (goal: 100,000 vCPUs at <= 4 KiB).
#
# Two ratios, as in run-gsb-bench.sh: of the JMH scores (means over the measurement iterations), and
# of each benchmark's fastest iteration (on a shared machine the least disturbed one).
#
# Usage: src/bench/run-l0-bench.sh [extra JMH options, e.g. -wi 3 -i 5]
#   -p runInputSize=128,4096   also with the smallest run input buffer (the L0 copies all of it per run)
#   -p dispatcher=single       one dispatcher thread: the CPU work alone, no thread hand-offs
# Environment: SKIP_BUILD=1 reuses target/ as it is; L0_VCPUS (100000) and L0_VCPUS_PER_GUEST (2000)
# size the footprint run; SKIP_JMH=1 or SKIP_FOOTPRINT=1 runs only the other part.
# The breakdown of a run's work on one thread: java -cp "target/classes:target/lib/*" \
#   org.openjdk.jmh.Main L0RunWorkBenchmark
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

RESULTS=target/l0-bench.json

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -q -Pbench -DskipTests package
fi
if ! ls target/lib/jmh-core-*.jar >/dev/null 2>&1 \
    || ! grep -q 'L0RoundTripBenchmark' target/classes/META-INF/BenchmarkList 2>/dev/null; then
  echo "run-l0-bench: target/ was not built with -Pbench (no jmh-core in target/lib or no" \
    "L0RoundTripBenchmark in target/classes/META-INF/BenchmarkList)" >&2
  exit 1
fi

echo "machine: $(nproc) cores; $(java -version 2>&1 | head -n 1); load average:$(uptime | sed 's/.*average://')"

if [ "${SKIP_JMH:-0}" != 1 ]; then
  # Pekko's logging start-up chatter (SLF4J replay warnings) goes to stderr of the forks; keep it out.
  java -cp "target/classes:target/lib/*" org.openjdk.jmh.Main '\.L0RoundTripBenchmark\.' \
    -prof gc -rf json -rff "$RESULTS" "$@" 2> >(grep -v '^SLF4J' >&2)
  echo "load average after the JMH run:$(uptime | sed 's/.*average://')"

  python3 - "$RESULTS" <<'PY'
import json, math, sys

# Rows by (benchmark, parameters); each ratio is to the bare round trip with the same parameters.
rows = {}
for r in json.load(open(sys.argv[1])):
    name = r["benchmark"].rsplit(".", 1)[1]
    params = tuple(sorted(r.get("params", {}).items()))
    pm = r["primaryMetric"]
    if pm["scoreUnit"] != "ns/op":
        sys.exit("run-l0-bench: %s is in %s, expected ns/op" % (name, pm["scoreUnit"]))
    best = min(v for fork in pm["rawData"] for v in fork)
    alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
    rows[(name, params)] = (float(pm["score"]), float(pm["scoreError"]), best, alloc)

what = {
    "bare": "(a) bare Pekko request/reply",
    "getStateViaSupervisor": "(b) GET_STATE GPR3 via the supervisor",
    "getStateViaRoute": "(d) GET_STATE GPR3 via the cached route",
    "runViaSupervisor": "(c) RUN_VCPU to sc 1 via the supervisor",
    "runViaRoute": "(c) RUN_VCPU to sc 1 via the cached route",
}
order = sorted({p for (_, p) in rows})
print()
print("hcall round trip through the L0's actors, one JMH run (1 op = 1 round trip):")
print("| benchmark | what | parameters | ns (mean ± 99.9%) | ns (fastest iteration) "
      "| ratio to bare (mean) | ratio to bare (fastest) | alloc B per round trip |")
print("|---|---|---|---:|---:|---:|---:|---:|")
goals = []
for params in order:
    bare = rows.get(("bare", params))
    if bare is None:
        print("(no bare result for %s: no ratios)" % (params,))
        continue
    ptext = " ".join("%s=%s" % kv for kv in params)
    for name in what:
        if (name, params) not in rows:
            continue
        mean, err, best, alloc = rows[(name, params)]
        print("| %s | %s | %s | %.0f ± %s | %.0f | %.2f× | %.2f× | %s |"
              % (name, what[name], ptext, mean, "n/a" if math.isnan(err) else "%.0f" % err, best,
                 mean / bare[0], best / bare[2], "n/a" if alloc is None else "%.0f" % alloc))
        if name != "bare":
            goals.append((name, ptext, mean / bare[0], best / bare[2]))
print()
if any("dispatcher=single" in g[1] for g in goals):
    print("(the goal is for dispatcher=default; dispatcher=single is a one-thread diagnostic)")
for name, ptext, m, b in goals:
    print("goal %s (%s) <= 3x bare: %s (%.2fx mean, %.2fx fastest)"
          % (name, ptext, "met" if m <= 3 and b <= 3 else "NOT met", m, b))
PY
fi

if [ "${SKIP_FOOTPRINT:-0}" != 1 ]; then
  echo
  # JOL (a test dependency) for the engine breakdown, if Maven has it.
  jol=$(ls "${HOME}"/.m2/repository/org/openjdk/jol/jol-core/*/jol-core-*.jar 2>/dev/null | tail -n 1 || true)
  java -Xms2g -Xmx2g -Djdk.attach.allowAttachSelf=true -cp "target/classes:target/lib/*${jol:+:$jol}" \
    org.nestsim.bench.L0Footprint "${L0_VCPUS:-100000}" "${L0_VCPUS_PER_GUEST:-2000}" \
    2> >(grep -v '^SLF4J\|^# WARNING\|^WARNING' >&2)
fi
