import ArgumentParser
import Foundation
import VerbinderAnalysis
import VerbinderCore

/// `verbinder export`: a network as GraphML or CSV, to open in Gephi, R, NetworkX, igraph or pandas.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a network as GraphML or as CSV nodes and edges files (for Gephi, R, NetworkX, igraph, pandas).",
        discussion: """
            INPUT is anything `analyze` reads. GraphML goes to standard output or --out FILE; CSV writes \
            nodes.csv (id and every node attribute) and edges.csv (source,target,weight,kind and every edge \
            attribute) into the directory --out, which is created if needed.

            Everything is kept, with its type (GraphML attr.type int, double, boolean or string): an outcome \
            graph's every interaction, failed ones included (weight 0), with attempts, successes and created; \
            a scenario's node attributes (kind, arena, neighbourhood, department, function, domain, activity) \
            and its ties' trust and familiarity. With --with-metrics, the columns of `verbinder analyze` \
            (betweenness, closeness, constraint, brokerage roles, community, ...) are added as node attributes, \
            computed in the --directed or --undirected reading (default: undirected, as analyze does); \
            --metrics and the other analysis options choose them.

            GraphML's edgedefault is --directed or --undirected when given; otherwise directed for scenarios \
            and outcome graphs, as stated by GraphML input, and undirected for CSV edge lists.

            Examples (out/katwijk is written by the first `verbinder simulate` example):
              verbinder export scenarios/katwijk.yaml --format graphml --out katwijk.graphml
              verbinder export out/katwijk/outcome-graph.json --with-metrics --out outcome.graphml
              verbinder export examples/edges.csv --nodes examples/nodes.csv --format csv --out csv
            """)

    @Argument(help: "The network: a scenario (.yaml), outcome graph (.json), GraphML (.graphml), or an edge list in CSV (.csv) or an Excel workbook (.xlsx).")
    var input: String

    @Option(help: "Node attributes for an edge list: a CSV file or Excel workbook with an 'id' column (a workbook's sheet 'nodes' if it has one, else its first).")
    var nodes: String?

    @Option(help: "The sheet of an Excel workbook (.xlsx) INPUT with the edges (default: the first).")
    var sheet: String?

    @Option(help: "Output format: graphml or csv.")
    var format: ExportFormat = .graphml

    @Option(help: "GraphML: the file to write. CSV: the directory to write nodes.csv and edges.csv into.")
    var out: String?

    @Flag(help: "GraphML edge default, and the reading of ties for --with-metrics (see above).")
    var view: AnalysisView?

    @Flag(help: "Add the analysis columns of `verbinder analyze` as node attributes.")
    var withMetrics = false

    @OptionGroup(title: "Analysis options (with --with-metrics)") var analysis: MetricOptions

    func validate() throws {
        if format == .csv && out == nil { throw ValidationError("CSV export writes two files: give --out DIRECTORY.") }
        if analysis.metrics != nil && !withMetrics { throw ValidationError("--metrics chooses the columns of --with-metrics: give both.") }
    }

    func run() throws {
        if let out, format == .graphml { try checkOutputFile(out) }
        var data = try NetworkData.load(path: input, nodes: nodes, sheet: sheet, keepFailedAttempts: true)
        if withMetrics {
            var options = try analysis.analysisOptions(directed: view == .directed)
            warnAboutCost(of: options, on: data)
            let progress = StepProgress()
            options.progress = { step, done, total in progress.update(step, done, total) }
            let report = try Analysis.analyze(data, options: options)
            progress.finish()
            for note in report.notes { printError("note: \(note)") }
            data = NetworkExport.addingMetrics(report, to: data)
        }
        switch format {
        case .graphml:
            let directed = view.map { $0 == .directed } ?? data.statedDirected ?? false
            let text = NetworkExport.graphML(data, directed: directed)
            if let out { try writeAtomically(Data(text.utf8), to: out) } else { print(text, terminator: "") }
        case .csv:
            guard let out else { return }
            do {
                try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            } catch {
                throw InputError("cannot create directory: \(error.localizedDescription)", at: SourceLocation(file: out))
            }
            let files = NetworkExport.csv(data)
            try writeAtomically(Data(files.nodes.utf8), to: (out as NSString).appendingPathComponent("nodes.csv"))
            try writeAtomically(Data(files.edges.utf8), to: (out as NSString).appendingPathComponent("edges.csv"))
        }
    }
}

/// GraphML or CSV.
enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
    case graphml
    case csv
}
