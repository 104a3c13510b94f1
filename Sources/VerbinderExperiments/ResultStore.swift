import Foundation
import GRDB
import VerbinderCore
import VerbinderSimulation
import VerbinderSupport

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

    /// Opens an existing store (a file, or a directory holding `results.sqlite`) and checks its schema and the
    /// consistency of its counts (see ``checkStructure(_:)``).
    ///
    /// A store opened for reading is opened read-only: reading never changes the file (nor its journal mode).
    /// - Parameter forWriting: open it to add runs (`--resume`): SQLite's `quick_check` must pass first; the
    ///   caller holds the store's ``lock(_:)``.
    /// - Throws: ``InputError`` when it is missing, not a Verbinder result store, or damaged (naming the table
    ///   and row).
    public static func open(_ location: String, forWriting: Bool = false) throws -> ResultStore {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: location, isDirectory: &isDirectory)
        let path = exists && isDirectory.boolValue ? (location as NSString).appendingPathComponent(fileName) : location
        var pathIsDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &pathIsDirectory) else {
            let shards = exists && isDirectory.boolValue ? shardStores(in: location) : []
            guard shards.isEmpty else {
                throw InputError("no merged result store here, only the shard stores \(shards.joined(separator: ", ")): "
                                 + "merge them first with verbinder merge", at: SourceLocation(file: path))
            }
            throw InputError("no result store here: expected a results.sqlite file or a sweep's output directory",
                             at: SourceLocation(file: path))
        }
        guard !pathIsDirectory.boolValue else {
            throw InputError("not a result store: this is a directory", at: SourceLocation(file: path))
        }
        // Checked read-only first: a damaged store is refused before anything (even the journal mode) changes.
        let reader = try wrap(path) { ResultStore(path: path, queue: try DatabaseQueue(path: path, configuration: configuration(readOnly: true))) }
        do {
            if forWriting {
                let problems = try wrap(path) { try reader.queue.read { try String.fetchAll($0, sql: "PRAGMA quick_check") } }
                guard problems == ["ok"] else {
                    throw InputError("the result store is damaged (SQLite quick_check: \(problems.prefix(3).joined(separator: "; "))); "
                                     + "nothing was added to it: start the sweep again with another output path",
                                     at: SourceLocation(file: path))
                }
            }
            try wrap(path) { try reader.queue.read { try checkStructure($0, path: path) } }
        } catch {
            try? reader.queue.close()
            throw error
        }
        guard forWriting else { return reader }
        try wrap(path) { try reader.queue.close() }
        return try wrap(path) { ResultStore(path: path, queue: try DatabaseQueue(path: path, configuration: configuration(readOnly: false))) }
    }

    /// Takes the exclusive lock of the store at `path` (the file `.NAME.lock` beside it) for a process that
    /// creates, resumes or replaces it; stale temporaries of killed writers are removed once it is held.
    /// - Throws: ``InputError`` when another process holds it (a sweep, a `--resume` or a merge of this store).
    public static func lock(_ path: String) throws -> FileLock {
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let lock: FileLock
        do {
            lock = try FileLock.acquire((directory as NSString).appendingPathComponent(".\(name).lock"))
        } catch let busy as FileLock.Busy {
            let holder = busy.holder.map { " (process \($0))" } ?? ""
            throw InputError("another verbinder process\(holder) is writing this result store (a sweep, a resumed sweep or a merge): "
                             + "wait for it to finish, or choose another output path", at: SourceLocation(file: path))
        }
        removeStaleTemporaries(in: directory.isEmpty ? "." : directory, prefix: name + ".creating-")
        return lock
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
                                     scenarioName, scenarioDescription, try CanonicalJSON.compact(sweep.definition), sweep.definition.hash,
                                     String(sweep.seed), sweep.replications, sweep.weeks, sweep.armCount, shard.index, shard.count])
                for (position, factor) in sweep.definition.factors.enumerated() {
                    try db.execute(sql: "INSERT INTO factor (position, name, key_path, kind, levels) VALUES (?, ?, ?, ?, ?)",
                                   arguments: [position, factor.name, factor.keyPath, factor.kind.rawValue, try CanonicalJSON.compact(factor.levels)])
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
            throw InputError("a result store already exists here",
                             at: SourceLocation(file: path))
        }
        let staging = path + ".creating-\(ProcessInfo.processInfo.processIdentifier)"
        let leftovers = [staging, staging + "-wal", staging + "-shm", staging + "-journal"]
        for file in leftovers { try? manager.removeItem(atPath: file) }
        let directory = (path as NSString).deletingLastPathComponent
        removeStaleTemporaries(in: directory.isEmpty ? "." : directory, prefix: (path as NSString).lastPathComponent + ".creating-")
        do {
            try wrap(path) {
                let queue = try DatabaseQueue(path: staging, configuration: configuration(readOnly: false))
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
                throw InputError("a result store already exists here",
                                 at: SourceLocation(file: path))
            }
            guard rename(staging, path) == 0 else {
                throw InputError("cannot write the result store: \(String(cString: strerror(errno)))", at: SourceLocation(file: path))
            }
        } catch {
            for file in leftovers { try? manager.removeItem(atPath: file) }
            throw error
        }
        return try open(path, forWriting: true)
    }

    /// Closes the database; the store cannot be used afterwards. A writer leaves the store in rollback-journal
    /// mode (one self-contained file, no -wal beside it), so read-only readers never need to create side files;
    /// when a reader is still attached, the store stays in WAL mode, which is as valid.
    public func close() throws {
        if !queue.configuration.readonly {
            _ = try? queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA journal_mode = DELETE") }
        }
        try Self.wrap(path) { try queue.close() }
    }

    /// Read-only for a store that is only read (results, report, merge inputs): nothing is written to it.
    static func configuration(readOnly: Bool) -> Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.readonly = readOnly
        guard !readOnly else { return configuration }
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
        try Self.wrap(path) { try queue.read { try Self.experiment($0, path: path) } }
    }

    /// The experiment row, every value checked (see ``Limits``).
    static func experiment(_ db: Database, path: String) throws -> ExperimentRecord {
        let rows = try Row.fetchAll(db, sql: "SELECT * FROM experiment")
        guard rows.count == 1, let row = rows.first else {
            throw damaged("table experiment holds \(rows.count) rows, expected 1", path: path)
        }
        let field = StoredRow(row, table: "experiment", id: "1", path: path)
        let definitionText: String = try field["definition"]
        let definition: SweepDefinition
        do {
            definition = try JSONDecoder().decode(SweepDefinition.self, from: Data(definitionText.utf8))
        } catch {
            throw field.problem("definition", "not a sweep definition (\(error))")
        }
        let seedText: String = try field["seed"]
        guard let seed = UInt64(seedText) else { throw field.problem("seed", "'\(seedText)' is not a seed (0 to 2^64−1)") }
        let replications = try field.integer("replications", in: 1 ... Limits.replications)
        let armCount = try field.integer("arm_count", in: 1 ... Limits.arms)
        let shardCount = try field.integer("shard_count", in: 1 ... Limits.arms * Limits.replications)
        let record = ExperimentRecord(
            created: try field["created"], command: try field["command"], version: try field["version"],
            scenarioPath: try field["scenario_path"], scenarioName: try field["scenario_name"],
            scenarioDescription: try field["scenario_description"], definition: definition,
            definitionHash: try field["definition_hash"], seed: seed,
            replications: replications, weeks: try field.integer("weeks", in: 1 ... Limits.weeks), armCount: armCount,
            shard: Shard(index: try field.integer("shard_index", in: 0 ... shardCount - 1), count: shardCount))
        let expectedArms = definition.factors.reduce(1) { $0.multipliedReportingOverflow(by: $1.levels.count).partialValue }
        guard !definition.factors.isEmpty, expectedArms == armCount else {
            throw field.problem("arm_count", "\(armCount) does not match the definition's factors (\(expectedArms) arms)")
        }
        return record
    }

    /// All arms in index order.
    public func arms() throws -> [ArmRecord] {
        try Self.wrap(path) {
            try queue.read { db in
                var levels: [Int: [String]] = [:]
                for row in try Row.fetchAll(db, sql: """
                    SELECT l.arm_id, l.level, l.factor FROM arm_level l JOIN factor f ON f.name = l.factor ORDER BY l.arm_id, f.position
                    """) {
                    let field = StoredRow(row, table: "arm_level", id: "arm \(plain(row[0])), factor \(plain(row[2]))", path: path)
                    levels[try field.decode(0), default: []].append(try field.decode(1))
                }
                return try Row.fetchAll(db, sql: "SELECT id, label, scenario_hash, connectors, connector_hours FROM arm ORDER BY id").map { row in
                    let field = StoredRow(row, table: "arm", id: plain(row[0]), path: path)
                    let index: Int = try field.decode(0)
                    let hours: Double = try field.decode(4)
                    guard hours.isFinite, hours >= 0 else { throw field.problem("connector_hours", "\(hours) is not a number of hours") }
                    return ArmRecord(index: index, label: try field.decode(1), levels: levels[index] ?? [],
                                     scenarioHash: try field.decode(2), connectors: try field.integer("connectors", in: 0 ... Int(Int32.max)),
                                     connectorHours: hours)
                }
            }
        }
    }

    /// The resolved scenario JSON of an arm.
    public func scenarioJSON(arm: Int) throws -> String? {
        try Self.wrap(path) {
            try queue.read { db in
                guard let row = try Row.fetchOne(db, sql: "SELECT scenario FROM arm WHERE id = ?", arguments: [arm]) else { return nil }
                return try StoredRow(row, table: "arm", id: "\(arm)", path: path).decode(0) as String
            }
        }
    }

    /// The runs already stored, in run order.
    public func completedRuns() throws -> [RunKey] {
        try Self.wrap(path) {
            try queue.read { db in
                try Row.fetchAll(db, sql: "SELECT arm_id, replication, id FROM run ORDER BY arm_id, replication").map { row in
                    let field = StoredRow(row, table: "run", id: plain(row[2]), path: path)
                    return RunKey(arm: try field.decode(0), replication: try field.decode(1))
                }
            }
        }
    }

    /// The Verbinder versions that made the stored runs.
    public func runVersions() throws -> Set<String> {
        try Self.wrap(path) {
            try queue.read { db in
                Set(try Row.fetchAll(db, sql: "SELECT DISTINCT version, min(id) FROM run GROUP BY version").map { row in
                    try StoredRow(row, table: "run", id: plain(row[1]), path: path).decode(0) as String
                })
            }
        }
    }

    /// The number of stored runs.
    public func runCount() throws -> Int {
        try Self.wrap(path) { try queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM run") ?? 0 } }
    }

    /// The seeds of replications 0, 1, … as stored (from arm 0's runs).
    public func replicationSeeds() throws -> [(replication: Int, seed: String)] {
        try Self.wrap(path) {
            try queue.read { db in
                try Row.fetchAll(db, sql: "SELECT replication, min(seed), min(id) FROM run GROUP BY replication ORDER BY replication").map { row in
                    let field = StoredRow(row, table: "run", id: plain(row[2]), path: path)
                    return (replication: try field.decode(0), seed: try field.decode(1))
                }
            }
        }
    }

    /// Wall time summed over runs, and the number of runs.
    public func wallTime() throws -> (seconds: Double, runs: Int) {
        try Self.wrap(path) {
            try queue.read { db in
                let seconds = try Double.fetchOne(db, sql: "SELECT total(wall_seconds) FROM run") ?? 0
                return (seconds, try Int.fetchOne(db, sql: "SELECT count(*) FROM run") ?? 0)
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
                    SELECT r.arm_id, r.replication, m.value, r.id FROM metric m JOIN run r ON r.id = m.run_id
                    WHERE m.metric = ? AND m.cell = ?
                    """, arguments: [key.metric, key.cell]) {
                    let field = StoredRow(row, table: "metric", id: "run \(plain(row[3])), metric \(key)", path: path)
                    let arm: Int = try field.decode(0), replication: Int = try field.decode(1)
                    if (0 ..< matrix.count).contains(arm) && (0 ..< experiment.replications).contains(replication) {
                        let value: Double = try field.decode(2)
                        matrix[arm][replication] = value
                    }
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
                    SELECT r.replication, m.metric, m.cell, m.value, r.id FROM metric m JOIN run r ON r.id = m.run_id WHERE r.arm_id = ?
                    """, arguments: [arm]) {
                    let field = StoredRow(row, table: "metric", id: "run \(plain(row[4]))", path: path)
                    result[try field.decode(0), default: [:]][MetricKey(try field.decode(1), try field.decode(2))] = try field.decode(3)
                }
                return result
            }
        }
    }

    /// The distinct metric keys stored, in catalogue order.
    public func metricKeys() throws -> [MetricKey] {
        try Self.wrap(path) {
            try queue.read { db in
                try Row.fetchAll(db, sql: "SELECT metric, cell, min(run_id) FROM metric GROUP BY metric, cell").map { row in
                    let field = StoredRow(row, table: "metric", id: "run \(plain(row[2]))", path: path)
                    return MetricKey(try field.decode(0), try field.decode(1))
                }.sorted()
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

    /// The tables and columns of a result store, as ``createSchema(_:)`` makes them.
    static let schema: [(table: String, columns: [String])] = [
        ("experiment", ["id", "created", "command", "version", "scenario_path", "scenario_name", "scenario_description",
                        "definition", "definition_hash", "seed", "replications", "weeks", "arm_count", "common_random_numbers",
                        "shard_index", "shard_count"]),
        ("factor", ["position", "name", "key_path", "kind", "levels"]),
        ("arm", ["id", "label", "scenario", "scenario_hash", "connectors", "connector_hours"]),
        ("arm_level", ["arm_id", "factor", "level", "level_index"]),
        ("run", ["id", "arm_id", "replication", "seed", "version", "wall_seconds", "finished"]),
        ("metric", ["run_id", "metric", "cell", "value"]),
    ]

    /// Checks that the database is a result store whose counts agree: the schema, one valid experiment row,
    /// its factors, one arm per index with one level per factor, runs inside the sweep and finite numbers.
    /// - Throws: ``InputError`` naming the table and the first bad row.
    static func checkStructure(_ db: Database, path: String) throws {
        for (table, columns) in schema {
            guard try db.tableExists(table) else {
                throw InputError(try db.tableExists("experiment") || table != "experiment"
                                 ? "damaged result store: table \(table) is missing"
                                 : "not a Verbinder result store (no experiment table)", at: SourceLocation(file: path))
            }
            let present = Set(try db.columns(in: table).map { $0.name.lowercased() })
            if let missing = columns.first(where: { !present.contains($0) }) {
                throw damaged("table \(table) lacks the column \(missing)", path: path)
            }
        }
        let experiment = try experiment(db, path: path)
        let factors = experiment.definition.factors.count
        func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql) ?? 0 }
        /// Names the first row of `table` that meets `condition`; `id` is an SQL expression naming a row.
        func firstBad(_ table: String, _ id: String, _ condition: String, _ what: String) throws {
            if let row = try Row.fetchOne(db, sql: "SELECT CAST(\(id) AS TEXT) FROM \(table) WHERE \(condition) LIMIT 1") {
                throw damaged("table \(table), row \(plain(row[0])): \(what)", path: path)
            }
        }
        let storedFactors = try count("SELECT count(*) FROM factor")
        guard storedFactors == factors else {
            throw damaged("table factor holds \(storedFactors) rows, but the definition has \(factors) factors", path: path)
        }
        let arms = experiment.armCount, replications = experiment.replications
        try firstBad("arm", "id", "typeof(id) != 'integer' OR id < 0 OR id >= \(arms)", "the arm index is outside 0–\(arms - 1)")
        let storedArms = try count("SELECT count(*) FROM arm")
        guard storedArms == arms else {
            throw damaged("table arm holds \(storedArms) rows, but the experiment has \(arms) arms", path: path)
        }
        try firstBad("arm", "id", "typeof(connector_hours) NOT IN ('real', 'integer') OR typeof(connectors) != 'integer'",
                     "connectors or connector_hours is not a number")
        try firstBad("arm_level", "'arm ' || arm_id || ', factor ' || factor", "arm_id NOT IN (SELECT id FROM arm) OR factor NOT IN (SELECT name FROM factor)",
                     "the arm or factor does not exist")
        let levels = try count("SELECT count(*) FROM arm_level")
        guard levels == arms * factors else {
            throw damaged("table arm_level holds \(levels) rows, expected one per arm and factor (\(arms * factors))", path: path)
        }
        try firstBad("run", "id", """
            typeof(arm_id) != 'integer' OR arm_id < 0 OR arm_id >= \(arms) OR typeof(replication) != 'integer' \
            OR replication < 0 OR replication >= \(replications)
            """, "the run is outside the sweep (\(arms) arms × \(replications) replications)")
        try firstBad("run", "id", "typeof(wall_seconds) NOT IN ('real', 'integer') OR NOT (wall_seconds >= 0 AND wall_seconds < 1e300)",
                     "wall_seconds is not a duration")
        try firstBad("metric", "'run ' || run_id || ', metric ' || metric || CASE WHEN cell = '' THEN '' ELSE '[' || cell || ']' END", "typeof(value) NOT IN ('real', 'integer') OR abs(value) > 1.7976931348623157e308",
                     "the value is not a finite number")
    }

    /// The error for a damaged store.
    static func damaged(_ what: String, path: String) -> InputError {
        InputError("damaged result store: \(what)", at: SourceLocation(file: path))
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

/// The largest sweep a store may describe (the bounds ``Sweep`` enforces when one is defined).
public enum SweepLimits {
    public static let replications = 10_000
    public static let arms = 1_000_000
    public static let weeks = 520
}

extension ResultStore {
    typealias Limits = SweepLimits
}

/// One stored row, decoded with checks: a value of the wrong type or out of range is an ``InputError`` naming
/// the table, the row and the column (never a crash).
struct StoredRow {
    let row: Row
    let table: String
    let id: String
    let path: String

    init(_ row: Row, table: String, id: String, path: String) {
        self.row = row
        self.table = table
        self.id = id
        self.path = path
    }

    subscript<Value: DatabaseValueConvertible>(column: String) -> Value {
        get throws {
            do {
                return try row.decode(Value.self, forColumn: column)
            } catch {
                throw problem(column, "expected \(Self.describe(Value.self)), found \(quoted(row[column]))")
            }
        }
    }

    func decode<Value: DatabaseValueConvertible>(_ index: Int) throws -> Value {
        do {
            return try row.decode(Value.self, atIndex: index)
        } catch {
            let column = row.columnNames[row.columnNames.index(row.columnNames.startIndex, offsetBy: index)]
            throw problem(column, "expected \(Self.describe(Value.self)), found \(quoted(row[index]))")
        }
    }

    /// An integer column whose value must lie in `range`.
    func integer(_ column: String, in range: ClosedRange<Int>) throws -> Int {
        let value: Int = try self[column]
        guard range.contains(value) else { throw problem(column, "\(value) is outside \(range.lowerBound)–\(range.upperBound)") }
        return value
    }

    func problem(_ column: String, _ what: String) -> InputError {
        ResultStore.damaged("table \(table), row \(id), column \(column): \(what)", path: path)
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type: "an integer"
        case is Double.Type: "a number"
        case is String.Type: "text"
        default: "\(type)"
        }
    }
}

/// A stored value as plain text (for naming a row).
func plain(_ value: DatabaseValue) -> String {
    switch value.storage {
    case .null: "NULL"
    case .int64(let number): String(number)
    case .double(let number): "\(number)"
    case .string(let text): text
    case .blob(let data): "a blob of \(data.count) bytes"
    }
}

/// A stored value for a message: text in quotes, anything else plain.
func quoted(_ value: DatabaseValue) -> String {
    if case .string(let text) = value.storage { return "'\(text.prefix(80))'" }
    return plain(value)
}
