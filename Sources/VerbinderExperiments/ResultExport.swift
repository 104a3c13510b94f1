import Foundation
import VerbinderCore
import VerbinderSimulation
import VerbinderSupport

/// Tidy tables of a result store as CSV or JSON records, for pandas (`read_csv`, `read_json`) or R.
///
/// Every table starts with the arm and one column per factor (its level), so it can be grouped directly.
/// Rows are streamed: the store is never loaded whole.
public enum ResultExport {
    /// The tables `verbinder results` writes.
    public enum Table: String, Sendable, CaseIterable {
        /// One row per run and metric: arm, factor levels, replication, seed, metric, cell, value.
        case metrics
        /// One row per arm and metric: n, mean, 95% interval over replications.
        case summary
        /// One row per run: seed, version, wall time.
        case runs
        /// One row per arm: label, connectors, hours, scenario hash.
        case arms
    }

    public enum Format: String, Sendable, CaseIterable {
        case csv
        case json
    }

    /// Writes `table` in `format`, calling `write` with consecutive chunks of text.
    /// - Throws: ``InputError`` when the store cannot be read.
    public static func export(_ store: ResultStore, table: Table, format: Format, write: @escaping (String) throws -> Void) throws {
        let experiment = try store.experiment()
        let factorNames = experiment.definition.factors.map(\.name)
        let arms = try store.arms()
        var writer = RowWriter(format: format, write: write)
        func armColumns(_ arm: Int) -> [Value] {
            [.int(arm)] + (arm < arms.count ? arms[arm].levels.map { Value.text($0) } : [])
        }
        switch table {
        case .metrics:
            try writer.header(["arm"] + factorNames + ["replication", "seed", "metric", "cell", "value"])
            try store.stream("""
                SELECT r.arm_id, r.replication, r.seed, m.metric, m.cell, m.value FROM metric m JOIN run r ON r.id = m.run_id
                ORDER BY r.arm_id, r.replication, m.metric, m.cell
                """, { row in
                    try writer.row(armColumns(Int(row[0]) ?? 0) + [.int(Int(row[1]) ?? 0), .text(row[2]), .text(row[3]), .text(row[4]),
                                                                   .number(Double(row[5]) ?? .nan)])
                }, header: { _ in })
        case .summary:
            try writer.header(["arm"] + factorNames + ["metric", "cell", "n", "mean", "ci95_lo", "ci95_hi"])
            var current: (arm: Int, metric: String, cell: String)?
            var values: [Double] = []
            func flush() throws {
                guard let key = current else { return }
                let interval = Statistics.confidenceInterval95(values)
                try writer.row(armColumns(key.arm) + [.text(key.metric), .text(key.cell), .int(values.count),
                                                      .number(Statistics.mean(values) ?? .nan),
                                                      .number(interval?[0] ?? .nan), .number(interval?[1] ?? .nan)])
            }
            try store.stream("""
                SELECT r.arm_id, m.metric, m.cell, m.value FROM metric m JOIN run r ON r.id = m.run_id
                ORDER BY r.arm_id, m.metric, m.cell, r.replication
                """, { row in
                    let key = (arm: Int(row[0]) ?? 0, metric: row[1], cell: row[2])
                    if let current, current.arm == key.arm, current.metric == key.metric, current.cell == key.cell {
                        values.append(Double(row[3]) ?? .nan)
                        return
                    }
                    try flush()
                    current = key
                    values = [Double(row[3]) ?? .nan]
                }, header: { _ in })
            try flush()
        case .runs:
            try writer.header(["arm"] + factorNames + ["replication", "seed", "version", "wall_seconds", "finished"])
            try store.stream("SELECT arm_id, replication, seed, version, wall_seconds, finished FROM run ORDER BY arm_id, replication", { row in
                try writer.row(armColumns(Int(row[0]) ?? 0) + [.int(Int(row[1]) ?? 0), .text(row[2]), .text(row[3]),
                                                               .number(Double(row[4]) ?? .nan), .text(row[5])])
            }, header: { _ in })
        case .arms:
            try writer.header(["arm"] + factorNames + ["label", "connectors", "connector_hours", "scenario_hash"])
            for arm in arms {
                try writer.row(armColumns(arm.index) + [.text(arm.label), .int(arm.connectors), .number(arm.connectorHours),
                                                        .text(arm.scenarioHash)])
            }
        }
        try writer.finish()
    }

    enum Value {
        case int(Int)
        case number(Double)
        case text(String)
    }

    /// Writes rows as CSV lines or JSON records, buffering output into chunks.
    struct RowWriter {
        let format: Format
        let write: (String) throws -> Void
        var columns: [String] = []
        var buffer = ""
        var rows = 0

        init(format: Format, write: @escaping (String) throws -> Void) {
            self.format = format
            self.write = write
        }

        mutating func header(_ names: [String]) throws {
            columns = names
            buffer += format == .csv ? names.map(csvField).joined(separator: ",") + "\n" : "["
        }

        mutating func row(_ values: [Value]) throws {
            switch format {
            case .csv:
                buffer += values.map { value -> String in
                    switch value {
                    case .int(let number): String(number)
                    case .number(let number): number.isFinite ? formatNumber(number, .exact) : ""
                    case .text(let text): csvField(text)
                    }
                }.joined(separator: ",") + "\n"
            case .json:
                buffer += (rows == 0 ? "\n" : ",\n") + "{" + zip(columns, values).map { name, value -> String in
                    let text: String
                    switch value {
                    case .int(let number): text = String(number)
                    case .number(let number): text = number.isFinite ? formatNumber(number, .exact) : "null"
                    case .text(let string): text = jsonString(string)
                    }
                    return jsonString(name) + ":" + text
                }.joined(separator: ",") + "}"
            }
            rows += 1
            if buffer.utf8.count > 1 << 16 {
                try write(buffer)
                buffer = ""
            }
        }

        mutating func finish() throws {
            if format == .json { buffer += rows == 0 ? "]\n" : "\n]\n" }
            try write(buffer)
            buffer = ""
        }
    }
}
