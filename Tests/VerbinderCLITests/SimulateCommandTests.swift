import Foundation
import VerbinderTestSupport
import Testing

/// `verbinder simulate` end to end: the JSON contract, result files, determinism across threads, bad input.
@Suite("simulate command")
struct SimulateCommandTests {
    static let scenario = "scenarios/profiles/developing.yaml"

    @Test("JSON summary holds the praatplaat, outcomes, connectors, network and reproduction data")
    func jsonContract() throws {
        let result = try VerbinderBinary.run(["simulate", Self.scenario, "--weeks", "12", "--replications", "3", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let praatplaat = try #require(json["praatplaat"] as? [String: [String: [String: Any]]])
        #expect(Set(praatplaat.keys) == ["fixer", "entrepreneur", "bridgeBuilder", "mediator"])
        for row in praatplaat.values {
            #expect(Set(row.keys) == ["fromResidents", "fromOfficials"])
            for cell in row.values {
                #expect(cell["attempts"] is Int && cell["successes"] is Int)
                #expect(cell.keys.contains("rate") || cell["attempts"] as? Int == 0)
            }
        }
        let outcomes = try #require(json["outcomes"] as? [String: Any])
        for key in ["resolved", "resolvedAfterEscalation", "stranded", "noOwner", "droppedCapacity", "timedOut",
                    "escalationFailed", "direct", "latencyDays"] {
            #expect(outcomes[key] != nil, "outcomes.\(key) missing")
        }
        let connectors = try #require(json["connectors"] as? [[String: Any]])
        #expect(connectors.count == 4)
        let reproduction = try #require(json["reproduction"] as? [String: Any])
        #expect((reproduction["replicationSeeds"] as? [Any])?.count == 3)
        #expect(reproduction["version"] is String)
        #expect(json["resolvedScenario"] is [String: Any])
    }

    @Test("the text summary of a municipality with many connectors lists the busiest 20, busiest first, and says so")
    func manyConnectorsText() throws {
        let folder = try TemporaryFolder.make("verbinder-many-connectors")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = folder.appendingPathComponent("many.yaml").path
        let generated = try VerbinderBinary.run(["generate", "--residents", "20000", "--neighbourhoods", "25", "--departments", "4",
                                                 "--officials", "400", "--connectors", "25", "--out", scenario])
        #expect(generated.status == 0, "\(generated.stderr)")
        let result = try VerbinderBinary.run(["simulate", scenario, "--weeks", "8", "--replications", "1"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("The 20 busiest of 25 connectors"))
        let rows = result.stdout.split(separator: "\n").filter { $0.hasPrefix("Wijkverbinder ") }
        #expect(rows.count == 20)
        let shares = rows.compactMap { row in row.split(separator: " ").first { $0.hasSuffix("%") }.flatMap { Double($0.dropLast()) } }
        #expect(shares.count == 20 && shares == shares.sorted(by: >), "\(shares)")
    }

    @Test("--out writes every result file, and output is byte-identical with 1 thread and 2")
    func resultFilesAndThreads() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verbinder-sim-\(UInt64.random(in: 0 ... .max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let one = folder.appendingPathComponent("one").path, two = folder.appendingPathComponent("two").path
        let first = try VerbinderBinary.run(["simulate", Self.scenario, "--weeks", "10", "--replications", "4", "--threads", "1", "--out", one])
        let second = try VerbinderBinary.run(["simulate", Self.scenario, "--weeks", "10", "--replications", "4", "--threads", "2", "--out", two])
        #expect(first.status == 0 && second.status == 0)
        #expect(first.stdout == second.stdout)
        for file in ["summary.json", "summary.csv", "outcome-graph.json", "timeseries.csv"] {
            let a = FileManager.default.contents(atPath: one + "/" + file)
            let b = FileManager.default.contents(atPath: two + "/" + file)
            #expect(a != nil && a == b, "\(file) differs or is missing")
        }
        let series = try String(contentsOfFile: one + "/timeseries.csv", encoding: .utf8).split(separator: "\n")
        #expect(series.count == 11)
        #expect(series[0].hasPrefix("week,arrivals,via_connector"))
    }

    @Test("bad input: a clear message, exit status 2, no output", arguments: [
        ("model:\n  residentRequestRate: {fixer: -1}\n", "model.residentRequestRate.fixer: -1 is out of range"),
        ("policies:\n  profile: tilt\n", "policies.profile: unknown value 'tilt' (did you mean 'tilted'?)"),
        ("connectors:\n  - {name: X, homeDepartment: A, neighbourhoods: [N], hoursPerWeek: 0}\n",
         "connectors[0].hoursPerWeek: a connector needs some capacity"),
    ])
    func badInput(extra: String, message: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verbinder-bad-\(UInt64.random(in: 0 ... .max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("bad.yaml")
        let text = """
            name: Bad
            neighbourhoods: [{name: N, residents: 100}]
            departments: [{name: A, domain: social, officials: {policy: 3}}]

            """ + extra
        try text.write(to: file, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out").path
        let result = try VerbinderBinary.run(["simulate", file.path, "--out", out])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test("--render without --out and --replications 0 are usage errors with exit status 2")
    func usageErrors() throws {
        #expect(try VerbinderBinary.run(["simulate", Self.scenario, "--render"]).status == 2)
        #expect(try VerbinderBinary.run(["simulate", Self.scenario, "--replications", "0"]).status == 2)
    }
}

/// Writing results over earlier ones replaces them whole.
@Suite("result directory")
struct ResultDirectoryTests {
    @Test("a second run into the same --out replaces the results and keeps other files")
    func overwrite() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verbinder-again-\(UInt64.random(in: 0 ... .max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out").path
        let arguments = ["simulate", SimulateCommandTests.scenario, "--weeks", "4", "--replications", "2", "--out", out]
        #expect(try VerbinderBinary.run(arguments).status == 0)
        try Data("note".utf8).write(to: URL(fileURLWithPath: out + "/notes.txt"))
        let again = try VerbinderBinary.run(arguments + ["--seed", "9"])
        #expect(again.status == 0, "\(again.stderr)")
        let summary = try String(contentsOfFile: out + "/summary.json", encoding: .utf8)
        #expect(summary.contains("\"seed\" : 9"))
        #expect(FileManager.default.fileExists(atPath: out + "/notes.txt"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }
}
