#!/usr/bin/env python3
"""Betweenness and structural holes: NetworkX and python-igraph on Verbinder's benchmark graphs, as ratios.

Run by `make bench` after `verbinder-benchmarks all`, which writes the seeded G(n, m) random graphs
(`benchmarks/results/graphs/random-N-M.csv`, undirected, nodes 0..n-1), Verbinder's values for them
(`*.betweenness.txt`, `*.constraint.txt`, `*.effective-size.txt`) and its timings (`results/verbinder.json`).
Here the same graphs are loaded (loading not timed), each peer's values are checked against Verbinder's, and
the peers are timed with the same definitions:
- betweenness: NetworkX `betweenness_centrality(G)` (normalised, endpoints excluded: Verbinder's convention);
  igraph `Graph.betweenness(directed=False)` × 2 / ((n − 1)(n − 2)) (igraph counts unordered pairs, unnormalised);
- structural holes: NetworkX `constraint(G)` + `effective_size(G)` for all nodes; igraph `Graph.constraint()`
  (igraph has no effective size). Verbinder's time is its `StructuralHoles.compute`, which computes constraint,
  effective size, efficiency and hierarchy together.
igraph's check run happens before its timed runs (and doubles as warm-up). NetworkX's exact betweenness takes
minutes, so it runs once, on 5k/50k only, and its output is checked after timing. Writes
`benchmarks/results/peers/analysis.md` and `analysis.json`.

Usage: benchmarks/.venv/bin/python benchmarks/peers/analysis/bench.py [--quick]
"""
from __future__ import annotations

import argparse
import math
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import igraph  # noqa: E402
import networkx as nx  # noqa: E402

from results import GRAPHS, Summary, load_text, ratio_text, repeat, swift_summary, timed, verbinder_figures, write  # noqa: E402

TOLERANCE = 1e-9


def read_graph(name):
    with open(os.path.join(GRAPHS, f"{name}.csv")) as f:
        next(f)
        return [tuple(map(int, line.split(","))) for line in f]


def read_values(name, metric):
    with open(os.path.join(GRAPHS, f"{name}.{metric}.txt")) as f:
        return [float(line) for line in f]


def worst_difference(ours, theirs):
    """Largest relative difference (absolute below 1e-12); NaN must match NaN."""
    worst = 0.0
    for a, b in zip(ours, theirs, strict=True):
        if math.isnan(a) or math.isnan(b):
            if not (math.isnan(a) and math.isnan(b)):
                return math.inf
            continue
        worst = max(worst, abs(a - b) / max(abs(a), 1e-12))
    return worst


def check(label, ours, theirs):
    worst = worst_difference(ours, theirs)
    print(f"  {label}: largest relative difference to Verbinder {worst:.1e}", file=sys.stderr, flush=True)
    if not worst <= TOLERANCE:
        sys.exit(f"error: {label} differs from Verbinder's values by {worst:.1e} (> {TOLERANCE:g})")
    return worst


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="5k/50k only, one run each, no NetworkX exact betweenness (trying the script out)")
    args = parser.parse_args()
    figures = verbinder_figures()
    load_start = load_text()
    rows_b, rows_h, ratios, checks = [], [], [], []
    for n, m in ((5000, 50000),) if args.quick else ((5000, 50000), (20000, 200000)):
        name = f"random-{n}-{m}"
        edges = read_graph(name)
        label = f"random {n:,} / {m:,}"
        print(f"{label}: load average {load_text()}", file=sys.stderr, flush=True)
        v1, vall = figures[f"analysis.betweenness.{n}.1"], figures[f"analysis.betweenness.{n}.all"]
        threads = int(vall.get("threads", 2))
        ours = read_values(name, "betweenness")
        scale = 2 / ((n - 1) * (n - 2))

        g = igraph.Graph(n=n, edges=edges)
        # Check run first (it is also the warm-up of the timed runs).
        check_seconds, _, raw = timed(lambda: g.betweenness(directed=False))
        checks.append(f"igraph betweenness on {label}: {check(f'igraph betweenness {label}', ours, [x * scale for x in raw]):.1e}")
        if n <= 5000 and not args.quick:
            ig, _ = repeat(lambda: g.betweenness(directed=False), runs=3, warm_up=0)
            ig_runs = "3 runs after the check run"
        else:
            ig = Summary([check_seconds])
            ig_runs = "1 run, the check run: a median of several is unaffordable"
        nx_cell, nx_ratio = "not run (O(nm): about 16× its 5k/50k time, an hour or more)", None
        G = nx.Graph()
        G.add_nodes_from(range(n))
        G.add_edges_from(edges)
        if n <= 5000 and not args.quick:
            nx_seconds, _, values = timed(lambda: nx.betweenness_centrality(G))
            checks.append(f"NetworkX betweenness on {label} (checked after its timed run): "
                          f"{check(f'NetworkX betweenness {label}', ours, [values[i] for i in range(n)]):.1e}")
            nx_cell, nx_ratio = f"{nx_seconds:.1f} s (1 run)", nx_seconds
        rows_b.append(f"| {label} | {swift_summary(v1)} ({int(v1['runs'])}) | {swift_summary(vall)} ({int(vall['runs'])}) "
                      f"| {ig.seconds(2)} ({ig_runs}) | {ratio_text(ig.median / v1['median'])} | {ratio_text(ig.median / vall['median'])} "
                      f"| {nx_cell} | {ratio_text(nx_ratio / v1['median']) if nx_ratio else '—'} "
                      f"| {ratio_text(nx_ratio / vall['median']) if nx_ratio else '—'} |")
        ratios.append({"what": f"exact betweenness {label}: igraph time ÷ Verbinder 1 thread", "ratio": ig.median / v1["median"],
                       "runs": f"Verbinder {int(v1['runs'])}, igraph {ig.runs}",
                       "why": "Both run the same O(nm) Brandes algorithm; Verbinder's kernel (one level byte per node, σ read only "
                              "on shortest-path ties, breadth-first relabelling; see benchmarks/README.md) does less work per tie. "
                              "Verbinder and igraph are timed minutes apart here, so the ratio also depends on the load at "
                              "each moment (see the load averages); peers/analysis/paired.py times them in alternation."})
        ratios.append({"what": f"exact betweenness {label}: igraph time ÷ Verbinder {threads} threads", "ratio": ig.median / vall["median"],
                       "runs": f"Verbinder {int(vall['runs'])}, igraph {ig.runs}", "why": ""})
        if nx_ratio:
            ratios.append({"what": f"exact betweenness {label}: NetworkX time ÷ Verbinder {threads} threads",
                           "ratio": nx_ratio / vall["median"], "runs": f"Verbinder {int(vall['runs'])}, NetworkX 1", "why": ""})

        # Structural holes.
        holes = figures[f"analysis.holes.{n}"]
        constraint, effective = read_values(name, "constraint"), read_values(name, "effective-size")
        checks.append(f"igraph constraint on {label}: {check(f'igraph constraint {label}', constraint, g.constraint()):.1e}")
        c = nx.constraint(G)
        e = nx.effective_size(G)
        checks.append(f"NetworkX constraint on {label}: {check(f'NetworkX constraint {label}', constraint, [c[i] for i in range(n)]):.1e}")
        checks.append(f"NetworkX effective size on {label}: {check(f'NetworkX effective size {label}', effective, [e[i] for i in range(n)]):.1e}")
        runs = 1 if args.quick else 3
        ig_c, _ = repeat(lambda: g.constraint(), runs=runs)
        nx_h, _ = repeat(lambda: (nx.constraint(G), nx.effective_size(G)), runs=runs)
        rows_h.append(f"| {label} | {swift_summary(holes)} ({int(holes['runs'])}) | {ig_c.seconds()} ({ig_c.runs}) "
                      f"| {ratio_text(ig_c.median / holes['median'])} | {nx_h.seconds()} ({nx_h.runs}) "
                      f"| {ratio_text(nx_h.median / holes['median'])} |")
        ratios.append({"what": f"structural holes {label}: igraph constraint time ÷ Verbinder (all four measures)",
                       "ratio": ig_c.median / holes["median"], "runs": f"Verbinder {int(holes['runs'])}, igraph {ig_c.runs}",
                       "why": "igraph computes constraint only; Verbinder computes constraint, effective size, efficiency and "
                              "hierarchy in one pass and builds the mutual-weight graph first."})
        ratios.append({"what": f"structural holes {label}: NetworkX constraint + effective size ÷ Verbinder",
                       "ratio": nx_h.median / holes["median"], "runs": f"Verbinder {int(holes['runs'])}, NetworkX {nx_h.runs}", "why": ""})
        print(rows_b[-1] + "\n" + rows_h[-1], file=sys.stderr, flush=True)

    threads = int(figures["analysis.betweenness.5000.all"].get("threads", 2))
    markdown = "\n".join([
        "`benchmarks/peers/analysis/bench.py`: python-igraph (C core, one thread) and NetworkX (pure Python) on the random "
        "graphs of the analysis section, read from the files the Swift benchmark wrote. Loading and building each library's "
        "graph are not timed (nor are they for Verbinder). Values are checked against Verbinder's before anything is "
        f"reported (relative difference at most {TOLERANCE:g}; all checks passed, largest differences below). Ratios are the "
        "peer's time ÷ Verbinder's (above 1: Verbinder is faster). Verbinder's figures are those of the analysis section "
        "(same run of `make bench`), run counts in brackets. "
        f"Load average (1 / 5 / 15 min) at start: {load_start}; at end: {load_text()}.",
        "",
        f"| graph | Verbinder 1 thread | Verbinder {threads} threads | igraph | igraph ÷ Verbinder 1 thread "
        f"| igraph ÷ Verbinder {threads} threads | NetworkX | NetworkX ÷ Verbinder 1 thread | NetworkX ÷ Verbinder {threads} threads |",
        "|---|---|---|---|---|---|---|---|---|",
        *rows_b,
        "",
        "Structural holes, all nodes, run counts in brackets, each after a warm-up (igraph: constraint only; NetworkX: constraint + effective size "
        "through its default path for all nodes):",
        "",
        "| graph | Verbinder (constraint, effective size, efficiency, hierarchy) | igraph constraint | igraph ÷ Verbinder "
        "| NetworkX constraint + effective size | NetworkX ÷ Verbinder |",
        "|---|---|---|---|---|---|",
        *rows_h,
        "",
        "Value checks (largest relative difference to Verbinder): " + "; ".join(checks) + ".",
    ])
    write("analysis", markdown, {"ratios": ratios})
    print(markdown)


if __name__ == "__main__":
    main()
