import Foundation
import GRDB
import VerbinderCore
import VerbinderExperiments
import VerbinderScenario
import VerbinderSupport

/// What identifies a sensitivity study: its design and everything else its runs depend on. Two stores with the
/// same ``hash`` hold runs of the same study, so they can be resumed or merged.
public struct StudyDefinition: Sendable, Equatable {
    /// The design: method, factors, samples, levels, replications and seed, and the points they give.
    public var design: SensitivityDesign
    public var weeks: Int
    /// SHA-256 of the resolved scenario (canonical JSON, after the study's weeks and seed are set).
    public var scenarioHash: String
    public var outputs: [String]

    /// The definition of `design` run on `scenario` (whose weeks and seed are the study's).
    public init(design: SensitivityDesign, scenario: Scenario, outputs: [StudyOutput] = StudyOutput.all) throws {
        self.init(design: design, weeks: scenario.run.weeks, scenarioHash: sha256Hex(try CanonicalJSON.compact(scenario)),
                  outputs: outputs.map(\.name))
    }

    init(design: SensitivityDesign, weeks: Int, scenarioHash: String, outputs: [String]) {
        self.design = design
        self.weeks = weeks
        self.scenarioHash = scenarioHash
        self.outputs = outputs
    }

    /// SHA-256 of every field, in a fixed text form.
    public var hash: String {
        let factorText = design.factors.map { "\($0.name)=\($0.lower.bitPattern):\($0.upper.bitPattern)" }.joined(separator: ";")
        return sha256Hex([design.method.rawValue, "\(design.samples)", "\(design.levels)", "\(design.replications)", "\(design.seed)",
                          "\(weeks)", scenarioHash, factorText, outputs.joined(separator: ";")].joined(separator: "\n"))
    }
}

/// The design points (positions in the design's evaluation order) that `shard` evaluates: a contiguous stretch
/// of about 1/N of the points (every point costs the same), as ``ShardPlan`` divides a sweep's runs.
public func studyPoints(of shard: Shard, pointCount: Int) -> Range<Int> {
    ShardPlan(armCosts: Array(repeating: 1, count: pointCount), replications: 1).positions(of: shard)
}

/// For a merge that misses points (`owner[point]` nil): "; owed by FILE, … (run or resume those shards)", naming the
/// shard files (``studyPoints(of:pointCount:)``, `fileName`) whose points are missing, when every store was written
/// for the same number of shards (`shardCounts`); "" otherwise.
func owedByShards(_ owner: [String?], shardCounts: Set<Int>, fileName: (Shard) -> String) -> String {
    guard shardCounts.count == 1, let count = shardCounts.first else { return "" }
    let shards = (0 ..< count).filter { index in
        studyPoints(of: Shard(index: index, count: count), pointCount: owner.count).contains { owner[$0] == nil }
    }
    return "; owed by " + shards.map { fileName(Shard(index: $0, count: count)) }.joined(separator: ", ") + " (run or resume those shards)"
}

/// The runs of a sensitivity study (or of one shard of it) as they finish, in SQLite: each design point's outputs
/// per replication are committed together once the point is done, so a killed study loses at most the points in
/// progress, and a resumed one evaluates only the points not yet stored. `results.sqlite` with the indices is
/// computed from one whole store or from every shard's (``SensitivityEvaluations/result(_:)``).
public final class StudyEvaluationStore: @unchecked Sendable {
    /// The table that marks a file as a study evaluation store.
    static let marker = "study_definition"

    public let path: String
    public let definition: StudyDefinition
    public let shard: Shard
    public let provenance: StudyProvenance
    private let queue: DatabaseQueue

    private init(path: String, queue: DatabaseQueue, definition: StudyDefinition, shard: Shard, provenance: StudyProvenance) {
        self.path = path
        self.queue = queue
        self.definition = definition
        self.shard = shard
        self.provenance = provenance
    }

    /// The store's file name inside the study's output directory: `evaluations.sqlite`, or
    /// `evaluations-I-of-N.sqlite` for a shard.
    public static func fileName(_ shard: Shard) -> String {
        shard.storeFileName(stem: "evaluations")
    }

    /// `verbinder sensitivity` as the array task of a Slurm job.
    public static let slurmTask = SlurmJob.Task(command: "sensitivity", storeStem: "evaluations")

    /// Whether the SQLite file at `path` is a study evaluation store (false for other files or stores).
    public static func isStudyStore(_ path: String) -> Bool {
        guard let queue = try? DatabaseQueue(path: path, configuration: ShardStoreRows.readOnly) else { return false }
        defer { try? queue.close() }
        return ((try? queue.read { try $0.tableExists(marker) }) ?? false)
    }


    /// A new store at `path` (which must not exist).
    /// - Throws: ``InputError`` when it cannot be created.
    public static func create(at path: String, definition: StudyDefinition, shard: Shard, provenance: StudyProvenance) throws -> StudyEvaluationStore {
        do {
            let queue = try DatabaseQueue(path: path)
            try queue.write { db in
                try db.execute(sql: """
                    CREATE TABLE study_definition (
                      id INTEGER PRIMARY KEY CHECK (id = 1), hash TEXT NOT NULL, method TEXT NOT NULL, samples INTEGER NOT NULL,
                      levels INTEGER NOT NULL, replications INTEGER NOT NULL, seed TEXT NOT NULL, weeks INTEGER NOT NULL,
                      scenario_hash TEXT NOT NULL, outputs TEXT NOT NULL, shard_index INTEGER NOT NULL, shard_count INTEGER NOT NULL,
                      command TEXT NOT NULL, version TEXT NOT NULL, scenario_path TEXT NOT NULL, scenario_name TEXT NOT NULL,
                      scenario_seed TEXT NOT NULL);
                    CREATE TABLE study_factor (
                      position INTEGER PRIMARY KEY, name TEXT NOT NULL, lower REAL NOT NULL, upper REAL NOT NULL);
                    CREATE TABLE point_done (point INTEGER PRIMARY KEY, seconds REAL NOT NULL);
                    CREATE TABLE point_value (
                      point INTEGER NOT NULL, output INTEGER NOT NULL, replication INTEGER NOT NULL, value REAL,
                      PRIMARY KEY (point, output, replication)) WITHOUT ROWID;
                    """)
                try db.execute(sql: "INSERT INTO study_definition VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               arguments: [definition.hash, definition.design.method.rawValue, definition.design.samples, definition.design.levels,
                                           definition.design.replications, String(definition.design.seed), definition.weeks, definition.scenarioHash,
                                           definition.outputs.joined(separator: "\n"), shard.index, shard.count, provenance.command,
                                           provenance.version, provenance.scenarioPath, provenance.scenarioName, String(provenance.scenarioSeed)])
                try ShardStoreRows.insert(definition.design.factors, into: "study_factor", db)
            }
            return StudyEvaluationStore(path: path, queue: queue, definition: definition, shard: shard, provenance: provenance)
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw InputError("cannot create the study store: \(error)", at: SourceLocation(file: path))
        }
    }

    /// Opens an existing store.
    /// - Throws: ``InputError`` when it is not a study evaluation store.
    public static func open(_ path: String, forWriting: Bool = false) throws -> StudyEvaluationStore {
        guard FileManager.default.fileExists(atPath: path), isStudyStore(path) else {
            throw InputError("not a sensitivity study store (expected evaluations.sqlite or evaluations-I-of-N.sqlite)", at: SourceLocation(file: path))
        }
        do {
            let queue = try DatabaseQueue(path: path, configuration: forWriting ? Configuration() : ShardStoreRows.readOnly)
            let (definition, shard, provenance) = try queue.read { db -> (StudyDefinition, Shard, StudyProvenance) in
                guard let row = try Row.fetchOne(db, sql: "SELECT * FROM study_definition"),
                      let method = SensitivityMethod(rawValue: row["method"]),
                      let seed = UInt64(row["seed"] as String), let scenarioSeed = UInt64(row["scenario_seed"] as String) else {
                    throw InputError("the study store's definition is damaged", at: SourceLocation(file: path))
                }
                let factors = try ShardStoreRows.factors(in: "study_factor", db)
                let outputs = (row["outputs"] as String).split(separator: "\n").map(String.init)
                let design = SensitivityDesign(method: method, factors: factors, samples: row["samples"], levels: row["levels"],
                                               replications: row["replications"], seed: seed)
                let definition = StudyDefinition(design: design, weeks: row["weeks"], scenarioHash: row["scenario_hash"], outputs: outputs)
                guard definition.hash == row["hash"] as String else {
                    throw InputError("the study store's definition is damaged (its hash does not match)", at: SourceLocation(file: path))
                }
                let (provenance, shard) = ShardStoreRows.provenanceAndShard(row, scenarioSeed: scenarioSeed)
                return (definition, shard, provenance)
            }
            return StudyEvaluationStore(path: path, queue: queue, definition: definition, shard: shard, provenance: provenance)
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError("cannot read the study store: \(error)", at: SourceLocation(file: path))
        }
    }

    /// The design points this store's shard evaluates.
    public var points: Range<Int> { studyPoints(of: shard, pointCount: definition.design.unitRows.count) }

    /// The points already stored.
    public func finishedPoints() throws -> Set<Int> {
        try queue.read { Set(try Int.fetchAll($0, sql: "SELECT point FROM point_done")) }
    }

    /// Seconds spent simulating the stored points (summed over points).
    public func simulationSeconds() throws -> Double {
        try queue.read { try Double.fetchOne($0, sql: "SELECT coalesce(sum(seconds), 0) FROM point_done") ?? 0 }
    }

    /// Stores one finished point: `values[output][replication]`, in one transaction.
    public func record(point: Int, values: [[Double?]], seconds: Double) throws {
        try queue.write { db in
            let statement = try db.makeStatement(sql: "INSERT INTO point_value VALUES (?, ?, ?, ?)")
            for (output, perReplication) in values.enumerated() {
                for (replication, value) in perReplication.enumerated() {
                    try statement.execute(arguments: [point, output, replication, value])
                }
            }
            try db.execute(sql: "INSERT INTO point_done VALUES (?, ?)", arguments: [point, seconds])
        }
    }

    /// Every stored point's values: point → `[output][replication]`.
    public func storedValues() throws -> [Int: [[Double?]]] {
        let outputs = definition.outputs.count, replications = definition.design.replications
        return try queue.read { db in
            let done = try Int.fetchAll(db, sql: "SELECT point FROM point_done ORDER BY point")
            var values: [Int: [[Double?]]] = [:]
            for point in done { values[point] = Array(repeating: Array(repeating: nil, count: replications), count: outputs) }
            let rows = try Row.fetchCursor(db, sql: "SELECT point, output, replication, value FROM point_value ORDER BY point, output, replication")
            while let row = try rows.next() {
                let point: Int = row[0], output: Int = row[1], replication: Int = row[2]
                guard values[point] != nil, output < outputs, replication < replications else { continue }
                values[point]![output][replication] = row[3]
            }
            return values
        }
    }

    public func close() throws { try queue.close() }
}

/// Analysis of stored study runs: from one whole store, or from every shard's store (a merge).
public enum SensitivityEvaluations {
    /// Runs the points of `store`'s shard that it does not hold yet, storing each as it finishes.
    /// - Parameters:
    ///   - progress: called with (finished, total) runs of the shard, counting those already stored, from any thread,
    ///     after the point is committed.
    /// - Returns: how many points were already stored and how many were run now.
    public static func evaluate(_ scenario: Scenario, parameters: [StudyParameter], store: StudyEvaluationStore, jobs: Int,
                                outputs: [StudyOutput] = StudyOutput.all,
                                progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> (alreadyStored: Int, executed: Int) {
        precondition(outputs.map(\.name) == store.definition.outputs)
        let definition = store.definition
        let design = definition.design
        let finished = try store.finishedPoints()
        let points = store.points
        let pending = points.filter { !finished.contains($0) }
        let already = points.count - pending.count
        let replications = definition.design.replications
        progress?(already * replications, points.count * replications)
        _ = try SensitivityStudy.evaluate(scenario, parameters: parameters, design: design, points: pending, jobs: jobs, outputs: outputs,
                                          record: { point, values, seconds in try store.record(point: point, values: values, seconds: seconds) },
                                          progress: { done, _ in progress?((already * replications) + done, points.count * replications) })
        return (already, pending.count)
    }

    /// The study's result from its stores: one whole store, or the stores of every shard of the same study, each point
    /// exactly once. The indices do not depend on how the points were divided.
    /// - Throws: ``InputError`` naming stores of another study, missing shards or points, or duplicated ones.
    public static func result(_ stores: [StudyEvaluationStore], outputs: [StudyOutput] = StudyOutput.all) throws -> SensitivityResult {
        guard let first = stores.first else { throw InputError("no study stores given", at: .value("stores")) }
        let definition = first.definition
        for store in stores.dropFirst() where store.definition.hash != definition.hash {
            throw InputError("this store holds another study than \(first.path) (other method, parameters, settings or scenario)",
                             at: SourceLocation(file: store.path))
        }
        guard outputs.map(\.name) == definition.outputs else {
            throw InputError("the study was stored by a Verbinder with other outputs: run it again", at: SourceLocation(file: first.path))
        }
        let start = Date()
        let design = definition.design
        let pointCount = design.unitRows.count
        var values = Array(repeating: Array(repeating: [Double?](), count: pointCount), count: outputs.count)
        var owner = [String?](repeating: nil, count: pointCount)
        var simulationSeconds = 0.0
        var problems: [Diagnostic] = []
        for store in stores {
            simulationSeconds += try store.simulationSeconds()
            for (point, perOutput) in try store.storedValues() where point < pointCount {
                if let other = owner[point] {
                    problems.append(Diagnostic("design point \(point) is stored here and in \(other)", at: SourceLocation(file: store.path)))
                    continue
                }
                owner[point] = store.path
                for o in outputs.indices { values[o][point] = perOutput[o] }
            }
        }
        let missing = owner.indices.filter { owner[$0] == nil }
        if !missing.isEmpty {
            let owing = owedByShards(owner, shardCounts: Set(stores.map(\.shard.count)), fileName: StudyEvaluationStore.fileName)
            let listed = missing.prefix(8).map(String.init).joined(separator: ", ") + (missing.count > 8 ? ", …" : "")
            problems.append(Diagnostic("\(missing.count) of \(pointCount) design points are not stored: \(listed)\(owing)",
                                       at: SourceLocation(file: first.path)))
        }
        if !problems.isEmpty { throw InputError(problems) }
        let analysed = zip(outputs, values).map { SensitivityStudy.analyse($0.0, $0.1, design: design) }
        return SensitivityResult(design: design, values: values, outputs: analysed, simulationSeconds: simulationSeconds,
                                 totalSeconds: simulationSeconds + Date().timeIntervalSince(start))
    }
}
