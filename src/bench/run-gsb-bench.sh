#!/usr/bin/env bash
# GSB codec benchmark (docs/PERFORMANCE.md): builds with the bench profile, runs GsbCodecBenchmark
# with -prof gc, and prints for each benchmark ns/op, elements/s, the ratio to the bulk copy measured
# in the same run, and the bytes allocated per operation.
#
# Two ratios: of the JMH scores (means over all measurement iterations), and of each benchmark's
# fastest iteration. On a shared machine another process inflates the mean of whichever benchmark it
# overlaps (JMH runs them one after another); the fastest iterations are the least disturbed ones.
#
# Usage: src/bench/run-gsb-bench.sh [extra JMH options, e.g. -wi 2 -i 5]
# Environment: SKIP_BUILD=1 reuses target/ as it is.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

ELEMENTS=40   # GsbCodecBenchmark.ELEMENTS
RESULTS=target/gsb-bench.json

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -q -Pbench -DskipTests package
fi
if ! ls target/lib/jmh-core-*.jar >/dev/null 2>&1 \
    || ! grep -q 'GsbCodecBenchmark' target/classes/META-INF/BenchmarkList 2>/dev/null; then
  echo "run-gsb-bench: target/ was not built with -Pbench (no jmh-core in target/lib or no" \
    "GsbCodecBenchmark in target/classes/META-INF/BenchmarkList)" >&2
  exit 1
fi

echo "machine: $(nproc) cores; $(java -version 2>&1 | head -n 1); load average:$(uptime | sed 's/.*average://')"
java -cp "target/classes:target/lib/*" org.openjdk.jmh.Main '\.GsbCodecBenchmark\.' \
  -prof gc -rf json -rff "$RESULTS" "$@"
echo "load average after the run:$(uptime | sed 's/.*average://')"

python3 - "$RESULTS" "$ELEMENTS" <<'PY'
import json, math, sys

path, elements = sys.argv[1], int(sys.argv[2])
rows = {}
for r in json.load(open(path)):
    name = r["benchmark"].rsplit(".", 1)[1]
    pm = r["primaryMetric"]
    if pm["scoreUnit"] != "ns/op":
        sys.exit("run-gsb-bench: %s is in %s, expected ns/op" % (name, pm["scoreUnit"]))
    best = min(v for fork in pm["rawData"] for v in fork)
    alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
    # JMH writes "NaN" for the error of fewer than two iterations.
    rows[name] = (float(pm["score"]), float(pm["scoreError"]), best, alloc)

if "copy" not in rows:
    sys.exit("run-gsb-bench: no copy result in %s, no ratios" % path)
copy_mean, copy_best = rows["copy"][0], rows["copy"][2]
print()
print("GSB codec, %d-element run input buffer (488 bytes), one JMH run:" % elements)
print("| benchmark | ns/op (mean ± 99.9%) | ns/op (fastest iteration) | elements/s (mean) "
      "| ratio to copy (mean) | ratio to copy (fastest) | alloc B/op |")
print("|---|---:|---:|---:|---:|---:|---:|")
for name in ("validateAndDecode", "encode", "copy"):
    if name not in rows:
        continue
    mean, err, best, alloc = rows[name]
    alloc_s = "n/a" if alloc is None else "%.3f" % alloc
    err_s = "n/a" if math.isnan(err) else "%.1f" % err
    print("| %s | %.1f ± %s | %.1f | %.3g | %.1f× | %.1f× | %s |"
          % (name, mean, err_s, best, elements / mean * 1e9, mean / copy_mean, best / copy_best, alloc_s))

print()
if "validateAndDecode" in rows:
    mean_ratio = rows["validateAndDecode"][0] / copy_mean
    best_ratio = rows["validateAndDecode"][2] / copy_best
    met = mean_ratio <= 10 and best_ratio <= 10
    print("goal validateAndDecode <= 10x copy: %s (%.1fx mean, %.1fx fastest)"
          % ("met" if met else "NOT met", mean_ratio, best_ratio))
zero = all(r[3] is not None and r[3] < 0.1 for r in rows.values())
print("goal 0 B/op (gc.alloc.rate.norm < 0.1 for every benchmark): %s" % ("met" if zero else "NOT met"))
PY
