import Foundation
import Testing
import VerbinderCore
import VerbinderScenario
import VerbinderSimulation

/// Every lever moves the model through a channel of its own (docs/model.md, "Levers and their channels"):
/// one paired comparison per lever on a shipped scenario, replication k of both arms on the same requests.
@Suite("Lever directions")
struct LeverDirectionTests {
    static let replications = 8

    static func katwijk(_ change: (inout Scenario) -> Void = { _ in }) throws -> Scenario {
        var scenario = try shippedScenario("katwijk.yaml")
        scenario.run.weeks = 26
        change(&scenario)
        return scenario
    }

    static func run(_ scenario: Scenario) throws -> SimulationRun { try simulate(scenario, replications: replications) }

    /// Share of finished connector attempts that connected.
    static func connected(_ replication: ReplicationSummary) -> Double? {
        let attempts = replication.attempts.values.reduce(0, +)
        return attempts > 0 ? Double(replication.successes.values.reduce(0, +)) / Double(attempts) : nil
    }

    static func officialsVia(_ replication: ReplicationSummary) -> Double { Double(replication.viaConnector[.fromOfficials] ?? 0) }

    static func slider(_ keyPath: WritableKeyPath<Sliders, SliderLevel>, _ level: SliderLevel) -> (inout Scenario) -> Void {
        { $0.policies.sliders[keyPath: keyPath] = level }
    }

    @Test("internal positioning: an own budget settles small requests, and more requests connect")
    func internalPositioning() throws {
        let low = try Self.run(try Self.katwijk(Self.slider(\.internalPositioning, .low)))
        let high = try Self.run(try Self.katwijk(Self.slider(\.internalPositioning, .high)))
        #expect(low.summary.outcomes.settledByBudget == 0)
        #expect(significantlyGreater(high, low) { Double($0.outcomes.settledByBudget) })
        #expect(significantlyGreater(high, low, Self.connected))
    }

    @Test("internal process: more officials come to the connector")
    func internalProcess() throws {
        let low = try Self.run(try Self.katwijk(Self.slider(\.internalProcess, .low)))
        let high = try Self.run(try Self.katwijk(Self.slider(\.internalProcess, .high)))
        #expect(significantlyGreater(high, low, Self.officialsVia))
    }

    @Test("residents: co-production settles initiatives and problems, fewer hard-to-reach residents stay unvoiced")
    func participation() throws {
        let low = try Self.run(try Self.katwijk(Self.slider(\.residents, .low)))
        let high = try Self.run(try Self.katwijk(Self.slider(\.residents, .high)))
        #expect(low.summary.outcomes.coProduced == 0)
        #expect(significantlyGreater(high, low) { Double($0.outcomes.coProduced) })
        #expect(significantlyGreater(low, high) { Double($0.outcomes[.unvoiced]) })
    }

    @Test("politics acts without escalation: departments give the connector's requests priority")
    func politicsWithoutEscalation() throws {
        let setting: (SliderLevel) -> (inout Scenario) -> Void = { level in
            { $0.policies.escalation.route = .none; $0.policies.sliders.politics = level }
        }
        let low = try Self.run(try Self.katwijk(setting(.low)))
        let high = try Self.run(try Self.katwijk(setting(.high)))
        #expect(high.replications.allSatisfy { $0.escalations == 0 })
        #expect(significantlyGreater(high, low, Self.connected))
    }

    @Test("communication: fewer misdirected requests (targeting), more residents through the connector")
    func communication() throws {
        let low = try Self.run(try Self.katwijk(Self.slider(\.communication, .low)))
        let high = try Self.run(try Self.katwijk(Self.slider(\.communication, .high)))
        #expect(significantlyGreater(low, high) { Double($0.outcomes.misdirected) / Double(max(1, $0.viaConnector.values.reduce(0, +))) })
        #expect(significantlyGreater(high, low) { Double($0.viaConnector[.fromResidents] ?? 0) })
    }

    @Test("documented role: less misdirected work, more officials through the connector")
    func documentedRole() throws {
        let before = try Self.run(try Self.katwijk()), after = try Self.run(try Self.katwijk().with(.documentedRole))
        #expect(significantlyGreater(before, after) { Double($0.outcomes.misdirected) })
        #expect(significantlyGreater(after, before, Self.officialsVia))
    }

    @Test("consultation inclusion: officials come to the connector and grow familiar with it")
    func consultationInclusion() throws {
        let before = try Self.run(try Self.katwijk()), after = try Self.run(try Self.katwijk().with(.consultationInclusion))
        #expect(significantlyGreater(after, before, Self.officialsVia))
        #expect(significantlyGreater(after, before) { $0.familiarityAfter })
    }

    @Test("transition manager: more requests connect")
    func transitionManager() throws {
        let before = try Self.run(try Self.katwijk()), after = try Self.run(try Self.katwijk().with(.transitionManager))
        #expect(significantlyGreater(after, before, Self.connected))
    }

    @Test("repositioning grants an own budget and raises connection")
    func repositioningBudget() throws {
        let before = try Self.run(try Self.katwijk()), after = try Self.run(try Self.katwijk().with(.repositioning))
        #expect(before.summary.outcomes.settledByBudget == 0)
        #expect(significantlyGreater(after, before) { Double($0.outcomes.settledByBudget) })
        #expect(significantlyGreater(after, before, Self.connected))
    }

    @Test("role emphasis shapes the work under every triage: outreach (fixer) voices more residents, mediation keeps conflicts in time")
    func roleEmphasisUnderEveryTriage() throws {
        for triage in TriagePolicy.allCases {
            func emphasis(_ role: ConnectorRole) throws -> SimulationRun {
                try Self.run(try Self.katwijk { scenario in
                    scenario.policies.capacity.triage = triage
                    for c in scenario.connectors.indices {
                        scenario.connectors[c].roleEmphasis = RoleEmphasis(
                            fixer: role == .fixer ? 1 : 0, entrepreneur: 0, bridgeBuilder: 0, mediator: role == .mediator ? 1 : 0)
                    }
                })
            }
            let fixer = try emphasis(.fixer), mediator = try emphasis(.mediator)
            #expect(significantlyGreater(mediator, fixer) { Double($0.outcomes[.unvoiced]) }, "\(triage.name)")
            #expect(significantlyGreater(fixer, mediator) { Double($0.outcomes[.timedOut]) }, "\(triage.name)")
        }
    }

    @Test("triage by urgency keeps more conflicts in time than first come")
    func triage() throws {
        let scarce: (TriagePolicy) -> (inout Scenario) -> Void = { triage in
            { scenario in
                scenario.policies.capacity.triage = triage
                for c in scenario.connectors.indices { scenario.connectors[c].hoursPerWeek = 12 }
            }
        }
        let first = try Self.run(try Self.katwijk(scarce(.firstCome))), urgent = try Self.run(try Self.katwijk(scarce(.byUrgency)))
        #expect(significantlyGreater(first, urgent) { Double($0.outcomes[.timedOut]) })
    }
}
