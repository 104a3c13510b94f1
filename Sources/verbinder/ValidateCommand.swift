import ArgumentParser
import VerbinderCore
import VerbinderScenario

/// `verbinder validate`: checks scenario files and reports every problem.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check scenario files; report every problem with file, line, column and key path.",
        discussion: """
            Exits 0 when all files are valid, 2 otherwise (all problems of all files are listed).

            Example:
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
            } catch let error as InputError {
                problems += error.diagnostics
            }
        }
        if !problems.isEmpty { throw InputError(problems) }
    }
}
