#!/usr/bin/env python3
"""Reference values for Verbinder's network analysis, written as JSON fixtures for the Swift tests.

Run from the repository root:  python3 benchmarks/peers/analysis_reference.py
Needs: networkx 3.6.1, numpy, scipy, and R with the `sna` package (Debian: r-base-core r-cran-sna).
The Swift tests never run this script; they read the committed files in
Tests/VerbinderAnalysisTests/Reference/.

Where the values come from:
- degree, betweenness (unweighted and weighted), closeness, constraint, effective size (unweighted and
  weighted): NetworkX's own functions with their defaults (effective size through its per-node path:
  see the note in `reference`);
- eigenvector: the exact leading eigenvector of the undirected unweighted adjacency (numpy `eigh`), which
  NetworkX's `eigenvector_centrality` approximates to its tolerance (checked here to 1e-6);
- pagerank: the exact fixed point of NetworkX's PageRank iteration (alpha 0.85, weight "weight", dangling
  nodes spread uniformly), solved as a linear system; checked against `nx.pagerank(tol=1e-12)`;
- efficiency: effective size / number of distinct neighbours; hierarchy: Burt (1992) from NetworkX's
  `local_constraint` (NetworkX has no hierarchy function);
- brokerage counts, expected values and z-scores: R `sna::brokerage` (Butts), run through Rscript;
- brokerage with UCINET partial credit and the E-I index: small independent implementations below;
- modularity of a given partition: `networkx.community.modularity`.

Graphs are built with edges added in sorted order, so NetworkX visits neighbours in index order as
Verbinder does (this only affects the last bits of floating-point sums).
"""
import json
import math
import os
import random
import subprocess
import tempfile

import networkx as nx
import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "VerbinderAnalysisTests", "Reference")


def clean(value):
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
    return value


def close_or_nan(a, b):
    return (math.isnan(a) and math.isnan(b)) or abs(a - b) <= 1e-12 * max(1.0, abs(a))


def column(values):
    return [clean(float(v)) for v in values]


def build(nodes, edges, directed):
    G = nx.DiGraph() if directed else nx.Graph()
    G.add_nodes_from(range(len(nodes)))
    for s, t, w in sorted(edges):
        G.add_edge(s, t, weight=w)
    return G


def exact_eigenvector(G):
    U = nx.Graph(G.to_undirected()) if G.is_directed() else G
    A = nx.to_numpy_array(U, nodelist=range(len(G)), weight=None)
    values, vectors = np.linalg.eigh(A)
    v = vectors[:, np.argmax(values)]
    v = v / (np.sign(v.sum()) * np.linalg.norm(v))
    approx = nx.eigenvector_centrality(U, max_iter=100000, tol=1e-10)
    assert max(abs(approx[i] - v[i]) for i in range(len(G))) < 1e-6
    return v


def exact_pagerank(G, alpha=0.85):
    n = len(G)
    A = nx.to_numpy_array(G, nodelist=range(n), weight="weight")
    rows = A.sum(axis=1)
    P = np.zeros_like(A)
    for i in range(n):
        if rows[i] != 0:
            P[i] = A[i] / rows[i]
    dangling = (rows == 0).astype(float)
    u = np.full(n, 1.0 / n)
    # x = alpha (x P + (x . dangling) u) + (1 - alpha) u, with sum(x) = 1
    M = np.eye(n) - alpha * (P.T + np.outer(u, dangling))
    x = np.linalg.solve(M, (1 - alpha) * u)
    check = nx.pagerank(G, alpha=alpha, tol=1e-12, max_iter=100000)
    assert max(abs(check[i] - x[i]) for i in range(n)) < 1e-9
    return x


def burt_effective_size(G, weight):
    """Effective size by NetworkX's per-node formula (its `redundancy` with `normalized_mutual_weight`).

    NetworkX 3.6.1's all-nodes effective_size (its scipy path) divides by the *column* maximum of the
    mutual weights (a broadcasting slip: `max(axis=1)` without `[:, np.newaxis]`), so on directed or
    weighted graphs it differs from its own per-node path, which follows Burt (divide by the contact's own
    maximum). The per-node path in turn gives NaN to a directed node with predecessors but no successors
    (it tests `G[v]`, the successors). So: the per-node formula for every node with contacts, checked
    against NetworkX's per-node results wherever those are numbers.
    """
    nmw = nx.algorithms.structuralholes.normalized_mutual_weight
    per_node = nx.effective_size(G, nodes=list(G), weight=weight)
    result = {}
    for v in G:
        contacts = set(nx.all_neighbors(G, v)) - {v}
        if not contacts:
            result[v] = float("nan")
            continue
        result[v] = sum(1 - sum(nmw(G, v, w, weight=weight) * nmw(G, u, w, norm=max, weight=weight)
                                for w in set(nx.all_neighbors(G, v))) for u in contacts)
        if not math.isnan(per_node[v]):
            assert close_or_nan(result[v], per_node[v]), (v, result[v], per_node[v])
    return result


def hierarchy(G):
    result = []
    for v in range(len(G)):
        contacts = set(nx.all_neighbors(G, v)) - {v}
        if len(contacts) < 2:
            result.append(float("nan"))
            continue
        local = [nx.local_constraint(G, v, j) for j in contacts]
        C = sum(local)
        N = len(local)
        result.append(sum((c / (C / N)) * math.log(c / (C / N)) for c in local) / (N * math.log(N)))
    return result


def sna_brokerage(n, edges, directed, groups):
    """R sna::brokerage on the 0/1 adjacency matrix (symmetric for undirected graphs)."""
    with tempfile.TemporaryDirectory() as tmp:
        A = np.zeros((n, n))
        for s, t, _ in edges:
            if s == t:
                continue
            A[s, t] = 1
            if not directed:
                A[t, s] = 1
        np.savetxt(os.path.join(tmp, "adj.csv"), A, delimiter=",", fmt="%d")
        with open(os.path.join(tmp, "groups.csv"), "w") as f:
            f.write("\n".join(str(g) for g in groups) + "\n")
        script = f"""
suppressMessages(library(sna))
A <- as.matrix(read.csv("{tmp}/adj.csv", header=FALSE))
cl <- scan("{tmp}/groups.csv", quiet=TRUE)
b <- brokerage(A, cl)
write.table(b$raw.nli, "{tmp}/raw.csv", sep=",", row.names=FALSE, col.names=FALSE)
write.table(b$exp.nli, "{tmp}/exp.csv", sep=",", row.names=FALSE, col.names=FALSE)
write.table(b$z.nli, "{tmp}/z.csv", sep=",", row.names=FALSE, col.names=FALSE)
write.table(rbind(b$raw.gli, b$exp.gli, b$z.gli), "{tmp}/global.csv", sep=",", row.names=FALSE, col.names=FALSE)
"""
        subprocess.run(["Rscript", "-e", script], check=True)

        def read(name):
            rows = []
            with open(os.path.join(tmp, name)) as f:
                for line in f:
                    rows.append([float("nan" if x == "NA" else x.replace("Inf", "inf")) for x in line.strip().split(",")])
            return rows

        raw, exp, z, glob = read("raw.csv"), read("exp.csv"), read("z.csv"), read("global.csv")
        return {
            "counts": [column(r[k] for r in raw) for k in range(6)],
            "expected": [column(r[k] for r in exp) for k in range(6)],
            "z": [column(r[k] for r in z) for k in range(6)],
            "globalCounts": column(glob[0]),
            "globalExpected": column(glob[1]),
            "globalZ": column(glob[2]),
        }


def partial_credit_brokerage(G, groups):
    """UCINET's partial credit: a pair (a, b) brokered by k nodes gives each 1/k. Roles by pattern."""
    n = len(G)
    counts = [[0.0] * n for _ in range(5)]
    succ = {v: set(G.successors(v)) if G.is_directed() else set(G.neighbors(v)) for v in G}
    for a in range(n):
        for b in range(n):
            if a == b or b in succ[a]:
                continue
            brokers = [v for v in succ[a] if v != a and v != b and b in succ[v]]
            for v in brokers:
                ga, gv, gb = groups[a], groups[v], groups[b]
                if ga == gv == gb:
                    role = 0
                elif ga == gb:
                    role = 1
                elif ga == gv:
                    role = 2
                elif gv == gb:
                    role = 3
                else:
                    role = 4
                counts[role][v] += 1.0 / len(brokers)
    return [column(c) for c in counts]


def ei_index(G, groups):
    result = {}
    for g in sorted(set(groups)):
        internal = external = 0
        for s, t in G.edges():
            if groups[s] == g and groups[t] == g:
                internal += 1
            elif groups[s] == g or groups[t] == g:
                external += 1
        total = internal + external
        result[str(g)] = {"internal": internal, "external": external,
                          "index": clean((external - internal) / total if total else float("nan"))}
    between = sum(1 for s, t in G.edges() if groups[s] != groups[t])
    within = G.number_of_edges() - between
    network = clean((between - within) / G.number_of_edges() if G.number_of_edges() else float("nan"))
    return result, network


def reference(name, nodes, edges, directed, groups, partition=None):
    G = build(nodes, edges, directed)
    n = len(nodes)
    order = range(n)
    metrics = {}
    metrics["degree"] = column(dict(G.degree())[v] for v in order)
    if directed:
        metrics["in_degree"] = column(dict(G.in_degree())[v] for v in order)
        metrics["out_degree"] = column(dict(G.out_degree())[v] for v in order)
    bc = nx.betweenness_centrality(G)
    metrics["betweenness"] = column(bc[v] for v in order)
    bcw = nx.betweenness_centrality(G, weight="weight")
    metrics["betweenness_weighted"] = column(bcw[v] for v in order)
    bcu = nx.betweenness_centrality(G, normalized=False)
    metrics["betweenness_raw"] = column(bcu[v] for v in order)
    cc = nx.closeness_centrality(G)
    metrics["closeness"] = column(cc[v] for v in order)
    metrics["eigenvector"] = column(exact_eigenvector(G))
    metrics["pagerank"] = column(exact_pagerank(G))
    con = nx.constraint(G)
    eff = burt_effective_size(G, None)
    # Constraint: both NetworkX paths agree, except that the per-node path gives NaN to a node with
    # predecessors but no successors (it tests `len(G[v]) == 0`); the all-nodes path, used here, does not.
    con_nodes = nx.constraint(G, nodes=list(G))
    assert all(close_or_nan(con[v], con_nodes[v]) or (math.isnan(con_nodes[v]) and G.is_directed()
               and G.out_degree(v) == 0) for v in G)
    metrics["constraint"] = column(con[v] for v in order)
    metrics["effective_size"] = column(eff[v] for v in order)
    contacts = [len(set(nx.all_neighbors(G, v)) - {v}) for v in order]
    metrics["efficiency"] = column(eff[v] / contacts[v] if contacts[v] else float("nan") for v in order)
    metrics["hierarchy"] = column(hierarchy(G))
    conw = nx.constraint(G, weight="weight")
    effw = burt_effective_size(G, "weight")
    metrics["constraint_weighted"] = column(conw[v] for v in order)
    metrics["effective_size_weighted"] = column(effw[v] for v in order)
    fixture = {
        "name": name,
        "directed": directed,
        "nodes": nodes,
        "groups": groups,
        "edges": [[s, t, w] for s, t, w in sorted(edges)],
        "metrics": metrics,
        "brokerage": sna_brokerage(n, edges, directed, groups),
        "brokeragePartial": partial_credit_brokerage(G, groups),
    }
    ei, network = ei_index(G, groups)
    fixture["eiIndex"] = {"groups": ei, "network": network}
    if partition is not None:
        fixture["partition"] = partition
        communities = [set(v for v in order if partition[v] == c) for c in sorted(set(partition))]
        fixture["modularity"] = nx.community.modularity(G.to_undirected() if directed else G, communities, weight="weight")
    with open(os.path.join(OUT, f"{name}.json"), "w") as f:
        json.dump(fixture, f, indent=1, allow_nan=False)
        f.write("\n")
    print(f"{name}: {n} nodes, {G.number_of_edges()} edges")


def from_nx(G, weight_default=1):
    labels = list(G.nodes())
    index = {v: i for i, v in enumerate(labels)}
    edges = [(index[s], index[t], float(d.get("weight", weight_default))) for s, t, d in G.edges(data=True)]
    edges = [(min(s, t), max(s, t), w) for s, t, w in edges]
    return [str(v) for v in labels], edges


def random_graph(n, p, directed, seed, weights, groups_count):
    rng = random.Random(seed)
    edges = []
    for s in range(n):
        for t in range(n):
            if s == t or (not directed and t < s):
                continue
            if rng.random() < p:
                edges.append((s, t, float(rng.choice(weights))))
    groups = [rng.randrange(groups_count) for _ in range(n)]
    return [f"n{i}" for i in range(n)], edges, groups


def main():
    os.makedirs(OUT, exist_ok=True)
    nodes, edges = from_nx(nx.florentine_families_graph())
    reference("florentine", nodes, edges, False, [i % 3 for i in range(len(nodes))])
    karate = nx.karate_club_graph()
    nodes, edges = from_nx(karate)
    clubs = [0 if karate.nodes[v]["club"] == "Mr. Hi" else 1 for v in karate]
    reference("karate", nodes, edges, False, clubs, partition=clubs)
    nodes, edges = from_nx(nx.krackhardt_kite_graph())
    reference("kite", nodes, edges, False, [i % 2 for i in range(len(nodes))])
    nodes, edges, groups = random_graph(60, 0.07, True, 1, [1, 2, 3, 4, 5], 3)
    reference("random_directed", nodes, edges, True, groups)
    nodes, edges, groups = random_graph(80, 0.05, False, 2, [0.5, 1, 1.5, 2, 3], 4)
    reference("random_undirected", nodes, edges, False, groups, partition=groups)
    # Sparse: several components and isolated nodes.
    nodes, edges, groups = random_graph(40, 0.03, True, 3, [1, 2], 2)
    reference("sparse_directed", nodes, edges, True, groups)
    nodes, edges, groups = random_graph(50, 0.03, False, 4, [1, 2, 3], 3)
    reference("sparse_undirected", nodes, edges, False, groups)


if __name__ == "__main__":
    main()
