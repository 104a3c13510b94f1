import Foundation
import Testing
import VerbinderCore
import VerbinderScenario
import VerbinderSimulation
@testable import VerbinderUncertainty

@Suite("Pattern checks")
struct PatternTests {
    @Test func latinHypercubeHasOnePointPerStratum() {
        let points = PatternRunner.latinHypercube(points: 20, dimensions: 3, seed: 4)
        #expect(points.count == 20)
        for d in 0 ..< 3 { #expect(Set(points.map { Int($0[d] * 20) }) == Set(0 ..< 20)) }
    }

    @Test func patternsRunPairedAndIdenticallyForAnyJobs() throws {
        var scenario = try TinyScenario.scenario()
        scenario.run.weeks = 12
        let patterns = Pattern.catalogue.filter { ["capacity-diminishing-returns", "escalation-costs-trust", "officials-rarely-initiate"].contains($0.name) }
        let one = try PatternRunner.run(scenario, patterns: patterns, replications: 4, parameters: Array(TinyScenario.parameters.prefix(2)),
                                        robust: 3, seed: 1, jobs: 1)
        let four = try PatternRunner.run(scenario, patterns: patterns, replications: 4, parameters: Array(TinyScenario.parameters.prefix(2)),
                                         robust: 3, seed: 1, jobs: 4)
        #expect(one.map(\.effect) == four.map(\.effect) && one.map(\.robustShare) == four.map(\.robustShare))
        for result in one {
            #expect(result.robustShare.map { $0 >= 0 && $0 <= 1 } ?? false)
            #expect(result.holds == ((result.ci95?[0] ?? -1) > 0))
        }
    }

    @Test func aPatternThatCannotHoldFails() throws {
        // Identical sides give a statistic of exactly zero in every replication: no interval above zero.
        let nothing = Pattern(name: "nothing", finding: "", source: "", role: "", variants: [("same", { _ in })]) { runs, _ in
            Double(runs[1].outcomes.total(where: \.isSuccess) - runs[0].outcomes.total(where: \.isSuccess))
        }
        let result = try PatternRunner.run(try TinyScenario.scenario(), patterns: [nothing], replications: 3, seed: 1, jobs: 2)
        #expect(result[0].effect == 0 && !result[0].holds)
    }
}
