import Foundation
import VerbinderAnalysis
import VerbinderCore
import VerbinderScenario

/// A seeded random graph the analysis benchmark times exactly, and how often.
struct RandomGraphCase {
    let nodes: Int
    let edges: Int
    let runs: Int
    /// The file stem under `results/graphs/`, shared with the Python peers.
    var name: String { "random-\(nodes)-\(edges)" }

    static let all = [
        RandomGraphCase(nodes: 5_000, edges: 50_000, runs: 5),
        RandomGraphCase(nodes: 20_000, edges: 200_000, runs: 3),
    ]
}

extension Benchmark {
    /// Exact betweenness on seeded G(n, m) graphs; sampled betweenness, structural holes and brokerage on the
    /// 1M-resident scenario network. Writes the random graphs and Verbinder's values to `results/graphs/` so
    /// the peers (NetworkX, igraph) time the same graphs and check their values against these.
    static let analysis = Benchmark(
        name: "analysis",
        summary: "Betweenness (exact 5k/50k and 20k/200k, sampled on the 1M network), constraint, brokerage"
    ) { report in
        let cores = ProcessInfo.processInfo.activeProcessorCount
        try FileManager.default.createDirectory(at: Results.graphs, withIntermediateDirectories: true)
        var table = [
            "| graph | metric | threads | time | CPU time (median) | runs |",
            "|---|---|---|---|---|---|",
        ]
        for graphCase in RandomGraphCase.all {
            let edges = randomEdges(nodes: graphCase.nodes, edges: graphCase.edges, seed: UInt64(graphCase.nodes))
            try writeEdges(edges, to: Results.graphs.appendingPathComponent("\(graphCase.name).csv"))
            let graph = AnalysisGraph(edges, directed: false)
            let label = "random \(grouped(graphCase.nodes)) / \(grouped(graphCase.edges))"
            // One all-cores run warms up both rows (same code; the chunks only go to different threads).
            let reference = Centrality.betweenness(graph, threads: cores)
            for threads in [1, cores] {
                var values: [Double] = []
                let measured = repeatMeasured(runs: graphCase.runs, warmUp: 0) {
                    let run = Measure.timeWithCPU { Centrality.betweenness(graph, threads: threads) }
                    values = run.result
                    return ["t": run.seconds, "cpu": run.cpu]
                }
                let summary = measured["t"]!, cpu = measured["cpu"]!
                precondition(values == reference, "betweenness depends on the thread count")
                report.record("analysis.betweenness.\(graphCase.nodes).\(threads == 1 ? "1" : "all")",
                              summary.figures.merging(["threads": Double(threads), "cpu": cpu.median]) { $1 })
                table.append("| \(label) | exact betweenness | \(threads) | \(summary.seconds) | \(format(cpu.median, 3)) s | \(summary.runs) |")
            }
            try writeValues(reference, to: Results.graphs.appendingPathComponent("\(graphCase.name).betweenness.txt"))
            var holes = StructuralHoles.compute(graph)
            let holesSummary = repeatMeasured(runs: 5) {
                let run = Measure.time { StructuralHoles.compute(graph) }
                holes = run.result
                return ["t": run.seconds]
            }["t"]!
            try writeValues(holes.constraint, to: Results.graphs.appendingPathComponent("\(graphCase.name).constraint.txt"))
            try writeValues(holes.effectiveSize, to: Results.graphs.appendingPathComponent("\(graphCase.name).effective-size.txt"))
            report.record("analysis.holes.\(graphCase.nodes)", holesSummary.figures)
            table.append("| \(label) | structural holes (constraint, effective size, efficiency, hierarchy) | 1 | \(holesSummary.seconds) | — | \(holesSummary.runs) |")
        }

        // The 1M-resident scenario network, read as `verbinder analyze` reads it (all edge kinds, undirected).
        let relative = "scenarios/large/residents-1m.yaml"
        let scenario = try Scenario.load(path: repositoryRoot.appendingPathComponent(relative).path)
        let network = try NetworkGenerator.build(scenario)
        let data = NetworkData(network, source: relative)
        let groups = try data.groupCodes("arena").codes
        let prepared = Measure.time { AnalysisGraph(data.edges, directed: false) }
        let graph = prepared.result
        let label = "`\(relative)` (\(grouped(graph.nodeCount)) nodes, \(grouped(graph.tieCount)) ties)"
        let sample = 100
        for threads in [1, cores] {
            let measured = repeatMeasured(runs: 3) {
                let run = Measure.timeWithCPU { Centrality.betweenness(graph, sample: sample, seed: 1, threads: threads) }
                return ["t": run.seconds, "cpu": run.cpu]
            }
            let summary = measured["t"]!, cpu = measured["cpu"]!
            report.record("analysis.sampled.1m.\(threads == 1 ? "1" : "all")",
                          summary.figures.merging(["sample": Double(sample), "cpu": cpu.median]) { $1 })
            table.append("| \(label) | sampled betweenness, k = \(sample) sources (\(format(summary.median / Double(sample) * 1000, 1)) ms "
                         + "per source) | \(threads) | \(summary.seconds) | \(format(cpu.median, 3)) s | \(summary.runs) |")
        }
        let holes = repeatMeasured(runs: 3) { ["t": Measure.time { StructuralHoles.compute(graph) }.seconds] }["t"]!
        report.record("analysis.holes.1m", holes.figures)
        table.append("| \(label) | structural holes (Burt constraint, effective size, efficiency, hierarchy) | 1 | \(holes.seconds) | — | \(holes.runs) |")
        var brokered = 0.0
        let brokerage = repeatMeasured(runs: 3) {
            let run = Measure.time { Brokerage.compute(graph, groups: groups) }
            brokered = run.result.globalCounts.last ?? 0
            return ["t": run.seconds]
        }["t"]!
        report.record("analysis.brokerage.1m", brokerage.figures)
        table.append("| \(label) | Gould–Fernandez brokerage, groups = arena (counts, expected values, z-scores) | 1 | \(brokerage.seconds) | — | \(brokerage.runs) |")

        report.section("Analysis: betweenness, structural holes, brokerage", [
            "Library API in-process (`Centrality.betweenness`, `StructuralHoles.compute`, `Brokerage.compute` of "
                + "VerbinderAnalysis), on graphs already in memory (reading and building excluded). Random graphs: G(n, m), "
                + "m distinct undirected edges between uniformly drawn endpoints (xoshiro256**, seed n), no self-loops; they "
                + "are written to `benchmarks/results/graphs/` with Verbinder's values, and the peers read the same files. "
                + "Exact betweenness: one unmeasured all-cores run first, then the stated runs; the 1-thread and \(cores)-thread "
                + "values are checked identical. The scenario network: every edge kind, undirected, as `verbinder analyze` "
                + "reads it (building the analysis graph from it took \(format(prepared.seconds, 2)) s). CPU time: user + system of "
                + "all threads. Brokerage: "
                + "\(grouped(Int(brokered))) brokered two-paths in all. Median (min – max) after one warm-up run unless stated.",
            "",
        ] + table)
    }
}

/// `edges` distinct undirected edges between `nodes` nodes, drawn uniformly without self-loops (a G(n, m) graph).
func randomEdges(nodes: Int, edges: Int, seed: UInt64) -> EdgeList {
    var random = Xoshiro256(seed: seed, stream: streamLabel("benchmark random graph"))
    var seen = Set<Int>(minimumCapacity: edges)
    var list = EdgeList(nodeCount: nodes)
    while list.count < edges {
        let a = random.nextIndex(below: nodes), b = random.nextIndex(below: nodes)
        guard a != b, seen.insert(min(a, b) * nodes + max(a, b)).inserted else { continue }
        list.append(Int32(min(a, b)), Int32(max(a, b)))
    }
    return list
}

/// Writes an edge list as CSV (`source,target`, node numbers from 0).
func writeEdges(_ edges: EdgeList, to url: URL) throws {
    var text = "source,target\n"
    text.reserveCapacity(edges.count * 12)
    for index in 0 ..< edges.count { text += "\(edges.sources[index]),\(edges.targets[index])\n" }
    try text.write(to: url, atomically: true, encoding: .utf8)
}

/// Writes one value per line, in full precision (`nan` for NaN).
func writeValues(_ values: [Double], to url: URL) throws {
    try values.map { $0.isNaN ? "nan" : "\($0)" }.joined(separator: "\n").appending("\n").write(to: url, atomically: true, encoding: .utf8)
}
