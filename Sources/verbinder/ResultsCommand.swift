import ArgumentParser
import Foundation
import VerbinderCore
import VerbinderExperiments

/// `verbinder results`: a sweep's result store as tidy CSV or JSON.
struct ResultsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "results",
        abstract: "Print a sweep's results as tidy tables (CSV or JSON records) for pandas or R.",
        discussion: """
            Tables: metrics (one row per run, metric and cell: the default), summary (mean and 95% CI per arm \
            and metric), runs (seed, version, wall time) and arms (label, capacity, scenario hash). Every table \
            has the arm and one column per factor.

            Examples (out/sliders is written by the first `verbinder sweep` example):
              verbinder results out/sliders --format csv > metrics.csv
              verbinder results out/sliders/results.sqlite --table summary --format json --out summary.json
            """)

    @Argument(help: "A result store (results.sqlite) or a sweep's output directory.")
    var store: String

    @Option(help: "csv or json (records).")
    var format: ResultsFormat = .csv

    @Option(help: "metrics, summary, runs or arms.")
    var table: ResultsTable = .metrics

    @Option(help: "Write to this file (atomically) instead of stdout.")
    var out: String?

    func run() throws {
        if let out { try checkOutputFile(out) }
        let results = try ResultStore.open(store)
        if let out {
            var text = ""
            try ResultExport.export(results, table: table.value, format: format.value) { text += $0 }
            try writeAtomically(Data(text.utf8), to: out)
        } else {
            try ResultExport.export(results, table: table.value, format: format.value) { FileHandle.standardOutput.write(Data($0.utf8)) }
        }
    }
}

enum ResultsFormat: String, ExpressibleByArgument, CaseIterable {
    case csv, json
    var value: ResultExport.Format { self == .csv ? .csv : .json }
}

enum ResultsTable: String, ExpressibleByArgument, CaseIterable {
    case metrics, summary, runs, arms
    var value: ResultExport.Table { ResultExport.Table(rawValue: rawValue)! }
}
