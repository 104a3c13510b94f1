import ArgumentParser
import Foundation
import VerbinderCore
import VerbinderScenario
import VerbinderSupport

/// `verbinder inspect`: what a scenario's network holds.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show a scenario's network: nodes by kind and arena, edges by kind, degrees, connectors.",
        discussion: """
            Examples:
              verbinder inspect scenarios/katwijk.yaml
              verbinder inspect scenarios/large/residents-100k.yaml --format json
            """)

    @Argument(help: "A scenario file (YAML).")
    var file: String

    @Option(help: "Output format: text or json.")
    var format: SummaryFormat = .text

    func run() throws {
        let scenario = try Scenario.load(path: file)
        let summary = NetworkSummary(scenario: scenario, network: try NetworkGenerator.build(scenario))
        switch format {
        case .json: print(try jsonText(summary))
        case .text: print(Self.text(summary))
        }
    }

    static func text(_ summary: NetworkSummary) -> String {
        var lines = ["Scenario: \(summary.scenario)", "Nodes: \(summary.nodes)   Edges: \(summary.edges)", ""]
        lines += textTable(["kind", "nodes"], summary.nodesByKind.filter { $0.count > 0 }.map { [$0.name, String($0.count)] })
        lines.append("")
        lines += textTable(["arena", "nodes"], summary.nodesByArena.map { [$0.name, String($0.count)] })
        lines.append("")
        lines += textTable(["edge kind", "edges"], summary.edgesByKind.map { [$0.name, String($0.count)] })
        lines.append("")
        lines += textTable(["degree (in+out)", "nodes", "min", "median", "mean", "max"], summary.degrees.map {
            [$0.group, String($0.nodes), String($0.min), formatNumber($0.median, .fixed(1)), formatNumber($0.mean, .fixed(2)), String($0.max)]
        })
        lines.append("")
        lines += textTable(["connector", "home department", "cluster", "hours/week", "neighbourhoods"], summary.connectors.map {
            [$0.name, $0.homeDepartment, $0.cluster, formatNumber($0.hoursPerWeek, .fixed(1)), $0.neighbourhoods.joined(separator: ", ")]
        })
        return lines.joined(separator: "\n")
    }
}

/// Text or JSON.
enum SummaryFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}
