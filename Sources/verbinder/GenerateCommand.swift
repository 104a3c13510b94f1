import ArgumentParser
import Foundation
import VerbinderCore
import VerbinderScenario

/// `verbinder generate`: a synthetic scenario of any size.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a valid synthetic scenario of a municipality of any size (realistic proportions).",
        discussion: """
            The proportions (activity levels, initiatives, partners, officials by function, barrier levels, \
            managers, aldermen) are documented in docs/scenario-format.md.

            Examples:
              verbinder generate --residents 1000000 --neighbourhoods 100 --departments 25 --officials 15000 --connectors 100 --out big.yaml
            """)

    @Option(help: "Residents in all.") var residents: Int
    @Option(help: "Neighbourhoods.") var neighbourhoods: Int
    @Option(help: "Departments.") var departments: Int
    @Option(help: "Officials in all.") var officials: Int
    @Option(help: "Connectors.") var connectors: Int
    @Option(help: "Seed for the sizes drawn and for the scenario's runs.") var seed: UInt64 = 1
    @Option(help: "The scenario file to write (YAML).") var out: String

    func validate() throws {
        let problems = size.problems
        if !problems.isEmpty { throw ValidationError(problems.joined(separator: "; ")) }
    }

    private var size: MunicipalitySize {
        MunicipalitySize(residents: residents, neighbourhoods: neighbourhoods, departments: departments,
                         officials: officials, connectors: connectors, seed: seed)
    }

    func run() throws {
        try checkOutputFile(out)
        let text = ScenarioGenerator.yaml(size)
        _ = try Scenario.parse(yaml: text, file: out)
        try writeAtomically(Data(text.utf8), to: out)
        print("wrote \(out)")
    }
}
