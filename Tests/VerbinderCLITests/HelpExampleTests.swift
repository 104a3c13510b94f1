import Foundation
import Testing
import VerbinderTestSupport

/// Every example in every `--help` runs as printed, from a fresh copy of the shipped files: the root help's
/// examples first, then each command's in the order the root help lists the commands (so `render out/katwijk`
/// finds the directory the `simulate` example wrote, as it would for a reader going through the help).
@Suite("help examples run as printed", .serialized)
struct HelpExampleTests {
    /// The terminal width the help is read at: an example must fit on one line of it.
    static let width = 100
    /// Commands whose example cannot fit ``width`` columns, with the reason (read at a wider terminal).
    static let wideExamples: [String: String] = [
        "generate": "all five sizes are required options",
        "options": "each option is a --try",
        "sensitivity": "a study names its scenario, method, design and output; a sharded one its shard",
        "calibrate": "a calibration names its scenario, observations, particles and output",
        "slurm calibrate": "a calibration names its scenario, observations, method, particles, shards and output",
    ]
    /// Commands whose examples are not run, with the reason; their examples are still whole lines that name
    /// files that exist. Every other command, including any added later, is run.
    static let notRun: [String: String] = [
        "serve": "a server runs until it is stopped",
        "sensitivity": "its examples span lines and take minutes (Sobol' with 256 samples)",
        "calibrate": "its example spans lines and takes minutes (200 particles)",
        "patterns": "--robust 50 runs every finding on 50 parameter samples (many minutes)",
    ]

    /// A command's help text (`command` may name a subcommand, e.g. `slurm sensitivity`), rendered at ``width``
    /// columns (wider for ``wideExamples``).
    static func help(_ command: String?) throws -> String {
        let columns = command.map { wideExamples[$0] == nil ? width : 250 } ?? width
        let words = command.map { $0.split(separator: " ").map(String.init) } ?? []
        let result = try VerbinderBinary.run(words + ["--help"], environment: ["COLUMNS": String(columns)])
        #expect(result.status == 0, "\(command ?? "verbinder") --help: \(result.stderr)")
        return result.stdout
    }

    /// The subcommands in the order the root help lists them, each followed by its own subcommands
    /// (`slurm`, `slurm sweep`, `slurm sensitivity`, ...).
    static func commands() throws -> [String] {
        try subcommands(of: nil).flatMap { command in [command] + (try subcommands(of: command)).map { "\(command) \($0)" } }
    }

    /// The subcommands a help text lists under SUBCOMMANDS, in order.
    static func subcommands(of command: String?) throws -> [String] {
        var names: [String] = []
        var inSection = false
        for line in try help(command).split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("SUBCOMMANDS:") { inSection = true; continue }
            guard inSection else { continue }
            if line.isEmpty { break }
            if line.hasPrefix("  "), !line.hasPrefix("   "), let name = line.split(separator: " ").first { names.append(String(name)) }
        }
        return names
    }

    /// The lines of the example blocks of a help text: from a line `Example:` or `Examples ...:` to the next
    /// empty line.
    static func exampleLines(_ help: String) -> [String] {
        var lines: [String] = []
        var inBlock = false
        for line in help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("Example") && trimmed.hasSuffix(":") { inBlock = true; continue }
            if trimmed.isEmpty { inBlock = false; continue }
            if inBlock { lines.append(line) }
        }
        return lines
    }

    /// Every command with its examples: the root's first (as `""`), then the commands in listed order.
    static func examples() throws -> [(command: String, lines: [String])] {
        try [("", exampleLines(try help(nil)))] + commands().map { ($0, exampleLines(try help($0))) }
    }

    @Test("every example is one whole command line that fits the terminal")
    func examplesAreWholeLines() throws {
        let all = try Self.examples()
        #expect(all.count > 10)
        for (command, lines) in all {
            #expect(!lines.isEmpty, "verbinder \(command) --help has no example")
            for line in lines {
                #expect(line.hasPrefix("  verbinder "), "verbinder \(command) --help: '\(line)' is not a command (wrapped or continued?)")
                #expect(!line.hasSuffix("\\"), "verbinder \(command) --help: '\(line)' is continued on the next line")
                if Self.wideExamples[command] == nil {
                    #expect(line.count <= Self.width - 1, "verbinder \(command) --help: '\(line)' is wider than \(Self.width - 1) columns")
                }
            }
        }
    }

    @Test("examples that are not run name shipped files that exist")
    func examplesNotRunNameExistingFiles() throws {
        for (command, lines) in try Self.examples() where Self.notRun[command] != nil {
            for line in lines {
                let arguments = line.split(separator: " ").map(String.init)
                for (index, argument) in arguments.enumerated()
                where (argument.hasPrefix("scenarios/") || argument.hasPrefix("examples/")) && arguments[max(index - 1, 0)] != "--out" {
                    let path = Repository.root.appendingPathComponent(argument).path
                    #expect(FileManager.default.fileExists(atPath: path), "verbinder \(command) --help names \(argument), which does not exist")
                }
            }
        }
    }

    @Test("every example exits 0 in a fresh copy of the shipped scenarios and examples")
    func examplesRun() throws {
        let folder = try TemporaryFolder.make("verbinder-help-examples")
        defer { try? FileManager.default.removeItem(at: folder) }
        for shipped in ["scenarios", "examples"] {
            try FileManager.default.copyItem(at: Repository.root.appendingPathComponent(shipped),
                                             to: folder.appendingPathComponent(shipped))
        }
        let binary = try VerbinderBinary.path()
        let directory = URL(fileURLWithPath: binary).deletingLastPathComponent().path
        let path = directory + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        #expect(URL(fileURLWithPath: binary).lastPathComponent == "verbinder")
        for (command, lines) in try Self.examples() where Self.notRun[command] == nil {
            for line in lines {
                let commandLine = line.trimmingCharacters(in: .whitespaces)
                let result = try ProcessRunner.run("/bin/sh", ["-c", commandLine], in: folder, environment: ["PATH": path])
                #expect(result.status == 0, "verbinder \(command) --help example failed: \(commandLine)\n\(result.stderr)")
            }
        }
    }
}
