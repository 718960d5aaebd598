#!/usr/bin/env bash
# Stress scaling (docs/PERFORMANCE.md, "Stress scaling"): builds with the bench profile, then for each size
# from 1,000 vCPUs up to LARGEST (default 100,000; 1000000 needs about 16 GiB of heap) runs, each in a JVM
# of its own,
#   1. nestsim stress --workload hcall --rounds ROUNDS --mode parallel --no-oracle --json (guests of 1,000
#      vCPUs; ROUNDS 10 makes each program ~410 exits long, so that boot does not dominate), and
#   2. right after it, the bare Pekko exchange with as many actor pairs (StressScaling bare N: the
#      2-message exchange of ExitRoundTrips, median of three),
# then prints a Markdown table (exits/s of the whole run and of its best second, each as a ratio of the
# bare exchange's round trips/s, heap per vCPU, exit latency) and draws docs/img/stress-scaling.png.
#
# Usage: src/bench/run-stress-scaling.sh [LARGEST]        e.g. 1000000 for 10^3..10^6
# Environment: SKIP_BUILD=1 reuses target/ as it is; SEED (1); ROUNDS (10; 1 for the shortest programs); HEAP (-Xmx8g, -Xmx16g from 10^6 vCPUs);
# STRESS_ARGS, extra options for nestsim stress (e.g. --no-latency); OUT (target/stress-scaling), where
# each size's JSON and bare rate go; PNG (docs/img/stress-scaling.png).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

LARGEST=${1:-100000}
SEED=${SEED:-1}
ROUNDS=${ROUNDS:-10}
OUT=${OUT:-target/stress-scaling}
PNG=${PNG:-docs/img/stress-scaling.png}
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -q -Pbench -DskipTests package
fi
if [ ! -f target/classes/org/nestsim/bench/StressScaling.class ]; then
  echo "run-stress-scaling: target/ was not built with -Pbench (no StressScaling class)" >&2
  exit 1
fi
rm -rf "$OUT"
mkdir -p "$OUT"
echo "rounds: $ROUNDS; machine: $(nproc) cores; $(java -version 2>&1 | head -n 1); load average:$(uptime | sed 's/.*average://')"
for (( n = 1000; n <= LARGEST; n *= 10 )); do
  heap=${HEAP:-$([ "$n" -ge 1000000 ] && echo -Xmx16g || echo -Xmx8g)}
  per=$(( n < 1000 ? n : 1000 ))
  echo "== $n vCPUs ($(( n / per )) guests of $per), $heap; load average:$(uptime | sed 's/.*average://')"
  # The run's wall-clock bound (a hang guard) must not stop a long run; its exit status 1 (a forbidden
  # outcome) is in the JSON and the table.
  java "$heap" -Dnestsim.run.wall-timeout=2h -jar target/nestsim.jar stress --guests $(( n / per )) \
    --vcpus-per-guest "$per" --workload hcall --rounds "$ROUNDS" --mode parallel --no-oracle --seed "$SEED" --json -q \
    ${STRESS_ARGS:-} > "$OUT/stress-$n.json" 2> >(grep -v '^SLF4J\| INFO ' >&2) || true
  # The rate is the last line (Pekko may log a slow shutdown to stdout at 10^6 actor pairs).
  java "$heap" -cp "target/classes:target/lib/*" org.nestsim.bench.StressScaling bare "$n" \
    2> >(grep -v '^SLF4J\| INFO ' >&2) | tail -n 1 > "$OUT/bare-$n.txt"
done
echo "load average after the runs:$(uptime | sed 's/.*average://')"
java -cp "target/classes:target/lib/*" org.nestsim.bench.StressScaling report "$OUT" "$PNG"
echo "plot: $PNG"
