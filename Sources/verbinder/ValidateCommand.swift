import ArgumentParser
import Foundation
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
            requests from or to them. A scenario whose estimated memory exceeds the limit (80% of this \
            machine's memory, or --max-memory) is valid, with a warning on stderr giving the estimate and the \
            limit: simulate, sweep, inspect, analyze and render would refuse it on this machine.

            Examples:
              verbinder validate scenarios/katwijk.yaml scenarios/profiles/*.yaml
            """)

    @Argument(help: "Scenario files (YAML).")
    var files: [String]

    @Option(help: ArgumentHelp("The memory limit to check the scenarios' estimates against, e.g. 64GB (default: 80% of this machine's).",
                               valueName: "SIZE"))
    var maxMemory: String?

    func validate() throws {
        if files.isEmpty { throw ValidationError("Give at least one scenario file.") }
        if let maxMemory, MemoryBudget.parseSize(maxMemory) == nil {
            throw ValidationError("--max-memory expects a size such as 8GB or 512MB, got '\(maxMemory)'.")
        }
    }

    func run() throws {
        if let maxMemory { setenv("VERBINDER_MAX_MEMORY", maxMemory, 1) }
        var problems: [Diagnostic] = []
        for file in files {
            do {
                let scenario = try Scenario.load(path: file)
                let excess = MemoryBudget.excess(scenario)
                // The network files are read while the network is built, and building refuses a scenario too large.
                if scenario.network != nil && excess == nil { _ = try NetworkGenerator.build(scenario) }
                print("\(file): valid (\(scenario.name))")
                if let excess {
                    printError("warning: \(file): \(excess), so simulate, sweep, inspect, analyze and render will refuse it: "
                               + MemoryBudget.advice)
                }
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
