#!/usr/bin/env bash
# Fuzzes every target (or those named) for FUZZ_SECONDS seconds each with the release verbinder-fuzz:
#   Tests/Fuzz/run.sh [TARGET...]     (make fuzz FUZZ_SECONDS=300)
# A run that crashes or hangs is restarted with the next seed until the time is up; the input that crashed
# it is kept as Tests/Fuzz/crashes/TARGET/crash-SHA (or hang-SHA), which make test then reads on every run.
# Prints executions, crashes, hangs and other errors per target; exits 1 if there were any.
set -uo pipefail
cd "$(dirname "$0")/../.."
fuzzer=.build/release/verbinder-fuzz
seconds="${FUZZ_SECONDS:-300}"
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(scenario csv graphml outcome-graph store summary)
status=0
for target in "${targets[@]}"; do
    work="$(mktemp -d)"
    # Reproducers kept before this run seed it; one found during the run does not, or every later run would
    # start by crashing on it.
    known="$(mktemp -d)"
    cp "Tests/Fuzz/crashes/$target/"* "$known/" 2>/dev/null || true
    deadline=$(( $(date +%s) + seconds ))
    seed=1 executions=0 crashes=0 hangs=0 findings=0
    while [ "$(date +%s)" -lt "$deadline" ]; do
        left=$(( deadline - $(date +%s) ))
        "$fuzzer" "$target" --corpus "Tests/Fuzz/corpus/$target" --corpus "$known" \
            --work "$work" --seconds "$left" --seed "$seed" > "$work/log" 2>&1
        code=$?
        runs=$(sed -n 's/^[^:]*: \([0-9]*\) executions.*/\1/p' "$work/log" | tail -1)
        executions=$(( executions + ${runs:-0} ))
        input="$(ls "$work" | grep -v -e '^log$' -e '^findings$' -e '-wal$' -e '-shm$' -e '-journal$' | head -1)"
        if [ $code -eq 1 ]; then
            findings=$(( findings + $(ls "$work/findings" | wc -l) ))
            mkdir -p "Tests/Fuzz/findings/$target" && mv "$work/findings/"* "Tests/Fuzz/findings/$target/"
        elif [ $code -ne 0 ] && [ -n "$input" ]; then
            kind=crash; [ $code -eq 3 ] && kind=hang
            [ $kind = crash ] && crashes=$(( crashes + 1 )) || hangs=$(( hangs + 1 ))
            mkdir -p "Tests/Fuzz/crashes/$target"
            name="$kind-$(sha256sum "$work/$input" | cut -c1-16)"
            cp "$work/$input" "Tests/Fuzz/crashes/$target/$name"
            echo "$target: $kind (exit $code), kept as Tests/Fuzz/crashes/$target/$name:" && tail -3 "$work/log"
        fi
        seed=$(( seed + 1 ))
    done
    echo "$target: $executions executions, $crashes crashes, $hangs hangs, $findings other errors in ${seconds} s"
    [ $(( crashes + hangs + findings )) -gt 0 ] && status=1
    rm -rf "$work" "$known"
done
exit $status
