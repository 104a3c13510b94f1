import ArgumentParser
import Foundation
import VerbinderCore
import VerbinderExperiments

/// `verbinder report`: one self-contained HTML page about a sweep.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a self-contained HTML report of a sweep (inline SVG charts, opens offline).",
        discussion: """
            The question and factors, arms ranked with 95% CIs, the praatplaat of every arm, a heatmap of all \
            combinations, the main effect of each factor (tornado) and the strongest interactions, a capacity \
            curve when connector hours vary, and how to reproduce the numbers. Written atomically.

            Examples (out/sliders is written by the first `verbinder sweep` example):
              verbinder report out/sliders --out out/sliders/report.html
              verbinder report out/sliders/results.sqlite --metric 'rate[bridgeBuilder.fromResidents]'
            """)

    @Argument(help: "A result store (results.sqlite) or a sweep's output directory.")
    var store: String

    @Option(help: "The HTML file to write (default: report.html beside the store).")
    var out: String?

    @Option(help: "The metric to rank, map and explain: connectedShare (residents and officials helped: the default), successRate (of the connector's own attempts), droppedShare, stranded, … or metric[cell].")
    var metric: String = "connectedShare"

    func run() throws {
        if let out { try checkOutputFile(out) }
        let results = try ResultStore.open(store)
        let report = try ExperimentReport(store: results, metric: MetricKey(parsing: metric))
        let target = out ?? ((results.path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("report.html")
        try report.write(to: target)
        print("Report: \(target)")
    }
}
