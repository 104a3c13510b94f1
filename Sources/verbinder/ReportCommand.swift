import ArgumentParser
import Foundation
import VerbinderCore
import VerbinderExperiments
import VerbinderUncertainty

/// `verbinder report`: one self-contained HTML page about a sweep, sensitivity studies and calibrations.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a self-contained HTML report of a sweep, sensitivity studies, calibrations and pattern checks (offline, inline SVG).",
        discussion: """
            Each path is a result store or an output directory (its results.sqlite); the report detects what each \
            holds. A sweep: the question and factors, arms ranked with 95% CIs, the praatplaat of every arm, a \
            heatmap of all combinations, the main effect of each factor (tornado) and the strongest interactions, \
            a capacity curve when connector hours vary, and how to reproduce the numbers. A sensitivity study \
            (verbinder sensitivity): Morris μ*–σ plots or Sobol' ST and S1 bars with 95% whiskers for the headline \
            outputs, and every output's strongest parameters. A calibration (verbinder calibrate): the \
            generations, posterior marginals as histograms over the prior ranges, a pairs plot, and the \
            posterior predictive against the observed targets. A pattern table (the output of verbinder patterns \
            --format csv saved to a file): each finding with PASS/FAIL, effect, 95% CI and robust share. At most \
            one sweep per report. Written atomically.

            A sweep and studies together: verbinder report SWEEP_DIR STUDY_DIR CALIBRATION_DIR --out FILE.

            Examples (out/sliders is written by the first `verbinder sweep` example):
              verbinder report out/sliders --out out/sliders/report.html
              verbinder report out/sliders/results.sqlite --metric 'rate[bridgeBuilder.fromResidents]'
            """)

    @Argument(help: "Result stores (results.sqlite) or output directories of a sweep, sensitivity studies or calibrations, or pattern tables (CSV).")
    var stores: [String]

    @Option(help: "The HTML file to write (default: report.html beside the first store).")
    var out: String?

    @Option(help: "The sweep's metric to rank, map and explain: connectedShare (residents and officials helped: the default), successRate (of the connector's own attempts), droppedShare, stranded, … or metric[cell].")
    var metric: String = "connectedShare"

    func validate() throws {
        if stores.isEmpty { throw ValidationError("give a result store or output directory to report on.") }
    }

    func run() throws {
        if let out { try checkOutputFile(out) }
        var sweeps: [String] = []
        var sections: [ReportSection] = []
        var firstStore: String?
        for (number, given) in stores.enumerated() {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: given, isDirectory: &isDirectory)
            let path = exists && isDirectory.boolValue ? (given as NSString).appendingPathComponent("results.sqlite") : given
            firstStore = firstStore ?? path
            if let kind = StudyKind.of(store: path) {
                sections.append(try StudyReport.section(kind: kind, store: path, number: number + 1))
            } else {
                sweeps.append(given)
            }
        }
        if sweeps.count > 1 {
            throw InputError("a report shows at most one sweep; give the others a report each", at: SourceLocation(file: sweeps[1]))
        }
        let target: String
        if let sweep = sweeps.first {
            let results = try ResultStore.open(sweep)
            var report = try ExperimentReport(store: results, metric: MetricKey(parsing: metric))
            report.extraSections = sections
            target = out ?? ((results.path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("report.html")
            try report.write(to: target)
        } else {
            target = out ?? ((firstStore! as NSString).deletingLastPathComponent as NSString).appendingPathComponent("report.html")
            try ExperimentReport.writePage(title: "Verbinder: sensitivity and calibration", sections: sections, to: target)
        }
        print("Report: \(target)")
    }
}
