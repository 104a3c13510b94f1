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
            INPUT is a scenario (.yaml), an outcome graph from `simulate` (.json), GraphML (.graphml) or a CSV \
            edge list (.csv, header source,target[,weight]; node attributes from --nodes, header id,...). \
            Metrics follow NetworkX's conventions (and R sna's for brokerage); see docs/analysis.md.

            Metrics (--metrics, comma-separated): \(Metric.allCases.map(\.rawValue).joined(separator: ", ")); \
            families: \(Metric.families.map(\.name).joined(separator: ", ")). Default: all but hierarchy.

            With --against OUTCOME.json, compares the connectors' betweenness and brokerage on INPUT (the \
            scenario) with those on the outcome graph of a simulation.

            Example:
              verbinder analyze scenarios/katwijk.yaml --top 10
              verbinder analyze edges.csv --nodes nodes.csv --groups department --format csv --out metrics.csv
              verbinder analyze scenarios/large/amsterdam-scale.yaml --metrics betweenness --sample 500 --seed 1
              verbinder analyze scenarios/katwijk.yaml --against out/katwijk/outcome-graph.json
            """)

    @Argument(help: "The network: a scenario (.yaml), outcome graph (.json), GraphML (.graphml) or CSV edge list (.csv).")
    var input: String

    @Option(help: "Node attributes for a CSV edge list: a CSV file with an 'id' column.")
    var nodes: String?

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
        let options = try analysis.analysisOptions(directed: view == .directed)
        let data = try NetworkData.load(path: input, nodes: nodes)
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
