import Foundation
import Testing
import VerbinderCore
import VerbinderScenario
import VerbinderSimulation

/// Each mechanism of the model in isolation, on a small municipality with the other mechanisms held fixed.
@Suite("Mechanisms")
struct MechanismTests {
    /// Two neighbourhoods, two departments in different clusters, one connector.
    static func municipality(_ extra: String = "", hours: Double = 36, officials: Int = 40) throws -> Scenario {
        try Scenario.parse(yaml: """
            name: Small
            run: {weeks: 26, seed: 11, replications: 8}
            neighbourhoods:
              - {name: Noord, residents: 8000, hardToReachShare: 0.2, usualSuspectShare: 0.1}
              - {name: Zuid, residents: 6000, hardToReachShare: 0.3, usualSuspectShare: 0.1}
            departments:
              - {name: Wijkzaken, domain: participation, cluster: Dienstverlening, officials: {policy: 4, execution: 6}}
              - {name: Openbare Ruimte, domain: physical, cluster: Fysiek, officials: {policy: 10, execution: \(officials)}}
            managers:
              - {name: Teammanager, level: team, department: Openbare Ruimte}
              - {name: Teammanager Wijkzaken, level: team, department: Wijkzaken}
            aldermen:
              - {name: Wethouder, portfolio: [Wijkzaken], connectorPortfolio: true}
            connectors:
              - {name: Verbinder, homeDepartment: Wijkzaken, neighbourhoods: [Noord, Zuid], hoursPerWeek: \(hours)}
            \(extra)
            """, file: "small.yaml")
    }

    @Test("a connector with too few hours drops requests after the deferral limit; a patient policy drops fewer")
    func capacityDropsRequests() throws {
        let scarce = try simulate(try Self.municipality(hours: 4), replications: 6)
        #expect(scarce.summary.outcomes[.droppedCapacity] > 0)
        #expect(scarce.summary.connectors[0].utilisation > 0.9)
        var patient = try Self.municipality(hours: 4)
        patient.policies.capacity.maxDeferralWeeks = 20
        #expect(significantlyGreater(scarce, try simulate(patient, replications: 6)) { Double($0.outcomes[.droppedCapacity]) })
        let ample = try simulate(try Self.municipality(hours: 80), replications: 6)
        #expect(ample.summary.outcomes[.droppedCapacity] == 0)
    }

    @Test("an own budget settles small requests only under high internal positioning")
    func ownBudget() throws {
        var low = try Self.municipality()
        low.policies.sliders.internalPositioning = .low
        var high = low
        high.policies.sliders.internalPositioning = .high
        #expect(try simulate(low).summary.outcomes.settledByBudget == 0)
        #expect(try simulate(high).summary.outcomes.settledByBudget > 0)
    }

    @Test("reluctance 1 or route none means no escalations; reluctance 0 escalates every refusal")
    func reluctance() throws {
        var base = try Self.municipality()
        base.policies.escalation.route = .teamManager
        base.policies.escalation.reluctance = 1
        let never = try simulate(base)
        #expect(never.replications.allSatisfy { $0.escalations == 0 })
        base.policies.escalation.reluctance = 0
        let always = try simulate(base)
        #expect(always.replications.allSatisfy { $0.escalations > 0 && $0.outcomes[.resolvedAfterEscalation] > 0 })
        #expect(significantlyGreater(never, always) { Double($0.outcomes[.stranded] + $0.outcomes[.noOwner]) })
        base.policies.escalation.route = .none
        #expect(try simulate(base).replications.allSatisfy { $0.escalations == 0 })
    }

    @Test("a documented role cuts misdirected work")
    func documentedRole() throws {
        let base = try Self.municipality()
        let before = try simulate(base), after = try simulate(base.with(.documentedRole))
        #expect(after.summary.outcomes.misdirected * 2 < before.summary.outcomes.misdirected)
    }

    @Test("hard-to-reach residents stay unvoiced unless the connector reaches them")
    func hardToReach() throws {
        var unreachable = try Self.municipality("model: {hardToReachReach: 0}")
        unreachable.policies.sliders.residents = .low
        unreachable.policies.sliders.communication = .low
        var reached = try Self.municipality("model: {hardToReachReach: 1}")
        reached.policies.sliders = unreachable.policies.sliders
        #expect(try simulate(unreachable).summary.outcomes[.unvoiced] > 0)
        #expect(try simulate(reached).summary.outcomes[.unvoiced] == 0)
    }

    @Test("stronger barriers lower the departments' cooperation")
    func barriers() throws {
        let open = try Self.municipality("model: {connectorKnowledge: 0}")
        var closed = open
        for index in closed.departments.indices {
            closed.departments[index].barriers = Barriers(standardisation: 1, internalOrientation: 1, functionSpecific: 1, resultOrientation: 1)
        }
        var lenient = open
        for index in lenient.departments.indices {
            lenient.departments[index].barriers = Barriers(standardisation: 0, internalOrientation: 0, functionSpecific: 0, resultOrientation: 0)
        }
        #expect(significantlyGreater(try simulate(lenient), try simulate(closed)) { $0.rate(.entrepreneur, .fromResidents) })
    }

    @Test("cooperation is better within the connector's own cluster")
    func ownCluster() throws {
        let apart = try Self.municipality("model: {otherClusterFactor: 0.3, connectorKnowledge: 0}")
        var together = apart
        together.departments[1].cluster = together.departments[0].cluster
        #expect(significantlyGreater(try simulate(together), try simulate(apart)) { $0.rate(.bridgeBuilder, .fromResidents) })
    }

    @Test("the connector's own knowledge answers residents' questions without a department")
    func connectorKnowledge() throws {
        let knows = try simulate(try Self.municipality("model: {connectorKnowledge: 1}", hours: 80))
        let cell = knows.summary.praatplaat[.fixer, .fromResidents]
        #expect(cell.attempts > 0 && cell.successes == cell.attempts)
    }

    @Test("familiarity grows with cooperation and draws officials to the connector")
    func familiarityFeedback() throws {
        let pulled = try simulate(try Self.municipality("model: {familiarityPull: 1}", hours: 80, officials: 400))
        let indifferent = try simulate(try Self.municipality("model: {familiarityPull: 0}", hours: 80, officials: 400))
        #expect(pulled.summary.network.familiarityAfter > pulled.summary.network.familiarityBefore)
        #expect(significantlyGreater(pulled, indifferent) { Double($0.viaConnector[.fromOfficials]!) })
    }

    @Test("an intervention takes effect from its start week")
    func interventionStartWeek() throws {
        let without = try Self.municipality("model: {publicityEffect: 0.9}", hours: 80, officials: 400)
        var with = without
        with.policies.interventions = [Intervention(kind: .internalPublicity, startWeek: 13)]
        let baseline = try simulate(without), run = try simulate(with)
        // Until week 13 both runs are the same run: same arrivals, same decisions.
        #expect(Array(run.timeSeries.prefix(13)) == Array(baseline.timeSeries.prefix(13)))
        let after = run.timeSeries.suffix(13).map(\.viaConnector).reduce(0, +)
        let afterBaseline = baseline.timeSeries.suffix(13).map(\.viaConnector).reduce(0, +)
        #expect(after > afterBaseline * 1.2)
    }
}

@Suite("Statistics")
struct StatisticsTests {
    @Test("Student's t quantiles and intervals")
    func confidenceIntervals() throws {
        #expect(Statistics.tQuantile975(degreesOfFreedom: 1) == 12.706)
        #expect(abs(Statistics.tQuantile975(degreesOfFreedom: 60) - 2.000) < 0.002)
        #expect(abs(Statistics.tQuantile975(degreesOfFreedom: 10_000) - 1.960) < 0.001)
        let interval = try #require(Statistics.confidenceInterval95([1, 2, 3, 4]))
        // mean 2.5, sd 1.29099, t(3) 3.182 → half-width 2.054
        #expect(abs(interval[0] - 0.4459) < 1e-3 && abs(interval[1] - 4.5541) < 1e-3)
        #expect(Statistics.confidenceInterval95([1]) == nil)
        #expect(Statistics.proportionInterval95([0, 1, 0, 1]) == [0, 1])
    }

    @Test("quantiles interpolate linearly like NumPy")
    func quantiles() {
        #expect(Statistics.quantile([1, 2, 3, 4], 0.5) == 2.5)
        #expect(Statistics.quantile([10, 20, 30], 0.9) == 28)
        #expect(Statistics.quantile([], 0.5) == nil)
    }
}
