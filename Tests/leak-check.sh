#!/usr/bin/env bash
# Leak check for the Graphviz renderer: N renders (default 1,000) in one process under valgrind.
# Every render makes its own GVC_t and graph and must free them (gvFreeLayout, agclose,
# gvFreeRenderData, gvFreeContext), also when Graphviz reports an error.
#
# Usage: Tests/leak-check.sh [RENDERS] [SCRATCH_PATH]
# Exit status: 0 when valgrind finds no definitely or indirectly lost bytes, 1 otherwise.
set -euo pipefail
renders="${1:-1000}"
scratch="${2:-.build-render}"
cd "$(dirname "$0")/.."

swift build --scratch-path "$scratch" --build-tests >/dev/null
binary="$(swift build --scratch-path "$scratch" --show-bin-path)/VerbinderPackageTests.xctest"
log="$(mktemp -t verbinder-leak-XXXXXX.log)"

echo "valgrind: $renders renders in one process (log: $log)"
start=$(date +%s)
VERBINDER_LEAK_RENDERS="$renders" valgrind --leak-check=full --show-leak-kinds=definite,indirect \
    --errors-for-leak-kinds=definite,indirect --num-callers=30 --log-file="$log" \
    "$binary" --testing-library swift-testing --filter "LeakLoopTests" >/dev/null
echo "took $(( $(date +%s) - start )) s"
grep -E "definitely lost|indirectly lost|possibly lost|still reachable|ERROR SUMMARY" "$log" | sed 's/^==[0-9]*== *//'
if grep -Eq "definitely lost: [1-9]|indirectly lost: [1-9]" "$log"; then
    echo "LEAK: see $log"
    exit 1
fi
echo "no leaks"
