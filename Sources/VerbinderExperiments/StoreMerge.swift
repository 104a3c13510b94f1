import Foundation
import GRDB
import VerbinderCore

/// What a merge wrote.
public struct MergeOutcome: Sendable, Equatable {
    /// The merged store's path.
    public var path: String
    public var inputs: Int
    public var runs: Int
}

/// Merges the stores of a sharded sweep (`results-I-of-N.sqlite`) into one store that holds exactly what a
/// single-machine sweep would: the same experiment, arms and runs with the same seeds and metrics.
///
/// A merge checks before it writes: every input must hold the same experiment (definition, arm scenarios and
/// Verbinder version), every run of the sweep must be in exactly one input, and each input must be consistent.
/// The merged store is written under a temporary name and renamed into place, so merging again gives the
/// same store and an interrupted merge leaves the previous one intact.
public enum StoreMerger {
    /// Merges `inputs` into a new store at `output` (a file, or a directory that gets `results.sqlite`),
    /// replacing an earlier merge there.
    /// - Throws: ``InputError`` naming the stores and runs involved when the inputs are mixed experiments,
    ///   runs are missing or duplicated, or a store cannot be read or written; nothing is written then.
    public static func merge(_ inputs: [String], into output: String) throws -> MergeOutcome {
        let target = try outputPath(output)
        guard !inputs.isEmpty else {
            throw InputError("nothing to merge: give the shard stores (results-I-of-N.sqlite)", at: SourceLocation(file: target))
        }
        let stores = try inputs.map { try ResultStore.open($0) }
        var seen: [String: String] = [:]
        for store in stores {
            let key = URL(fileURLWithPath: store.path).standardizedFileURL.path
            if let earlier = seen[key] {
                throw InputError("the same store is given twice (also as \(earlier))", at: SourceLocation(file: store.path))
            }
            seen[key] = store.path
        }
        if seen[URL(fileURLWithPath: target).standardizedFileURL.path] != nil {
            throw InputError("the merged store cannot be one of the inputs: choose another output path", at: SourceLocation(file: target))
        }
        let contents = try stores.map(Contents.init)
        let reference = contents[0]
        var owner: [RunKey: String] = [:]
        var duplicates: [String] = []
        for (store, contents) in zip(stores, contents) {
            try contents.check(against: reference, first: stores[0].path)
            for key in contents.runs {
                if let other = owner[key] {
                    duplicates.append("\(describe(key)) is in both \(other) and \(store.path)")
                } else {
                    owner[key] = store.path
                }
            }
        }
        if !duplicates.isEmpty {
            throw InputError("\(duplicates.count) runs are stored twice: " + listed(duplicates)
                             + "; merge each shard's store once", at: SourceLocation(file: stores[0].path))
        }
        let experiment = reference.experiment
        let missing = (0 ..< experiment.armCount * experiment.replications).lazy
            .map { RunKey(arm: $0 / experiment.replications, replication: $0 % experiment.replications) }
            .filter { owner[$0] == nil }
        if !missing.isEmpty {
            throw try incompleteError(Array(missing), experiment: experiment, shards: contents.map(\.experiment.shard),
                                      at: stores[0].path)
        }
        for store in stores { try store.close() }
        let lock = try ResultStore.lock(target)
        defer { lock.release() }
        try ResultStore.build(at: target, replacing: true) { db in
            try db.inTransaction {
                try ResultStore.createSchema(db)
                return .commit
            }
            for (position, store) in stores.enumerated() {
                try db.execute(sql: "ATTACH DATABASE ? AS shard", arguments: [try readOnlyURI(store.path, db)])
                try db.inTransaction {
                    if position == 0 { try copyExperiment(db) }
                    try copyRuns(db, replications: experiment.replications)
                    return .commit
                }
                try db.execute(sql: "DETACH DATABASE shard")
            }
        }.close()
        return MergeOutcome(path: target, inputs: stores.count, runs: owner.count)
    }

    /// The experiment, factors and arms of the attached `shard`, as the whole sweep (shard 0 of 1).
    private static func copyExperiment(_ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO experiment (id, created, command, version, scenario_path, scenario_name, scenario_description,
              definition, definition_hash, seed, replications, weeks, arm_count, common_random_numbers, shard_index, shard_count)
            SELECT id, created, command, version, scenario_path, scenario_name, scenario_description,
              definition, definition_hash, seed, replications, weeks, arm_count, common_random_numbers, 0, 1
            FROM shard.experiment;
            INSERT INTO factor SELECT * FROM shard.factor ORDER BY position;
            INSERT INTO arm SELECT * FROM shard.arm ORDER BY id;
            INSERT INTO arm_level SELECT * FROM shard.arm_level ORDER BY arm_id, factor;
            """)
    }

    /// The runs and metrics of the attached `shard`; a run's id becomes its position in the run order (plus 1).
    private static func copyRuns(_ db: Database, replications: Int) throws {
        try db.execute(sql: """
            INSERT INTO run (id, arm_id, replication, seed, version, wall_seconds, finished)
            SELECT arm_id * ?1 + replication + 1, arm_id, replication, seed, version, wall_seconds, finished
            FROM shard.run ORDER BY arm_id, replication
            """, arguments: [replications])
        try db.execute(sql: """
            INSERT INTO metric (run_id, metric, cell, value)
            SELECT r.arm_id * ?1 + r.replication + 1, m.metric, m.cell, m.value
            FROM shard.metric m JOIN shard.run r ON r.id = m.run_id ORDER BY r.arm_id, r.replication, m.metric, m.cell
            """, arguments: [replications])
    }

    /// `path` as a read-only SQLite URI (when this SQLite reads URIs in ATTACH), so the inputs are never written to,
    /// not even by a checkpoint of their journal.
    private static func readOnlyURI(_ path: String, _ db: Database) throws -> String {
        guard try Bool.fetchOne(db, sql: "SELECT sqlite_compileoption_used('USE_URI')") == true else { return path }
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        return "file:" + (absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute) + "?mode=ro"
    }

    /// The file to write: `output` itself, or `results.sqlite` inside it when it is a directory.
    private static func outputPath(_ output: String) throws -> String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory), isDirectory.boolValue {
            return (output as NSString).appendingPathComponent(ResultStore.fileName)
        }
        let parent = (output as NSString).deletingLastPathComponent
        if !parent.isEmpty && !FileManager.default.fileExists(atPath: parent) {
            throw InputError("cannot write the merged store: the directory \(parent) does not exist", at: SourceLocation(file: output))
        }
        return output
    }

    /// The error for missing runs, saying which shards they belong to when the inputs are shards of one split.
    private static func incompleteError(_ missing: [RunKey], experiment: ExperimentRecord, shards: [Shard], at path: String) throws -> InputError {
        var text = "incomplete: \(missing.count) of \(experiment.armCount * experiment.replications) runs are missing: "
            + listed(missing.map(describe))
        let counts = Set(shards.map(\.count))
        if counts.count == 1, let count = counts.first, count > 1 {
            let sweep = try Sweep(experiment.definition)
            let plan = try ShardPlan(sweep)
            let owners = Set(missing.map { plan.shard(ofRun: $0.arm * experiment.replications + $0.replication, count: count) }).sorted()
            let given = Set(shards.map(\.index))
            text += "; they belong to " + owners.map { index in
                let name = Shard(index: index, count: count).storeFileName
                return given.contains(index) ? "\(name) (unfinished)" : "\(name) (not given)"
            }.joined(separator: ", ")
            text += ". Run those shards again, resuming their stores (a Slurm array task can be resubmitted alone), and merge again"
        }
        return InputError(text, at: SourceLocation(file: path))
    }

    private static func describe(_ key: RunKey) -> String { "arm \(key.arm) replication \(key.replication)" }

    /// The first ten entries, then how many more.
    private static func listed(_ entries: [String]) -> String {
        let shown = entries.prefix(10).joined(separator: "; ")
        return entries.count > 10 ? shown + "; and \(entries.count - 10) more" : shown
    }
}

/// What a merge compares between stores.
private struct Contents {
    let path: String
    let experiment: ExperimentRecord
    let armHashes: [String]
    let runVersions: Set<String>
    let runs: [RunKey]

    init(_ store: ResultStore) throws {
        path = store.path
        experiment = try store.experiment()
        armHashes = try store.arms().map(\.scenarioHash)
        runVersions = try store.runVersions()
        runs = try store.completedRuns()
        let problems = try store.consistencyProblems()
        if !problems.isEmpty {
            throw InputError("the store is damaged: \(problems.joined(separator: "; "))", at: SourceLocation(file: store.path))
        }
        if let stray = runs.first(where: { $0.arm >= experiment.armCount || $0.replication >= experiment.replications }) {
            throw InputError("run of arm \(stray.arm) replication \(stray.replication) is outside the sweep "
                             + "(\(experiment.armCount) arms × \(experiment.replications) replications)", at: SourceLocation(file: store.path))
        }
    }

    /// Refuses a store of another experiment or another Verbinder version than `reference`.
    func check(against reference: Contents, first: String) throws {
        let location = SourceLocation(file: path)
        guard experiment.definitionHash == reference.experiment.definitionHash else {
            throw InputError("mixed experiments: this store holds another sweep than \(first) "
                             + "(its command: \(experiment.command); the other's: \(reference.experiment.command))", at: location)
        }
        guard armHashes == reference.armHashes else {
            throw InputError("mixed experiments: the arms' scenarios differ from those in \(first) (other scenario hashes)", at: location)
        }
        let versions = runVersions.union(reference.runVersions).union([experiment.version, reference.experiment.version])
        guard versions.count == 1 else {
            throw InputError("mixed versions: runs were made by Verbinder \(versions.sorted().joined(separator: " and ")); "
                             + "run every shard with the same version", at: location)
        }
    }
}
