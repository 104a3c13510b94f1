import Foundation
import Testing
import VerbinderTestSupport

/// What a new user hits first: output folders that do not exist yet, pictures on a terminal, networks from
/// other tools, sweeps over run settings, long analyses, scenarios with network files.
@Suite("inputs and outputs on the command line")
struct InputOutputCommandTests {
    @Test("simulate --out creates missing parent directories")
    func simulateCreatesParents() throws {
        let folder = try TemporaryFolder.make()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out/deeper/katwijk").path
        let result = try VerbinderBinary.run(["simulate", "scenarios/katwijk.yaml", "--replications", "1", "--weeks", "2", "--out", out])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: out + "/summary.json"))
    }

    @Test("render without --out: standard output when it is a pipe, a file named after the input on a terminal")
    func renderDefaultOutput() throws {
        let piped = try VerbinderBinary.run(["render", "examples/edges.csv", "--nodes", "examples/nodes.csv"])
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.stdout.hasPrefix("<?xml") && piped.stdout.contains("Wijkverbinder Noord"))  // labels name the nodes

        // `script` gives the command a terminal as standard output.
        let folder = try TemporaryFolder.make()
        defer { try? FileManager.default.removeItem(at: folder) }
        let edges = Repository.root.appendingPathComponent("examples/edges.csv").path
        let nodes = Repository.root.appendingPathComponent("examples/nodes.csv").path
        let command = [try VerbinderBinary.path(), "render", edges, "--nodes", nodes].map { "'\($0)'" }.joined(separator: " ")
        let terminal = try ProcessRunner.run("/usr/bin/script", ["-qec", command, "/dev/null"], in: folder)
        #expect(terminal.status == 0, "\(terminal.stdout)")
        #expect(!terminal.stdout.contains("<svg"))
        #expect(terminal.stdout.contains("→ edges.svg (standard output is a terminal"))
        let written = try String(contentsOf: folder.appendingPathComponent("edges.svg"), encoding: .utf8)
        #expect(written.contains("<svg"))
    }

    @Test("render draws a GraphML network")
    func renderGraphML() throws {
        let folder = try TemporaryFolder.make()
        defer { try? FileManager.default.removeItem(at: folder) }
        let graphML = folder.appendingPathComponent("net.graphml").path
        let exported = try VerbinderBinary.run(["export", "examples/edges.csv", "--nodes", "examples/nodes.csv", "--out", graphML])
        #expect(exported.status == 0, "\(exported.stderr)")
        let svg = folder.appendingPathComponent("net.svg").path
        let result = try VerbinderBinary.run(["render", graphML, "--out", svg])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try String(contentsOfFile: svg, encoding: .utf8).contains("Bewonersvereniging Noord"))
    }

    @Test("sweep refuses run settings as factors, saying why", arguments: ["run.weeks=13,52", "run.seed=1,2", "run.replications=2,3"])
    func sweepRefusesRunSettings(vary: String) throws {
        let folder = try TemporaryFolder.make()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("sweep").path
        let result = try VerbinderBinary.run(["sweep", "scenarios/katwijk.yaml", "--vary", vary, "--out", out])
        #expect(result.status == 2)
        let key = String(vary.prefix { $0 != "=" })
        #expect(result.stderr.contains("\(key) cannot be varied: every arm"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test("analyze warns before exact betweenness and closeness that will take long")
    func analyzeWarnsOfCost() throws {
        // A small, cheap analysis: no warning.
        let small = try VerbinderBinary.run(["analyze", "examples/edges.csv", "--nodes", "examples/nodes.csv", "--metrics", "degree"])
        #expect(small.status == 0 && !small.stderr.contains("warning"), "\(small.stderr)")
        // Katwijk's 67,087 nodes and 139,370 edges: exact closeness takes minutes. The warning comes before any
        // work; the test waits for it and stops the run.
        let folder = try TemporaryFolder.make()
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = folder.appendingPathComponent("log")
        let process = try VerbinderBinary.start(["analyze", "scenarios/katwijk.yaml", "--metrics", "closeness", "--threads", "1"], log: log)
        // SIGKILL: a child of the test runner may inherit a blocked SIGTERM.
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) }; process.waitUntilExit() }
        let warned = waitUntil(timeout: 300) {
            (try? String(contentsOf: log, encoding: .utf8))?.contains("leaves them out") ?? false
        }
        kill(process.processIdentifier, SIGKILL)
        #expect(warned)
        let text = try String(contentsOf: log, encoding: .utf8)
        #expect(text.contains("warning: exact closeness on 67087 nodes and 139370 edges: about 9.3e+09 steps"), "\(text)")
        // Sampled betweenness alone is cheap: no warning.
        let sampled = try VerbinderBinary.run(["analyze", "scenarios/katwijk.yaml", "--metrics", "degree,betweenness", "--sample", "2", "--threads", "1"])
        #expect(sampled.status == 0, "\(sampled.stderr)")
        #expect(!sampled.stderr.contains("warning"))
    }

    @Test("validate says that actors in a scenario's network files are structure only")
    func validateNotesNetworkFiles() throws {
        let folder = try TemporaryFolder.make()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try String(contentsOf: Repository.root.appendingPathComponent("scenarios/katwijk.yaml"), encoding: .utf8)
        try Data("id,kind\nBuurtvereniging,residentGroup\n".utf8).write(to: folder.appendingPathComponent("nodes.csv"))
        try Data("source,target\nBuurtvereniging,Buurtvereniging\n".utf8).write(to: folder.appendingPathComponent("edges.csv"))
        let path = folder.appendingPathComponent("with-network.yaml")
        try Data((scenario + "\nnetwork: {nodes: nodes.csv, edges: edges.csv}\n").utf8).write(to: path)
        let result = try VerbinderBinary.run(["validate", path.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("structure only"))
        #expect(result.stdout.contains("sends no requests from or to them"))
    }

    @Test("a workbook: --sheet NAME, a missing sheet and a file that is not a workbook exit 2 with a clear message")
    func workbookErrors() throws {
        let ok = try VerbinderBinary.run(["analyze", "examples/network.xlsx", "--sheet", "edges", "--nodes", "examples/network.xlsx",
                                          "--metrics", "degree", "--format", "csv"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.hasPrefix("id,label,degree\nwv1,Wijkverbinder Noord,7\n"))
        let missing = try VerbinderBinary.run(["analyze", "examples/network.xlsx", "--sheet", "Blad1"])
        #expect(missing.status == 2 && missing.stdout.isEmpty)
        #expect(missing.stderr == "examples/network.xlsx: error: no sheet named 'Blad1' (the workbook's sheets: edges, nodes)\n")
        let folder = try TemporaryFolder.make()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fake = folder.appendingPathComponent("fake.xlsx")
        try Data("source,target\na,b\n".utf8).write(to: fake)
        let notZip = try VerbinderBinary.run(["analyze", fake.path])
        #expect(notZip.status == 2)
        #expect(notZip.stderr == "\(fake.path): error: not an Excel workbook (.xlsx): the file is not a zip archive\n")
    }
}
