import Foundation
import Testing
import VerbinderTestSupport
import VerbinderExperiments

/// A small municipality that builds and simulates in milliseconds, written to a temporary file.
enum Fixtures {
    static let tinyScenario = TinyMunicipality.yaml(weeks: 6, connectorHours: 24)

    /// A fresh temporary directory.
    static func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("verbinder-exp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The tiny scenario in a fresh temporary directory.
    static func scenarioFile(_ text: String = tinyScenario) throws -> URL {
        let url = try directory().appendingPathComponent("tiny.yaml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// A validated sweep of the tiny scenario.
    static func sweep(_ factors: [Factor], replications: Int = 2, file: URL? = nil) throws -> Sweep {
        let path = try file ?? scenarioFile()
        return try Sweep(SweepDefinition(scenarioPath: path.path, factors: factors, replications: replications))
    }

    /// Creates a store for `sweep` in a fresh directory and runs it.
    static func run(_ sweep: Sweep, jobs: Int = 2, shard: Shard = .whole, in folder: URL? = nil) throws -> ResultStore {
        let path = try (folder ?? directory()).appendingPathComponent(shard.storeFileName).path
        let arms = try (0 ..< sweep.armCount).map { try sweep.arm($0) }
        let store = try ResultStore.create(at: path, sweep: sweep, arms: arms, command: "test", scenarioName: "Tiny",
                                           scenarioDescription: nil, shard: shard)
        let positions = ShardPlan(arms: arms, replications: sweep.replications).positions(of: shard)
        _ = try SweepRunner.run(sweep, store: store, jobs: jobs, positions: positions)
        return store
    }

    /// Every stored metric as `arm/replication/metric/cell=value` lines, in order (wall times left out).
    static func metricLines(_ store: ResultStore) throws -> [String] {
        var text = ""
        try ResultExport.export(store, table: .metrics, format: .csv) { text += $0 }
        return text.split(separator: "\n").map(String.init)
    }
}

/// Expects `body` to throw an error whose description contains every fragment.
func expectInputError(_ fragments: [String], sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
    do {
        try body()
        Issue.record("expected an error containing \(fragments)", sourceLocation: sourceLocation)
    } catch {
        let text = "\(error)"
        for fragment in fragments where !text.contains(fragment) {
            Issue.record("error '\(text)' lacks '\(fragment)'", sourceLocation: sourceLocation)
        }
    }
}
