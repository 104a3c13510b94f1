import ArgumentParser
import Foundation
import VerbinderAnalysis
import VerbinderCore

/// `verbinder export`: a network as GraphML or CSV, to open in Gephi, R or NetworkX.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a network as GraphML or as CSV nodes and edges files (for Gephi, R, NetworkX).",
        discussion: """
            INPUT is anything `analyze` reads. GraphML goes to standard output or --out FILE; CSV writes \
            nodes.csv (id and every node attribute) and edges.csv (source,target,weight,kind) into the \
            directory --out, which is created if needed.

            Example:
              verbinder export scenarios/katwijk.yaml --format graphml --out katwijk.graphml
              verbinder export out/katwijk/outcome-graph.json --format csv --out katwijk-outcome
            """)

    @Argument(help: "The network: a scenario (.yaml), outcome graph (.json), GraphML (.graphml) or CSV edge list (.csv).")
    var input: String

    @Option(help: "Node attributes for a CSV edge list: a CSV file with an 'id' column.")
    var nodes: String?

    @Option(help: "Output format: graphml or csv.")
    var format: ExportFormat = .graphml

    @Option(help: "GraphML: the file to write. CSV: the directory to write nodes.csv and edges.csv into.")
    var out: String?

    @Flag(help: "GraphML edge default (default: directed for scenarios and outcome graphs, as stated by GraphML input, else undirected).")
    var view: AnalysisView?

    func validate() throws {
        if format == .csv && out == nil { throw ValidationError("CSV export writes two files: give --out DIRECTORY.") }
    }

    func run() throws {
        let data = try NetworkData.load(path: input, nodes: nodes)
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
