#!/usr/bin/env bash
# Leak check for the Graphviz renderer: N renders (default 1,000) of Verbinder's views, and N renders of
# a plain graph, each in one process under LeakSanitizer (AddressSanitizer build, full stacks).
# Every render must free what it allocated (agclose, gvFreeLayout, gvFreeRenderData; one shared
# GVC_t lives for the process), also when Graphviz reports an error: every tenth iteration of the
# views loop renders a broken label.
#
# Graphviz 2.43 itself leaks inside gvLayout: dot's rank/mincross virtual edges and nodes, the
# HTML-label parser, pango markup strings, fdp/neato straight-edge splines, fontconfig caches. These
# survive gvFreeLayout + agclose and are not Verbinder's to free. The check therefore fails only on
# leaks allocated by Swift code or by the calls whose results Verbinder must free (agopen, agnode,
# agsubg, agedge, agsafeset, agattr, agstrdup_html, agmemread, gvContext, gvRenderData's buffer),
# and prints totals for both kinds.
#
# valgrind 3.19 (Debian 12) cannot be used here: it cannot read the DWARF 5 of Swift 6 debug builds,
# and with the debug info stripped it crashes in libdispatch's worker threads.
#
# Usage: Tests/leak-check.sh [RENDERS] [SCRATCH_PATH]
set -euo pipefail
renders="${1:-1000}"
scratch="${2:-.build-asan}"
cd "$(dirname "$0")/.."

swift build --scratch-path "$scratch" --build-tests --sanitize=address >/dev/null
binary="$(swift build --scratch-path "$scratch" --sanitize=address --show-bin-path)/VerbinderPackageTests.xctest"

failed=0
for test in renderMany renderPlain; do
    log="$(mktemp -t "verbinder-leak-$test-XXXXXX.log")"
    start=$(date +%s)
    ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0:exitcode=0 VERBINDER_LEAK_RENDERS="$renders" \
        "$binary" --testing-library swift-testing --filter "LeakLoopTests/$test" >"$log" 2>&1 || true
    echo "$test: $renders renders in $(( $(date +%s) - start )) s (log: $log)"
    grep -E "leak loop|Test run|ERROR: AddressSanitizer" "$log" | sed 's/^/  /' || true
    python3 - "$log" <<'PY' || failed=1
import re, sys
text = open(sys.argv[1]).read()
# Objects Verbinder must free: the graph and what hangs on it (agclose), the context, the render buffer.
owned_entries = {"agopen", "agnode", "agsubg", "agsubnode", "agedge", "agsafeset", "agattr", "agstrdup_html",
                 "agmemread", "gvContext"}
allocators = {"malloc", "calloc", "realloc", "strdup", "gmalloc", "zmalloc", "grealloc", "g_malloc", "g_realloc",
              "g_malloc0", "agalloc", "agrealloc"}
totals = {"Verbinder": [0, 0], "Graphviz 2.43 internals": [0, 0]}
for block in re.split(r"\n(?=(?:Direct|Indirect) leak)", text):
    match = re.match(r"(?:Direct|Indirect) leak of (\d+) byte\(s\) in (\d+) object", block)
    if not match:
        continue
    frames = re.findall(r"#\d+ 0x[0-9a-f]+ in (\S+)", block)
    swift = next((i for i, f in enumerate(frames) if f.startswith("$s")), None)
    inner = [f for f in frames[:swift] if f not in allocators] if swift is not None else []
    entry = inner[-1] if inner else None
    ours = swift is not None and (not inner or entry in owned_entries
                                  or (entry == "gvRenderData" and any("gvwrite" in f or "gvdevice" in f for f in inner)))
    kind = "Verbinder" if ours else "Graphviz 2.43 internals"
    totals[kind][0] += int(match.group(1))
    totals[kind][1] += int(match.group(2))
for kind, (size, count) in totals.items():
    print(f"  leaked by {kind}: {size:,} bytes in {count:,} allocations")
if re.search(r"ERROR: AddressSanitizer: (?!.*LeakSanitizer)(heap|stack|global|use)", text):
    print("  memory error (see log)")
    sys.exit(1)
sys.exit(1 if totals["Verbinder"][0] > 0 else 0)
PY
done
if [ "$failed" -ne 0 ]; then echo "FAILED: Verbinder leaks or memory errors"; exit 1; fi
echo "no leaks from Verbinder's render lifecycle"
