import Foundation
import GRDB
import Testing
import VerbinderCore
import VerbinderExperiments
import VerbinderScenario
import VerbinderSimulation
@testable import VerbinderUncertainty

@Suite("ABC-SMC calibration")
struct CalibrationTests {
    /// y₁ … y₂₅ ~ N(θ, 1) with a flat prior on θ: the posterior of θ given their mean ȳ is N(ȳ, 1/25).
    static func normalMean(jobs: Int, generations: Int = 10, resume: ABCSMC.State? = nil,
                           completed: ((ABCSMC.State) throws -> Void)? = nil) throws -> [ABCSMC.Generation] {
        let observedMean = 1.3, standardError = 0.2
        let settings = ABCSMC.Settings(particles: 400, generations: generations, targetTolerance: 0.02, seed: 5)
        return try ABCSMC.run(factors: [UncertainFactor(name: "theta", lower: -10, upper: 10)], settings: settings, jobs: jobs, simulate: { values, index in
            var random = Xoshiro256(seed: 99, stream: UInt64(index))
            let simulated = values[0] + standardError * ABCSMC.normal(&random)
            return (abs(simulated - observedMean), [simulated])
        }, resume: resume, completed: completed)
    }

    @Test func resumingFromAnyCompletedGenerationGivesTheUninterruptedResult() throws {
        var checkpoints: [ABCSMC.State] = []
        let whole = try Self.normalMean(jobs: 2, generations: 4) { checkpoints.append($0) }
        #expect(checkpoints.count == whole.count && checkpoints.last?.generations == whole)
        #expect(zip(checkpoints, checkpoints.dropFirst()).allSatisfy { $0.evaluated < $1.evaluated })
        for checkpoint in checkpoints.dropLast() {
            #expect(try Self.normalMean(jobs: 3, generations: 4, resume: checkpoint) == whole)
        }
    }

    @Test func conjugateNormalMeanHasTheKnownPosterior() throws {
        let generations = try Self.normalMean(jobs: 2)
        let final = try #require(generations.last)
        #expect(generations.count >= 5 && final.tolerance <= 0.1, "\(generations.map(\.tolerance))")
        let values = final.particles.map { $0.values[0] }, weights = final.particles.map(\.weight)
        let mean = zip(values, weights).reduce(0) { $0 + $1.0 * $1.1 }
        let sd = zip(values, weights).reduce(0) { $0 + $1.1 * ($1.0 - mean) * ($1.0 - mean) }.squareRoot()
        #expect(abs(mean - 1.3) < 0.05, "posterior mean \(mean)")
        #expect(sd > 0.17 && sd < 0.25, "posterior sd \(sd), exact 0.2")
        #expect(abs(weightedQuantile(values, weights: weights, 0.05) - (1.3 - 1.645 * 0.2)) < 0.08)
        #expect(abs(weights.reduce(0, +) - 1) < 1e-9 && final.effectiveSampleSize > 100)
    }

    @Test func sameResultForAnyNumberOfJobs() throws {
        #expect(try Self.normalMean(jobs: 1, generations: 3) == Self.normalMean(jobs: 4, generations: 3))
    }

    @Test func rejectionKeepsTheClosestDraws() throws {
        let settings = ABCSMC.Settings(particles: 50, generations: 0, rejectionFactor: 10, seed: 1)
        let generations = try ABCSMC.run(factors: [UncertainFactor(name: "x", lower: 0, upper: 1)], settings: settings, jobs: 2) { values, _ in
            (abs(values[0] - 0.25), [values[0]])
        }
        #expect(generations.count == 1 && generations[0].particles.count == 50 && generations[0].proposals == 500)
        // The closest 10% of uniform draws around 0.25 lie within about ±0.05.
        #expect(generations[0].particles.allSatisfy { abs($0.values[0] - 0.25) <= generations[0].tolerance && $0.distance < 0.08 })
    }

    @Test func recoversParametersOfATinyScenario() throws {
        let scenario = try TinyScenario.scenario()
        let parameters = Array(TinyScenario.parameters.prefix(2))  // overheadShare, connectorKnowledge
        let truth = [0.35, 0.6]
        var observed = scenario
        for (parameter, value) in zip(parameters, truth) { try parameter.apply(&observed, value) }
        let prepared = try PreparedSimulation(observed)
        let names = ["utilisation", "connectedShare", "residentsConnectedPerYear"]
        let outputs = names.map { name in StudyOutput.all.first { $0.name == name }! }
        // "Observations": the truth's mean over 6 replications (not the streams the calibration uses first),
        // with intervals of ±2 standard deviations of the replication noise.
        let runs = (100 ..< 106).map { prepared.replication($0) }
        let targets = outputs.map { output -> ObservedTarget in
            let values = runs.map { output.value($0, scenario.run.weeks)! }
            let sd = max(variance(values, ddof: 1).squareRoot(), 1e-3 * abs(mean(values)))
            return ObservedTarget(output: output.name, lower: mean(values) - 2 * sd, upper: mean(values) + 2 * sd,
                                  source: "simulated truth", assumption: nil, location: SourceLocation(file: "test"))
        }
        let settings = ABCSMC.Settings(particles: 60, generations: 4, seed: 8)
        let result = try Calibration.run(scenario, parameters: parameters, targets: targets, settings: settings, jobs: 2)
        for (summary, value) in zip(result.posterior, truth) {
            #expect(summary.q05 <= value && value <= summary.q95, "\(summary.parameter): 90% interval \(summary.q05)...\(summary.q95), truth \(value)")
        }
        // Eight weeks of a tiny municipality are noisy, but utilisation still narrows the overhead's posterior.
        let overhead = result.posterior[0]
        #expect(overhead.q95 - overhead.q05 < 0.9 * (overhead.prior.upper - overhead.prior.lower), "\(overhead)")
        #expect(result.generations.count == 5 && result.generations.last!.tolerance < 1)
        let utilisation = try #require(result.predictive.first { $0.output == "utilisation" })
        #expect(utilisation.observed != nil && utilisation.q05 <= utilisation.q95)
    }
}

@Suite("Calibrations from draw stores: rejection and ABC-SMC in shards")
struct CalibrationDrawTests {
    /// Every table of a calibration's results.sqlite but `calibration` (its command and seconds), row by row.
    static func resultRows(_ path: String) throws -> [String: [[DatabaseValue]]] {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in
            var tables: [String: [[DatabaseValue]]] = [:]
            for table in ["target", "parameter", "generation", "particle", "particle_value", "particle_output", "predictive"] {
                tables[table] = try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY 1, 2, 3").map { Array($0.databaseValues) }
            }
            return tables
        }
    }

    @Test func shardedDrawStoresGiveTheResultOfTheRunInOneProcess() throws {
        let scenario = try TinyScenario.scenario()
        let parameters = try StudyParameter.catalogue(["overheadShare", "connectorKnowledge"], at: .value("test"))
        let targets = [
            ObservedTarget(output: "utilisation", lower: 0.5, upper: 0.9, source: "test", assumption: nil,
                           location: SourceLocation(file: "obs.yaml", line: 3, column: 5)),
            ObservedTarget(output: "connectedShare", lower: 0.3, upper: 0.7, source: "test", assumption: "a guess",
                           location: SourceLocation(file: "obs.yaml", line: 7, column: 5)),
        ]
        let settings = ABCSMC.Settings(particles: 10, generations: 0, rejectionFactor: 4, seed: 3)
        let direct = try Calibration.run(scenario, parameters: parameters, targets: targets, settings: settings, jobs: 2)
        let definition = try CalibrationDefinition(scenario: scenario, parameters: parameters, targets: targets, settings: settings)
        let folder = try TinyScenario.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let provenance = StudyProvenance(command: "test", version: "0", scenarioPath: "tiny.yaml", scenarioName: scenario.name,
                                         weeks: scenario.run.weeks, scenarioSeed: scenario.run.seed)
        func store(_ shard: Shard) throws -> CalibrationDrawStore {
            let path = folder.appendingPathComponent(CalibrationDrawStore.fileName(shard)).path
            let created = try CalibrationDrawStore.create(at: path, definition: definition, shard: shard, provenance: provenance)
            let outcome = try Calibration.evaluateShard(scenario, parameters: parameters, store: created, state: ABCSMC.State(), jobs: 2)
            let slice = created.slice(of: try #require(outcome.batch))
            #expect(outcome.alreadyStored == 0 && outcome.executed == slice.count)
            // Running a finished shard again runs nothing.
            let again = try Calibration.evaluateShard(scenario, parameters: parameters, store: created, state: ABCSMC.State(), jobs: 1)
            #expect(again.alreadyStored == slice.count && again.executed == 0)
            try created.close()
            return try CalibrationDrawStore.open(path)
        }
        let whole = try store(.whole)
        let shards = try (0 ..< 3).map { try store(Shard(index: $0, count: 3)) }
        let batch = try #require(ABCSMC.nextBatch(ABCSMC.State(), settings: settings))
        #expect(shards.map { $0.slice(of: batch).count } == [13, 14, 13] && whole.slice(of: batch) == 0 ..< 40)
        #expect(shards[0].definition.targets == targets && shards[0].definition.hash == definition.hash)
        let single = try Calibration.merge([whole], state: ABCSMC.State()).result!, merged = try Calibration.merge(shards.reversed(), state: ABCSMC.State()).result!
        // Particles compared without their outputs (an undefined output is NaN, never equal to itself); the result
        // tables below compare those.
        func kept(_ result: CalibrationResult) -> [[Double]] {
            result.generations.flatMap(\.particles).map { $0.values + [$0.weight, $0.distance] }
        }
        #expect(kept(single) == kept(direct) && kept(merged) == kept(direct) && single.generations.count == 1)
        #expect(direct.generations[0].particles.count == 10 && direct.generations[0].proposals == 40)
        for (name, result) in [("direct", direct), ("single", single), ("merged", merged)] {
            try Calibration.write(result, provenance: provenance, method: "rejection", to: folder.appendingPathComponent(name).path)
        }
        let expected = try Self.resultRows(folder.appendingPathComponent("direct/results.sqlite").path)
        #expect(expected["particle_value"]?.count == 20 && expected["target"]?.count == 2)
        for name in ["single", "merged"] {
            #expect(try Self.resultRows(folder.appendingPathComponent("\(name)/results.sqlite").path) == expected, "\(name)")
            #expect(try Data(contentsOf: folder.appendingPathComponent("\(name)/posterior.csv"))
                    == Data(contentsOf: folder.appendingPathComponent("direct/posterior.csv")))
        }
        // A missing shard is named; a draw stored twice and a store of another calibration are refused.
        let missing = #expect(throws: InputError.self) { try Calibration.merge([shards[0], shards[2]], state: ABCSMC.State()) }
        #expect((missing?.description ?? "").contains("owed by draws-1-of-3.sqlite"), "\(String(describing: missing))")
        let twice = #expect(throws: InputError.self) { try Calibration.merge([whole, shards[0]], state: ABCSMC.State()) }
        #expect((twice?.description ?? "").contains("is stored here and in"))
        var otherSettings = settings
        otherSettings.seed = 4
        let other = try CalibrationDrawStore.create(
            at: folder.appendingPathComponent("other.sqlite").path,
            definition: CalibrationDefinition(scenario: scenario, parameters: parameters, targets: targets, settings: otherSettings),
            shard: Shard(index: 1, count: 3), provenance: provenance)
        let mixed = #expect(throws: InputError.self) { try Calibration.merge([shards[0], other, shards[2]], state: ABCSMC.State()) }
        #expect((mixed?.description ?? "").contains("another calibration"))
    }
}

extension CalibrationDrawTests {
    @Test func abcSMCInShardsMergedBatchByBatchEqualsTheRunInOneProcess() throws {
        let scenario = try TinyScenario.scenario()
        let parameters = try StudyParameter.catalogue(["overheadShare", "connectorKnowledge"], at: .value("test"))
        let targets = [ObservedTarget(output: "utilisation", lower: 0.6, upper: 0.8, source: "test", assumption: nil,
                                      location: SourceLocation(file: "obs.yaml", line: 3, column: 5))]
        let settings = ABCSMC.Settings(particles: 8, generations: 3, seed: 6)
        let direct = try Calibration.run(scenario, parameters: parameters, targets: targets, settings: settings, jobs: 2)
        let definition = try CalibrationDefinition(scenario: scenario, parameters: parameters, targets: targets, settings: settings)
        let folder = try TinyScenario.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let provenance = StudyProvenance(command: "test", version: "0", scenarioPath: "tiny.yaml", scenarioName: scenario.name,
                                         weeks: scenario.run.weeks, scenarioSeed: scenario.run.seed)
        let shards = try (0 ..< 3).map { index in
            let shard = Shard(index: index, count: 3)
            return try CalibrationDrawStore.create(at: folder.appendingPathComponent(CalibrationDrawStore.fileName(shard)).path,
                                                   definition: definition, shard: shard, provenance: provenance)
        }
        // The merges' state goes through the generation store between rounds, as `verbinder merge` keeps it.
        let coordinator = try CalibrationCheckpointStore.create(at: folder.appendingPathComponent("generations.sqlite").path,
                                                                hash: definition.hash, command: "test")
        var result: CalibrationResult?
        var rounds = 0
        while result == nil && rounds < 100 {
            let state = try coordinator.load()
            for store in shards.reversed() {
                _ = try Calibration.evaluateShard(scenario, parameters: parameters, store: store, state: state, jobs: 2)
            }
            if rounds == 1 {
                // A merge before every shard's proposals are stored names the shard that owes them.
                let early = #expect(throws: InputError.self) { try Calibration.merge([shards[0], shards[1]], state: state) }
                #expect((early?.description ?? "").contains("owed by draws-2-of-3.sqlite"), "\(String(describing: early))")
            }
            let merged = try Calibration.merge(shards, state: state)
            try coordinator.save(merged.state)
            let loaded = try coordinator.load()
            #expect(loaded.evaluated == merged.state.evaluated && loaded.proposals == merged.state.proposals
                    && loaded.generations.count == merged.state.generations.count && loaded.accepted.count == merged.state.accepted.count)
            result = merged.result
            rounds += 1
        }
        let final = try #require(result)
        #expect(rounds > direct.generations.count, "\(rounds) rounds for \(direct.generations.count) generations")
        func kept(_ result: CalibrationResult) -> [[Double]] {
            result.generations.flatMap(\.particles).map { $0.values + [$0.weight, $0.distance] }
        }
        #expect(kept(final) == kept(direct) && final.generations.map(\.proposals) == direct.generations.map(\.proposals))
        for (name, result) in [("direct", direct), ("merged", final)] {
            try Calibration.write(result, provenance: provenance, method: "abc-smc", to: folder.appendingPathComponent(name).path)
        }
        #expect(try Self.resultRows(folder.appendingPathComponent("merged/results.sqlite").path)
                == Self.resultRows(folder.appendingPathComponent("direct/results.sqlite").path))
    }
}

@Suite("Observation files")
struct ObservationTests {
    @Test func readsTargetsWithSources() throws {
        let observations = try Observations.parse("""
            parameters: [overheadShare]
            targets:
              - output: utilisation
                interval: [0.85, 1.0]
                source: thesis §5.2
                assumption: no number given
              - output: rate[fixer.fromResidents]
                value: 0.8
                tolerance: 0.1
                source: thesis figure 11
            """, file: "obs.yaml")
        #expect(observations.parameters == ["overheadShare"] && observations.targets.count == 2)
        let fixer = observations.targets[1], utilisation = observations.targets[0]
        #expect(abs(fixer.lower - 0.7) < 1e-12 && abs(fixer.upper - 0.9) < 1e-12 && fixer.location.line == 7)
        #expect(utilisation.distance(0.925) < 1e-12 && abs(utilisation.distance(1.0) - 1) < 1e-12 && utilisation.distance(nil) == .infinity)
    }

    @Test(arguments: [
        ("targets:\n  - output: utilisaton\n    interval: [0.8, 1]\n    source: x\n", "obs.yaml:2:13: error: targets[0].output: unknown output 'utilisaton' (did you mean 'utilisation'?)"),
        ("targets:\n  - output: utilisation\n    interval: [1, 0.8]\n    source: x\n", "obs.yaml:2:5: error: targets[0]: the interval's lower bound 1.0 must be below its upper bound 0.8"),
        ("targets:\n  - output: utilisation\n    interval: [0.8, 1]\n", "obs.yaml:2:5: error: targets[0]: missing key 'source'"),
        ("targets:\n  - output: utilisation\n    value: 0.8\n    source: x\n", "obs.yaml:2:5: error: targets[0]: value and tolerance go together"),
        ("target:\n  - output: utilisation\n", "obs.yaml:1:1: error: target: unknown key 'target' (did you mean 'targets'?)"),
        ("targets:\n  - output: utilisation\n    interval: [0.8, high]\n    source: x\n", "obs.yaml:3:21: error: targets[0].interval: expected a number, got 'high'"),
    ])
    func badFilesGiveFileLineErrors(_ text: String, _ message: String) {
        do {
            _ = try Observations.parse(text, file: "obs.yaml")
            Issue.record("accepted a bad file")
        } catch {
            #expect("\(error)".contains(message), "\(error)")
        }
    }
}
