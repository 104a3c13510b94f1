import Foundation
import Testing
import VerbinderCore
import VerbinderScenario
import VerbinderSimulation
@testable import VerbinderExperiments

@Suite("Sweep definition and arm enumeration")
struct SweepTests {
    @Test func allSlidersGive243DistinctResolvedScenarios() throws {
        let sweep = try Fixtures.sweep(try Factor.sliders(["all"]))
        #expect(sweep.armCount == 243)
        var hashes: Set<String> = []
        var combinations: Set<[SliderLevel]> = []
        for index in 0 ..< sweep.armCount {
            let arm = try sweep.arm(index)
            hashes.insert(arm.scenarioHash)
            combinations.insert(arm.scenario.policies.sliders.levels)
            #expect(arm.scenario.policies.sliders.levels.map(\.name) == arm.levels)
            #expect(arm.scenario.run.replications == 2)
        }
        #expect(hashes.count == 243)
        #expect(combinations.count == 243)
        #expect(try sweep.arm(0).scenario.policies.sliders.levels == Array(repeating: .low, count: 5))
        #expect(try sweep.arm(242).scenario.policies.sliders.levels == Array(repeating: .high, count: 5))
        // Last factor fastest: arm 1 raises communication only.
        #expect(try sweep.arm(1).levels == ["low", "low", "low", "low", "mid"])
    }

    @Test func runListIsAPureFunctionAndShardsPartitionIt() throws {
        let sweep = try Fixtures.sweep(try Factor.sliders(["residents", "politics"]), replications: 3)
        #expect(sweep.runCount == 27)
        #expect(sweep.run(at: 0) == RunKey(arm: 0, replication: 0))
        #expect(sweep.run(at: 26) == RunKey(arm: 8, replication: 2))
        let plan = try ShardPlan(sweep)
        var seen: [Int] = []
        for index in 0 ..< 4 { seen += Array(plan.positions(of: Shard(index: index, count: 4))) }
        #expect(seen == Array(0 ..< 27))
        #expect(plan.positions(of: .whole) == 0 ..< 27)
        let again = try Sweep(sweep.definition)
        #expect(try (0 ..< 9).map { try again.arm($0).scenarioHash } == (0 ..< 9).map { try sweep.arm($0).scenarioHash })
    }

    @Test func shardsAreContiguousBalancedByExpectedCostAndTheSameEverywhere() throws {
        // Arms of 1,000 and 40,000 residents in Noord: runs of the large arms cost many times more.
        let sweep = try Fixtures.sweep([try Factor.vary("neighbourhoods[0].residents=1000,40000"),
                                        try Factor.vary("policies.escalation.reluctance=0.2,0.5,0.8")], replications: 5)
        let plan = try ShardPlan(sweep)
        let costs = plan.armCosts
        #expect(costs[0] < costs[3] / 4)
        for count in [1, 2, 3, 4, 7, 30, 40] {
            var next = 0
            var largest = 0.0
            var shardCosts: [Double] = []
            for index in 0 ..< count {
                let shard = Shard(index: index, count: count)
                let positions = plan.positions(of: shard)
                #expect(positions.lowerBound == next, "shards follow each other in run order")
                next = positions.upperBound
                for position in positions {
                    #expect(plan.shard(ofRun: position, count: count) == index)
                    largest = max(largest, costs[position / 5])
                }
                shardCosts.append(plan.cost(of: shard))
            }
            #expect(next == sweep.runCount, "every run is in exactly one shard")
            let fair = plan.totalCost / Double(count)
            // Each shard is within one run's cost of an equal share.
            for cost in shardCosts { #expect(abs(cost - fair) <= largest + 1e-6 * fair, "\(count) shards: \(shardCosts)") }
        }
        // Twice as many runs of cheap arms go into a shard as of expensive ones.
        let halves = [plan.positions(of: Shard(index: 0, count: 2)), plan.positions(of: Shard(index: 1, count: 2))]
        #expect(halves[0].count > halves[1].count)
        // A machine that reads the same definition computes the same plan.
        let elsewhere = try ShardPlan(try Sweep(sweep.definition))
        #expect((0 ..< 5).map { elsewhere.positions(of: Shard(index: $0, count: 5)) } == (0 ..< 5).map { plan.positions(of: Shard(index: $0, count: 5)) })
    }

    @Test func shardArgumentsAreReadStrictly() {
        #expect(Shard(parsing: "2/4") == Shard(index: 2, count: 4))
        #expect(Shard(parsing: "0/1") == .whole)
        for bad in ["4/4", "-1/4", "1", "1/0", "a/b", "1/2/3", "", "/4"] { #expect(Shard(parsing: bad) == nil, "\(bad)") }
        #expect(Shard(index: 3, count: 8).storeFileName == "results-3-of-8.sqlite")
        #expect(Shard.whole.storeFileName == "results.sqlite")
    }

    @Test func varyByKeyPathWithIndexAndWildcard() throws {
        let sweep = try Fixtures.sweep([try Factor.vary("connectors[*].hoursPerWeek=16,32"),
                                        try Factor.vary("connectors[1].neighbourhoods=[Zuid],[Noord, Zuid]"),
                                        try Factor.vary("policies.escalation.waitDays=3")])
        #expect(sweep.armCount == 4)
        let first = try sweep.arm(0).scenario, last = try sweep.arm(3).scenario
        #expect(first.connectors.map(\.hoursPerWeek) == [16, 16])
        #expect(last.connectors.map(\.hoursPerWeek) == [32, 32])
        #expect(first.connectors[1].neighbourhoods == ["Zuid"])
        #expect(last.connectors[1].neighbourhoods == ["Noord", "Zuid"])
        #expect(first.policies.escalation.waitDays == 3)
    }

    @Test func profilesOverrideExplicitSlidersAndInterventionsReplaceTheList() throws {
        let text = Fixtures.tinyScenario.replacingOccurrences(of: "  profile: developing\n",
                                                              with: "  profile: developing\n  sliders: {residents: high}\n")
        let sweep = try Fixtures.sweep([try Factor.profiles(["all"]), try Factor.interventions(["none", "internalPublicity+documentedRole"])],
                                       file: try Fixtures.scenarioFile(text))
        #expect(sweep.armCount == 10)
        for index in 0 ..< 10 {
            let arm = try sweep.arm(index)
            let profile = try #require(Profile(name: arm.levels[0]))
            #expect(arm.scenario.policies.sliders == profile.sliders)
            #expect(arm.scenario.policies.interventions.map(\.kind.name) == (index % 2 == 0 ? [] : ["internalPublicity", "documentedRole"]))
        }
    }

    @Test func badInputIsReportedWithWhereAndWhat() throws {
        expectInputError(["unknown key 'rout'", "did you mean 'route'"]) {
            _ = try Fixtures.sweep([try Factor.vary("policies.escalation.rout=none,alderman")])
        }
        expectInputError(["tiny.yaml:22:", "unknown value 'bogus'", "route=bogus"]) {
            _ = try Fixtures.sweep([try Factor.vary("policies.escalation.route=none,bogus")])
        }
        expectInputError(["connectors has 2 entries"]) { _ = try Fixtures.sweep([try Factor.vary("connectors[5].hoursPerWeek=8")]) }
        expectInputError(["empty sweep"]) { _ = try Fixtures.sweep([]) }
        expectInputError(["empty sweep"]) { _ = try Fixtures.sweep(try Factor.sliders([])) }
        expectInputError(["expected KEY=V1"]) { _ = try Factor.vary("policies.escalation.route") }
        expectInputError(["unknown slider 'resident'", "did you mean 'residents'"]) { _ = try Factor.sliders(["resident"]) }
        expectInputError(["unknown intervention 'publicity'"]) { _ = try Factor.interventions(["none", "publicity"]) }
        expectInputError(["varied twice"]) {
            _ = try Fixtures.sweep([try Factor.vary("policies.escalation.route=none"), try Factor.vary("policies.escalation.route=alderman")])
        }
        // Run settings are the sweep's own: a factor over them would be overwritten, so it is refused.
        expectInputError(["run.weeks cannot be varied", "same horizon"]) { _ = try Fixtures.sweep([try Factor.vary("run.weeks=13,52")]) }
        expectInputError(["run.seed cannot be varied", "common random numbers"]) { _ = try Fixtures.sweep([try Factor.vary("run.seed=1,2")]) }
        expectInputError(["run cannot be varied"]) { _ = try Fixtures.sweep([try Factor.vary("run={weeks: 4}")]) }
    }

    @Test func splitsValuesOnTopLevelCommasOnly() {
        #expect(Factor.splitTopLevel("a, [b, c], {d: 1, e: 2}, 'f,g'") == ["a", "[b, c]", "{d: 1, e: 2}", "'f,g'"])
    }

    @Test func sha256MatchesTheStandardVectors() {
        #expect(sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(sha256Hex(String(repeating: "a", count: 1000)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }
}

@Suite("Common random numbers and parallel determinism", .serialized)
struct CommonRandomNumberTests {
    @Test func armsDifferingOnlyInAnUnusedKeyGiveIdenticalResults() throws {
        // waitDays only matters with trigger afterWait; the tiny scenario escalates afterRefusal.
        let store = try Fixtures.run(try Fixtures.sweep([try Factor.vary("policies.escalation.waitDays=2,30")], replications: 3))
        let first = try store.runMetrics(arm: 0), second = try store.runMetrics(arm: 1)
        #expect(first.count == 3)
        #expect(first == second)
        #expect(try store.arms()[0].scenarioHash != store.arms()[1].scenarioHash)
    }

    @Test func sweepMetricsHoldEveryOutcomeMeasureAndEveryCell() throws {
        let store = try Fixtures.run(try Fixtures.sweep([try Factor.vary("policies.escalation.route=none,alderman")], replications: 2))
        let metrics = try #require(try store.runMetrics(arm: 1)[0])
        for measure in OutcomeMeasure.allCases where measure != .directRate || metrics[MetricKey("direct")] != 0 {
            #expect(metrics[MetricKey(measure.name)] != nil, "\(measure.name) missing from the sweep metrics")
            #expect(MetricCatalog.entry(measure.name)?.title == measure.title)
        }
        for cell in PraatplaatCellKey.allCases { #expect(metrics[MetricKey("attempts", cell.name)] != nil) }
    }

    @Test func armsDifferingInAUsedKeyDiffer() throws {
        // 26 weeks: enough refusals to escalate in every replication.
        let file = try Fixtures.scenarioFile(Fixtures.tinyScenario.replacingOccurrences(of: "weeks: 6", with: "weeks: 26"))
        let store = try Fixtures.run(try Fixtures.sweep([try Factor.vary("policies.escalation.route=none,alderman")], replications: 2, file: file))
        let none = try store.runMetrics(arm: 0), alderman = try store.runMetrics(arm: 1)
        #expect(none[0]?[MetricKey("escalations")] == 0)
        #expect((alderman[0]?[MetricKey("escalations")] ?? 0) > 0)
        // Same arrivals: requests that arose are equal in both arms, replication by replication.
        for replication in 0 ..< 2 {
            #expect(none[replication]?[MetricKey("requests", "fromResidents")] == alderman[replication]?[MetricKey("requests", "fromResidents")])
        }
    }

    @Test func resultsDoNotDependOnJobs() throws {
        let sweep = try Fixtures.sweep(try Factor.sliders(["internalProcess", "residents"]), replications: 2)
        let one = try Fixtures.metricLines(try Fixtures.run(sweep, jobs: 1))
        let two = try Fixtures.metricLines(try Fixtures.run(sweep, jobs: 2))
        #expect(one.count > 9 * 2 * 30)
        #expect(one == two)
    }
}
