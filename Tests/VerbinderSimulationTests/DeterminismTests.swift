import Foundation
import Testing
import VerbinderTestSupport
import VerbinderCore
import VerbinderScenario
import VerbinderSimulation

@Suite("Determinism")
struct DeterminismTests {
    @Test("Same seed gives byte-identical output with 1 thread and with all cores")
    func identicalAcrossThreadCounts() throws {
        let scenario = try shippedScenario("den-helder.yaml")
        let serial = try simulate(scenario, replications: 6, threads: 1)
        let parallel = try simulate(scenario, replications: 6, threads: max(2, ProcessInfo.processInfo.activeProcessorCount))
        #expect(firstDifference(try jsonData(serial.summary), try jsonData(parallel.summary)) == nil)
        #expect(firstDifference(try jsonData(serial.outcomeGraph), try jsonData(parallel.outcomeGraph)) == nil)
        #expect(firstDifference(Data(serial.timeSeriesCSV.utf8), Data(parallel.timeSeriesCSV.utf8)) == nil)
        #expect(firstDifference(Data(serial.summaryCSV.utf8), Data(parallel.summaryCSV.utf8)) == nil)
    }

    @Test("A different seed gives a different result")
    func seedMatters() throws {
        let scenario = try shippedScenario("den-helder.yaml")
        let first = try Simulator.run(scenario, options: SimulationOptions(seed: 1, replications: 2))
        let second = try Simulator.run(scenario, options: SimulationOptions(seed: 2, replications: 2))
        #expect(try jsonData(first.summary) != jsonData(second.summary))
    }

    @Test("Replication k draws the same arrivals whatever the policies (common random numbers)")
    func commonRandomNumbers() throws {
        let scenario = try shippedScenario("den-helder.yaml")
        var other = scenario
        other.policies.escalation.route = .none
        other.policies.capacity.triage = .firstCome
        let a = try simulate(scenario, replications: 3), b = try simulate(other, replications: 3)
        for (left, right) in zip(a.replications, b.replications) {
            #expect(left.requests == right.requests)
        }
    }
}
