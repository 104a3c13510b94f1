import Foundation
import GRDB
import VerbinderCore
import VerbinderSimulation

/// Where a study came from, stored with its results.
public struct StudyProvenance: Sendable {
    public var command: String
    public var version: String
    public var scenarioPath: String
    public var scenarioName: String
    public var weeks: Int
    public var scenarioSeed: UInt64

    public init(command: String, version: String, scenarioPath: String, scenarioName: String, weeks: Int, scenarioSeed: UInt64) {
        self.command = command
        self.version = version
        self.scenarioPath = scenarioPath
        self.scenarioName = scenarioName
        self.weeks = weeks
        self.scenarioSeed = scenarioSeed
    }
}

/// Writes a study's results to a directory: `results.sqlite` (tables for pandas or R), one CSV per output in
/// SALib's result layout (`pandas.read_csv(path, index_col=0)` gives the frame SALib's `to_df()` returns),
/// `samples.csv` (the design points) and `outputs.csv` (each point's output means), so the study can be
/// re-analysed with SALib itself. Written through the shared result-directory writer
/// (``writeDirectoryAtomically(to:fill:)``): into a staging directory moved into place at the end, so an error
/// leaves nothing behind.
public enum SensitivityWriter {
    /// The CSV header of one output's indices, SALib's column names.
    public static func csvHeader(_ method: SensitivityMethod) -> String {
        switch method {
        case .sobol: ",ST,ST_conf,S1,S1_conf"
        case .morris: ",mu,mu_star,sigma,mu_star_conf"
        }
    }

    /// Writes `result` into `directory` (its parent must exist; files already there other than these are kept).
    /// - Throws: ``InputError`` when the directory cannot be written.
    public static func write(_ result: SensitivityResult, parameters: [StudyParameter], outputs: [StudyOutput],
                             provenance: StudyProvenance, to directory: String) throws {
        try writeDirectoryAtomically(to: directory) { staging in
            try removeResultFiles(["results.sqlite", "samples.csv", "outputs.csv", result.design.method.rawValue], in: staging)
            try FileManager.default.createDirectory(at: staging.appendingPathComponent(result.design.method.rawValue), withIntermediateDirectories: true)
            try writeStore(result, parameters: parameters, provenance: provenance, to: staging.appendingPathComponent("results.sqlite").path)
            for output in result.outputs where output.skipped == nil {
                let stem = outputs.first { $0.name == output.output }?.fileStem ?? output.output
                try text(indexCSV(output, design: result.design))
                    .write(to: staging.appendingPathComponent("\(result.design.method.rawValue)/\(stem).csv"), atomically: false, encoding: .utf8)
            }
            try samplesCSV(result.design).write(to: staging.appendingPathComponent("samples.csv"), atomically: false, encoding: .utf8)
            try outputsCSV(result).write(to: staging.appendingPathComponent("outputs.csv"), atomically: false, encoding: .utf8)
        }
    }

    private static func text(_ lines: [String]) -> String { lines.joined(separator: "\n") + "\n" }

    /// Shortest round-trip decimal form of a number ("nan" for NaN, as pandas reads it).
    static func number(_ value: Double) -> String { value.isNaN ? "nan" : "\(value)" }

    static func csvField(_ text: String) -> String {
        text.contains(where: { ",\"\n".contains($0) }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    /// One output's indices, one row per factor in factor order (SALib's order).
    static func indexCSV(_ output: OutputSensitivity, design: SensitivityDesign) -> [String] {
        var lines = [csvHeader(design.method)]
        for (j, factor) in design.factors.enumerated() {
            let values: [Double]
            if let s = output.sobol {
                values = [s.total[j], s.totalConf[j], s.firstOrder[j], s.firstOrderConf[j]]
            } else if let m = output.morris {
                values = [m.mu[j], m.muStar[j], m.sigma[j], m.muStarConf[j]]
            } else { continue }
            lines.append(([csvField(factor.name)] + values.map(number)).joined(separator: ","))
        }
        return lines
    }

    static func samplesCSV(_ design: SensitivityDesign) -> String {
        text([design.factors.map { csvField($0.name) }.joined(separator: ",")]
            + design.rows.map { $0.map(number).joined(separator: ",") })
    }

    static func outputsCSV(_ result: SensitivityResult) -> String {
        let header = result.outputs.map { csvField($0.output) }.joined(separator: ",")
        let points = result.design.unitRows.count
        let lines = (0 ..< points).map { point in
            result.values.map { perPoint -> String in
                let present = perPoint[point].compactMap { $0 }
                return present.count == perPoint[point].count ? number(mean(present)) : ""
            }.joined(separator: ",")
        }
        return text([header] + lines)
    }

    static func writeStore(_ result: SensitivityResult, parameters: [StudyParameter], provenance: StudyProvenance, to path: String) throws {
        let design = result.design
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: """
                CREATE TABLE study (
                  id INTEGER PRIMARY KEY CHECK (id = 1), method TEXT NOT NULL, command TEXT NOT NULL, version TEXT NOT NULL,
                  scenario_path TEXT NOT NULL, scenario_name TEXT NOT NULL, scenario_seed TEXT NOT NULL, weeks INTEGER NOT NULL,
                  samples INTEGER NOT NULL, levels INTEGER, replications INTEGER NOT NULL, design_seed TEXT NOT NULL,
                  points INTEGER NOT NULL, runs INTEGER NOT NULL, simulation_seconds REAL NOT NULL, total_seconds REAL NOT NULL);
                CREATE TABLE factor (
                  position INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, lower REAL NOT NULL, upper REAL NOT NULL,
                  default_value REAL NOT NULL, unit TEXT NOT NULL);
                CREATE TABLE sample (
                  point INTEGER NOT NULL, factor TEXT NOT NULL, value REAL NOT NULL, PRIMARY KEY (point, factor)) WITHOUT ROWID;
                CREATE TABLE evaluation (
                  point INTEGER NOT NULL, replication INTEGER NOT NULL, output TEXT NOT NULL, value REAL,
                  PRIMARY KEY (point, replication, output)) WITHOUT ROWID;
                CREATE TABLE output (
                  position INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, title TEXT NOT NULL, skipped TEXT,
                  mean REAL, variance REAL, noise_share REAL);
                CREATE TABLE sensitivity_index (
                  output TEXT NOT NULL, factor TEXT NOT NULL, rank INTEGER NOT NULL,
                  S1 REAL, S1_conf REAL, ST REAL, ST_conf REAL, mu REAL, mu_star REAL, sigma REAL, mu_star_conf REAL,
                  PRIMARY KEY (output, factor)) WITHOUT ROWID;
                CREATE VIEW ranking AS
                  SELECT output, rank, factor, ST, ST_conf, S1, S1_conf, mu_star, mu_star_conf, mu, sigma
                  FROM sensitivity_index ORDER BY output, rank;
                """)
            try db.execute(sql: """
                INSERT INTO study VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [design.method.rawValue, provenance.command, provenance.version, provenance.scenarioPath,
                                 provenance.scenarioName, String(provenance.scenarioSeed), provenance.weeks, design.samples,
                                 design.method == .morris ? design.levels : nil, design.replications, String(design.seed),
                                 design.unitRows.count, design.runCount, result.simulationSeconds, result.totalSeconds])
            for (position, parameter) in parameters.enumerated() {
                try db.execute(sql: "INSERT INTO factor VALUES (?, ?, ?, ?, ?, ?)",
                               arguments: [position, parameter.factor.name, parameter.factor.lower, parameter.factor.upper,
                                           parameter.defaultValue, parameter.unit])
            }
            let sample = try db.makeStatement(sql: "INSERT INTO sample VALUES (?, ?, ?)")
            for (point, row) in design.rows.enumerated() {
                for (factor, value) in zip(design.factors, row) { try sample.execute(arguments: [point, factor.name, value]) }
            }
            let evaluation = try db.makeStatement(sql: "INSERT INTO evaluation VALUES (?, ?, ?, ?)")
            for (output, perPoint) in zip(result.outputs, result.values) {
                for (point, perReplication) in perPoint.enumerated() {
                    for (replication, value) in perReplication.enumerated() {
                        try evaluation.execute(arguments: [point, replication, output.output, value])
                    }
                }
            }
            let index = try db.makeStatement(sql: "INSERT INTO sensitivity_index VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            for (position, output) in result.outputs.enumerated() {
                try db.execute(sql: "INSERT INTO output VALUES (?, ?, ?, ?, ?, ?, ?)",
                               arguments: [position, output.output, output.title, output.skipped,
                                           output.mean.isNaN ? nil : output.mean, output.variance.isNaN ? nil : output.variance,
                                           output.noiseShare])
                for (rank, j) in output.ranking.enumerated() {
                    let s = output.sobol, m = output.morris
                    try index.execute(arguments: [output.output, design.factors[j].name, rank + 1,
                                                  s?.firstOrder[j], s?.firstOrderConf[j], s?.total[j], s?.totalConf[j],
                                                  m?.mu[j], m?.muStar[j], m?.sigma[j], m?.muStarConf[j]])
                }
            }
        }
        try queue.close()
    }
}

/// Removes `names` (and a store's journal files) from a staging directory that started as a copy of an earlier
/// result, so that the new result replaces them instead of adding to them.
func removeResultFiles(_ names: [String], in staging: URL) throws {
    let manager = FileManager.default
    for name in names.flatMap({ [$0, $0 + "-wal", $0 + "-shm", $0 + "-journal"] }) {
        let path = staging.appendingPathComponent(name).path
        if manager.fileExists(atPath: path) { try manager.removeItem(atPath: path) }
    }
}
