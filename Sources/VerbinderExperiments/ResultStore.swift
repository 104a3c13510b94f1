import Foundation
import GRDB
import VerbinderCore
import VerbinderSimulation

/// The experiment row of a store: what was run, by which version, with which command.
public struct ExperimentRecord: Sendable, Equatable {
    public var created: String
    public var command: String
    public var version: String
    public var scenarioPath: String
    public var scenarioName: String
    public var scenarioDescription: String?
    public var definition: SweepDefinition
    public var definitionHash: String
    public var seed: UInt64
    public var replications: Int
    public var weeks: Int
    public var armCount: Int
    /// The part of the sweep this store holds (``Shard/whole`` for a single-machine or merged sweep).
    public var shard: Shard
}

/// An arm as stored: its levels, label and capacity (the full scenario JSON is read on demand).
public struct ArmRecord: Sendable, Equatable {
    public var index: Int
    public var label: String
    /// One level per factor, in factor order.
    public var levels: [String]
    public var scenarioHash: String
    /// Connectors and their summed hours per week in the resolved scenario (for capacity curves).
    public var connectors: Int
    public var connectorHours: Double
}

/// One finished run with its metrics, ready to be written in a single transaction.
public struct RunRecord: Sendable {
    public var key: RunKey
    public var seed: UInt64
    public var wallSeconds: Double
    public var metrics: [(key: MetricKey, value: Double)]

    public init(key: RunKey, seed: UInt64, wallSeconds: Double, metrics: [(key: MetricKey, value: Double)]) {
        self.key = key
        self.seed = seed
        self.wallSeconds = wallSeconds
        self.metrics = metrics
    }
}

/// The SQLite result store of one experiment (`OUT/results.sqlite`), through GRDB.
///
/// Tables: `experiment` (one row), `factor`, `arm` (resolved scenario JSON and its SHA-256), `arm_level`,
/// `run` (arm, replication, seed, version, wall time; unique per arm and replication) and `metric`
/// (run, metric, cell, value). Every write is one transaction: a run and all its metrics appear together or
/// not at all, so a crash mid-sweep leaves a consistent database.
public final class ResultStore: Sendable {
    /// The database file name inside a sweep's output directory.
    public static let fileName = Shard.whole.storeFileName

    /// The file path.
    public let path: String
    let queue: DatabaseQueue

    private init(path: String, queue: DatabaseQueue) {
        self.path = path
        self.queue = queue
    }

    /// Opens an existing store (a file, or a directory holding `results.sqlite`).
    /// - Throws: ``InputError`` when it is missing or not a Verbinder result store.
    public static func open(_ location: String) throws -> ResultStore {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: location, isDirectory: &isDirectory)
        let path = exists && isDirectory.boolValue ? (location as NSString).appendingPathComponent(fileName) : location
        guard FileManager.default.fileExists(atPath: path) else {
            let shards = exists && isDirectory.boolValue ? shardStores(in: location) : []
            guard shards.isEmpty else {
                throw InputError("no merged result store here, only the shard stores \(shards.joined(separator: ", ")): "
                                 + "merge them first with verbinder merge", at: SourceLocation(file: path))
            }
            throw InputError("no result store here: expected a results.sqlite file or a sweep's output directory",
                             at: SourceLocation(file: path))
        }
        let store = try wrap(path) { ResultStore(path: path, queue: try DatabaseQueue(path: path, configuration: configuration())) }
        let hasSchema = try wrap(path) { try store.queue.read { try $0.tableExists("experiment") && $0.tableExists("metric") } }
        guard hasSchema else {
            throw InputError("not a Verbinder result store (no experiment and metric tables)", at: SourceLocation(file: path))
        }
        return store
    }

    /// The shard stores (`results-I-of-N.sqlite`) in a directory, sorted by name.
    public static func shardStores(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasPrefix("results-") && $0.hasSuffix(".sqlite") && $0.contains("-of-") }.sorted()
    }

    /// Creates a new store at `path` with the experiment and all its arms.
    ///
    /// The store is written under a temporary name and renamed into place, so a process killed while creating
    /// it leaves no half-made store behind.
    /// - Throws: ``InputError`` when the file exists or cannot be written.
    public static func create(at path: String, sweep: Sweep, arms: [Arm], command: String, scenarioName: String,
                              scenarioDescription: String?, shard: Shard = .whole) throws -> ResultStore {
        try build(at: path) { db in
            try db.inTransaction {
                try createSchema(db)
                let formatter = ISO8601DateFormatter()
                try db.execute(sql: """
                    INSERT INTO experiment (id, created, command, version, scenario_path, scenario_name, scenario_description,
                      definition, definition_hash, seed, replications, weeks, arm_count, common_random_numbers,
                      shard_index, shard_count)
                    VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
                    """, arguments: [formatter.string(from: Date()), command, verbinderVersion, sweep.definition.scenarioPath,
                                     scenarioName, scenarioDescription, canonicalJSON(sweep.definition), sweep.definition.hash,
                                     String(sweep.seed), sweep.replications, sweep.weeks, sweep.armCount, shard.index, shard.count])
                for (position, factor) in sweep.definition.factors.enumerated() {
                    try db.execute(sql: "INSERT INTO factor (position, name, key_path, kind, levels) VALUES (?, ?, ?, ?, ?)",
                                   arguments: [position, factor.name, factor.keyPath, factor.kind.rawValue, canonicalJSON(factor.levels)])
                }
                for arm in arms {
                    let hours = arm.scenario.connectors.reduce(0) { $0 + $1.hoursPerWeek }
                    try db.execute(sql: """
                        INSERT INTO arm (id, label, scenario, scenario_hash, connectors, connector_hours) VALUES (?, ?, ?, ?, ?, ?)
                        """, arguments: [arm.index, arm.label, arm.scenarioJSON, arm.scenarioHash, arm.scenario.connectors.count, hours])
                    for (position, factor) in sweep.definition.factors.enumerated() {
                        try db.execute(sql: "INSERT INTO arm_level (arm_id, factor, level, level_index) VALUES (?, ?, ?, ?)",
                                       arguments: [arm.index, factor.name, arm.levels[position], arm.levelIndices[position]])
                    }
                }
                return .commit
            }
        }
    }

    /// Writes a new store under a temporary name next to `path` with `fill` (given the database outside a
    /// transaction), then renames it into place and opens it. Nothing is left behind when `fill` fails.
    /// - Parameter replacing: replace a store at `path` (a merge); otherwise an existing store is an error.
    /// - Throws: ``InputError`` when `path` exists (unless replacing) or the store cannot be written.
    static func build(at path: String, replacing: Bool = false, _ fill: (Database) throws -> Void) throws -> ResultStore {
        let manager = FileManager.default
        guard replacing || !manager.fileExists(atPath: path) else {
            throw InputError("a result store already exists here: pass --resume to continue it, or choose another --out",
                             at: SourceLocation(file: path))
        }
        let staging = path + ".creating-\(ProcessInfo.processInfo.processIdentifier)"
        let leftovers = [staging, staging + "-wal", staging + "-shm", staging + "-journal"]
        for file in leftovers { try? manager.removeItem(atPath: file) }
        do {
            try wrap(path) {
                let queue = try DatabaseQueue(path: staging, configuration: configuration())
                try queue.writeWithoutTransaction { db in
                    try fill(db)
                    // Leave one self-contained file (no -wal beside it) to rename.
                    try db.execute(sql: "PRAGMA journal_mode = DELETE")
                }
                try queue.close()
            }
            if replacing {
                // The replaced store's journal must not be applied to the new file.
                for file in [path + "-wal", path + "-shm", path + "-journal"] { try? manager.removeItem(atPath: file) }
            } else if manager.fileExists(atPath: path) {
                throw InputError("a result store already exists here: pass --resume to continue it, or choose another --out",
                                 at: SourceLocation(file: path))
            }
            guard rename(staging, path) == 0 else {
                throw InputError("cannot write the result store: \(String(cString: strerror(errno)))", at: SourceLocation(file: path))
            }
        } catch {
            for file in leftovers { try? manager.removeItem(atPath: file) }
            throw error
        }
        return try open(path)
    }

    /// Closes the database; the store cannot be used afterwards.
    public func close() throws {
        try Self.wrap(path) { try queue.close() }
    }

    static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // WAL: readers (a report while a sweep runs) never block the writer; commits stay atomic and durable
            // across a killed process.
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        return configuration
    }

    static func createSchema(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE experiment (
              id INTEGER PRIMARY KEY CHECK (id = 1),
              created TEXT NOT NULL, command TEXT NOT NULL, version TEXT NOT NULL,
              scenario_path TEXT NOT NULL, scenario_name TEXT NOT NULL, scenario_description TEXT,
              definition TEXT NOT NULL, definition_hash TEXT NOT NULL,
              seed TEXT NOT NULL, replications INTEGER NOT NULL, weeks INTEGER NOT NULL, arm_count INTEGER NOT NULL,
              common_random_numbers INTEGER NOT NULL,
              shard_index INTEGER NOT NULL DEFAULT 0, shard_count INTEGER NOT NULL DEFAULT 1);
            CREATE TABLE factor (
              position INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, key_path TEXT NOT NULL, kind TEXT NOT NULL,
              levels TEXT NOT NULL);
            CREATE TABLE arm (
              id INTEGER PRIMARY KEY, label TEXT NOT NULL, scenario TEXT NOT NULL, scenario_hash TEXT NOT NULL,
              connectors INTEGER NOT NULL, connector_hours REAL NOT NULL);
            CREATE TABLE arm_level (
              arm_id INTEGER NOT NULL REFERENCES arm(id), factor TEXT NOT NULL, level TEXT NOT NULL,
              level_index INTEGER NOT NULL, PRIMARY KEY (arm_id, factor)) WITHOUT ROWID;
            CREATE TABLE run (
              id INTEGER PRIMARY KEY, arm_id INTEGER NOT NULL REFERENCES arm(id), replication INTEGER NOT NULL,
              seed TEXT NOT NULL, version TEXT NOT NULL, wall_seconds REAL NOT NULL, finished TEXT NOT NULL,
              UNIQUE (arm_id, replication));
            CREATE TABLE metric (
              run_id INTEGER NOT NULL REFERENCES run(id), metric TEXT NOT NULL, cell TEXT NOT NULL, value REAL NOT NULL,
              PRIMARY KEY (run_id, metric, cell)) WITHOUT ROWID;
            CREATE INDEX metric_by_name ON metric (metric, cell);
            """)
    }

    /// Writes runs and their metrics in one transaction: all or none of them.
    /// - Throws: ``InputError`` when a run is already stored or the write fails (nothing is written then).
    public func insert(_ runs: [RunRecord]) throws {
        let finished = ISO8601DateFormatter().string(from: Date())
        try Self.wrap(path) {
            try queue.write { db in
                for run in runs {
                    let insertRun = try db.cachedStatement(sql: """
                        INSERT INTO run (arm_id, replication, seed, version, wall_seconds, finished) VALUES (?, ?, ?, ?, ?, ?)
                        """)
                    try insertRun.execute(arguments: [run.key.arm, run.key.replication, String(run.seed), verbinderVersion,
                                                      run.wallSeconds, finished])
                    let runID = db.lastInsertedRowID
                    let insertMetric = try db.cachedStatement(sql: "INSERT INTO metric (run_id, metric, cell, value) VALUES (?, ?, ?, ?)")
                    for metric in run.metrics {
                        try insertMetric.execute(arguments: [runID, metric.key.metric, metric.key.cell, metric.value])
                    }
                }
            }
        }
    }

    /// The experiment row.
    public func experiment() throws -> ExperimentRecord {
        try Self.wrap(path) {
            try queue.read { db in
                guard let row = try Row.fetchOne(db, sql: "SELECT * FROM experiment WHERE id = 1") else {
                    throw InputError("the result store has no experiment", at: SourceLocation(file: path))
                }
                let definitionText: String = row["definition"]
                let definition = try JSONDecoder().decode(SweepDefinition.self, from: Data(definitionText.utf8))
                return ExperimentRecord(
                    created: row["created"], command: row["command"], version: row["version"],
                    scenarioPath: row["scenario_path"], scenarioName: row["scenario_name"],
                    scenarioDescription: row["scenario_description"], definition: definition,
                    definitionHash: row["definition_hash"], seed: UInt64(row["seed"] as String) ?? 0,
                    replications: row["replications"], weeks: row["weeks"], armCount: row["arm_count"],
                    shard: Shard(index: row["shard_index"], count: row["shard_count"]))
            }
        }
    }

    /// All arms in index order.
    public func arms() throws -> [ArmRecord] {
        try Self.wrap(path) {
            try queue.read { db in
                var levels: [Int: [String]] = [:]
                for row in try Row.fetchAll(db, sql: """
                    SELECT l.arm_id, l.level FROM arm_level l JOIN factor f ON f.name = l.factor ORDER BY l.arm_id, f.position
                    """) {
                    levels[row[0], default: []].append(row[1])
                }
                return try Row.fetchAll(db, sql: "SELECT id, label, scenario_hash, connectors, connector_hours FROM arm ORDER BY id").map { row in
                    ArmRecord(index: row[0], label: row[1], levels: levels[row[0]] ?? [], scenarioHash: row[2],
                              connectors: row[3], connectorHours: row[4])
                }
            }
        }
    }

    /// The resolved scenario JSON of an arm.
    public func scenarioJSON(arm: Int) throws -> String? {
        try Self.wrap(path) { try queue.read { try String.fetchOne($0, sql: "SELECT scenario FROM arm WHERE id = ?", arguments: [arm]) } }
    }

    /// The runs already stored, in run order.
    public func completedRuns() throws -> [RunKey] {
        try Self.wrap(path) {
            try queue.read { db in
                try Row.fetchAll(db, sql: "SELECT arm_id, replication FROM run ORDER BY arm_id, replication").map {
                    RunKey(arm: $0[0], replication: $0[1])
                }
            }
        }
    }

    /// The Verbinder versions that made the stored runs.
    public func runVersions() throws -> Set<String> {
        try Self.wrap(path) { Set(try queue.read { try String.fetchAll($0, sql: "SELECT DISTINCT version FROM run") }) }
    }

    /// The number of stored runs.
    public func runCount() throws -> Int {
        try Self.wrap(path) { try queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM run") ?? 0 } }
    }

    /// The seeds of replications 0, 1, … as stored (from arm 0's runs).
    public func replicationSeeds() throws -> [(replication: Int, seed: String)] {
        try Self.wrap(path) {
            try queue.read { db in
                try Row.fetchAll(db, sql: "SELECT replication, min(seed) FROM run GROUP BY replication ORDER BY replication").map {
                    (replication: $0[0], seed: $0[1])
                }
            }
        }
    }

    /// Wall time summed over runs, and the number of runs.
    public func wallTime() throws -> (seconds: Double, runs: Int) {
        try Self.wrap(path) {
            try queue.read { db in
                let row = try Row.fetchOne(db, sql: "SELECT coalesce(sum(wall_seconds), 0), count(*) FROM run")!
                return (row[0], row[1])
            }
        }
    }

    /// The value of one metric for every arm and replication: `values[arm][replication]`, nil where missing.
    public func values(_ key: MetricKey) throws -> [[Double?]] {
        let experiment = try experiment()
        return try Self.wrap(path) {
            try queue.read { db in
                var matrix = [[Double?]](repeating: [Double?](repeating: nil, count: experiment.replications),
                                         count: experiment.armCount)
                for row in try Row.fetchAll(db, sql: """
                    SELECT r.arm_id, r.replication, m.value FROM metric m JOIN run r ON r.id = m.run_id
                    WHERE m.metric = ? AND m.cell = ?
                    """, arguments: [key.metric, key.cell]) {
                    let arm: Int = row[0], replication: Int = row[1]
                    if arm < matrix.count && replication < experiment.replications { matrix[arm][replication] = row[2] }
                }
                return matrix
            }
        }
    }

    /// All metrics of one arm, by replication.
    public func runMetrics(arm: Int) throws -> [Int: [MetricKey: Double]] {
        try Self.wrap(path) {
            try queue.read { db in
                var result: [Int: [MetricKey: Double]] = [:]
                for row in try Row.fetchAll(db, sql: """
                    SELECT r.replication, m.metric, m.cell, m.value FROM metric m JOIN run r ON r.id = m.run_id WHERE r.arm_id = ?
                    """, arguments: [arm]) {
                    result[row[0], default: [:]][MetricKey(row[1], row[2])] = row[3]
                }
                return result
            }
        }
    }

    /// The distinct metric keys stored, in catalogue order.
    public func metricKeys() throws -> [MetricKey] {
        try Self.wrap(path) {
            try queue.read { db in
                try Row.fetchAll(db, sql: "SELECT DISTINCT metric, cell FROM metric").map { MetricKey($0[0], $0[1]) }.sorted()
            }
        }
    }

    /// Streams a SQL query's rows (column names first) to `body` without loading them all.
    func stream(_ sql: String, _ body: ([String]) throws -> Void, header: ([String]) throws -> Void) throws {
        try Self.wrap(path) {
            try queue.read { db in
                let statement = try db.makeStatement(sql: sql)
                try header(statement.columnNames)
                let cursor = try Row.fetchCursor(statement)
                while let row = try cursor.next() {
                    try body(row.databaseValues.map { value in
                        switch value.storage {
                        case .null: ""
                        case .int64(let number): String(number)
                        case .double(let number): "\(number)"
                        case .string(let text): text
                        case .blob(let data): data.base64EncodedString()
                        }
                    })
                }
            }
        }
    }

    /// Checks SQLite's integrity and the store's own invariant: every run has its metrics.
    /// - Returns: problems found (empty when consistent).
    public func consistencyProblems() throws -> [String] {
        try Self.wrap(path) {
            try queue.read { db in
                var problems: [String] = []
                let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
                if integrity != ["ok"] { problems += integrity }
                let bare = try Int.fetchOne(db, sql: "SELECT count(*) FROM run WHERE id NOT IN (SELECT run_id FROM metric)") ?? 0
                if bare > 0 { problems.append("\(bare) runs without metrics") }
                let orphans = try Int.fetchOne(db, sql: "SELECT count(*) FROM metric WHERE run_id NOT IN (SELECT id FROM run)") ?? 0
                if orphans > 0 { problems.append("\(orphans) metrics without a run") }
                return problems
            }
        }
    }

    /// Runs `body`, turning database errors into ``InputError`` naming the file.
    static func wrap<T>(_ path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as InputError {
            throw error
        } catch let error as DatabaseError {
            throw InputError("result store: \(error.message ?? error.description)", at: SourceLocation(file: path))
        } catch {
            throw InputError("result store: \(error)", at: SourceLocation(file: path))
        }
    }
}
