import Foundation
import VerbinderAnalysis
import VerbinderCore
import VerbinderExperiments
import VerbinderRender
import VerbinderScenario
import VerbinderSimulation

/// One reader under fuzzing: it gets bytes and must either accept them or throw an ``InputError``; any
/// other error is a finding (an unclear message), and a crash or a hang is a failure of the whole run.
public struct FuzzTarget: Sendable {
    /// The target's name, also its corpus folder under `Tests/Fuzz/corpus/`.
    public var name: String
    /// The file name the input is written under (the readers pick their format by extension).
    public var fileName: String
    /// Reads `path` (holding the input) the way the command line does.
    public var read: @Sendable (_ path: String) throws -> Void

    /// Every target, in a fixed order.
    public static let all: [FuzzTarget] = [scenario, csv, graphml, outcomeGraph, store, summary]

    /// The target named `name`.
    public static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }

    /// The scenario loader and validator; small scenarios are also built into a network.
    public static let scenario = FuzzTarget(name: "scenario", fileName: "scenario.yaml") { path in
        let scenario = try Scenario.load(path: path)
        if scenario.residentCount + scenario.officialCount <= 5_000 { _ = try NetworkGenerator.build(scenario) }
    }

    /// The CSV edge-list reader (and the CSV parser under it).
    public static let csv = FuzzTarget(name: "csv", fileName: "edges.csv") { path in
        _ = try NetworkData.load(path: path)
    }

    /// The GraphML reader.
    public static let graphml = FuzzTarget(name: "graphml", fileName: "network.graphml") { path in
        _ = try GraphMLReader.read(path: path)
    }

    /// The outcome-graph reader (`outcome-graph.json`).
    public static let outcomeGraph = FuzzTarget(name: "outcome-graph", fileName: "outcome-graph.json") { path in
        _ = try OutcomeGraphReader.read(path: path, keepFailedAttempts: true)
    }

    /// The result-store opener and every query a report or export makes.
    public static let store = FuzzTarget(name: "store", fileName: "results.sqlite") { path in
        let store = try ResultStore.open(path)
        defer { try? store.close() }
        _ = try store.experiment()
        let arms = try store.arms()
        _ = try store.completedRuns()
        _ = try store.wallTime()
        _ = try store.replicationSeeds()
        if let key = try store.metricKeys().first { _ = try store.values(key) }
        if let arm = arms.first { _ = try store.runMetrics(arm: arm.index) }
        for table in ResultExport.Table.allCases { try ResultExport.export(store, table: table, format: .json) { _ in } }
    }

    /// A simulation result's `summary.json`, checked and drawn as a praatplaat.
    public static let summary = FuzzTarget(name: "summary", fileName: "summary.json") { path in
        let summary = try RenderInput.decode(SimulationSummary.self, from: path)
        try RenderInput.checkNumbers(summary, file: path)
        let empty = try JSONDecoder().decode(OutcomeGraph.self, from: Data(#"{"scenario": "", "nodes": [], "edges": []}"#.utf8))
        let input = try RenderInput(summary: summary, outcome: empty)
        _ = try Renderer.render(input, options: RenderOptions(view: .praatplaat, format: .dot))
    }
}
