#!/usr/bin/env bash
# End-to-end test of `verbinder slurm` on a real one-node Slurm cluster (Tests/slurm/cluster.sh):
#  1. a sweep submitted as a 4-task array plus the afterok merge job gives exactly the single-machine
#     sweep's metrics, run by run;
#  2. an array task killed mid-run (scancel) and resubmitted alone (`--submit --tasks I`) leaves no missing
#     or duplicated runs: the merge succeeds and still equals the single-machine sweep;
#  3. a sensitivity study submitted with `verbinder slurm sensitivity` (3 tasks plus the merge job, which
#     computes the indices) gives the single-machine study's index tables byte for byte;
#  4. an ABC-SMC calibration submitted with `verbinder slurm calibrate` runs in rounds (each merge job absorbs a
#     batch and submits the next round) and gives the single-machine calibration's posterior byte for byte.
# Usage: Tests/slurm/sweep-on-slurm.sh VERBINDER_BINARY   (as root; needs slurm-wlm and munge)
# Exit 0 on success; on failure the cluster's logs and the job logs are kept and their folder is printed.
set -euo pipefail
binary="$(realpath "$1")"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
dir="$(mktemp -d -t verbinder-slurm-XXXXXX)"
ok=0
finish() {
    "$repo/Tests/slurm/cluster.sh" stop "$dir/cluster" >/dev/null 2>&1 || true
    if [ "$ok" = 1 ]; then rm -rf "$dir"; else echo "FAILED: cluster and job logs kept in $dir" >&2; fi
}
trap finish EXIT
eval "$("$repo/Tests/slurm/cluster.sh" start "$dir/cluster")"
cp "$repo/scenarios/katwijk.yaml" "$dir/"
cd "$dir"
sweep=(katwijk.yaml --sliders residents,politics --replications 3 --weeks 26)

# Waits (bounded) until no job of the cluster is pending or running, except ones that can never start.
wait_idle() {
    for _ in $(seq 1 300); do
        if ! squeue -h -t all -o '%T %r' | grep -v DependencyNeverSatisfied | grep -qE '^(PENDING|RUNNING|CONFIGURING|COMPLETING)'; then return 0; fi
        sleep 1
    done
    echo "jobs did not finish in 300 s:" >&2; squeue -t all >&2; return 1
}
job_id() { sed -n "s/^$1 job: //p" "$2"; }

"$binary" sweep "${sweep[@]}" --out single --jobs 2 >/dev/null
"$binary" results single --table metrics --format csv >single.csv

echo "1. a 4-task array and the merge job"
"$binary" slurm "${sweep[@]}" --shards 4 --out "$dir/whole" --submit | tee submitted.txt
wait_idle
squeue -h -t all -j "$(job_id merge submitted.txt)" -o '%T' | grep -qx COMPLETED
"$binary" results whole --table metrics --format csv >whole.csv
cmp single.csv whole.csv
echo "   merged store equals the single-machine sweep ($(($(wc -l <single.csv) - 1)) metric rows)"

echo "2. a task killed mid-run, then resubmitted alone"
# Task 2 holds after creating its store (VERBINDER_TEST_HOLD, passed on by sbatch with the rest of the
# environment) until it is killed, so the kill never races the task's end however fast the machine is.
VERBINDER_TEST_HOLD="after=0,shard=2,file=$dir/task-2-holding" \
    "$binary" slurm "${sweep[@]}" --shards 4 --out "$dir/killed" --submit | tee first.txt
array="$(job_id sweep first.txt)"
for _ in $(seq 1 600); do
    [ -e "$dir/task-2-holding" ] && break
    sleep 0.5
done
[ -e "$dir/task-2-holding" ] || { echo "array task 2 did not start within 300 s" >&2; squeue -t all >&2; exit 1; }
[ "$(squeue -h -t RUNNING -j "${array}_2" -o '%T')" = RUNNING ]
scancel --signal=KILL "${array}_2"
wait_idle
squeue -h -t all -j "${array}_2" -o '%T' | grep -qx CANCELLED
squeue -h -t all -j "$(job_id merge first.txt)" -o '%r' | grep -qx DependencyNeverSatisfied
if "$binary" merge killed/results-{0,1,2,3}-of-4.sqlite --out killed/partial.sqlite 2>merge-error.txt; then
    echo "merging with a killed task must fail" >&2; exit 1
fi
grep -q "results-2-of-4.sqlite" merge-error.txt
echo "   merge refuses: $(head -c 160 merge-error.txt)…"
scancel "$(job_id merge first.txt)"
"$binary" slurm "${sweep[@]}" --shards 4 --out "$dir/killed" --submit --tasks 2 | tee second.txt
wait_idle
squeue -h -t all -j "$(job_id merge second.txt)" -o '%T' | grep -qx COMPLETED
"$binary" results killed --table metrics --format csv >killed.csv
cmp single.csv killed.csv
echo "   after resubmitting task 2 the merged store equals the single-machine sweep"

echo "3. a sensitivity study as a 3-task array and the merge job"
study=(sensitivity katwijk.yaml --method morris --samples 4 --weeks 6 --replications 1
       --parameters overheadShare,connectorKnowledge,officialInitiative)
"$binary" "${study[@]}" --out study-single --jobs 2 >/dev/null
"$binary" slurm "${study[@]}" --shards 3 --out "$dir/study" --submit | tee study-submitted.txt
wait_idle
squeue -h -t all -j "$(job_id merge study-submitted.txt)" -o '%T' | grep -qx COMPLETED
tables=(samples.csv outputs.csv $(cd study-single && ls morris/*.csv))
for table in "${tables[@]}"; do cmp "study-single/$table" "study/$table"; done
echo "   merged study equals the single-machine study (${#tables[@]} tables)"

echo "4. an ABC-SMC calibration in rounds of a 2-task array and a merge job that submits the next round"
cp "$repo/scenarios/maassluis.yaml" .
mkdir -p observations
cp "$repo/scenarios/observations/maassluis.yaml" observations/
calibration=(calibrate maassluis.yaml --observed observations/maassluis.yaml --particles 10 --generations 2 --weeks 4)
"$binary" "${calibration[@]}" --out calibration-single --jobs 2 >/dev/null 2>&1
"$binary" slurm "${calibration[@]}" --shards 2 --out "$dir/calibration" --submit | tee calibration-submitted.txt
wait_idle
cmp calibration-single/posterior.csv calibration/posterior.csv
rounds="$(ls calibration/slurm/logs/merge-*.out | wc -l)"
[ "$rounds" -ge 3 ]
echo "   after $rounds rounds the posterior equals the single-machine calibration's"
ok=1
