import ArgumentParser
import Foundation
import VerbinderAnalysis
import VerbinderCore
import VerbinderSupport

/// `verbinder analyze`: stakeholder network analysis of a scenario, an outcome graph or a real network.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Centrality, brokerage, structural holes, communities and the power–interest grid of a network.",
        discussion: """
            INPUT is a scenario (.yaml), an outcome graph from `simulate` (.json), GraphML (.graphml) or an edge \
            list (header source,target[,weight]; node attributes from --nodes, header id,...) in CSV (.csv: \
            comma, semicolon or tab; headers in any case) or an Excel workbook (.xlsx: the first sheet or \
            --sheet NAME). \
            Metrics follow NetworkX's conventions (and R sna's for brokerage); see docs/analysis.md.

            Metrics (--metrics, comma-separated): \(Metric.allCases.map(\.rawValue).joined(separator: ", ")); \
            families: \(Metric.families.map(\.name).joined(separator: ", ")). Default: all but hierarchy.

            With --against OUTCOME.json, compares the connectors' betweenness and brokerage on INPUT (the \
            scenario) with those on the outcome graph of a simulation.

            Exact betweenness and closeness search the network from every node (about n·m steps each): on a \
            large network the command first warns with an estimate of the time, and shows progress on a \
            terminal. --sample K estimates betweenness from K sources.

            Examples (out/katwijk is written by the first `verbinder simulate` example):
              verbinder analyze examples/edges.csv --nodes examples/nodes.csv --groups department
              verbinder analyze examples/network.xlsx --nodes examples/network.xlsx --format csv
              verbinder analyze scenarios/katwijk.yaml --metrics degree,betweenness,holes --sample 50
              verbinder analyze scenarios/katwijk.yaml --against out/katwijk/outcome-graph.json --sample 50
            """)

    @Argument(help: "The network: a scenario (.yaml), outcome graph (.json), GraphML (.graphml), or an edge list in CSV (.csv) or an Excel workbook (.xlsx).")
    var input: String

    @Option(help: "Node attributes for an edge list: a CSV file or Excel workbook with an 'id' column (a workbook's sheet 'nodes' if it has one, else its first).")
    var nodes: String?

    @Option(help: "The sheet of an Excel workbook (.xlsx) INPUT with the edges (default: the first).")
    var sheet: String?

    @Flag(help: "Read ties with or without direction (default: undirected).")
    var view: AnalysisView = .undirected

    @OptionGroup var analysis: MetricOptions

    @Option(help: "Output format: text, csv or json.")
    var format: AnalysisFormat = .text

    @Option(help: "Write the output to this file instead of standard output.")
    var out: String?

    @Option(help: "Nodes shown in the text table.")
    var top: Int = 20

    @Option(help: "An outcome graph (.json) to compare the connectors of INPUT against.")
    var against: String?

    @Flag(help: "Print the time of each step to standard error.")
    var timings = false

    func validate() throws {
        if top < 1 { throw ValidationError("--top must be at least 1.") }
    }

    func run() throws {
        var options = try analysis.analysisOptions(directed: view == .directed)
        let data = try NetworkData.load(path: input, nodes: nodes, sheet: sheet)
        warnAboutCost(of: options, on: data)
        let progress = StepProgress()
        options.progress = { step, done, total in progress.update(step, done, total) }
        defer { progress.finish() }
        let output: String
        if let against {
            let outcome = try NetworkData.load(path: against)
            let comparison = try ConnectorComparison.compare(before: data, after: outcome, options: options)
            switch format {
            case .text: output = comparison.text()
            case .csv: output = comparison.csv()
            case .json: output = comparison.json()
            }
        } else {
            let report = try Analysis.analyze(data, options: options)
            if timings {
                for (step, seconds) in report.timings { printError("\(step): \(formatNumber(seconds, .fixed(3))) s") }
            }
            switch format {
            case .text: output = report.text(top: top)
            case .csv: output = report.csv()
            case .json: output = report.json()
            }
        }
        if let out {
            try writeAtomically(Data(output.utf8), to: out)
        } else {
            print(output, terminator: "")
        }
    }
}

/// Warns on stderr before exact betweenness or closeness, or partial-credit brokerage, that will take long, with
/// the estimate and what to do.
func warnAboutCost(of options: AnalysisOptions, on data: NetworkData) {
    if options.partialCredit && options.metrics.contains(where: \.isBrokerage) {
        let twoPaths = AnalysisCost.partialCreditTwoPaths(data.edges)
        let seconds = twoPaths / AnalysisCost.partialCreditTwoPathsPerSecond
        if seconds > AnalysisCost.warningSeconds {
            printError("warning: --partial-credit brokerage visits every two-path: up to " + String(format: "%.1e", twoPaths)
                + " on \(data.nodeCount) nodes, roughly \(duration(seconds)) of a release build (a node tied to many others, "
                + "such as a department to its officials, makes it quadratic); without --partial-credit brokerage takes about linear time")
        }
    }
    let threads = options.threads ?? ProcessInfo.processInfo.activeProcessorCount
    let cost = AnalysisCost(nodeCount: data.nodeCount, edgeCount: data.edges.count, options: options)
    let seconds = cost.seconds(threads: threads)
    guard seconds > AnalysisCost.warningSeconds, !cost.exactMetrics.isEmpty else { return }
    let names = cost.exactMetrics.map(\.rawValue).joined(separator: ", ")
    var advice: [String] = []
    if cost.exactMetrics.contains(where: { $0 != .closeness }) { advice.append("--sample K estimates betweenness from K sources") }
    advice.append("--metrics without \(names) leaves them out")
    printError("warning: exact \(names) on \(data.nodeCount) nodes and \(data.edges.count) edges: about "
        + String(format: "%.1e", cost.steps) + " steps (n·m each), roughly \(duration(seconds)) on \(threads) thread\(threads == 1 ? "" : "s") "
        + "of a release build; " + advice.joined(separator: "; "))
}

/// A rough duration: seconds, minutes or hours.
func duration(_ seconds: Double) -> String {
    if seconds < 120 { return "\(Int(seconds.rounded())) s" }
    if seconds < 7200 { return "\(Int((seconds / 60).rounded())) min" }
    return String(format: "%.1f h", seconds / 3600)
}

/// A progress bar per analysis step, on stderr when it is a terminal.
final class StepProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var step = ""
    private var bar: ProgressBar?

    func update(_ step: String, _ done: Int, _ total: Int) {
        lock.lock()
        if step != self.step {
            bar?.finish()
            self.step = step
            bar = ProgressBar(step)
        }
        let bar = self.bar
        lock.unlock()
        bar?.update(done, of: total)
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        bar?.finish()
    }
}

/// Directed or undirected reading of ties.
enum AnalysisView: String, EnumerableFlag {
    case directed
    case undirected
}

/// Text, CSV or JSON.
enum AnalysisFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case csv
    case json
}
