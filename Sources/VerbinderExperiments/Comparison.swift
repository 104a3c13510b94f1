import Foundation
import VerbinderCore
import VerbinderScenario
import VerbinderSimulation
import VerbinderSupport

/// The metrics of one arm (or scenario) per replication: the input of a paired comparison.
public struct ArmSample: Sendable {
    public var label: String
    /// Metrics by replication index.
    public var replications: [Int: [MetricKey: Double]]

    public init(label: String, replications: [Int: [MetricKey: Double]]) {
        self.label = label
        self.replications = replications
    }

    /// Simulates replications 0 ..< `count` of `scenario` (its own seed), in parallel over `threads`.
    /// - Throws: ``InputError`` when the scenario's network cannot be built.
    public static func simulate(_ scenario: Scenario, label: String, count: Int, threads: Int = 1) throws -> ArmSample {
        let prepared = try PreparedSimulation(scenario)
        let results = parallelMap(count, threads: threads) { index in
            Dictionary(uniqueKeysWithValues: MetricCatalog.metrics(of: prepared.replication(index)).map { ($0.key, $0.value) })
        }
        return ArmSample(label: label, replications: Dictionary(uniqueKeysWithValues: results.enumerated().map { ($0, $1) }))
    }

    /// An arm of a result store.
    /// - Throws: ``InputError`` when the store has no such arm.
    public static func load(store: ResultStore, arm: Int) throws -> ArmSample {
        let arms = try store.arms()
        guard arm >= 0 && arm < arms.count else {
            throw InputError("the store has arms 0 to \(arms.count - 1), not \(arm)", at: SourceLocation(file: store.path))
        }
        return ArmSample(label: "arm \(arm): \(arms[arm].label)", replications: try store.runMetrics(arm: arm))
    }
}

/// The paired difference B − A of one metric.
public struct MetricDifference: Sendable, Equatable, Codable {
    public var metric: String
    public var cell: String
    /// Means over the paired replications.
    public var meanA: Double
    public var meanB: Double
    public var difference: Double
    /// 95% confidence interval of the mean difference (Student's t over pairs); nil with fewer than 2 pairs.
    public var ci95: [Double]?
    /// Replications present in both samples (with a value for this metric).
    public var pairs: Int
    /// Whether the interval excludes zero.
    public var significant: Bool
}

/// Paired comparisons: replication k of A against replication k of B, which drew the same arrivals (common
/// random numbers), so the difference's variance excludes most of the arrival noise.
public enum Comparison {
    /// Differences B − A for every metric present in both, in catalogue order.
    public static func paired(_ a: ArmSample, _ b: ArmSample, metrics: [MetricKey]? = nil) -> [MetricDifference] {
        let shared = a.replications.keys.filter { b.replications[$0] != nil }.sorted()
        let keys = metrics ?? Set(shared.flatMap { Array(a.replications[$0]!.keys) + Array(b.replications[$0]!.keys) }).sorted()
        return keys.compactMap { key in
            var valuesA: [Double] = [], valuesB: [Double] = [], differences: [Double] = []
            for replication in shared {
                guard let x = a.replications[replication]?[key], let y = b.replications[replication]?[key] else { continue }
                valuesA.append(x)
                valuesB.append(y)
                differences.append(y - x)
            }
            guard let mean = Statistics.mean(differences) else { return nil }
            var interval = Statistics.confidenceInterval95(differences)
            if let bounds = interval, bounds[0] == bounds[1] { interval = [mean, mean] }
            let significant = interval.map { $0[0] > 0 || $0[1] < 0 } ?? false
            return MetricDifference(metric: key.metric, cell: key.cell, meanA: Statistics.mean(valuesA) ?? .nan,
                                    meanB: Statistics.mean(valuesB) ?? .nan, difference: mean, ci95: interval,
                                    pairs: differences.count, significant: significant)
        }
    }
}
