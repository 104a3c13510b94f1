import GRDB
import VerbinderExperiments

/// What the two kinds of shard store (a sensitivity study's evaluations, a calibration's draws) keep the same way.
enum ShardStoreRows {
    /// How both stores, and a calibration's generation store, are opened for reading only.
    static var readOnly: Configuration {
        var configuration = Configuration()
        configuration.readonly = true
        return configuration
    }

    /// Writes `factors` into `table`: position, name, lower and upper bound.
    static func insert(_ factors: [UncertainFactor], into table: String, _ db: Database) throws {
        for (position, factor) in factors.enumerated() {
            try db.execute(sql: "INSERT INTO \(table) VALUES (?, ?, ?, ?)", arguments: [position, factor.name, factor.lower, factor.upper])
        }
    }

    /// The factors of `table`, in position order.
    static func factors(in table: String, _ db: Database) throws -> [UncertainFactor] {
        try Row.fetchAll(db, sql: "SELECT name, lower, upper FROM \(table) ORDER BY position").map {
            UncertainFactor(name: $0["name"], lower: $0["lower"], upper: $0["upper"])
        }
    }

    /// The provenance and the shard a store's definition row holds.
    static func provenanceAndShard(_ row: Row, scenarioSeed: UInt64) -> (StudyProvenance, Shard) {
        (StudyProvenance(command: row["command"], version: row["version"], scenarioPath: row["scenario_path"],
                         scenarioName: row["scenario_name"], weeks: row["weeks"], scenarioSeed: scenarioSeed),
         Shard(index: row["shard_index"], count: row["shard_count"]))
    }
}
