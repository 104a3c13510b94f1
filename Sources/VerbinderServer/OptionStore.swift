import Foundation
import GRDB
import VerbinderCore
import VerbinderExperiments

/// A saved option: a name, the scenario it belongs to, and its panel settings.
public struct SavedOption: Sendable, Codable, Equatable {
    public var id: Int64
    public var name: String
    public var scenario: String
    public var settings: PanelSettings
    /// When it was saved (ISO 8601, UTC).
    public var created: String
}

/// The server's SQLite store: saved options, uploaded scenarios, and the list of sweeps started from the page
/// (their results and reports lie in the sweeps folder beside it). The only file the server writes besides that folder.
final class OptionStore: Sendable {
    private let queue: DatabaseQueue

    /// Opens (or creates) the store at `path`.
    /// - Throws: ``InputError`` when the file cannot be opened as a store.
    init(path: String) throws {
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(5)
            queue = try DatabaseQueue(path: path, configuration: configuration)
            var migrator = DatabaseMigrator()
            migrator.registerMigration("mengpaneel-1") { db in
                try db.execute(sql: """
                    CREATE TABLE option (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, scenario TEXT NOT NULL,
                                         settings TEXT NOT NULL, created TEXT NOT NULL);
                    CREATE TABLE upload (id TEXT PRIMARY KEY, file TEXT NOT NULL, text TEXT NOT NULL, created TEXT NOT NULL);
                    """)
            }
            migrator.registerMigration("mengpaneel-2-sweeps") { db in
                try db.execute(sql: """
                    CREATE TABLE sweep (id TEXT PRIMARY KEY, kind TEXT NOT NULL, scenario TEXT NOT NULL, state TEXT NOT NULL,
                                        arms INTEGER NOT NULL, replications INTEGER NOT NULL, weeks INTEGER NOT NULL,
                                        finished INTEGER NOT NULL, total INTEGER NOT NULL, message TEXT, report TEXT,
                                        started TEXT NOT NULL, ended TEXT);
                    """)
            }
            try migrator.migrate(queue)
        } catch {
            throw InputError("cannot open the option store: \(error)", at: SourceLocation(file: path))
        }
    }

    func save(name: String, scenario: String, settings: PanelSettings, limit: Int) throws -> SavedOption {
        let created = ISO8601DateFormatter().string(from: Date())
        return try queue.write { db in
            let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM option") ?? 0
            guard count < limit else { throw ApiError(.conflict, "the store holds \(limit) options, the most it keeps: delete one first") }
            try db.execute(sql: "INSERT INTO option (name, scenario, settings, created) VALUES (?, ?, ?, ?)",
                           arguments: [name, scenario, settings.canonical, created])
            return SavedOption(id: db.lastInsertedRowID, name: name, scenario: scenario, settings: settings, created: created)
        }
    }

    func options() throws -> [SavedOption] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, scenario, settings, created FROM option ORDER BY id").compactMap(Self.option)
        }
    }

    func option(_ id: Int64) throws -> SavedOption? {
        try queue.read { db in
            try Row.fetchOne(db, sql: "SELECT id, name, scenario, settings, created FROM option WHERE id = ?", arguments: [id]).flatMap(Self.option)
        }
    }

    /// Deletes an option; false when there was none.
    func delete(_ id: Int64) throws -> Bool {
        try queue.write { db in
            try db.execute(sql: "DELETE FROM option WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    /// Keeps an uploaded scenario's text under its id (idempotent).
    func keepUpload(id: String, file: String, text: String, limit: Int) throws {
        try queue.write { db in
            if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM upload WHERE id = ?", arguments: [id]) ?? 0 > 0 { return }
            let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM upload") ?? 0
            guard count < limit else { throw ApiError(.conflict, "the store holds \(limit) uploaded scenarios, the most it keeps") }
            try db.execute(sql: "INSERT INTO upload (id, file, text, created) VALUES (?, ?, ?, ?)",
                           arguments: [id, file, text, ISO8601DateFormatter().string(from: Date())])
        }
    }

    func upload(_ id: String) throws -> (file: String, text: String)? {
        try queue.read { db in
            try Row.fetchOne(db, sql: "SELECT file, text FROM upload WHERE id = ?", arguments: [id]).map { ($0["file"], $0["text"]) }
        }
    }

    /// Records a new sweep.
    func addSweep(_ status: SweepStatus) throws {
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO sweep (id, kind, scenario, state, arms, replications, weeks, finished, total, message, report, started, ended)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [status.id, status.kind, status.scenario, status.state, status.arms, status.replications, status.weeks,
                                 status.finished, status.total, status.message, status.report, status.started, status.ended])
        }
    }

    /// Records how far a sweep got: its state, runs finished, message, report and end.
    func updateSweep(_ status: SweepStatus) throws {
        try queue.write { db in
            try db.execute(sql: "UPDATE sweep SET state = ?, finished = ?, message = ?, report = ?, ended = ? WHERE id = ?",
                           arguments: [status.state, status.finished, status.message, status.report, status.ended, status.id])
        }
    }

    /// The latest `limit` sweeps recorded, oldest first.
    func sweeps(limit: Int) throws -> [SweepStatus] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM sweep ORDER BY rowid DESC LIMIT ?", arguments: [limit]).reversed().map { row in
                SweepStatus(id: row["id"], kind: row["kind"], scenario: row["scenario"], state: row["state"], arms: row["arms"],
                            replications: row["replications"], weeks: row["weeks"], finished: row["finished"], total: row["total"],
                            message: row["message"], report: row["report"], started: row["started"], ended: row["ended"])
            }
        }
    }

    private static func option(_ row: Row) -> SavedOption? {
        let text: String = row["settings"]
        guard let settings = try? JSONDecoder().decode(PanelSettings.self, from: Data(text.utf8)) else { return nil }
        return SavedOption(id: row["id"], name: row["name"], scenario: row["scenario"], settings: settings, created: row["created"])
    }
}
