import Foundation
import GRDB
import Testing
import VerbinderTestSupport
import VerbinderCore
import VerbinderExperiments
import VerbinderScenario
@testable import VerbinderUncertainty

/// A small municipality that simulates in milliseconds.
enum TinyScenario {
    static let yaml = TinyMunicipality.yaml(weeks: 8, connectorHours: 12)

    static func scenario() throws -> Scenario { try Scenario.parse(yaml: yaml, file: "tiny.yaml") }

    static func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("verbinder-unc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Three model parameters with plausible ranges and one factor the model never reads.
    static let parameters: [StudyParameter] = [
        StudyParameter(factor: UncertainFactor(name: "overheadShare", lower: 0.1, upper: 0.6), unit: "share", defaultValue: 0.3) {
            $0.model.overheadShare = $1
        },
        StudyParameter(factor: UncertainFactor(name: "connectorKnowledge", lower: 0.3, upper: 0.9), unit: "probability", defaultValue: 0.6) {
            $0.model.connectorKnowledge = $1
        },
        StudyParameter(factor: UncertainFactor(name: "trustGain", lower: 0, upper: 0.1), unit: "trust", defaultValue: 0.03) {
            $0.model.trustGain = $1
        },
        StudyParameter(factor: UncertainFactor(name: "inert", lower: 0, upper: 1), unit: "", defaultValue: 0.5) { _, _ in },
    ]

    static func design(_ method: SensitivityMethod, samples: Int, replications: Int = 2) -> SensitivityDesign {
        SensitivityDesign(method: method, factors: parameters.map(\.factor), samples: samples, replications: replications, seed: 11)
    }
}

@Suite("Sensitivity studies of the simulation model")
struct StudyTests {
    @Test(arguments: [SensitivityMethod.sobol, .morris])
    func sameResultsForAnyNumberOfJobs(_ method: SensitivityMethod) throws {
        let scenario = try TinyScenario.scenario()
        let design = TinyScenario.design(method, samples: method == .sobol ? 16 : 6)
        let one = try SensitivityStudy.run(scenario, parameters: TinyScenario.parameters, design: design, jobs: 1)
        let three = try SensitivityStudy.run(scenario, parameters: TinyScenario.parameters, design: design, jobs: 3)
        #expect(one.values == three.values)
        #expect(one.outputs.map(\.sobol) == three.outputs.map(\.sobol))
        #expect(one.outputs.map(\.morris) == three.outputs.map(\.morris))
        #expect(one.values.count == StudyOutput.all.count && one.values[0].count == design.unitRows.count)
    }

    @Test func commonRandomNumbersGiveAnInertFactorExactlyZero() throws {
        let scenario = try TinyScenario.scenario()
        let result = try SensitivityStudy.run(scenario, parameters: TinyScenario.parameters,
                                              design: TinyScenario.design(.sobol, samples: 16), jobs: 2)
        let analysed = result.outputs.filter { $0.skipped == nil }
        #expect(analysed.count >= 8)
        for output in analysed {
            let indices = try #require(output.sobol)
            // Every AB row of the inert factor repeats its A row with the same random streams.
            #expect(indices.total[3] == 0 && indices.firstOrder[3] == 0, "\(output.output)")
            if output.variance > 0 { #expect(output.ranking.last == 3, "\(output.output): \(output.ranking)") }
            // Within-point over total variance: the within sum of squares never exceeds the total, so with 2
            // replications the share is below (2N − 1)/N < 2; it nears 2 when common random numbers make
            // replication k alike at every point. Nil when no point has two defined replications.
            if let share = output.noiseShare { #expect(share >= 0 && share < 2, "\(output.output): \(share)") }
        }
        // Overhead takes connector hours: it must drive utilisation more than the inert factor does.
        let utilisation = try #require(result.outputs.first { $0.output == "utilisation" }?.sobol)
        #expect(utilisation.total[0] > 0.2)
    }

    @Test func writesStoreAndSALibCSVAtomically() throws {
        let scenario = try TinyScenario.scenario()
        let result = try SensitivityStudy.run(scenario, parameters: TinyScenario.parameters,
                                              design: TinyScenario.design(.morris, samples: 4, replications: 1), jobs: 2)
        let out = try TinyScenario.directory().appendingPathComponent("study")
        let provenance = StudyProvenance(command: "test", version: "0", scenarioPath: "tiny.yaml", scenarioName: scenario.name,
                                         weeks: scenario.run.weeks, scenarioSeed: scenario.run.seed)
        try SensitivityWriter.write(result, parameters: TinyScenario.parameters, outputs: StudyOutput.all, provenance: provenance, to: out.path)
        let csv = try String(contentsOf: out.appendingPathComponent("morris/utilisation.csv"), encoding: .utf8)
        let lines = csv.split(separator: "\n")
        #expect(lines.first == ",mu,mu_star,sigma,mu_star_conf" && lines.count == 5 && lines[4].hasPrefix("inert,0.0,0.0,0.0,"))
        let queue = try DatabaseQueue(path: out.appendingPathComponent("results.sqlite").path)
        let (runs, samples, last, noise) = try queue.read { db in
            (try Int.fetchOne(db, sql: "SELECT runs FROM study"), try Int.fetchOne(db, sql: "SELECT count(*) FROM sample"),
             try String.fetchOne(db, sql: "SELECT factor FROM ranking WHERE output = 'utilisation' AND rank = 4"),
             try Double.fetchOne(db, sql: "SELECT noise_share FROM output WHERE name = 'utilisation'"))
        }
        #expect(runs == 4 * 5 && samples == 4 * 5 * 4 && last == "inert" && noise == nil)
        try queue.close()
        // Writing again replaces the files through the shared result-directory writer: same contents, no temporaries.
        try SensitivityWriter.write(result, parameters: TinyScenario.parameters, outputs: StudyOutput.all, provenance: provenance, to: out.path)
        #expect(try String(contentsOf: out.appendingPathComponent("morris/utilisation.csv"), encoding: .utf8) == csv)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: out.deletingLastPathComponent().path)
        #expect(leftovers.filter { !$0.hasSuffix(".lock") } == ["study"])
        // A directory that cannot be written leaves nothing behind.
        let missing = out.appendingPathComponent("no/such/parent/study")
        #expect(throws: InputError.self) {
            try SensitivityWriter.write(result, parameters: TinyScenario.parameters, outputs: StudyOutput.all, provenance: provenance, to: missing.path)
        }
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("no").path))
    }

    /// The rows of `results.sqlite`'s index table, as stored.
    static func indexRows(_ path: String) throws -> [[DatabaseValue]] {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM sensitivity_index ORDER BY output, factor").map { Array($0.databaseValues) }
        }
    }

    @Test func shardStoresMergeIntoTheIndicesOfOneStore() throws {
        let scenario = try TinyScenario.scenario()
        let design = TinyScenario.design(.sobol, samples: 16)
        let definition = try StudyDefinition(design: design, scenario: scenario)
        let folder = try TinyScenario.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let provenance = StudyProvenance(command: "test", version: "0", scenarioPath: "tiny.yaml", scenarioName: scenario.name,
                                         weeks: scenario.run.weeks, scenarioSeed: scenario.run.seed)
        func store(_ shard: Shard) throws -> StudyEvaluationStore {
            let store = try StudyEvaluationStore.create(at: folder.appendingPathComponent(StudyEvaluationStore.fileName(shard)).path,
                                                        definition: definition, shard: shard, provenance: provenance)
            let outcome = try SensitivityEvaluations.evaluate(scenario, parameters: TinyScenario.parameters, store: store, jobs: 2)
            #expect(outcome.alreadyStored == 0 && outcome.executed == store.points.count)
            return store
        }
        let whole = try store(.whole)
        let shards = try (0 ..< 3).map { try store(Shard(index: $0, count: 3)) }
        #expect(shards.map(\.points.count).reduce(0, +) == design.unitRows.count && shards[0].points.upperBound == shards[1].points.lowerBound)
        // Running a finished shard again runs nothing.
        let again = try SensitivityEvaluations.evaluate(scenario, parameters: TinyScenario.parameters, store: shards[1], jobs: 1)
        #expect(again.alreadyStored == shards[1].points.count && again.executed == 0)
        let single = try SensitivityEvaluations.result([whole]), merged = try SensitivityEvaluations.result(shards.reversed())
        for (name, result) in [("single", single), ("merged", merged)] {
            try SensitivityWriter.write(result, parameters: TinyScenario.parameters, outputs: StudyOutput.all, provenance: provenance,
                                        to: folder.appendingPathComponent(name).path)
        }
        let expected = try Self.indexRows(folder.appendingPathComponent("single/results.sqlite").path)
        #expect(expected.count > 40)
        #expect(try Self.indexRows(folder.appendingPathComponent("merged/results.sqlite").path) == expected)
        // And the same as the in-memory study.
        let direct = try SensitivityStudy.run(scenario, parameters: TinyScenario.parameters, design: design, jobs: 3)
        let directValues: [[[Double?]]] = direct.values, mergedValues: [[[Double?]]] = merged.values
        #expect(directValues == mergedValues)
        // A missing shard is named; a point stored twice is refused.
        let incomplete: [StudyEvaluationStore] = [shards[0], shards[2]]
        let missing = #expect(throws: InputError.self) { try SensitivityEvaluations.result(incomplete) }
        let message: String = missing.map { $0.description } ?? ""
        #expect(message.contains("owed by evaluations-1-of-3.sqlite"), "\(message)")
        #expect(throws: InputError.self) { try SensitivityEvaluations.result([whole, shards[0]]) }
    }

    @Test func tooFewSamplesAreNamed() {
        let problems = SensitivityDesign.validationProblems(method: .sobol, factorCount: 3, samples: 4, levels: 4, replications: 1)
        #expect(problems == [Diagnostic("4 base samples are too few for sobol: at least 16", at: .value("samples"))])
        let morris = SensitivityDesign.validationProblems(method: .morris, factorCount: 3, samples: 4, levels: 3, replications: 0)
        #expect(morris.map(\.location.valueName) == ["levels", "replications"])
        // The library names values, never command-line flags: the front end phrases those.
        #expect(!morris.contains { $0.message.contains("--") })
    }
}
