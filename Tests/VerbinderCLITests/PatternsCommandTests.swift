import Foundation
import Testing
import VerbinderTestSupport

/// `verbinder patterns` end to end.
@Suite("patterns command")
struct PatternsCommandTests {
    @Test("prints PASS/FAIL with effect and interval, and robustness shares")
    func checks() throws {
        let result = try VerbinderBinary.run(["patterns", "scenarios/profiles/developing.yaml", "--only", "officials-rarely-initiate,escalation-costs-trust",
                                              "--replications", "3", "--weeks", "6", "--robust", "2", "--jobs", "2"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").filter { $0.hasPrefix("PASS") || $0.hasPrefix("FAIL") }
        #expect(lines.count == 2 && lines.allSatisfy { $0.contains("effect") && $0.contains("of the plausible space") }, "\(result.stdout)")
    }

    @Test("an unknown pattern: exit 2 with did-you-mean")
    func unknownPattern() throws {
        let result = try VerbinderBinary.run(["patterns", "scenarios/profiles/developing.yaml", "--only", "publicity-paradx"])
        #expect(result.status == 2 && result.stderr.contains("unknown pattern 'publicity-paradx' (did you mean 'publicity-paradox'?)"), "\(result.stderr)")
    }

    @Test("user patterns from a YAML file run next to the built-in ones, also with --robust")
    func userPatterns() throws {
        let result = try VerbinderBinary.run(["patterns", "scenarios/katwijk.yaml", "--patterns", "examples/patterns-katwijk.yaml",
                                              "--only", "publicity-brings-officials,officials-rarely-initiate",
                                              "--replications", "2", "--weeks", "3", "--robust", "2", "--jobs", "2"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").filter { $0.hasPrefix("PASS") || $0.hasPrefix("FAIL") }
        #expect(lines.count == 2 && lines.contains { $0.contains("publicity-brings-officials") && $0.contains("of the plausible space") }, "\(result.stdout)")
        #expect(result.stdout.contains("user pattern (examples/patterns-katwijk.yaml:"))
    }

    @Test("a bad pattern file: exit 2 with file and line, nothing run")
    func badUserPatterns() throws {
        let folder = try TemporaryFolder.make("verbinder-patterns")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("mine.yaml")
        try "patterns:\n  - name: x\n    source: s\n    changed: hours:Nobody=30\n    output: utilisation\n    expect: increase\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let result = try VerbinderBinary.run(["patterns", "scenarios/katwijk.yaml", "--patterns", file.path])
        #expect(result.status == 2 && result.stdout.isEmpty, "\(result.stdout)")
        #expect(result.stderr.contains("mine.yaml:4:") && result.stderr.contains("unknown connector 'Nobody'"), "\(result.stderr)")
    }

    @Test("--format csv quotes a source holding quotes (RFC 4180)")
    func csvQuoting() throws {
        let result = try VerbinderBinary.run(["patterns", "scenarios/profiles/developing.yaml", "--only", "rapprochement-sidelines-organisation",
                                              "--replications", "2", "--weeks", "2", "--format", "csv"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(",\"the Platform31 publication, chapter 6 and chapter 9 (\"\"in de toenaderingsgerichte gemeente staat de ambtelijke organisatie buitenspel\"\")\"\n"),
                "\(result.stdout)")
    }
}
