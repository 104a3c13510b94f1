import Foundation
import VerbinderCore
import VerbinderScenario

extension Benchmark {
    /// Generating the network of the Amsterdam-scale scenario (~1,000,000 residents), as `verbinder inspect` does.
    static let scenario = Benchmark(
        name: "scenario",
        summary: "NetworkGenerator: the network of scenarios/large/amsterdam-scale.yaml"
    ) { report in
        let relative = "scenarios/large/amsterdam-scale.yaml"
        let path = repositoryRoot.appendingPathComponent(relative).path
        let runs = 5
        var nodes = 0
        var edges = 0
        var bytes = 0
        var edgeKinds: [Int] = []
        var residents = 0
        let timings = try repeatMeasured(runs: runs) {
            let load = try Measure.time { try Scenario.load(path: path) }
            let build = try Measure.time { try NetworkGenerator.build(load.result) }
            let graph = build.result.graph
            (nodes, edges, bytes, edgeKinds, residents) = (graph.nodeCount, graph.edgeCount, graph.storageBytes,
                                                           graph.edgeCountsByKind(), load.result.residentCount)
            return ["load": load.seconds, "build": build.seconds]
        }
        report.record("scenario.amsterdam.load", timings["load"]!.figures)
        report.record("scenario.amsterdam.build", timings["build"]!.figures)
        let kinds = EdgeKind.allCases.map { "\($0.name) \(grouped(edgeKinds[Int($0.rawValue)]))" }.joined(separator: ", ")
        report.section("Graph core: generating `\(relative)`", [
            "Scenario.load (YAML, validation) and NetworkGenerator.build, one thread.",
            "Median (min – max) over \(timings["build"]!.runs) runs after one warm-up run.",
            "",
            "| step | time |",
            "|---|---|",
            "| load and validate | \(timings["load"]!.seconds) |",
            "| generate the network | \(timings["build"]!.seconds) |",
            "",
            "| network | |",
            "|---|---|",
            "| residents | \(grouped(residents)) |",
            "| nodes | \(grouped(nodes)) |",
            "| edges | \(grouped(edges)) (\(kinds)) |",
            "| graph storage (array sizes) | \(mebibytes(bytes)) |",
        ])
    }
}

/// The repository root: three folders above this file's folder (`benchmarks/Sources/verbinder-benchmarks/`).
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
