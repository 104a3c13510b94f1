import Foundation
import GRDB
import Testing
import VerbinderCore
@testable import VerbinderExperiments

@Suite("Result store", .serialized)
struct StoreTests {
    @Test func schemaHasTheDocumentedTablesAndColumns() throws {
        let store = try Fixtures.run(try Fixtures.sweep(try Factor.sliders(["residents"]), replications: 2))
        let queue = try DatabaseQueue(path: store.path)
        let columns: [String: [String]] = try queue.read { db in
            var result: [String: [String]] = [:]
            for table in ["experiment", "factor", "arm", "arm_level", "run", "metric"] {
                result[table] = try db.columns(in: table).map(\.name)
            }
            return result
        }
        #expect(columns["arm"] == ["id", "label", "scenario", "scenario_hash", "connectors", "connector_hours"])
        #expect(columns["run"] == ["id", "arm_id", "replication", "seed", "version", "wall_seconds", "finished"])
        #expect(columns["metric"] == ["run_id", "metric", "cell", "value"])
        #expect(columns["experiment"]?.contains("definition_hash") == true)
        let counts = try queue.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM arm")!, try Int.fetchOne(db, sql: "SELECT count(*) FROM run")!,
             try Int.fetchOne(db, sql: "SELECT count(DISTINCT run_id) FROM metric")!)
        }
        #expect(counts.0 == 3 && counts.1 == 6 && counts.2 == 6)
        // The stored scenario is the resolved arm, and its hash is the SHA-256 of that JSON.
        let json = try #require(try store.scenarioJSON(arm: 2))
        #expect(sha256Hex(json) == (try store.arms()[2].scenarioHash))
        #expect(json.contains("\"residents\":\"high\"") || json.contains("\"residents\":2"))
        #expect(try store.consistencyProblems().isEmpty)
        let experiment = try store.experiment()
        #expect(experiment.armCount == 3 && experiment.replications == 2 && experiment.seed == 3)
    }

    @Test func aFailingWriteLeavesNothingBehind() throws {
        let sweep = try Fixtures.sweep(try Factor.sliders(["residents"]), replications: 2)
        let store = try ResultStore.create(at: try Fixtures.directory().appendingPathComponent("results.sqlite").path, sweep: sweep,
                                           arms: try (0 ..< 3).map { try sweep.arm($0) }, command: "test", scenarioName: "Tiny",
                                           scenarioDescription: nil)
        let good = RunRecord(key: RunKey(arm: 0, replication: 0), seed: 1, wallSeconds: 0, metrics: [(MetricKey("stranded"), 1)])
        let bad = RunRecord(key: RunKey(arm: 1, replication: 0), seed: 1, wallSeconds: 0,
                            metrics: [(MetricKey("stranded"), 1), (MetricKey("stranded"), 2)])
        #expect(throws: InputError.self) { try store.insert([good, bad]) }
        #expect(try store.runCount() == 0)
        try store.insert([good])
        #expect(throws: InputError.self) { try store.insert([good]) }
        #expect(try store.runCount() == 1)
        #expect(try store.consistencyProblems().isEmpty)
    }

    @Test func resumingAfterAPartialSweepNeitherRepeatsNorLosesRuns() throws {
        let sweep = try Fixtures.sweep(try Factor.sliders(["internalProcess", "residents"]), replications: 3)
        let complete = try Fixtures.metricLines(try Fixtures.run(sweep))
        let partial = try Fixtures.run(sweep, shard: Shard(index: 1, count: 3))
        #expect(try partial.runCount() == 9)
        let outcome = try SweepRunner.run(sweep, store: partial, jobs: 2)
        #expect(outcome.alreadyStored == 9 && outcome.executed == 18)
        #expect(try partial.runCount() == 27)
        #expect(try Fixtures.metricLines(partial) == complete)
        let again = try SweepRunner.run(sweep, store: partial, jobs: 2)
        #expect(again.executed == 0)
    }

    @Test func openingSomethingElseIsAClearError() throws {
        let directory = try Fixtures.directory()
        expectInputError(["no result store here"]) { _ = try ResultStore.open(directory.path) }
        let other = directory.appendingPathComponent("other.sqlite").path
        let queue = try DatabaseQueue(path: other)
        try queue.write { try $0.execute(sql: "CREATE TABLE t (x)") }
        expectInputError(["not a Verbinder result store"]) { _ = try ResultStore.open(other) }
    }

    @Test func tidyExportHasFactorColumnsAndReadsBackExactly() throws {
        let store = try Fixtures.run(try Fixtures.sweep(try Factor.sliders(["residents"]), replications: 2))
        var csv = ""
        try ResultExport.export(store, table: .metrics, format: .csv) { csv += $0 }
        let lines = csv.split(separator: "\n")
        #expect(lines.first == "arm,residents,replication,seed,metric,cell,value")
        let utilisation = try #require(lines.first { $0.hasPrefix("0,low,0,") && $0.contains(",utilisation,,") })
        let value = try #require(Double(utilisation.split(separator: ",").last!))
        #expect(try store.runMetrics(arm: 0)[0]?[MetricKey("utilisation")] == value)
        var json = ""
        try ResultExport.export(store, table: .summary, format: .json) { json += $0 }
        let records = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(records.count > 3 * 20)
        #expect(records.first?["residents"] as? String == "low")
        #expect(records.first?["n"] as? Int == 2)
    }
}
