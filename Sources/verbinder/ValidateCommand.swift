import ArgumentParser
import VerbinderCore
import VerbinderScenario

/// `verbinder validate`: checks scenario files and reports every problem.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check scenario files; report every problem with file, line, column and key path.",
        discussion: """
            Exits 0 when all files are valid, 2 otherwise (all problems of all files are listed). A scenario with \
            network files (CSV) gets a note that their actors are structure only: the simulation sends no \
            requests from or to them.

            Examples:
              verbinder validate scenarios/katwijk.yaml scenarios/profiles/*.yaml
            """)

    @Argument(help: "Scenario files (YAML).")
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("Give at least one scenario file.") }
    }

    func run() throws {
        var problems: [Diagnostic] = []
        for file in files {
            do {
                let scenario = try Scenario.load(path: file)
                if scenario.network != nil { _ = try NetworkGenerator.build(scenario) }
                print("\(file): valid (\(scenario.name))")
                if let files = scenario.network {
                    let names = ([files.nodes].compactMap { $0 } + [files.edges]).joined(separator: ", ")
                    print("  note: the network files (\(names)) are structure only: their actors are analysed, drawn and exported, "
                        + "but the simulation sends no requests from or to them (a connector's tie to an official sets its starting trust "
                        + "in that department); see docs/scenario-format.md")
                }
            } catch let error as InputError {
                problems += error.diagnostics
            }
        }
        if !problems.isEmpty { throw InputError(problems) }
    }
}
