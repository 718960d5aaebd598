#!/usr/bin/env bash
# End-to-end exit round trips of the KVM-like L1 (docs/PERFORMANCE.md): builds with the bench profile
# and runs ExitRoundTrips, which prints the messages an exit costs (counted), exits/s at 1, 100 and
# 10,000 vCPUs in parallel mode next to a bare Pekko exchange of as many messages per round trip, and
# the deterministic dispatcher's rate as a fraction of the parallel one.
#
# Usage: src/bench/run-exit-round-trips.sh [sizes...]     (default: 1 100 10000)
# Environment: SKIP_BUILD=1 reuses target/ as it is.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -q -Pbench -DskipTests package
fi
echo "machine: $(nproc) cores; $(java -version 2>&1 | head -n 1); load average:$(uptime | sed 's/.*average://')"
java -cp "target/classes:target/lib/*" org.nestsim.bench.ExitRoundTrips "$@" 2>&1 | grep -v ' INFO '
echo "load average after the run:$(uptime | sed 's/.*average://')"
