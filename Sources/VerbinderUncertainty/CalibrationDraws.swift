import Foundation
import GRDB
import VerbinderCore
import VerbinderExperiments
import VerbinderScenario
import VerbinderSupport

/// What identifies a calibration: everything its runs depend on. Two stores with the same ``hash`` hold runs of
/// the same calibration, so they can be resumed or merged.
public struct CalibrationDefinition: Sendable {
    /// The calibrated parameters with their prior ranges, in order.
    public var factors: [UncertainFactor]
    public var targets: [ObservedTarget]
    public var settings: ABCSMC.Settings
    public var weeks: Int
    /// SHA-256 of the resolved scenario (canonical JSON, after the calibration's weeks and seed are set).
    public var scenarioHash: String
    public var outputs: [String]

    /// The definition of calibrating `parameters` of `scenario` (whose weeks and seed are the calibration's).
    public init(scenario: Scenario, parameters: [StudyParameter], targets: [ObservedTarget], settings: ABCSMC.Settings,
                outputs: [StudyOutput] = StudyOutput.all) throws {
        self.init(factors: parameters.map(\.factor), targets: targets, settings: settings, weeks: scenario.run.weeks,
                  scenarioHash: sha256Hex(try CanonicalJSON.compact(scenario)), outputs: outputs.map(\.name))
    }

    init(factors: [UncertainFactor], targets: [ObservedTarget], settings: ABCSMC.Settings, weeks: Int, scenarioHash: String, outputs: [String]) {
        self.factors = factors
        self.targets = targets
        self.settings = settings
        self.weeks = weeks
        self.scenarioHash = scenarioHash
        self.outputs = outputs
    }

    /// SHA-256 of the scenario, the parameters and their ranges, the targets' intervals, the sampler's settings
    /// and the outputs, in a fixed text form.
    public var hash: String {
        let parts = [
            scenarioHash,
            factors.map { "\($0.name)=\($0.lower.bitPattern):\($0.upper.bitPattern)" }.joined(separator: ";"),
            targets.map { "\($0.output)=\($0.lower.bitPattern):\($0.upper.bitPattern)" }.joined(separator: ";"),
            "\(settings.particles) \(settings.generations) \(settings.quantile.bitPattern) \(settings.minimumAcceptance.bitPattern) "
                + "\(settings.targetTolerance.bitPattern) \(settings.rejectionFactor) \(settings.seed)",
            outputs.joined(separator: ";"),
        ]
        return sha256Hex(parts.joined(separator: "\n"))
    }
}

/// The evaluated proposals of a calibration run in shards (or of a whole rejection calibration) as they finish, in
/// SQLite: each proposal's values, distance and outputs are committed once it is simulated, so a killed shard loses
/// at most the proposals in progress and a resumed one simulates only those not stored yet. A rejection
/// calibration has one batch, its prior draws; an ABC-SMC one a batch after batch, each evaluated by every shard
/// and absorbed by a merge (``Calibration/merge(_:state:)``) before the shards evaluate the next. The result does
/// not depend on how the proposals were divided.
public final class CalibrationDrawStore: @unchecked Sendable {
    /// The table that marks a file as a calibration draw store.
    static let marker = "calibration_draws"

    public let path: String
    public let definition: CalibrationDefinition
    public let shard: Shard
    public let provenance: StudyProvenance
    private let queue: DatabaseQueue

    private init(path: String, queue: DatabaseQueue, definition: CalibrationDefinition, shard: Shard, provenance: StudyProvenance) {
        self.path = path
        self.queue = queue
        self.definition = definition
        self.shard = shard
        self.provenance = provenance
    }

    /// The store's file name inside the calibration's output directory: `draws.sqlite`, or `draws-I-of-N.sqlite`
    /// for a shard.
    public static func fileName(_ shard: Shard) -> String { shard.storeFileName(stem: "draws") }

    /// `verbinder calibrate` as the array task of a Slurm job: ABC-SMC's merges each absorb one batch, so its jobs repeat.
    public static func slurmTask(repeats: Bool) -> SlurmJob.Task { SlurmJob.Task(command: "calibrate", storeStem: "draws", repeats: repeats) }

    /// Whether the SQLite file at `path` is a calibration draw store (false for other files or stores).
    public static func isDrawStore(_ path: String) -> Bool {
        guard let queue = try? DatabaseQueue(path: path, configuration: ShardStoreRows.readOnly) else { return false }
        defer { try? queue.close() }
        return (try? queue.read { try $0.tableExists(marker) }) == true
    }


    /// A new, empty store at `path` for `shard` of the calibration.
    /// - Throws: ``InputError`` when it cannot be created.
    public static func create(at path: String, definition: CalibrationDefinition, shard: Shard, provenance: StudyProvenance) throws -> CalibrationDrawStore {
        do {
            let queue = try DatabaseQueue(path: path)
            try queue.write { db in
                try db.execute(sql: """
                    CREATE TABLE calibration_draws (
                      id INTEGER PRIMARY KEY CHECK (id = 1), hash TEXT NOT NULL, particles INTEGER NOT NULL, generations INTEGER NOT NULL,
                      quantile REAL NOT NULL, minimum_acceptance REAL NOT NULL, target_tolerance REAL NOT NULL,
                      rejection_factor INTEGER NOT NULL, seed TEXT NOT NULL, weeks INTEGER NOT NULL, scenario_hash TEXT NOT NULL,
                      outputs TEXT NOT NULL, shard_index INTEGER NOT NULL, shard_count INTEGER NOT NULL, command TEXT NOT NULL,
                      version TEXT NOT NULL, scenario_path TEXT NOT NULL, scenario_name TEXT NOT NULL, scenario_seed TEXT NOT NULL);
                    CREATE TABLE draw_parameter (position INTEGER PRIMARY KEY, name TEXT NOT NULL, lower REAL NOT NULL, upper REAL NOT NULL);
                    CREATE TABLE draw_target (
                      position INTEGER PRIMARY KEY, output TEXT NOT NULL, lower REAL NOT NULL, upper REAL NOT NULL, source TEXT NOT NULL,
                      assumption TEXT, file TEXT NOT NULL, line INTEGER NOT NULL, column INTEGER NOT NULL);
                    CREATE TABLE at_defaults (output INTEGER PRIMARY KEY, value REAL);
                    CREATE TABLE draw (generation INTEGER NOT NULL, proposal INTEGER NOT NULL, distance REAL, seconds REAL NOT NULL,
                      PRIMARY KEY (generation, proposal)) WITHOUT ROWID;
                    CREATE TABLE draw_value (generation INTEGER NOT NULL, proposal INTEGER NOT NULL, position INTEGER NOT NULL,
                      value REAL NOT NULL, PRIMARY KEY (generation, proposal, position)) WITHOUT ROWID;
                    CREATE TABLE draw_output (generation INTEGER NOT NULL, proposal INTEGER NOT NULL, position INTEGER NOT NULL,
                      value REAL, PRIMARY KEY (generation, proposal, position)) WITHOUT ROWID;
                    """)
                let settings = definition.settings
                try db.execute(sql: "INSERT INTO calibration_draws VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               arguments: [definition.hash, settings.particles, settings.generations, settings.quantile,
                                           settings.minimumAcceptance, settings.targetTolerance, settings.rejectionFactor,
                                           String(settings.seed), definition.weeks, definition.scenarioHash,
                                           definition.outputs.joined(separator: "\n"), shard.index, shard.count, provenance.command,
                                           provenance.version, provenance.scenarioPath, provenance.scenarioName, String(provenance.scenarioSeed)])
                try ShardStoreRows.insert(definition.factors, into: "draw_parameter", db)
                for (position, target) in definition.targets.enumerated() {
                    try db.execute(sql: "INSERT INTO draw_target VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                   arguments: [position, target.output, target.lower, target.upper, target.source, target.assumption,
                                               target.location.file, target.location.line, target.location.column])
                }
            }
            return CalibrationDrawStore(path: path, queue: queue, definition: definition, shard: shard, provenance: provenance)
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw InputError("cannot create the calibration's draw store: \(error)", at: SourceLocation(file: path))
        }
    }

    /// Opens an existing store.
    /// - Throws: ``InputError`` when it is not a calibration draw store or its definition is damaged.
    public static func open(_ path: String, forWriting: Bool = false) throws -> CalibrationDrawStore {
        guard FileManager.default.fileExists(atPath: path), isDrawStore(path) else {
            throw InputError("not a calibration draw store (expected draws.sqlite or draws-I-of-N.sqlite)", at: SourceLocation(file: path))
        }
        do {
            let queue = try DatabaseQueue(path: path, configuration: forWriting ? Configuration() : ShardStoreRows.readOnly)
            let (definition, shard, provenance) = try queue.read { db -> (CalibrationDefinition, Shard, StudyProvenance) in
                guard let row = try Row.fetchOne(db, sql: "SELECT * FROM calibration_draws"),
                      let seed = UInt64(row["seed"] as String), let scenarioSeed = UInt64(row["scenario_seed"] as String) else {
                    throw InputError("the calibration's draw store is damaged", at: SourceLocation(file: path))
                }
                let factors = try ShardStoreRows.factors(in: "draw_parameter", db)
                let targets = try Row.fetchAll(db, sql: "SELECT * FROM draw_target ORDER BY position").map {
                    ObservedTarget(output: $0["output"], lower: $0["lower"], upper: $0["upper"], source: $0["source"], assumption: $0["assumption"],
                                   location: SourceLocation(file: $0["file"], line: $0["line"], column: $0["column"]))
                }
                let settings = ABCSMC.Settings(particles: row["particles"], generations: row["generations"], quantile: row["quantile"],
                                               minimumAcceptance: row["minimum_acceptance"], targetTolerance: row["target_tolerance"],
                                               rejectionFactor: row["rejection_factor"], seed: seed)
                let definition = CalibrationDefinition(factors: factors, targets: targets, settings: settings, weeks: row["weeks"],
                                                       scenarioHash: row["scenario_hash"],
                                                       outputs: (row["outputs"] as String).split(separator: "\n").map(String.init))
                guard definition.hash == row["hash"] as String else {
                    throw InputError("the calibration's draw store is damaged (its hash does not match)", at: SourceLocation(file: path))
                }
                let (provenance, shard) = ShardStoreRows.provenanceAndShard(row, scenarioSeed: scenarioSeed)
                return (definition, shard, provenance)
            }
            return CalibrationDrawStore(path: path, queue: queue, definition: definition, shard: shard, provenance: provenance)
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError("cannot read the calibration's draw store: \(error)", at: SourceLocation(file: path))
        }
    }

    /// The proposals of `batch` this store's shard evaluates: a contiguous stretch of about 1/N of them.
    public func slice(of batch: ABCSMC.Batch) -> Range<Int> {
        let part = studyPoints(of: shard, pointCount: batch.count)
        return batch.firstProposal + part.lowerBound ..< batch.firstProposal + part.upperBound
    }

    /// The proposals of `generation` already stored.
    public func finishedProposals(generation: Int) throws -> Set<Int> {
        try queue.read { Set(try Int.fetchAll($0, sql: "SELECT proposal FROM draw WHERE generation = ?", arguments: [generation])) }
    }

    /// Seconds spent simulating the stored draws (summed over draws).
    public func simulationSeconds() throws -> Double {
        try queue.read { try Double.fetchOne($0, sql: "SELECT coalesce(sum(seconds), 0) FROM draw") ?? 0 }
    }

    /// The outputs at the scenario's own parameter values (replication 0), once stored.
    public func outputsAtDefaults() throws -> [Double]? {
        let count = definition.outputs.count
        return try queue.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT output, value FROM at_defaults ORDER BY output")
            guard rows.count == count else { return nil }
            return rows.map { ($0["value"] as Double?) ?? .nan }
        }
    }

    /// Stores the outputs at the scenario's own parameter values.
    public func recordAtDefaults(_ outputs: [Double]) throws {
        try queue.write { db in
            try db.execute(sql: "DELETE FROM at_defaults")
            for (position, value) in outputs.enumerated() {
                try db.execute(sql: "INSERT INTO at_defaults VALUES (?, ?)", arguments: [position, value.isNaN ? nil : value])
            }
        }
    }

    /// Stores one evaluated proposal, in one transaction.
    public func record(generation: Int, proposal: Int, values: [Double], evaluation: ABCSMC.Evaluation, seconds: Double) throws {
        try queue.write { db in
            try db.execute(sql: "INSERT INTO draw VALUES (?, ?, ?, ?)",
                           arguments: [generation, proposal, evaluation.distance.isFinite ? evaluation.distance : nil, seconds])
            for (position, value) in values.enumerated() {
                try db.execute(sql: "INSERT INTO draw_value VALUES (?, ?, ?, ?)", arguments: [generation, proposal, position, value])
            }
            for (position, value) in evaluation.outputs.enumerated() {
                try db.execute(sql: "INSERT INTO draw_output VALUES (?, ?, ?, ?)",
                               arguments: [generation, proposal, position, value.isNaN ? nil : value])
            }
        }
    }

    /// The stored proposals of `generation` within `proposals`: proposal → its values and evaluation.
    public func storedProposals(generation: Int, in proposals: Range<Int>) throws -> [Int: (values: [Double], evaluation: ABCSMC.Evaluation)] {
        try queue.read { db in
            let arguments: StatementArguments = [generation, proposals.lowerBound, proposals.upperBound]
            func grouped(_ table: String) throws -> [Int: [Double]] {
                var values: [Int: [Double]] = [:]
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT proposal, value FROM \(table) WHERE generation = ? AND proposal >= ? AND proposal < ? ORDER BY proposal, position
                    """, arguments: arguments)
                while let row = try rows.next() { values[row["proposal"], default: []].append((row["value"] as Double?) ?? .nan) }
                return values
            }
            let values = try grouped("draw_value"), outputs = try grouped("draw_output")
            var stored: [Int: (values: [Double], evaluation: ABCSMC.Evaluation)] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT proposal, distance FROM draw WHERE generation = ? AND proposal >= ? AND proposal < ? ORDER BY proposal
                """, arguments: arguments) {
                let proposal: Int = row["proposal"]
                stored[proposal] = (values[proposal] ?? [], ((row["distance"] as Double?) ?? .infinity, outputs[proposal] ?? []))
            }
            return stored
        }
    }

    public func close() throws { try queue.close() }
}

extension Calibration {
    /// Evaluates the proposals of `store`'s shard of the batch that comes after `state` (``ABCSMC/nextBatch(_:settings:)``)
    /// that it does not hold yet, storing each as it finishes (and the outputs at the scenario's defaults first,
    /// once). Proposal p has the values ``ABCSMC/proposer(_:state:factors:settings:)`` gives and runs the
    /// replication of its evaluation number, as in ``run(_:parameters:targets:settings:jobs:outputs:progress:resume:completed:)``,
    /// so the proposals do not depend on `jobs` or on the shards.
    /// - Parameters:
    ///   - progress: called with (finished, total) proposals of the shard's slice, counting those already stored,
    ///     from any thread, after the proposal is committed.
    /// - Returns: the batch (nil when the calibration has ended), how many of the slice's proposals were already
    ///   stored and how many were simulated now.
    public static func evaluateShard(_ scenario: Scenario, parameters: [StudyParameter], store: CalibrationDrawStore, state: ABCSMC.State,
                                     jobs: Int, outputs: [StudyOutput] = StudyOutput.all,
                                     progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> (batch: ABCSMC.Batch?, alreadyStored: Int, executed: Int) {
        precondition(outputs.map(\.name) == store.definition.outputs && parameters.map(\.factor) == store.definition.factors)
        let definition = store.definition
        guard let batch = ABCSMC.nextBatch(state, settings: definition.settings) else { return (nil, 0, 0) }
        let model = try CalibrationModel(scenario, parameters: parameters, targets: definition.targets, outputs: outputs)
        if try store.outputsAtDefaults() == nil { try store.recordAtDefaults(model.outputs(scenario, 0)) }
        let finished = try store.finishedProposals(generation: batch.generation)
        let slice = store.slice(of: batch)
        let pending = slice.filter { !finished.contains($0) }
        let already = slice.count - pending.count
        progress?(already, slice.count)
        let propose = ABCSMC.proposer(batch, state: state, factors: definition.factors, settings: definition.settings)
        _ = try parallelMap(pending.count, threads: jobs, progress: { done, _ in progress?(already + done, slice.count) }) { i in
            let proposal = pending[i]
            let start = Date()
            let values = propose(proposal)
            let evaluation = try model.evaluate(values, batch.firstEvaluation + proposal - batch.firstProposal)
            try store.record(generation: batch.generation, proposal: proposal, values: values, evaluation: evaluation,
                             seconds: Date().timeIntervalSince(start))
        }
        return (batch, already, pending.count)
    }

    /// Absorbs the batch that comes after `state` from the stores that evaluated it — one whole store, or the
    /// stores of every shard of the same calibration, each proposal exactly once — giving the next state, and the
    /// calibration's result once it has ended (for rejection: after its one batch). Equal to the result of
    /// ``run(_:parameters:targets:settings:jobs:outputs:progress:resume:completed:)`` with the same definition,
    /// however the proposals were divided; `seconds` is the simulation time summed over the stored proposals.
    /// - Throws: ``InputError`` naming stores of another calibration, missing shards or proposals, or duplicated ones.
    public static func merge(_ stores: [CalibrationDrawStore], state: ABCSMC.State,
                             outputs: [StudyOutput] = StudyOutput.all) throws -> (state: ABCSMC.State, result: CalibrationResult?) {
        guard let first = stores.first else { throw InputError("no calibration draw stores given", at: .value("stores")) }
        let definition = first.definition
        for store in stores.dropFirst() where store.definition.hash != definition.hash {
            throw InputError("this store holds another calibration than \(first.path) (other scenario, parameters, targets or settings)",
                             at: SourceLocation(file: store.path))
        }
        guard outputs.map(\.name) == definition.outputs else {
            throw InputError("the calibration was stored by a Verbinder with other outputs: run it again", at: SourceLocation(file: first.path))
        }
        var next = state
        if let batch = ABCSMC.nextBatch(state, settings: definition.settings) {
            var results = [(values: [Double], evaluation: ABCSMC.Evaluation)?](repeating: nil, count: batch.count)
            var owner = [String?](repeating: nil, count: batch.count)
            var problems: [Diagnostic] = []
            for store in stores {
                for (proposal, stored) in try store.storedProposals(generation: batch.generation, in: batch.proposals) {
                    let i = proposal - batch.firstProposal
                    if let other = owner[i] {
                        problems.append(Diagnostic("proposal \(proposal) of generation \(batch.generation) is stored here and in \(other)",
                                                   at: SourceLocation(file: store.path)))
                        continue
                    }
                    owner[i] = store.path
                    results[i] = stored
                }
            }
            let missing = owner.indices.filter { owner[$0] == nil }
            if !missing.isEmpty {
                let owing = owedByShards(owner, shardCounts: Set(stores.map(\.shard.count)), fileName: CalibrationDrawStore.fileName)
                let listed = missing.prefix(8).map { String(batch.firstProposal + $0) }.joined(separator: ", ") + (missing.count > 8 ? ", …" : "")
                let what = batch.generation == 0 && definition.settings.generations == 0 ? "prior draws"
                    : "proposals of generation \(batch.generation)"
                problems.append(Diagnostic("\(missing.count) of \(batch.count) \(what) are not stored: \(listed)\(owing)",
                                           at: SourceLocation(file: first.path)))
            }
            if !problems.isEmpty { throw InputError(problems) }
            next = ABCSMC.absorb(state, batch, results: results.map { $0! }, factors: definition.factors, settings: definition.settings)
        }
        guard ABCSMC.nextBatch(next, settings: definition.settings) == nil else { return (next, nil) }
        guard !next.generations.isEmpty else {
            throw InputError("the calibration ended without a population", at: SourceLocation(file: first.path))
        }
        var seconds = 0.0
        var atDefaults: [Double]?
        for store in stores {
            seconds += try store.simulationSeconds()
            atDefaults = try atDefaults ?? store.outputsAtDefaults()
        }
        guard let atDefaults else {
            throw InputError("the outputs at the scenario's defaults are not stored: resume the calibration", at: SourceLocation(file: first.path))
        }
        let parameters = try StudyParameter.catalogue(definition.factors.map(\.name), at: SourceLocation(file: first.path))
        let byName = Dictionary(uniqueKeysWithValues: parameters.map { ($0.factor.name, $0) })
        let ordered = definition.factors.map { factor in
            var parameter = byName[factor.name]!
            parameter.factor = factor
            return parameter
        }
        return (next, summarise(next.generations, parameters: ordered, targets: definition.targets, outputs: outputs,
                                atDefaults: atDefaults, seconds: seconds))
    }
}
