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
}
