import Foundation
import VerbinderRender
import VerbinderScenario

extension Benchmark {
    /// The aggregate view of the Amsterdam-scale scenario through libgraphviz, in-process.
    static let render = Benchmark(
        name: "render",
        summary: "Renderer: the aggregate view of scenarios/large/amsterdam-scale.yaml (SVG, PNG; neato, dot)"
    ) { report in
        let relative = "scenarios/large/amsterdam-scale.yaml"
        let path = repositoryRoot.appendingPathComponent(relative).path
        let scenario = try Scenario.load(path: path)
        let network = try NetworkGenerator.build(scenario)
        let input = RenderInput(scenario: scenario, network: network, path: relative)
        let runs = 5
        var table = ["| case | time | output | runs |", "|---|---|---|---|"]
        let cases: [(key: String, label: String, options: RenderOptions)] = [
            ("svg", "aggregate view, SVG, `neato` (the default)", RenderOptions(view: .aggregate, format: .svg)),
            ("png", "aggregate view, PNG, `neato` (capped at 3,840 px)", RenderOptions(view: .aggregate, format: .png)),
            ("dot", "aggregate view, SVG, `dot`", RenderOptions(view: .aggregate, format: .svg, layout: .dot)),
        ]
        for item in cases {
            var bytes = 0
            let summary = try repeatMeasured(runs: runs) {
                let run = try Measure.time { try Renderer.render(input, options: item.options) }
                bytes = run.result.data.count
                return ["t": run.seconds]
            }["t"]!
            report.record("render.aggregate.\(item.key)", summary.figures)
            table.append("| \(item.label); network prebuilt | \(summary.seconds) | \(format(Double(bytes) / 1024, 0)) KiB | \(summary.runs) |")
        }
        let endToEnd = try repeatMeasured(runs: 3) {
            let run = try Measure.time {
                let scenario = try Scenario.load(path: path)
                let input = RenderInput(scenario: scenario, network: try NetworkGenerator.build(scenario), path: relative)
                return try Renderer.render(input, options: RenderOptions(view: .aggregate, format: .svg))
            }
            return ["t": run.seconds]
        }["t"]!
        report.record("render.endToEnd", endToEnd.figures)
        table.append("| load + generate the network + aggregate view SVG (what `verbinder render` does, without process start) | \(endToEnd.seconds) | | \(endToEnd.runs) |")
        report.section("Rendering: the aggregate view of `\(relative)`", [
            "`Renderer.render` (VerbinderRender, in-process libgraphviz) of `RenderInput(scenario:network:)` with "
                + "`RenderOptions(view: .aggregate)`: aggregate the \(grouped(network.graph.nodeCount))-actor network into groups, "
                + "lay it out and write the file into memory. Median (min – max) after one warm-up run.",
            "",
        ] + table)
    }
}
