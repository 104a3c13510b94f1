import ArgumentParser
import Foundation
import VerbinderCore
import VerbinderRender

/// `verbinder render`: pictures of a scenario's network or a simulation result, through libgraphviz.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Draw a scenario's network, a network from CSV or GraphML, or a simulation result (SVG, PNG, PDF or DOT), in-process with Graphviz.",
        discussion: """
            INPUT is a scenario file (the network before any run), a network a researcher brings (an edge list \
            in CSV or in an Excel workbook, with node attributes from --nodes, or GraphML; nodes are named by their label column and \
            drawn by their kind, arena, neighbourhood and department columns where given) or a simulation \
            result directory (summary.json and outcome-graph.json). Without --view the view follows the \
            network's size (network up to 250 actors, then aggregate, then arenas); the choice is reported on \
            stderr. See docs/rendering.md for the visual grammar.

            Without --out, the picture goes to standard output when that is a file or a pipe \
            (verbinder render x.yaml > x.svg); on a terminal it is written to a file named after the input \
            in the current directory (katwijk.svg for scenarios/katwijk.yaml), and stderr says which.

            Examples (the result directories are those of the `verbinder simulate` examples):
              verbinder render scenarios/katwijk.yaml --out katwijk.svg
              verbinder render out/katwijk --view praatplaat --threshold 0.6 --out praatplaat.png
              verbinder render out/katwijk --view flow --out flow.svg
              verbinder render out/katwijk --view compare --against out/katwijk-7 --out compare.pdf
              verbinder render examples/edges.csv --nodes examples/nodes.csv --out network.svg
            """)

    @Argument(help: "A scenario file (YAML), a network (CSV edge list or GraphML) or a simulation result directory.")
    var input: String

    @Option(help: "Node attributes for an edge list: a CSV file or workbook with an 'id' column (and optionally label, kind, arena, ...).")
    var nodes: String?

    @Option(help: "The sheet of an Excel workbook (.xlsx) INPUT with the edges (default: the first).")
    var sheet: String?

    @Option(help: "network, aggregate, arenas, praatplaat, compare or flow (a result's requests per year between neighbourhoods, connectors and departments; default: by network size).")
    var view: String?

    @Option(help: "A second result directory, for --view compare.")
    var against: String?

    @Option(help: "svg, png, pdf or dot (default: from --out's extension, else svg).")
    var format: String?

    @Option(help: "dot, neato, fdp or sfdp (default by view: \(Renderer.defaultLayoutsDescription); dot draws the arenas as clusters).")
    var layout: String?

    @Option(help: "The output file (default: standard output, or INPUT's name with the format's extension on a terminal).")
    var out: String?

    @Option(help: "The success rate a praatplaat cell needs for a ✓ (0 to 1).")
    var threshold: Double = 0.6

    func run() throws {
        if let out { try checkOutputFile(out) }
        let format = try format.map { try RenderFormat(parsing: $0) }
            ?? out.flatMap { RenderFormat(fileName: $0) } ?? .svg
        var options = RenderOptions(format: format, threshold: threshold)
        options.view = try view.map { try RenderView(parsing: $0) }
        options.layout = try layout.map { try LayoutEngine(parsing: $0) }
        try options.validate()
        let primary = try RenderInput.load(path: input, nodes: nodes, sheet: sheet)
        let second = try against.map { try RenderInput.load(path: $0) }
        let picture = try Renderer.render(primary, options: options, against: second)
        for warning in picture.warnings { printError("warning: graphviz: \(warning)") }
        if let out = out ?? (isatty(STDOUT_FILENO) == 1 ? Self.defaultOutput(for: input, format: format) : nil) {
            try writeAtomically(picture.data, to: out)
            printError("verbinder: \(picture.note) → \(out)\(self.out == nil ? " (standard output is a terminal; give --out FILE to choose the file)" : "")")
        } else {
            printError("verbinder: \(picture.note)")
            FileHandle.standardOutput.write(picture.data)
        }
    }

    /// The file a picture goes to on a terminal without --out: INPUT's name (without its extension) and the
    /// format's extension, in the current directory.
    static func defaultOutput(for input: String, format: RenderFormat) -> String {
        let url = URL(fileURLWithPath: input).standardizedFileURL
        let stem = url.pathExtension.isEmpty ? url.lastPathComponent : url.deletingPathExtension().lastPathComponent
        return "\(stem.isEmpty ? "picture" : stem).\(format.fileExtension)"
    }
}
