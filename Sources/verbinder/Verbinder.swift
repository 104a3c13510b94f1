import ArgumentParser
import Foundation
import VerbinderCore
import VerbinderRender

/// The `verbinder` command: stakeholder network analysis and simulation for neighbourhood connectors.
struct Verbinder: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verbinder",
        abstract: "Stakeholder network analysis and simulation of neighbourhood connectors (wijkverbinders).",
        discussion: """
            Verbinder represents residents, officials, departments, partners, aldermen and connectors as a \
            graph across three arenas, simulates connection attempts under positioning, capacity and \
            escalation policies, and analyses the network.

            Examples:
              verbinder validate scenarios/*.yaml
              verbinder inspect scenarios/katwijk.yaml
            """,
        version: "verbinder \(verbinderVersion) (Graphviz \(Graphviz.version))",
        subcommands: [ValidateCommand.self, InspectCommand.self, GenerateCommand.self, SimulateCommand.self, RenderCommand.self, AnalyzeCommand.self, ExportCommand.self, SweepCommand.self, MergeCommand.self, SlurmCommand.self, CompareCommand.self, ResultsCommand.self, ReportCommand.self, ModelCommand.self, SensitivityCommand.self, CalibrateCommand.self, PatternsCommand.self, OddCommand.self, OptionsCommand.self, ServeCommand.self]
    )
}

/// Runs the command line; bad input of any kind exits with status 2 and a message on stderr.
@main
enum Main {
    static func main() async {
        MemoryReuse.keepFreedBuffers()
        do {
            var command = try Verbinder.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as InputError {
            // Values the libraries name (`<metrics>`) came from the option of that name.
            printError(error.renamingValues { "--" + $0 }.description)
            exit(2)
        } catch let code as ExitCode {
            exit(code.rawValue)
        } catch {
            let code = Verbinder.exitCode(for: error)
            if code == .success {
                print(Verbinder.fullMessage(for: error))
                exit(0)
            }
            printError(Verbinder.fullMessage(for: error))
            exit(2)
        }
    }
}

/// Writes a line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
