#!/usr/bin/env python3
"""Exact betweenness on G(5,000, 50,000): Verbinder and python-igraph timed in alternation, in the same minutes.

On a shared machine the load changes from minute to minute, so timing each engine in its own stretch (as
`make bench` does: Verbinder's suite first, the peers later) can tilt a ratio either way. Here each round
times igraph's `Graph.betweenness(directed=False)` in this process and Verbinder's `Centrality.betweenness` on
1 thread and on 2 threads (`verbinder-benchmarks time-betweenness`, which times the call alone, after an
untimed warm-up, in its own process), alternating the order from round to round. Wall and CPU seconds are
both kept (CPU: user + system of all threads), with the 1-minute load average before each run. Values are
checked against igraph's first (relative difference at most 1e-9, as in bench.py). With --sampled, the
sampled betweenness of the 1M-resident network (k = 100 sources) is timed too, on 1 and 2 threads.

Writes `benchmarks/results/peers/paired.md` and prints it.

Usage: benchmarks/.venv/bin/python benchmarks/peers/analysis/paired.py [--rounds R] [--sampled]
       [--binary benchmarks/.build/release/verbinder-benchmarks]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import igraph

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
RESULTS = os.path.join(ROOT, "benchmarks", "results")
TOLERANCE = 1e-9
NODES, EDGES = 5000, 50000


def verbinder(binary, *options):
    """Runs `time-betweenness` and returns its JSON lines."""
    out = subprocess.run([binary, "time-betweenness", *options], check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def igraph_run(g):
    load = os.getloadavg()[0]
    cpu, wall = time.process_time(), time.perf_counter()
    values = g.betweenness(directed=False)
    return {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu, "load1": load}, values


def median_text(runs, key):
    values = [run[key] for run in runs]
    return f"{statistics.median(values):.3f} s ({min(values):.3f} – {max(values):.3f})"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--sampled", action="store_true", help="also time sampled betweenness on the 1M-resident network")
    parser.add_argument("--binary", default=os.path.join(ROOT, "benchmarks", ".build", "release", "verbinder-benchmarks"))
    args = parser.parse_args()
    os.makedirs(os.path.join(RESULTS, "peers"), exist_ok=True)
    os.makedirs(os.path.join(RESULTS, "graphs"), exist_ok=True)
    graph_path = os.path.join(RESULTS, "graphs", f"random-{NODES}-{EDGES}.csv")
    values_path = os.path.join(RESULTS, "graphs", f"random-{NODES}-{EDGES}.paired-betweenness.txt")
    load_start = " / ".join(f"{x:.2f}" for x in os.getloadavg())

    # Check run: Verbinder writes the graph and its values; igraph's first run is checked against them.
    verbinder(args.binary, "--nodes", str(NODES), "--edges", str(EDGES), "--graph-out", graph_path, "--values-out", values_path)
    with open(graph_path) as f:
        next(f)
        edges = [tuple(map(int, line.split(","))) for line in f]
    with open(values_path) as f:
        ours = [float(line) for line in f]
    g = igraph.Graph(n=NODES, edges=edges)
    _, raw = igraph_run(g)
    scale = 2 / ((NODES - 1) * (NODES - 2))
    worst = max(abs(a - b * scale) / max(abs(a), 1e-12) for a, b in zip(ours, raw, strict=True))
    print(f"igraph vs Verbinder: largest relative difference {worst:.1e}", file=sys.stderr, flush=True)
    if not worst <= TOLERANCE:
        sys.exit(f"error: igraph's betweenness differs from Verbinder's by {worst:.1e} (> {TOLERANCE:g})")

    runs = {"igraph": [], "v1": [], "v2": []}
    def time_igraph():
        runs["igraph"].append(igraph_run(g)[0])
    def time_verbinder(threads):
        runs[f"v{threads}"] += verbinder(args.binary, "--nodes", str(NODES), "--edges", str(EDGES), "--threads", str(threads))
    steps = [time_igraph, lambda: time_verbinder(1), lambda: time_verbinder(2)]
    for round_index in range(args.rounds):
        for step in steps if round_index % 2 == 0 else reversed(steps):
            step()
        print(f"round {round_index + 1}: igraph {runs['igraph'][-1]['wall']:.3f} s, Verbinder 1 thread "
              f"{runs['v1'][-1]['wall']:.3f} s, 2 threads {runs['v2'][-1]['wall']:.3f} s "
              f"(load {os.getloadavg()[0]:.2f})", file=sys.stderr, flush=True)

    def ratio(key, ours):
        return statistics.median(r[key] for r in runs["igraph"]) / statistics.median(r[key] for r in runs[ours])
    loads = [r["load1"] for rs in runs.values() for r in rs]
    lines = [
        f"`benchmarks/peers/analysis/paired.py --rounds {args.rounds}`: exact betweenness on random {NODES:,} / {EDGES:,}, "
        f"igraph and Verbinder (1 and 2 threads) alternating, {args.rounds} rounds; median (min – max); CPU is user + "
        f"system of all threads. Values checked: largest relative difference to igraph {worst:.1e}. Load average "
        f"(1 / 5 / 15 min) at start: {load_start}; at end: {' / '.join(f'{x:.2f}' for x in os.getloadavg())}; "
        f"1-minute load before the runs {min(loads):.2f} – {max(loads):.2f}.",
        "",
        "| | igraph (1 thread) | Verbinder 1 thread | Verbinder 2 threads |",
        "|---|---|---|---|",
        f"| wall | {median_text(runs['igraph'], 'wall')} | {median_text(runs['v1'], 'wall')} | {median_text(runs['v2'], 'wall')} |",
        f"| CPU | {median_text(runs['igraph'], 'cpu')} | {median_text(runs['v1'], 'cpu')} | {median_text(runs['v2'], 'cpu')} |",
        f"| igraph ÷ Verbinder, wall | | {ratio('wall', 'v1'):.2f}× | {ratio('wall', 'v2'):.2f}× |",
        f"| igraph ÷ Verbinder, CPU | | {ratio('cpu', 'v1'):.2f}× | {ratio('cpu', 'v2'):.2f}× (CPU of both threads) |",
    ]

    if args.sampled:
        sampled = {}
        for threads in (1, 2):
            sampled[threads] = verbinder(args.binary, "--scenario", "scenarios/large/residents-1m.yaml", "--sample", "100",
                                         "--threads", str(threads), "--runs", str(max(1, min(args.rounds, 3))))
        first = sampled[1][0]
        lines += [
            "",
            f"Sampled betweenness, k = 100 sources (seed 1), on the network of `scenarios/large/residents-1m.yaml` "
            f"({first['nodes']:,} nodes, {first['ties']:,} ties), {len(sampled[1])} runs each, per source:",
            "",
            "| threads | wall per source | CPU per source |",
            "|---|---|---|",
        ]
        for threads, rs in sampled.items():
            per = [{"wall": r["wall"] / r["sources"] * 1000, "cpu": r["cpu"] / r["sources"] * 1000} for r in rs]
            lines.append(f"| {threads} | {statistics.median(p['wall'] for p in per):.1f} ms "
                         f"({min(p['wall'] for p in per):.1f} – {max(p['wall'] for p in per):.1f}) "
                         f"| {statistics.median(p['cpu'] for p in per):.1f} ms |")

    markdown = "\n".join(lines)
    with open(os.path.join(RESULTS, "peers", "paired.md"), "w") as f:
        f.write(markdown + "\n")
    with open(os.path.join(RESULTS, "peers", "paired.json"), "w") as f:
        json.dump(runs, f, indent=1)
    print(markdown)


if __name__ == "__main__":
    main()
