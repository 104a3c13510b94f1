import ArgumentParser
import Foundation
import VerbinderCore
import VerbinderExperiments
import VerbinderSimulation
import VerbinderSupport

/// `verbinder options`: the mengpaneel's decision table on the command line.
struct OptionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "options",
        abstract: "Compare options for a scenario with its baseline: the mengpaneel's decision table.",
        discussion: """
            Each --try is one option, simulated with the scenario's seed and replications, so replication k of \
            the option and of the baseline draw the same arrivals (common random numbers): every difference is \
            paired, with a 95% confidence interval, and each table ends with a one-sentence verdict on residents \
            helped and connector hours. An option is one or more changes joined by '+':
              KIND or KIND@WEEK          an intervention from week 0 or WEEK (transitionManager, internalPublicity,
                                         documentedRole, repositioning, consultationInclusion)
              SLIDER=LEVEL               a slider (internalPositioning, internalProcess, residents, politics,
                                         communication) to low, mid or high
              profile:NAME               all five sliders of a Platform31 profile
              connector:WIJK[,WIJK]:H    an extra connector for those neighbourhoods with H hours per week
              hours:CONNECTOR=H          a connector's hours per week
              remove:CONNECTOR           take a connector away
              escalation:ROUTE           none, teamManager, clusterManager or alderman
              trigger:T, reluctance:P, triage:POLICY

            Example:
              verbinder options scenarios/katwijk.yaml --try repositioning --try 'connector:Katwijk-Noord:36' --try internalPublicity
              verbinder options scenarios/katwijk.yaml --try 'residents=high+escalation:alderman' --format csv
            """)

    @Argument(help: "The scenario file.")
    var scenario: String

    @Option(name: .customLong("try"), help: "An option to compare with the baseline (repeatable).")
    var tries: [String] = []

    @Option(help: "Replications for the baseline and every option (default: the scenario's run.replications).")
    var replications: Int?

    @Option(help: "Language of the table and verdict: en or nl.")
    var language: String = "en"

    @Option(help: "text, csv or json.")
    var format: String = "text"

    func validate() throws {
        if tries.isEmpty { throw ValidationError("give at least one --try, e.g. --try repositioning.") }
        if let replications, !(2 ... 1000).contains(replications) { throw ValidationError("--replications must be between 2 and 1000.") }
        if TableLanguage(rawValue: language) == nil { throw ValidationError("--language must be en or nl.") }
        if !["text", "csv", "json"].contains(format) { throw ValidationError("--format must be text, csv or json.") }
    }

    func run() throws {
        let text = try readText(at: scenario)
        let tables = try OptionComparison.tables(scenarioText: text, file: scenario, options: tries.map(OptionExpression.init),
                                                 replications: replications, language: TableLanguage(rawValue: language) ?? .en)
        switch format {
        case "csv":
            print(tables.enumerated().map { index, table in
                let lines = table.csv.split(separator: "\n", omittingEmptySubsequences: false)
                let body = lines.dropFirst().filter { !$0.isEmpty }.map { csvField(table.optionLabel) + "," + $0 }
                return (index == 0 ? ["option," + lines[0]] : []) + body
            }.flatMap { $0 }.joined(separator: "\n"))
        case "json":
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(tables), as: UTF8.self))
        default:
            print(tables.map(\.text).joined(separator: "\n"), terminator: "")
        }
    }
}
