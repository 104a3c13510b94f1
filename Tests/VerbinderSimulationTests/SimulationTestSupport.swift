import Foundation
import VerbinderCore
import VerbinderScenario
import VerbinderSimulation

/// The repository's root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A shipped scenario, loaded.
func shippedScenario(_ path: String) throws -> Scenario {
    try Scenario.load(path: repositoryRoot.appendingPathComponent("scenarios/\(path)").path)
}

/// Runs `scenario` with `replications` replications on all cores.
func simulate(_ scenario: Scenario, replications: Int = 16, threads: Int = 2) throws -> SimulationRun {
    try Simulator.run(scenario, options: SimulationOptions(replications: replications, threads: threads))
}

/// The 95% confidence interval of the mean paired difference `a[k] − b[k]` over replications
/// (common random numbers make replication k of both runs see the same arrivals).
func pairedDifference(_ a: SimulationRun, _ b: SimulationRun, _ value: (ReplicationSummary) -> Double?) -> [Double] {
    let differences = zip(a.replications, b.replications).compactMap { left, right -> Double? in
        guard let x = value(left), let y = value(right) else { return nil }
        return x - y
    }
    return Statistics.confidenceInterval95(differences) ?? [-.infinity, .infinity]
}

/// True when the paired difference `a − b` is significantly above zero.
func significantlyGreater(_ a: SimulationRun, _ b: SimulationRun, _ value: (ReplicationSummary) -> Double?) -> Bool {
    pairedDifference(a, b, value)[0] > 0
}

extension Scenario {
    /// The scenario with an intervention in effect from the first week.
    func with(_ kind: InterventionKind) -> Scenario {
        var copy = self
        copy.policies.interventions.append(Intervention(kind: kind, startWeek: 0))
        return copy
    }
}
