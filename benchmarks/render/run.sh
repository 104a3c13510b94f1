#!/usr/bin/env bash
# Rendering benchmark: the aggregate view of scenarios/large/amsterdam-scale.yaml (about 1,000,000
# residents), end to end through `verbinder render` in a release build: load the scenario, generate
# its network, aggregate it, lay it out with Graphviz and write the file.
#
# Usage: benchmarks/render/run.sh [RUNS] [SCRATCH_PATH]
# Prints wall time and peak RSS per run, then the median per case.
set -euo pipefail
runs="${1:-5}"
scratch="${2:-.build-release}"
cd "$(dirname "$0")/../.."

swift build -c release --scratch-path "$scratch" --product verbinder >/dev/null
verbinder="$(swift build -c release --scratch-path "$scratch" --show-bin-path)/verbinder"
scenario=scenarios/large/amsterdam-scale.yaml
out="$(mktemp -d -t verbinder-render-bench-XXXXXX)"
trap 'rm -rf "$out"' EXIT

measure() { # name, then the command's arguments
    local name="$1"; shift
    local times=()
    for run in $(seq 1 "$runs"); do
        local line
        /usr/bin/time -o "$out/time" -f "%e %M" "$verbinder" "$@" >/dev/null 2>"$out/stderr"
        line=$(tail -1 "$out/time")
        times+=("${line%% *}")
        echo "$name run $run: ${line%% *} s, peak RSS $(( ${line##* } / 1024 )) MiB"
    done
    printf '%s\n' "${times[@]}" | sort -n | awk -v name="$name" '{a[NR]=$1} END {print name ": median " a[int((NR+1)/2)] " s (min " a[1] ", max " a[NR] ")"}'
}

echo "$(nproc) cores, $(uname -m), $("$verbinder" --version)"
measure "inspect (load + generate, no rendering)" inspect "$scenario"
measure "aggregate view, SVG (neato, default)" render "$scenario" --view aggregate --out "$out/aggregate.svg"
measure "aggregate view, PNG (neato, default)" render "$scenario" --view aggregate --out "$out/aggregate.png"
measure "aggregate view, SVG (dot)" render "$scenario" --view aggregate --layout dot --out "$out/aggregate-dot.svg"
measure "aggregate view, SVG (fdp)" render "$scenario" --view aggregate --layout fdp --out "$out/aggregate-fdp.svg"
measure "arenas view, SVG (dot)" render "$scenario" --view arenas --out "$out/arenas.svg"
