import Foundation
import GRDB
import VerbinderCore
import VerbinderExperiments
import VerbinderScenario
import VerbinderSupport

/// The state of an ABC-SMC calibration (`generations.sqlite` in the calibration's output directory): its
/// completed generations, stored as each one completes, and — for a sharded calibration, whose merges advance it
/// batch by batch — the generation in progress. `verbinder calibrate --resume` continues an interrupted run from
/// it with the same result as an uninterrupted one; the shards of a sharded one read from it which batch comes next.
public final class CalibrationCheckpointStore: @unchecked Sendable {
    /// The store's file name inside the output directory.
    public static let fileName = "generations.sqlite"

    public let path: String
    /// SHA-256 of everything the calibration's result depends on (``CalibrationDefinition/hash``).
    public let hash: String
    /// The command that started the calibration.
    public let command: String
    private let queue: DatabaseQueue

    private init(path: String, queue: DatabaseQueue, hash: String, command: String) {
        self.path = path
        self.queue = queue
        self.hash = hash
        self.command = command
    }

    /// A new, empty store at `path`.
    /// - Throws: ``InputError`` when it cannot be created.
    public static func create(at path: String, hash: String, command: String) throws -> CalibrationCheckpointStore {
        do {
            let queue = try DatabaseQueue(path: path)
            try queue.write { db in
                try db.execute(sql: """
                    CREATE TABLE checkpoint (id INTEGER PRIMARY KEY CHECK (id = 1), hash TEXT NOT NULL, command TEXT NOT NULL,
                      evaluated INTEGER NOT NULL);
                    CREATE TABLE generation (generation INTEGER PRIMARY KEY, tolerance REAL, proposals INTEGER NOT NULL);
                    CREATE TABLE particle (generation INTEGER NOT NULL, particle INTEGER NOT NULL, weight REAL NOT NULL, distance REAL,
                      PRIMARY KEY (generation, particle)) WITHOUT ROWID;
                    CREATE TABLE particle_value (generation INTEGER NOT NULL, particle INTEGER NOT NULL, position INTEGER NOT NULL,
                      value REAL NOT NULL, PRIMARY KEY (generation, particle, position)) WITHOUT ROWID;
                    CREATE TABLE particle_output (generation INTEGER NOT NULL, particle INTEGER NOT NULL, position INTEGER NOT NULL,
                      value REAL, PRIMARY KEY (generation, particle, position)) WITHOUT ROWID;
                    CREATE TABLE in_progress (id INTEGER PRIMARY KEY CHECK (id = 1), proposals INTEGER NOT NULL, exhausted INTEGER NOT NULL);
                    INSERT INTO in_progress VALUES (1, 0, 0);
                    """)
                try db.execute(sql: "INSERT INTO checkpoint VALUES (1, ?, ?, 0)", arguments: [hash, command])
            }
            return CalibrationCheckpointStore(path: path, queue: queue, hash: hash, command: command)
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw InputError("cannot create the calibration's generation store: \(error)", at: SourceLocation(file: path))
        }
    }

    /// Opens an existing store for continuing it (read-only when `forWriting` is false).
    /// - Throws: ``InputError`` when it is not a calibration's generation store.
    public static func open(_ path: String, forWriting: Bool = true) throws -> CalibrationCheckpointStore {
        do {
            let queue = try DatabaseQueue(path: path, configuration: forWriting ? Configuration() : ShardStoreRows.readOnly)
            guard let row = try queue.read({ db in try db.tableExists("checkpoint") ? try Row.fetchOne(db, sql: "SELECT hash, command FROM checkpoint") : nil }) else {
                throw InputError("not a calibration's generation store", at: SourceLocation(file: path))
            }
            return CalibrationCheckpointStore(path: path, queue: queue, hash: row["hash"], command: row["command"])
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError("cannot read the calibration's generation store: \(error)", at: SourceLocation(file: path))
        }
    }

    /// The stored state: the completed generations, the evaluation count and the generation in progress.
    public func load() throws -> ABCSMC.State {
        try queue.read { db in
            let evaluated = try Int.fetchOne(db, sql: "SELECT evaluated FROM checkpoint") ?? 0
            func particles(_ g: Int) throws -> [ABCSMC.Particle] {
                func grouped(_ table: String) throws -> [Int: [Double]] {
                    var values: [Int: [Double]] = [:]
                    for row in try Row.fetchAll(db, sql: "SELECT particle, value FROM \(table) WHERE generation = ? ORDER BY particle, position", arguments: [g]) {
                        values[row["particle"], default: []].append((row["value"] as Double?) ?? .nan)
                    }
                    return values
                }
                let values = try grouped("particle_value"), outputs = try grouped("particle_output")
                return try Row.fetchAll(db, sql: "SELECT particle, weight, distance FROM particle WHERE generation = ? ORDER BY particle",
                                        arguments: [g]).map { particle in
                    ABCSMC.Particle(values: values[particle["particle"]] ?? [], weight: particle["weight"],
                                    distance: (particle["distance"] as Double?) ?? .infinity, outputs: outputs[particle["particle"]] ?? [])
                }
            }
            let generations = try Row.fetchAll(db, sql: "SELECT generation, tolerance, proposals FROM generation ORDER BY generation").map { row in
                ABCSMC.Generation(tolerance: (row["tolerance"] as Double?) ?? .infinity, proposals: row["proposals"],
                                  particles: try particles(row["generation"]))
            }
            let progress = try Row.fetchOne(db, sql: "SELECT proposals, exhausted FROM in_progress")
            return ABCSMC.State(generations: generations, evaluated: evaluated, accepted: try particles(generations.count),
                                proposals: progress?["proposals"] ?? 0, exhausted: progress?["exhausted"] ?? false)
        }
    }

    /// Stores `state`: the generations not stored yet, the evaluation count and the generation in progress, in one
    /// transaction.
    public func save(_ state: ABCSMC.State) throws {
        try queue.write { db in
            let stored = try Int.fetchOne(db, sql: "SELECT count(*) FROM generation") ?? 0
            for table in ["particle", "particle_value", "particle_output"] {
                try db.execute(sql: "DELETE FROM \(table) WHERE generation >= ?", arguments: [stored])
            }
            func insert(_ particles: [ABCSMC.Particle], generation g: Int) throws {
                for (p, particle) in particles.enumerated() {
                    try db.execute(sql: "INSERT INTO particle VALUES (?, ?, ?, ?)",
                                   arguments: [g, p, particle.weight, particle.distance.isFinite ? particle.distance : nil])
                    for (position, value) in particle.values.enumerated() {
                        try db.execute(sql: "INSERT INTO particle_value VALUES (?, ?, ?, ?)", arguments: [g, p, position, value])
                    }
                    for (position, value) in particle.outputs.enumerated() {
                        try db.execute(sql: "INSERT INTO particle_output VALUES (?, ?, ?, ?)", arguments: [g, p, position, value.isNaN ? nil : value])
                    }
                }
            }
            for (g, generation) in state.generations.enumerated() where g >= stored {
                try db.execute(sql: "INSERT INTO generation VALUES (?, ?, ?)",
                               arguments: [g, generation.tolerance.isFinite ? generation.tolerance : nil, generation.proposals])
                try insert(generation.particles, generation: g)
            }
            try insert(state.accepted, generation: state.generations.count)
            try db.execute(sql: "UPDATE checkpoint SET evaluated = ?", arguments: [state.evaluated])
            try db.execute(sql: "UPDATE in_progress SET proposals = ?, exhausted = ?", arguments: [state.proposals, state.exhausted])
        }
    }

    public func close() throws { try queue.close() }
}
