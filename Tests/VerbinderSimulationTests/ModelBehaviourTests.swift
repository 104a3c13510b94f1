import Foundation
import Testing
import VerbinderCore
import VerbinderScenario
import VerbinderSimulation

/// The behaviour the model must reproduce (tracker issue 3), each on shipped scenarios with fixed seeds and
/// enough replications for paired confidence intervals (common random numbers pair replication k of two runs).
@Suite("Model behaviour")
struct ModelBehaviourTests {
    @Test("Baseline: the fixer cell toward residents has the highest success rate of the 8 cells")
    func fixerTowardResidentsIsBest() throws {
        let run = try simulate(try shippedScenario("katwijk.yaml"))
        for role in ConnectorRole.allCases {
            for direction in RequestDirection.allCases where !(role == .fixer && direction == .fromResidents) {
                let differences = run.replications.compactMap { replication -> Double? in
                    guard let best = replication.rate(.fixer, .fromResidents) else { return nil }
                    return best - (replication.rate(role, direction) ?? 0)
                }
                let interval = try #require(Statistics.confidenceInterval95(differences))
                #expect(interval[0] > 0, "fixer/fromResidents not above \(role.name)/\(direction.name): \(interval)")
            }
        }
    }

    @Test("Baseline: few officials' requests go through the connector")
    func officialsRarelyComeToTheConnector() throws {
        let run = try simulate(try shippedScenario("katwijk.yaml"))
        let shares = run.replications.map { Double($0.viaConnector[.fromOfficials]!) / Double($0.requests[.fromOfficials]!) }
        let interval = try #require(Statistics.confidenceInterval95(shares))
        #expect(interval[1] < 0.25, "officials' share through the connector: \(interval)")
        let residentShares = run.replications.map { Double($0.viaConnector[.fromResidents]!) / Double($0.requests[.fromResidents]!) }
        #expect(Statistics.mean(residentShares)! > Statistics.mean(shares)!)
    }

    @Test("Internal publicity raises officials' requests and utilisation, and at fixed capacity dropped requests")
    func publicityParadox() throws {
        let baseline = try shippedScenario("katwijk.yaml")
        let before = try simulate(baseline)
        let after = try simulate(baseline.with(.internalPublicity))
        #expect(significantlyGreater(after, before) { Double($0.viaConnector[.fromOfficials]!) })
        #expect(significantlyGreater(after, before) { $0.utilisation })
        #expect(significantlyGreater(after, before) { Double($0.outcomes[.droppedCapacity]) })
    }

    @Test("Repositioning raises the entrepreneur and bridge-builder cells")
    func repositioningHelpsEntrepreneursAndBridgeBuilders() throws {
        let baseline = try shippedScenario("maassluis.yaml")
        let before = try simulate(baseline)
        let after = try simulate(baseline.with(.repositioning))
        for role in [ConnectorRole.entrepreneur, .bridgeBuilder] {
            #expect(significantlyGreater(after, before) { $0.rate(role, .fromResidents) }, "\(role.name)")
        }
    }

    @Test("Without escalation refusals strand; unreluctant escalation resolves more but costs trust")
    func escalationTradeOff() throws {
        var none = try shippedScenario("katwijk.yaml")
        none.policies.escalation.route = .none
        var eager = none
        eager.policies.escalation.route = .teamManager
        eager.policies.escalation.reluctance = 0
        let withoutEscalation = try simulate(none)
        let withEscalation = try simulate(eager)
        #expect(withoutEscalation.summary.outcomes[.resolvedAfterEscalation] == 0)
        #expect(withoutEscalation.summary.outcomes[.stranded] > 0)
        #expect(significantlyGreater(withEscalation, withoutEscalation) { Double($0.outcomes[.resolved] + $0.outcomes[.resolvedAfterEscalation]) })
        let trustLoss = withEscalation.replications.compactMap { replication -> Double? in
            guard let before = replication.escalatedTrustBefore, let after = replication.escalatedTrustAfter else { return nil }
            return before - after
        }
        let interval = try #require(Statistics.confidenceInterval95(trustLoss))
        #expect(interval[0] > 0, "trust of escalated departments did not fall: \(interval)")
    }

    @Test("More connectors lower dropped requests, with diminishing returns")
    func capacityHasDiminishingReturns() throws {
        let baseline = try shippedScenario("katwijk.yaml")
        func withConnectorsPerArea(_ count: Int) throws -> SimulationRun {
            var scenario = baseline
            scenario.connectors = baseline.connectors.flatMap { connector in
                (0 ..< count).map { copy in
                    var extra = connector
                    extra.name += copy == 0 ? "" : " \(copy + 1)"
                    return extra
                }
            }
            return try simulate(scenario)
        }
        let one = try withConnectorsPerArea(1), two = try withConnectorsPerArea(2), four = try withConnectorsPerArea(4)
        #expect(significantlyGreater(one, two) { Double($0.outcomes[.droppedCapacity]) })
        #expect(significantlyGreater(two, four) { Double($0.outcomes[.droppedCapacity]) } || four.summary.outcomes[.droppedCapacity] == 0)
        let firstGain = zip(one.replications, two.replications).map { Double($0.outcomes[.droppedCapacity] - $1.outcomes[.droppedCapacity]) }
        let secondGain = zip(two.replications, four.replications).map { Double($0.outcomes[.droppedCapacity] - $1.outcomes[.droppedCapacity]) }
        let diminishing = zip(firstGain, secondGain).map { $0 - $1 }
        let interval = try #require(Statistics.confidenceInterval95(diminishing))
        #expect(interval[0] > 0, "returns of extra connectors do not diminish: \(interval)")
    }

    @Test("Successful bridging creates direct official–resident ties over a year")
    func bridgingCreatesDirectTies() throws {
        let run = try simulate(try shippedScenario("leidschendam-voorburg.yaml"), replications: 4)
        #expect(run.replications.allSatisfy { $0.bridgesBuilt > 0 })
        let kinds = Dictionary(uniqueKeysWithValues: run.outcomeGraph.nodes.map { ($0.id, $0.kind) })
        let bridges = run.outcomeGraph.edges.filter { $0.kind == "bridge" }
        #expect(!bridges.isEmpty)
        #expect(bridges.allSatisfy { $0.created && kinds[$0.source] == "official" && kinds[$0.target] == "resident" })
        #expect(run.summary.network.tiesCreated.first!.count > 0)
    }

    @Test("External cooperation only works when internal cooperation works too (residents × internal process)")
    func participationNeedsInternalProcess() throws {
        let baseline = try shippedScenario("katwijk.yaml")
        func arm(residents: SliderLevel, process: SliderLevel) throws -> SimulationRun {
            var scenario = baseline
            scenario.policies.sliders.residents = residents
            scenario.policies.sliders.internalProcess = process
            return try simulate(scenario)
        }
        let lowLow = try arm(residents: .low, process: .low), highLow = try arm(residents: .high, process: .low)
        let lowHigh = try arm(residents: .low, process: .high), highHigh = try arm(residents: .high, process: .high)
        func connected(_ replication: ReplicationSummary) -> Double {
            Double(replication.outcomes[.resolved] + replication.outcomes[.resolvedAfterEscalation])
                / Double(max(1, replication.viaConnector.values.reduce(0, +)))
        }
        let interaction = (0 ..< lowLow.replications.count).map { k in
            (connected(highHigh.replications[k]) - connected(lowHigh.replications[k]))
                - (connected(highLow.replications[k]) - connected(lowLow.replications[k]))
        }
        let interval = try #require(Statistics.confidenceInterval95(interaction))
        #expect(interval[0] > 0, "residents × internal process interaction: \(interval)")
    }
}
