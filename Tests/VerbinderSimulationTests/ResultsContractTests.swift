import Foundation
import Testing
import VerbinderCore
import VerbinderScenario
import VerbinderSimulation
import VerbinderSupport

/// The typed results contract: every output is generated from `Outcome.allCases` and the praatplaat cells.
@Suite("results contract")
struct ResultsContractTests {
    static func run() throws -> SimulationRun {
        var scenario = try shippedScenario("profiles/developing.yaml")
        scenario.run.weeks = 8
        return try simulate(scenario, replications: 2, threads: 1)
    }

    @Test("summary.json has a field for every outcome measure, with the names of earlier versions")
    func summaryJSONFields() throws {
        let run = try Self.run()
        let json = try #require(try JSONSerialization.jsonObject(with: jsonData(run.summary)) as? [String: Any])
        let outcomes = try #require(json["outcomes"] as? [String: Any])
        var expected = Set(OutcomeMeasure.allCases.map(\.name)).union(["latencyDays"])
        if run.summary.outcomes.directRate == nil { expected.remove("directRate") }
        #expect(Set(outcomes.keys) == expected)
        // The field names of earlier versions stay.
        #expect(expected.isSuperset(of: ["resolved", "resolvedAfterEscalation", "stranded", "noOwner", "droppedCapacity",
                                         "timedOut", "escalationFailed", "direct", "directResolved", "unvoiced",
                                         "misdirected", "settledByBudget"]))
        for outcome in Outcome.allCases { #expect(outcomes[outcome.name] as? Int == run.summary.outcomes[outcome]) }
        let praatplaat = try #require(json["praatplaat"] as? [String: [String: [String: Any]]])
        for key in PraatplaatCellKey.allCases {
            #expect(praatplaat[key.role.name]?[key.direction.name]?["attempts"] as? Int == run.summary.praatplaat[key].attempts)
        }
    }

    @Test("summary.json reads back equal; an outcome missing from an older file counts 0")
    func summaryRoundTrip() throws {
        let run = try Self.run()
        let decoded = try JSONDecoder().decode(SimulationSummary.self, from: jsonData(run.summary))
        #expect(decoded == run.summary)
        var object = try #require(try JSONSerialization.jsonObject(with: jsonData(run.summary.outcomes)) as? [String: Any])
        object.removeValue(forKey: Outcome.directFailed.name)
        let older = try JSONDecoder().decode(OutcomeCounts.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(older[.directFailed] == 0)
        #expect(older[.resolved] == run.summary.outcomes[.resolved])
    }

    @Test("summary.csv has a row for every outcome measure and every cell")
    func summaryCSVRows() throws {
        let run = try Self.run()
        let lines = run.summaryCSV.split(separator: "\n").map(String.init)
        for measure in OutcomeMeasure.allCases {
            let rows = lines.filter { $0.hasPrefix("outcomes.\(measure.name),,") }
            #expect(rows.count == 1, "outcomes.\(measure.name)")
            let text = rows.first.map { String($0.split(separator: ",").last!) }
            if let value = run.summary.outcomes[measure] {
                #expect(text == formatNumber(value, .significant), "outcomes.\(measure.name)")
            } else {
                #expect(text == "nan")
            }
        }
        for key in PraatplaatCellKey.allCases {
            #expect(lines.contains("praatplaat.attempts,\(key.name),\(run.summary.praatplaat[key].attempts)"))
        }
    }

    @Test("derived tallies follow from the outcome counts")
    func derivedTallies() throws {
        var counts = OutcomeCounts()
        #expect(counts.directRate == nil)
        #expect(counts[.directRate] == nil)
        counts[.directResolved] = 3
        counts[.directFailed] = 1
        counts[.resolved] = 5
        counts.misdirected = 2
        #expect(counts.direct == 4)
        #expect(counts.directRate == 0.75)
        #expect(counts[.count(.resolved)] == 5)
        #expect(counts[.misdirected] == 2)
        #expect(counts.total(where: \.isSuccess) == 8)
        var sum = counts
        sum += counts
        #expect(sum[.resolved] == 10 && sum.misdirected == 4)
        #expect(OutcomeMeasure.allCases.count == Outcome.allCases.count + 6)
        #expect(Set(OutcomeMeasure.allCases.map(\.name)).count == OutcomeMeasure.allCases.count)
        for measure in OutcomeMeasure.allCases { #expect(OutcomeMeasure(name: measure.name) == measure) }
    }

    @Test("cell keys enumerate the 4 × 2 praatplaat in role order and name themselves role.direction")
    func cellKeys() {
        #expect(PraatplaatCellKey.allCases.count == 8)
        #expect(PraatplaatCellKey.allCases.map(\.index) == Array(0 ..< 8))
        #expect(PraatplaatCellKey.allCases.first?.name == "fixer.fromResidents")
        #expect(PraatplaatCellKey(name: "mediator.fromOfficials") == PraatplaatCellKey(.mediator, .fromOfficials))
        #expect(PraatplaatCellKey(name: "mediator") == nil)
    }

    @Test("per-replication outcomes add up to the summary's")
    func replicationsAddUp() throws {
        let run = try Self.run()
        var total = OutcomeCounts()
        for replication in run.replications { total += replication.outcomes }
        for measure in OutcomeMeasure.allCases where measure != .directRate {
            #expect(total[measure] == run.summary.outcomes[measure], "\(measure)")
        }
        for key in PraatplaatCellKey.allCases {
            #expect(run.replications.reduce(0) { $0 + ($1.attempts[key] ?? 0) } == run.summary.praatplaat[key].attempts)
        }
    }
}
