import Foundation
import VerbinderCore
import VerbinderSupport

/// The files of a simulation result directory (`verbinder simulate --out DIR`).
public enum ResultFiles {
    public static let summary = "summary.json"
    public static let summaryCSV = "summary.csv"
    public static let outcomeGraph = "outcome-graph.json"
    public static let timeSeries = "timeseries.csv"
}

extension SimulationRun {
    /// The summary as tidy CSV: `metric,cell,value`, one row per number (loads straight into pandas or R).
    public var summaryCSV: String {
        var lines = ["metric,cell,value"]
        for key in PraatplaatCellKey.allCases {
            let cell = summary.praatplaat[key]
            lines.append("praatplaat.attempts,\(key.name),\(cell.attempts)")
            lines.append("praatplaat.successes,\(key.name),\(cell.successes)")
            lines.append("praatplaat.rate,\(key.name),\(formatNumber(cell.rate, .significant))")
            lines.append("praatplaat.mean,\(key.name),\(formatNumber(cell.mean, .significant))")
            lines.append("praatplaat.ci95_lo,\(key.name),\(cell.ci95.map { formatNumber($0[0], .significant) } ?? "nan")")
            lines.append("praatplaat.ci95_hi,\(key.name),\(cell.ci95.map { formatNumber($0[1], .significant) } ?? "nan")")
        }
        for (name, value) in outcomeRows { lines.append("outcomes.\(name),,\(value)") }
        for row in summary.outcomes.latencyDays {
            lines.append("latency_days.p50,\(row.role),\(formatNumber(row.p50, .significant))")
            lines.append("latency_days.p90,\(row.role),\(formatNumber(row.p90, .significant))")
        }
        for connector in summary.connectors {
            let cell = csvField(connector.name)
            lines.append("connectors.utilisation,\(cell),\(formatNumber(connector.utilisation, .significant))")
            lines.append("connectors.overload_weeks,\(cell),\(formatNumber(connector.overloadWeeks, .significant))")
            lines.append("connectors.mean_queue_length,\(cell),\(formatNumber(connector.meanQueueLength, .significant))")
            lines.append("connectors.escalations,\(cell),\(formatNumber(connector.escalations, .significant))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Every ``OutcomeMeasure`` by name with its value as text (`nan` for a rate without requests), in contract order.
    public var outcomeRows: [(name: String, value: String)] {
        OutcomeMeasure.allCases.map { ($0.name, formatNumber(summary.outcomes[$0], .significant)) }
    }

    /// The weekly time series as CSV.
    public var timeSeriesCSV: String {
        ([TimeSeriesRow.csvHeader] + timeSeries.map(\.csvLine)).joined(separator: "\n") + "\n"
    }

    /// Writes all result files into `directory`, all or nothing: they are written into a fresh sibling
    /// directory which then replaces `directory`, so an interrupted run never leaves a partial result.
    /// - Throws: ``InputError`` when the directory cannot be written.
    public func write(to directory: String) throws {
        let files: [(String, Data)] = [
            (ResultFiles.summary, try jsonData(summary)),
            (ResultFiles.summaryCSV, Data(summaryCSV.utf8)),
            (ResultFiles.timeSeries, Data(timeSeriesCSV.utf8)),
        ]
        try writeDirectoryAtomically(to: directory) { staging in
            for (name, data) in files { try data.write(to: staging.appendingPathComponent(name)) }
            try outcome.writePrettyJSON(to: staging.appendingPathComponent(ResultFiles.outcomeGraph))
        }
    }
}

/// Deterministic JSON, as in result files: sorted keys, pretty-printed, with a final line break.
public func jsonData(_ value: some Encodable) throws -> Data {
    try CanonicalJSON.pretty(value)
}

/// Fills a new directory with `fill` (given the staging directory, which starts as a copy of an existing
/// `directory`, whose other files are so carried over) and lets it atomically replace `directory`.
///
/// One writer at a time (a lock file beside the directory); temporaries left by killed writers are removed
/// first, and results a writer killed between its two renames left under the temporary name are put back.
/// - Throws: ``InputError`` when it cannot be written, another process is writing it, or `directory` is the
///   working directory or one of its parents; an ``InputError`` thrown by `fill` as it is.
public func writeDirectoryAtomically(to directory: String, fill: (URL) throws -> Void) throws {
    if let problem = outputLocationProblem(directory) { throw InputError(problem, at: SourceLocation(file: directory)) }
    let manager = FileManager.default
    let target = URL(fileURLWithPath: directory).standardizedFileURL
    let parent = target.deletingLastPathComponent()
    let name = target.lastPathComponent
    let staging = parent.appendingPathComponent(".\(name).partial-\(ProcessInfo.processInfo.processIdentifier)")
    var lock: FileLock?
    defer { lock?.release() }
    do {
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: parent.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputError("cannot write results: the parent directory \(parent.path) does not exist",
                             at: SourceLocation(file: directory))
        }
        do {
            lock = try FileLock.acquire(parent.appendingPathComponent(".\(name).lock").path)
        } catch let busy as FileLock.Busy {
            throw InputError("another verbinder process\(busy.holder.map { " (process \($0))" } ?? "") is writing results here: "
                             + "wait for it to finish, or choose another output directory", at: SourceLocation(file: directory))
        }
        for stale in staleTemporaries(in: parent.path, prefix: ".\(name).previous-") {
            let path = parent.appendingPathComponent(stale)
            if manager.fileExists(atPath: target.path) { try? manager.removeItem(at: path) } else { try manager.moveItem(at: path, to: target) }
        }
        removeStaleTemporaries(in: parent.path, prefix: ".\(name).partial-")
        try? manager.removeItem(at: staging)
        if manager.fileExists(atPath: target.path) {
            try manager.copyItem(at: target, to: staging)
        } else {
            try manager.createDirectory(at: staging, withIntermediateDirectories: false)
        }
        try fill(staging)
        if manager.fileExists(atPath: target.path) {
            // Swap by two renames; the old results are removed only once the new ones are in place.
            let previous = parent.appendingPathComponent(".\(target.lastPathComponent).previous-\(ProcessInfo.processInfo.processIdentifier)")
            try? manager.removeItem(at: previous)
            try manager.moveItem(at: target, to: previous)
            do {
                try manager.moveItem(at: staging, to: target)
            } catch {
                try? manager.moveItem(at: previous, to: target)
                throw error
            }
            try? manager.removeItem(at: previous)
        } else {
            try manager.moveItem(at: staging, to: target)
        }
    } catch let error as InputError {
        try? manager.removeItem(at: staging)
        throw error
    } catch {
        try? manager.removeItem(at: staging)
        throw InputError("cannot write results: \(error.localizedDescription)", at: SourceLocation(file: directory))
    }
}
