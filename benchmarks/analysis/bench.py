#!/usr/bin/env python3
"""Betweenness and structural-hole speed: Verbinder side by side with python-igraph and NetworkX.

Usage (from the repository root, after `swift build -c release`):
    python3 -m venv /tmp/verbinder-bench && /tmp/verbinder-bench/bin/pip install python-igraph networkx==3.6.1 scipy
    /tmp/verbinder-bench/bin/python benchmarks/analysis/bench.py [--verbinder PATH] [--skip-networkx]

Graphs are seeded G(n, m) random undirected graphs written as CSV edge lists. Verbinder's time is the
betweenness (or structural-holes) step as reported by `verbinder analyze --timings` (reading the CSV
and building the graph are excluded, as loading is excluded for igraph and NetworkX). Prints a Markdown
table of seconds and ratios, and checks that the values agree with igraph's.
"""
import argparse
import os
import resource
import random
import subprocess
import sys
import tempfile
import time

import igraph
import networkx as nx


def random_edges(n, m, seed):
    rng = random.Random(seed)
    seen = set()
    while len(seen) < m:
        a, b = rng.randrange(n), rng.randrange(n)
        if a != b:
            seen.add((min(a, b), max(a, b)))
    return sorted(seen)


def write_csv(edges, path):
    with open(path, "w") as f:
        f.write("source,target\n")
        for a, b in edges:
            f.write(f"v{a},v{b}\n")


def verbinder(binary, path, metrics, threads, extra=()):
    """Runs `verbinder analyze`; returns its step timings (wall), the CSV rows, and the child's CPU seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.NamedTemporaryFile(suffix=".csv") as out:
        result = subprocess.run([binary, "analyze", path, "--metrics", metrics, "--threads", str(threads),
                                 "--format", "csv", "--out", out.name, "--timings", *extra],
                                capture_output=True, text=True, check=True)
        steps = dict(line.rsplit(": ", 1) for line in result.stderr.strip().splitlines())
        with open(out.name) as f:
            rows = [line.strip().split(",") for line in f][1:]
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    steps["cpu"] = f"{(after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)} s"
    return steps, rows


def seconds(steps, step):
    return float(steps[step].split()[0])


def timed(body):
    """Wall seconds, CPU seconds of this process, and the value."""
    start, cpu = time.perf_counter(), time.process_time()
    value = body()
    return time.perf_counter() - start, time.process_time() - cpu, value


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--verbinder", default=".build/release/verbinder")
    parser.add_argument("--skip-networkx", action="store_true")
    args = parser.parse_args()
    rows = []
    tmp = tempfile.mkdtemp()
    for n, m, with_nx in [(5000, 50000, not args.skip_networkx), (20000, 200000, False)]:
        edges = random_edges(n, m, seed=n)
        path = os.path.join(tmp, f"g{n}.csv")
        write_csv(edges, path)
        g = igraph.Graph(n=n, edges=edges)
        t_igraph, c_igraph, ig_values = timed(lambda: g.betweenness(directed=False))
        steps1, out1 = verbinder(args.verbinder, path, "betweenness", 1)
        steps2, out2 = verbinder(args.verbinder, path, "betweenness", 2)
        t1, t2 = seconds(steps1, "betweenness"), seconds(steps2, "betweenness")
        # Verbinder's rows follow first appearance in the CSV; map back to igraph's node numbers.
        scale = 2 / ((n - 1) * (n - 2))
        worst = 0.0
        for row in out2:
            node = int(row[0][1:])
            expected = ig_values[node] * scale
            worst = max(worst, abs(float(row[1]) - expected) / max(expected, 1e-300) if expected else abs(float(row[1])))
        assert [r[1] for r in out1] == [r[1] for r in out2], "1 and 2 threads differ"
        entry = {"graph": f"{n:,} nodes / {m:,} edges", "igraph": t_igraph, "v1": t1, "v2": t2, "worst": worst,
                 "cpu": (c_igraph, seconds(steps1, "cpu"), seconds(steps2, "cpu")), "load": os.getloadavg()[0]}
        if with_nx:
            G = nx.Graph()
            G.add_nodes_from(range(n))
            G.add_edges_from(edges)
            t_nx, c_nx, _ = timed(lambda: nx.betweenness_centrality(G))
            entry["networkx"] = t_nx
            entry["networkx_cpu"] = c_nx
            sample = list(range(500))
            t_con, _, _ = timed(lambda: nx.constraint(G, nodes=sample))
            t_eff, _, _ = timed(lambda: nx.effective_size(G, nodes=sample))
            t_con_all, _, _ = timed(lambda: (nx.constraint(G), nx.effective_size(G)))
            steps_h, _ = verbinder(args.verbinder, path, "constraint,effective_size", 2)
            entry["holes"] = (t_con + t_eff, t_con_all, seconds(steps_h, "structural holes"))
        # Sampled betweenness: error against exact.
        k = max(100, n // 20)
        steps_s, out_s = verbinder(args.verbinder, path, "betweenness", 2, ("--sample", str(k), "--seed", "1"))
        exact = {r[0]: float(r[1]) for r in out2}
        errors = [abs(float(r[1]) - exact[r[0]]) for r in out_s]
        mean_exact = sum(exact.values()) / n
        entry["sample"] = (k, seconds(steps_s, "betweenness"), sum(errors) / n / mean_exact, max(errors) / max(exact.values()))
        rows.append(entry)
        print(entry, file=sys.stderr, flush=True)

    print("| graph | igraph 0.11 (1 core) | NetworkX 3.6.1 | Verbinder 1 thread | Verbinder 2 threads | vs igraph (1 thread) | vs igraph (2 threads) | vs NetworkX (2 threads) | max rel. diff to igraph |")
    print("|---|---|---|---|---|---|---|---|---|")
    for e in rows:
        nxs = f"{e['networkx']:.1f} s" if "networkx" in e else "—"
        vsnx = f"{e['networkx'] / e['v2']:.0f}×" if "networkx" in e else "—"
        print(f"| {e['graph']} | {e['igraph']:.2f} s | {nxs} | {e['v1']:.2f} s | {e['v2']:.2f} s | "
              f"{e['igraph'] / e['v1']:.2f}× | {e['igraph'] / e['v2']:.2f}× | {vsnx} | {e['worst']:.1e} |")
    print()
    print("CPU seconds (user + system; Verbinder's include reading the CSV), which a loaded machine inflates less than wall time:")
    print()
    print("| graph | igraph | NetworkX | Verbinder 1 thread | Verbinder 2 threads (sum over threads) | load average after |")
    print("|---|---|---|---|---|---|")
    for e in rows:
        ci, c1, c2 = e["cpu"]
        cnx = f"{e['networkx_cpu']:.1f}" if "networkx_cpu" in e else "—"
        print(f"| {e['graph']} | {ci:.2f} | {cnx} | {c1:.2f} | {c2:.2f} | {e['load']:.1f} |")
    print()
    for e in rows:
        if "holes" in e:
            per_node, all_nodes, ours = e["holes"]
            print(f"Structural holes on {e['graph']}: NetworkX constraint + effective size for 500 nodes "
                  f"{per_node:.1f} s (per-node path), for all nodes {all_nodes:.1f} s (sparse-matrix path); "
                  f"Verbinder, all nodes: {ours:.3f} s.")
    print()
    for e in rows:
        k, t, mean_rel, max_rel = e["sample"]
        print(f"Sampled betweenness on {e['graph']} with k = {k}: {t:.2f} s; mean absolute error "
              f"{mean_rel:.1%} of the mean value, largest error {max_rel:.1%} of the largest value.")


if __name__ == "__main__":
    main()
