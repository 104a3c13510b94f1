import ArgumentParser
import Foundation
import VerbinderScenario
import VerbinderSupport

/// `verbinder model`: the simulation model's parameter catalogue.
struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "List the simulation model's parameters: default, plausible range, allowed values, unit, provenance.",
        discussion: """
            Every parameter can be set in a scenario's `model:` section; `group.member` names are nested \
            there (`cooperationBase: {fixer: 0.9}`). docs/model.md explains each mechanism.

            Example:
              verbinder model --parameters
              verbinder model --parameters --format json
            """)

    @Flag(help: "List every parameter.")
    var parameters = false

    @Option(help: "Output format: text or json.")
    var format: SummaryFormat = .text

    func validate() throws {
        if !parameters { throw ValidationError("Say what to list: --parameters.") }
    }

    func run() throws {
        let entries = ModelParameters.catalogue.map(CatalogueEntry.init)
        switch format {
        case .json: print(try jsonText(entries))
        case .text: print(textTable(["parameter", "default", "range", "domain", "unit", "provenance"], entries.map {
            [$0.name, formatNumber($0.defaultValue, .significant), "\(formatNumber($0.range[0], .significant))..\(formatNumber($0.range[1], .significant))",
             "\(formatNumber($0.domain[0], .significant))..\(formatNumber($0.domain[1], .significant))", $0.unit, $0.provenance]
        }).joined(separator: "\n"))
        }
    }
}

/// A catalogue entry as JSON.
private struct CatalogueEntry: Encodable {
    var name: String
    var summary: String
    var unit: String
    var defaultValue: Double
    var range: [Double]
    var domain: [Double]
    var provenance: String

    init(_ parameter: ModelParameter) {
        name = parameter.name
        summary = parameter.summary
        unit = parameter.unit
        defaultValue = parameter.defaultValue
        range = [parameter.range.lowerBound, parameter.range.upperBound]
        domain = [parameter.domain.lowerBound, parameter.domain.upperBound]
        provenance = parameter.provenance
    }
}
