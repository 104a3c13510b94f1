import Foundation
import VerbinderTestSupport
import Testing

/// The command-line contract, end to end, on the built binary (see ``VerbinderBinary``).
@Suite("verbinder command line")
struct CLITests {
    @Test("the binary under test exists")
    func binaryExists() throws {
        let path = try VerbinderBinary.path()
        #expect(FileManager.default.isExecutableFile(atPath: path))
    }

    @Test("validate accepts every shipped scenario", arguments: Repository.shippedScenarios)
    func validateShipped(path: String) throws {
        let result = try VerbinderBinary.run(["validate", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        #expect(result.stdout.hasPrefix("\(path): valid ("))
    }

    @Test("validate takes several files at once")
    func validateSeveral() throws {
        let files = Repository.shippedScenarios.filter { !$0.hasPrefix("scenarios/large/") }
        #expect(files.count >= 9)
        let result = try VerbinderBinary.run(["validate"] + files)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").count == files.count)
    }

    @Test("validate rejects a bad file: exit 2, every problem on stderr, nothing on stdout")
    func validateBad() throws {
        let file = try TemporaryFolder.file("bad.yaml", """
            name: Bad
            neighbourhoods: [{name: Noord, residents: -1}]
            departments: [{name: Wijkzaken}]
            connectors: [{name: V, homeDepartment: Wijkzaken, neighbourhoods: [Nord]}]
            """)
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let result = try VerbinderBinary.run(["validate", file.path])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == """
            \(file.path):2:43: error: neighbourhoods[0].residents: -1 is out of range: expected 0 to 50000000
            \(file.path):4:68: error: connectors[0].neighbourhoods[0]: unknown neighbourhood 'Nord' (did you mean 'Noord'?)

            """)
        #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("Stack"))
    }

    @Test("validate reports the problems of all files; a missing file is one of them")
    func validateMixed() throws {
        let bad = try TemporaryFolder.file("bad.yaml", "name: [x\n")
        defer { try? FileManager.default.removeItem(at: bad.deletingLastPathComponent()) }
        let result = try VerbinderBinary.run(["validate", "scenarios/katwijk.yaml", bad.path, "no/such/file.yaml"])
        #expect(result.status == 2)
        #expect(result.stdout == "scenarios/katwijk.yaml: valid (Katwijk)\n")
        #expect(result.stderr == """
            \(bad.path):2:1: error: invalid YAML: while parsing a flow sequence: did not find expected ',' or ']'
            no/such/file.yaml: error: no such file

            """)
    }

    @Test("validate warns, and still accepts, a scenario whose memory estimate exceeds the limit")
    func validateWarnsAboutMemory() throws {
        let file = try TemporaryFolder.file("big.yaml", """
            name: Groot
            neighbourhoods: [{name: Noord, residents: 2000000}]
            departments: [{name: Wijkzaken, officials: {policy: 10}}]
            """)
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let tight = try VerbinderBinary.run(["validate", file.path, "--max-memory", "100MB"])
        #expect(tight.status == 0, "\(tight.stderr)")
        #expect(tight.stdout == "\(file.path): valid (Groot)\n")
        #expect(tight.stderr.hasPrefix("warning: \(file.path): the scenario needs about "))
        #expect(tight.stderr.contains("(2000000 residents, 10 officials), more than the 100 MB allowed"))
        #expect(tight.stderr.contains("--max-memory"))
        // The same limit through the environment (as simulate --max-memory passes it on).
        let environment = try VerbinderBinary.run(["validate", file.path], environment: ["VERBINDER_MAX_MEMORY": "100MB"])
        #expect(environment.status == 0 && environment.stderr == tight.stderr)
        let roomy = try VerbinderBinary.run(["validate", file.path, "--max-memory", "64GB"])
        #expect(roomy.status == 0 && roomy.stderr.isEmpty, "\(roomy.stderr)")
        let bad = try VerbinderBinary.run(["validate", file.path, "--max-memory", "lots"])
        #expect(bad.status == 2 && bad.stderr.contains("--max-memory expects a size"))
    }

    @Test("validate without files is a usage error")
    func validateNothing() throws {
        let result = try VerbinderBinary.run(["validate"])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("Missing expected argument"))
    }

    /// The count named `name` in a JSON list of `{name, count}` objects.
    static func count(_ name: String, in list: Any?) -> Int? {
        (list as? [[String: Any]])?.first { $0["name"] as? String == name }?["count"] as? Int
    }

    @Test("inspect --format json: valid JSON with the scenario's counts")
    func inspectJSON() throws {
        let result = try VerbinderBinary.run(["inspect", "scenarios/maassluis.yaml", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["scenario"] as? String == "Maassluis")
        // Seed 003 Table 1: 35,303 residents in 2 areas, 3 wijkcoördinatoren, 5 aldermen.
        #expect(Self.count("resident", in: json["nodesByKind"]) == 35_303)
        #expect(Self.count("neighbourhood", in: json["nodesByKind"]) == 2)
        #expect(Self.count("connector", in: json["nodesByKind"]) == 3)
        #expect(Self.count("alderman", in: json["nodesByKind"]) == 5)
        let nodes = try #require(json["nodes"] as? Int)
        let edges = try #require(json["edges"] as? Int)
        let byKind = try #require(json["nodesByKind"] as? [[String: Any]]).compactMap { $0["count"] as? Int }
        let byArena = try #require(json["nodesByArena"] as? [[String: Any]]).compactMap { $0["count"] as? Int }
        let edgesByKind = try #require(json["edgesByKind"] as? [[String: Any]]).compactMap { $0["count"] as? Int }
        #expect(byKind.reduce(0, +) == nodes)
        #expect(byArena.reduce(0, +) == nodes)
        #expect(edgesByKind.reduce(0, +) == edges)
        #expect(Self.count("assignedTo", in: json["edgesByKind"]) == 4) // Wijk op Maat covers both areas
        let connectors = try #require(json["connectors"] as? [[String: Any]])
        #expect(connectors.map { $0["name"] as? String } == ["Wijkcoördinator Oost", "Wijkcoördinator West",
                                                              "Wijkcoördinator Wijk op Maat"])
        let degrees = try #require(json["degrees"] as? [[String: Any]])
        #expect(degrees.first?["group"] as? String == "all")
        #expect(degrees.first?["nodes"] as? Int == nodes)
    }

    @Test("inspect output is byte-identical across processes")
    func inspectDeterministic() throws {
        let first = try VerbinderBinary.run(["inspect", "scenarios/den-helder.yaml", "--format", "json"])
        let second = try VerbinderBinary.run(["inspect", "scenarios/den-helder.yaml", "--format", "json"])
        #expect(first.status == 0)
        #expect(first.stdout == second.stdout)
        let text = try VerbinderBinary.run(["inspect", "scenarios/den-helder.yaml"])
        let textAgain = try VerbinderBinary.run(["inspect", "scenarios/den-helder.yaml"])
        #expect(text.stdout == textAgain.stdout)
    }

    @Test("inspect as text shows counts and the connectors with their neighbourhoods and department")
    func inspectText() throws {
        let result = try VerbinderBinary.run(["inspect", "scenarios/katwijk.yaml"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "Scenario: Katwijk")
        #expect(lines.contains { $0.hasPrefix("resident ") && $0.hasSuffix(" 66607") })
        for connector in ["Wijkregisseur Zee", "Wijkregisseur Rijn", "Wijkregisseur Rijnsburg"] {
            let row = lines.first { $0.hasPrefix(connector + " ") }
            #expect(row?.contains("Communicatie en Wijkregie") == true, "\(connector)")
        }
        #expect(lines.contains { $0.hasPrefix("Wijkregisseur Zee ") && $0.hasSuffix("Katwijk aan Zee, Valkenburg") })
    }

    @Test("inspect of a bad file exits 2 with the error on stderr only")
    func inspectBad() throws {
        let result = try VerbinderBinary.run(["inspect", "does-not-exist.yaml"])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "does-not-exist.yaml: error: no such file\n")
    }

    @Test("--version prints the version")
    func version() throws {
        let result = try VerbinderBinary.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("verbinder 0.1.0"))
    }

    @Test("the root help lists the commands and shows an example")
    func rootHelp() throws {
        let result = try VerbinderBinary.run(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Example"))
        #expect(Self.subcommands(in: result.stdout).isSuperset(of: ["validate", "inspect"]))
    }

    /// The names listed under SUBCOMMANDS in a help text.
    static func subcommands(in help: String) -> Set<String> {
        var names: Set<String> = []
        var inSection = false
        for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("SUBCOMMANDS:") { inSection = true; continue }
            guard inSection else { continue }
            if line.isEmpty { break }
            // "  name   abstract": a name starts in column 3; wrapped abstracts are indented further.
            if line.hasPrefix("  "), !line.hasPrefix("   "), let name = line.split(separator: " ").first {
                names.insert(String(name))
            }
        }
        return names
    }

    @Test("every command's help has an example")
    func commandHelp() throws {
        let root = try VerbinderBinary.run(["--help"])
        let commands = Self.subcommands(in: root.stdout)
        #expect(!commands.isEmpty)
        for command in commands.sorted() {
            let result = try VerbinderBinary.run([command, "--help"])
            #expect(result.status == 0, "\(command)")
            #expect(result.stdout.contains("Example"), "verbinder \(command) --help has no example")
            #expect(result.stdout.contains("USAGE: verbinder \(command)"), "\(command)")
        }
    }

    @Test("unknown options and bad values are usage errors: exit 2, message on stderr",
          arguments: [["--frobnicate"], ["inspect", "scenarios/katwijk.yaml", "--frobnicate"],
                      ["inspect", "scenarios/katwijk.yaml", "--format", "xml"], ["no-such-command"]])
    func usageErrors(arguments: [String]) throws {
        let result = try VerbinderBinary.run(arguments)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("Error: "))
        #expect(result.stderr.contains("Usage: verbinder"))
    }
}
