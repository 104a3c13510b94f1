import Foundation
import Testing
import VerbinderCore
import VerbinderScenario
import VerbinderSimulation

/// The books add up: every request that arises ends in exactly one outcome or is counted open, in every
/// praatplaat cell, under every policy; connectors never work more hours than they have; capacity can only
/// lower dropped work.
@Suite("Conservation")
struct ConservationTests {
    /// Small generated municipalities of different sizes (`verbinder generate`), 26 weeks.
    static func generated(_ size: MunicipalitySize, weeks: Int = 26) throws -> Scenario {
        var scenario = try Scenario.parse(yaml: ScenarioGenerator.yaml(size), file: "generated.yaml")
        scenario.run.weeks = weeks
        return scenario
    }

    static let sizes = [
        MunicipalitySize(residents: 3_000, neighbourhoods: 2, departments: 3, officials: 60, connectors: 1, seed: 3),
        MunicipalitySize(residents: 12_000, neighbourhoods: 5, departments: 6, officials: 300, connectors: 2, seed: 5),
        MunicipalitySize(residents: 25_000, neighbourhoods: 7, departments: 9, officials: 500, connectors: 4, seed: 8),
    ]

    static let interventionSets: [[InterventionKind]] = [[]] + InterventionKind.allCases.map { [$0] } + [InterventionKind.allCases]

    /// Checks the books of one run: per replication and per cell, arrivals = Σ outcomes (open included);
    /// utilisation ≤ 1; the summary's accounting agrees.
    static func checkBooks(_ run: SimulationRun, _ label: String) {
        for replication in run.replications {
            for key in PraatplaatCellKey.allCases {
                let arrivals = replication.cellArrivals[key] ?? -1
                let ended = Outcome.allCases.reduce(0) { $0 + (replication.cellOutcomes[key]?[$1] ?? 0) }
                #expect(arrivals == ended, "\(label) \(key): \(arrivals) arrived, \(ended) accounted for")
            }
            let arrivals = replication.requests.values.reduce(0, +)
            #expect(arrivals == Outcome.allCases.reduce(0) { $0 + replication.outcomes[$1] }, "\(label): totals")
            for (c, (busy, available)) in zip(replication.connectorBusyHours, replication.connectorAvailableHours).enumerated() {
                #expect(busy <= available * (1 + 1e-9), "\(label): connector \(c) busy \(busy) h of \(available) h")
            }
        }
        for cell in run.summary.accounting ?? [] {
            #expect(cell.arrivals == cell.outcomes.values.reduce(0, +), "\(label) summary \(cell.cell)")
        }
        #expect(run.summary.accounting?.count == PraatplaatCellKey.allCases.count)
        for connector in run.summary.connectors { #expect(connector.utilisation <= 1 + 1e-9, "\(label) \(connector.name)") }
    }

    @Test("arrivals = Σ outcomes + open in every cell, utilisation ≤ 1: generated scenarios × every triage, escalation route, trigger and intervention")
    func booksBalanceUnderEveryPolicy() throws {
        var combination = 0
        for size in Self.sizes {
            let base = try Self.generated(size)
            for triage in TriagePolicy.allCases {
                for route in EscalationRoute.allCases {
                    for trigger in EscalationTrigger.allCases {
                        var scenario = base
                        scenario.policies.capacity.triage = triage
                        scenario.policies.escalation.route = route
                        scenario.policies.escalation.trigger = trigger
                        scenario.policies.escalation.waitDays = 3
                        scenario.policies.escalation.reluctance = [0, 0.5, 1][combination % 3]
                        scenario.policies.escalation.alderman = combination % 2 == 0 ? .own : .responsible
                        scenario.policies.capacity.maxDeferralWeeks = [1, 4, 12][combination % 3]
                        let levels = SliderLevel.allCases
                        scenario.policies.sliders = Sliders(
                            internalPositioning: levels[combination % 3], internalProcess: levels[(combination / 3) % 3],
                            residents: levels[(combination + 1) % 3], politics: levels[(combination / 2) % 3],
                            communication: levels[(combination + 2) % 3])
                        scenario.policies.interventions = Self.interventionSets[combination % Self.interventionSets.count]
                            .map { Intervention(kind: $0, startWeek: combination % 13) }
                        // Scarce hours half of the time, so queues, deadlines and open work all occur.
                        for c in scenario.connectors.indices { scenario.connectors[c].hoursPerWeek = combination % 2 == 0 ? 4 : 36 }
                        let run = try Simulator.run(scenario, options: SimulationOptions(seed: UInt64(combination), replications: 2, threads: 2))
                        Self.checkBooks(run, "\(size.residents) residents, \(triage.name)/\(route.name)/\(trigger.name) #\(combination)")
                        combination += 1
                    }
                }
            }
        }
        #expect(combination == Self.sizes.count * 24)
    }

    @Test("a connector with almost no hours is never busier than its hours; the work that does not fit stays open or is dropped")
    func utilisationNeverExceedsHours() throws {
        var scenario = try Self.generated(Self.sizes[1])
        for c in scenario.connectors.indices { scenario.connectors[c].hoursPerWeek = 0.1 }
        let run = try simulate(scenario, replications: 3)
        Self.checkBooks(run, "0.1 h/week")
        #expect(run.summary.connectors.allSatisfy { $0.utilisation > 0.5 && $0.utilisation <= 1 + 1e-9 })
        #expect(run.summary.outcomes[.droppedCapacity] > 0)
        #expect(run.summary.connectors.allSatisfy { ($0.open ?? 0) > 0 })
    }

    @Test("neighbourhoods without residents give officials' requests nobody to engage")
    func emptyNeighbourhoodsDoNotEngage() throws {
        let scenario = try Self.generated(MunicipalitySize(residents: 0, neighbourhoods: 3, departments: 4, officials: 400, connectors: 2, seed: 2))
        let run = try simulate(scenario, replications: 2)
        Self.checkBooks(run, "empty")
        let officials = PraatplaatCellKey.allCases.filter { $0.direction == .fromOfficials }
        let arrived = run.replications.reduce(0) { sum, replication in officials.reduce(sum) { $0 + (replication.cellArrivals[$1] ?? 0) } }
        #expect(arrived > 0)
        for replication in run.replications {
            for key in officials {
                let connected = Outcome.allCases.filter(\.isSuccess).reduce(0) { $0 + (replication.cellOutcomes[key]?[$1] ?? 0) }
                #expect(connected == 0, "\(key): \(connected) officials' requests connected through an empty neighbourhood")
            }
        }
    }

    @Test("more hours never drop more work (same seed, every triage): dropped is non-increasing in hours per week")
    func droppedFallsWithHours() throws {
        let base = try Self.generated(MunicipalitySize(residents: 40_000, neighbourhoods: 4, departments: 6, officials: 600, connectors: 2, seed: 4), weeks: 52)
        for triage in TriagePolicy.allCases {
            var dropped: [Int] = []
            for hours in [4.0, 8, 12, 24, 48] {
                var scenario = base
                scenario.policies.capacity.triage = triage
                for c in scenario.connectors.indices { scenario.connectors[c].hoursPerWeek = hours }
                let run = try simulate(scenario, replications: 4)
                Self.checkBooks(run, "\(triage.name) \(hours) h")
                dropped.append(run.summary.outcomes[.droppedCapacity])
            }
            #expect(zip(dropped, dropped.dropFirst()).allSatisfy { $0 >= $1 }, "\(triage.name): dropped at 4, 8, 12, 24, 48 h/week: \(dropped)")
            #expect(dropped.first! > dropped.last!, "\(triage.name): \(dropped)")
        }
    }
}
