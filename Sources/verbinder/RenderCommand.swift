import ArgumentParser
import Foundation
import VerbinderCore
import VerbinderRender

/// `verbinder render`: pictures of a scenario's network or a simulation result, through libgraphviz.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Draw a scenario's network or a simulation result (SVG, PNG, PDF or DOT), in-process with Graphviz.",
        discussion: """
            INPUT is a scenario file (the network before any run) or a simulation result directory \
            (summary.json and outcome-graph.json). Without --view the view follows the network's size \
            (network up to 250 actors, then aggregate, then arenas); the choice is reported on stderr. \
            See docs/rendering.md for the visual grammar.

            Examples:
              verbinder render scenarios/katwijk.yaml --out katwijk.svg
              verbinder render results/katwijk --view praatplaat --threshold 0.6 --out praatplaat.png
              verbinder render results/baseline --view compare --against results/intervention --out compare.pdf
            """)

    @Argument(help: "A scenario file (YAML) or a simulation result directory.")
    var input: String

    @Option(help: "network, aggregate, arenas, praatplaat or compare (default: by network size).")
    var view: String?

    @Option(help: "A second result directory, for --view compare.")
    var against: String?

    @Option(help: "svg, png, pdf or dot (default: from --out's extension, else svg).")
    var format: String?

    @Option(help: "dot, neato, fdp or sfdp (default: neato for the network view, dot otherwise; dot draws the arenas as clusters).")
    var layout: String?

    @Option(help: "The output file (default: standard output).")
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
        let primary = try RenderInput.load(path: input)
        let second = try against.map { try RenderInput.load(path: $0) }
        let picture = try Renderer.render(primary, options: options, against: second)
        for warning in picture.warnings { printError("warning: graphviz: \(warning)") }
        if let out {
            try writeAtomically(picture.data, to: out)
            printError("verbinder: \(picture.note) → \(out)")
        } else {
            printError("verbinder: \(picture.note)")
            FileHandle.standardOutput.write(picture.data)
        }
    }
}
