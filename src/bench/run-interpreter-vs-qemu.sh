#!/usr/bin/env bash
# Interpreter speed next to qemu-ppc64 on the same loop, measured in one run (docs/PERFORMANCE.md).
# Needs binutils-powerpc64-linux-gnu and qemu-user (as .ci/run installs them).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

qemu_high=0x1000        # 0x1000 << 16 iterations x 8 = 2.1 G instructions for QEMU
nestsim_high=0x100      # 0x100 << 16 iterations x 8 = 134 M instructions per NestSim round

sed "s/ITERATIONS_HIGH/$qemu_high/" src/bench/loop.s > "$work/loop.s"
powerpc64-linux-gnu-as -mregnames -mpower10 -o "$work/loop.o" "$work/loop.s"
powerpc64-linux-gnu-ld -o "$work/loop" "$work/loop.o"

mvn -B -q -Pbench -DskipTests package >/dev/null

best_qemu=0
for round in 1 2 3; do
  t0=$(date +%s%N)
  qemu-ppc64 -cpu power10 "$work/loop"
  t1=$(date +%s%N)
  ips=$(( ( (qemu_high << 16) * 8 + 8 ) * 1000000000 / (t1 - t0) ))
  echo "qemu round $round: $(( ips / 1000000 )) M instructions/s" >&2
  [ "$ips" -gt "$best_qemu" ] && best_qemu=$ips
done

read -r _ n best_nestsim < <(java -Xmx1g -cp "target/classes:target/lib/*" org.nestsim.bench.InterpreterSpeed "$nestsim_high" 6)
read -r _ n best_interpreted < <(java -Xmx1g -Dnestsim.jit=false -cp "target/classes:target/lib/*" \
  org.nestsim.bench.InterpreterSpeed "$nestsim_high" 6)

echo "load average:            $(cut -d' ' -f1-3 /proc/loadavg)"
echo "qemu-ppc64 -cpu power10: $(( best_qemu / 1000000 )) M instructions/s"
echo "nestsim (block compiler): $(( ${best_nestsim%.*} / 1000000 )) M instructions/s"
echo "nestsim (interpreter only, -Dnestsim.jit=false): $(( ${best_interpreted%.*} / 1000000 )) M instructions/s"
awk -v a="${best_nestsim%.*}" -v b="$best_qemu" 'BEGIN { printf "ratio nestsim/qemu:      %.3f\n", a / b }'
awk -v a="${best_interpreted%.*}" -v b="$best_qemu" 'BEGIN { printf "ratio interpreter only/qemu: %.3f\n", a / b }'
