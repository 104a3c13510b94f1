import ArgumentParser
import Foundation
import VerbinderCore
import VerbinderRender
import VerbinderScenario
import VerbinderSimulation
import VerbinderSupport

/// `verbinder simulate`: connection attempts under a scenario's policies.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Simulate connection attempts under a scenario's positioning, capacity and escalation policies.",
        discussion: """
            Prints the praatplaat (4 roles × 2 directions), the outcomes and the connectors' workload. With --out, \
            also writes summary.json, summary.csv, outcome-graph.json and timeseries.csv to the directory \
            (created with its missing parents), all or nothing. Same scenario and seed give byte-identical \
            output on any number of threads.

            Examples:
              verbinder simulate scenarios/katwijk.yaml --out out/katwijk --render
              verbinder simulate scenarios/katwijk.yaml --seed 7 --format json --out out/katwijk-7
            """)

    @Argument(help: "A scenario file (YAML).")
    var scenario: String

    @Option(help: "Seed for the network and all random streams (default: the scenario's run.seed).")
    var seed: UInt64?

    @Option(help: "Number of replications (default: the scenario's run.replications).")
    var replications: Int?

    @Option(help: "Simulated weeks (default: the scenario's run.weeks).")
    var weeks: Int?

    @Option(help: "Worker threads for replications (default: all cores). Results do not depend on it.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Directory to write the result files to.")
    var out: String?

    @Option(help: "Summary format on stdout: text, json or csv.")
    var format: OutputFormat = .text

    @Option(help: ArgumentHelp("The most memory the run may use, e.g. 64GB (default: 80% of this machine's); larger scenarios are refused before they are built.",
                               valueName: "SIZE"))
    var maxMemory: String?

    @Flag(help: "Also draw network.svg and praatplaat.svg next to the results (needs --out).")
    var render = false

    func validate() throws {
        if let replications, !(1 ... 10_000).contains(replications) {
            throw ValidationError("--replications must be between 1 and 10000 (as run.replications in a scenario).")
        }
        if let maxMemory, MemoryBudget.parseSize(maxMemory) == nil {
            throw ValidationError("--max-memory expects a size such as 8GB or 512MB, got '\(maxMemory)'.")
        }
        if let weeks, weeks < 1 || weeks > 520 { throw ValidationError("--weeks must be between 1 and 520.") }
        if threads < 1 { throw ValidationError("--threads must be at least 1.") }
        if render && out == nil { throw ValidationError("--render needs --out DIR to write the pictures to.") }
    }

    func run() throws {
        if let out { try checkOutputLocation(out) }
        if let maxMemory { setenv("VERBINDER_MAX_MEMORY", maxMemory, 1) }
        let loaded = try Scenario.load(path: scenario)
        let progress = ProgressBar("simulating")
        let result = try Simulator.run(loaded, options: SimulationOptions(
            seed: seed, replications: replications, weeks: weeks, threads: threads,
            progress: { progress.update($0, of: $1) }))
        progress.finish()
        if let out {
            try createParentDirectories(of: out)
            try result.write(to: out)
        }
        switch format {
        case .json: FileHandle.standardOutput.write(try jsonData(result.summary))
        case .csv: print(result.summaryCSV, terminator: "")
        case .text: print(Self.text(result))
        }
        if let out, render {
            let input = try RenderInput(summary: result.summary, outcome: result.outcomeGraph, path: out)
            for path in try Renderer.renderResultPictures(input, into: out) { printError("wrote \(path)") }
        }
    }

    /// The most connectors the text summary lists; beyond it, the busiest are listed.
    static let connectorRowsShown = 20

    static func text(_ run: SimulationRun) -> String {
        let summary = run.summary
        let reproduction = summary.reproduction
        var lines = ["\(summary.scenario): \(reproduction.replications) replications × \(reproduction.weeks) weeks, seed \(reproduction.seed)", ""]
        lines.append("Praatplaat: share of connection attempts through the connector that ended connected")
        lines += textTable(["role", "direction", "attempts", "rate", "mean", "95% CI"],
                       ConnectorRole.allCases.flatMap { role in
                           RequestDirection.allCases.map { direction in
                               let cell = summary.praatplaat[role, direction]
                               return [role.name, direction.name, String(cell.attempts), formatNumber(cell.rate, .percent(1), missing: "–"), formatNumber(cell.mean, .percent(1), missing: "–"),
                                       cell.ci95.map { "\(formatNumber($0[0], .percent(1), missing: "–"))–\(formatNumber($0[1], .percent(1), missing: "–"))" } ?? "–"]
                           }
                       })
        lines.append("")
        lines.append("Outcomes (summed over replications)")
        lines += textTable(["outcome", "count"], run.outcomeRows.map { [$0.0, $0.1] })
        lines.append("")
        var connectors = summary.connectors
        if connectors.count > connectorRowsShown {
            // A large municipality's table would scroll away the rest: show the busiest, and say where all are.
            func load(_ utilisation: Double) -> Double { utilisation.isNaN ? -1 : utilisation }
            connectors = connectors.enumerated()
                .sorted { (load($0.element.utilisation), $1.offset) > (load($1.element.utilisation), $0.offset) }
                .prefix(connectorRowsShown).map(\.element)
            lines.append("The \(connectorRowsShown) busiest of \(summary.connectors.count) connectors (every connector: summary.csv in --out, or --format csv)")
        }
        lines += textTable(["connector", "utilisation", "overload weeks", "mean queue", "escalations"], connectors.map {
            [$0.name, formatNumber($0.utilisation, .percent(1), missing: "–"), formatNumber($0.overloadWeeks, .fixed(1)), formatNumber($0.meanQueueLength, .fixed(1)), formatNumber($0.escalations, .fixed(1))]
        })
        let network = summary.network
        lines.append("")
        lines.append("Trust of departments in the connectors: \(formatNumber(network.trustBefore, .fixed(2))) → \(formatNumber(network.trustAfter, .fixed(2))); "
            + "bridges built per run: \(formatNumber(network.tiesCreated.first?.count ?? 0, .fixed(1)))")
        return lines.joined(separator: "\n")
    }
}

/// Text, JSON or CSV.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
    case csv
}
