import Foundation
import Testing
import VerbinderCore
import VerbinderScenario
@testable import VerbinderExperiments

@Suite("Paired comparison and sensitivity")
struct AnalysisTests {
    @Test func pairedDifferenceOfAKnownShift() {
        let a = ArmSample(label: "A", replications: [0: [MetricKey("x"): 1], 1: [MetricKey("x"): 5], 2: [MetricKey("x"): 9]])
        let b = ArmSample(label: "B", replications: [0: [MetricKey("x"): 3], 1: [MetricKey("x"): 7], 2: [MetricKey("x"): 11]])
        let difference = Comparison.paired(a, b)[0]
        // Unpaired, the spread of 1…9 would swamp a shift of 2; paired, the shift is exact.
        #expect(difference.difference == 2 && difference.ci95 == [2, 2] && difference.significant && difference.pairs == 3)
        let noisy = ArmSample(label: "C", replications: [0: [MetricKey("x"): 2], 1: [MetricKey("x"): 4], 2: [MetricKey("x"): 9]])
        let mixed = Comparison.paired(a, noisy)[0]
        // Pairwise differences 1, −1, 0: no shift.
        #expect(abs(mixed.difference) < 1e-12 && !mixed.significant)
    }

    @Test(.serialized) func compareSimulatedScenariosOnAKnownDifference() throws {
        var base = try VerbinderScenario.Scenario.load(path: try Fixtures.scenarioFile().path)
        base.run.weeks = 26   // enough refusals to escalate in every replication
        var never = base, always = base
        never.policies.escalation.route = .none
        always.policies.escalation.route = .alderman
        always.policies.escalation.reluctance = 0
        let a = try ArmSample.simulate(never, label: "none", count: 4, threads: 2)
        let b = try ArmSample.simulate(always, label: "alderman", count: 4, threads: 2)
        let differences = Comparison.paired(a, b)
        let escalations = try #require(differences.first { $0.metric == "escalations" })
        #expect(escalations.meanA == 0 && escalations.difference > 0 && escalations.significant)
        let arrivals = try #require(differences.first { $0.metric == "requests" && $0.cell == "fromResidents" })
        #expect(arrivals.difference == 0 && !arrivals.significant)
        let itself = Comparison.paired(a, try ArmSample.simulate(never, label: "again", count: 4, threads: 1))
        #expect(itself.allSatisfy { $0.difference == 0 && !$0.significant })
    }

    /// A 3 × 3 × 2 factorial with y = 2·a + b + 4·a·b (levels coded 0, 1, 2) plus replication noise that is
    /// the same in every arm (common random numbers).
    @Test func mainEffectsAndInteractionOfAKnownModel() {
        let factors = [Factor(name: "a", keyPath: "a", levels: ["low", "mid", "high"]),
                       Factor(name: "b", keyPath: "b", levels: ["low", "mid", "high"]),
                       Factor(name: "c", keyPath: "c", levels: ["off", "on"])]
        var levels: [[Int]] = [], values: [[Double?]] = []
        for a in 0 ..< 3 { for b in 0 ..< 3 { for c in 0 ..< 2 {
            levels.append([a, b, c])
            values.append([0.5, -0.5, 1.0].map { noise in Double(2 * a + b + 4 * a * b) + noise + Double(c) * 0 })
        } } }
        let analysis = SensitivityAnalysis(factors: factors, armLevels: levels, values: values)
        let effects = analysis.mainEffects()
        let a = try! #require(effects.first { $0.factor == "a" })
        // Effect of a (high − low) averaged over b: 2·2 + 4·2·mean(b) = 4 + 8 = 12, exact in every replication.
        #expect(abs(a.contrast.mean - 12) < 1e-9 && a.contrast.significant)
        let c = try! #require(effects.first { $0.factor == "c" })
        #expect(c.range == 0 && !c.contrast.significant)
        #expect(effects.first?.factor == "a")
        let interaction = analysis.interaction(0, 1)
        // (effect of a at b high) − (at b low) = (4 + 16) − 4 = 16.
        #expect(abs(interaction.contrast.mean - 16) < 1e-9)
        #expect(abs(interaction.effectOfAAtFirstB - 4) < 1e-9 && abs(interaction.effectOfAAtLastB - 20) < 1e-9)
        #expect(analysis.topInteractions(1).first.map { [$0.factorA, $0.factorB] } == ["a", "b"])
    }

    /// A categorical factor whose middle level has the largest effect (like repositioning among the
    /// interventions): every level is contrasted with the baseline, not only the last.
    @Test func everyLevelOfACategoricalFactorAgainstTheBaseline() {
        let factors = [Factor(name: "interventions", keyPath: "policies.interventions", levels: ["none", "repositioning", "publicity"])]
        let shift = [0.0, 0.35, 0.05]
        let levels = (0 ..< 3).map { [$0] }
        let values = (0 ..< 3).map { level in [0.1, 0.2, 0.3, 0.25].map { noise -> Double? in 0.4 + shift[level] + noise } }
        let effect = SensitivityAnalysis(factors: factors, armLevels: levels, values: values).mainEffects()[0]
        #expect(effect.levelContrasts.count == 2)
        #expect(abs(effect.levelContrasts[0].mean - 0.35) < 1e-9 && effect.levelContrasts[0].significant)
        #expect(abs(effect.levelContrasts[1].mean - 0.05) < 1e-9)
        #expect(effect.contrast == effect.levelContrasts[1])
    }
}
