#!/usr/bin/env bash
# Sensitivity benchmark: a full Sobol' study on Katwijk through `verbinder sensitivity` in a release build,
# N = 1,024 base samples over every model parameter with a range (N·(k + 2) simulated years of 52 weeks,
# 1 replication each), on 2 jobs. Reports wall and CPU time and the share spent simulating versus
# estimating the indices (100 bootstrap resamples per index) and writing the store.
#
# Usage: benchmarks/sensitivity/run.sh [SAMPLES] [JOBS] [SCRATCH_PATH]
set -euo pipefail
samples="${1:-1024}"
jobs="${2:-2}"
scratch="${3:-.build}"
cd "$(dirname "$0")/../.."

swift build -c release --scratch-path "$scratch" --product verbinder >/dev/null
verbinder="$(swift build -c release --scratch-path "$scratch" --show-bin-path)/verbinder"
out="$(mktemp -d -t verbinder-sensitivity-bench-XXXXXX)"
trap 'rm -rf "$out"' EXIT

echo "$(nproc) cores, $(uname -m), $("$verbinder" --version), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -o "$out/time" -f "%e %U %S %M" "$verbinder" sensitivity scenarios/katwijk.yaml --method sobol \
    --samples "$samples" --replications 1 --weeks 52 --jobs "$jobs" --out "$out/study" >"$out/stdout"
read -r wall user system rss <"$out/time"
head -1 "$out/stdout"
# "Ran R runs in S s (J jobs); the indices took I s, writing the results W s."
line=$(grep '^Ran ' "$out/stdout")
simulation=$(sed -E 's/.* in ([0-9.]+) s \(.*/\1/' <<<"$line")
indices=$(sed -E 's/.*indices took ([0-9.]+) s.*/\1/' <<<"$line")
writing=$(sed -E 's/.*results ([0-9.]+) s\..*/\1/' <<<"$line")
awk -v w="$wall" -v u="$user" -v s="$system" -v m="$rss" -v sim="$simulation" -v idx="$indices" -v wr="$writing" 'BEGIN {
    printf "wall %.1f s (CPU %.1f s user + %.1f s system, peak RSS %d MiB)\n", w, u, s, m / 1024
    printf "simulation %.1f s (%.1f%%), indices %.1f s (%.1f%%), writing the store and CSV %.1f s (%.1f%%), the rest %.1f s\n",
        sim, 100 * sim / w, idx, 100 * idx / w, wr, 100 * wr / w, w - sim - idx - wr
}'
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
