import Foundation
import VerbinderSimulation

/// A paired contrast over replications: its mean, 95% interval and significance.
public struct Contrast: Sendable, Equatable, Codable {
    public var mean: Double
    public var ci95: [Double]?
    public var significant: Bool

    init(_ values: [Double]) {
        mean = Statistics.mean(values) ?? .nan
        ci95 = Statistics.confidenceInterval95(values)
        significant = ci95.map { $0[0] > 0 || $0[1] < 0 } ?? false
    }
}

/// The main effect of one factor on one metric.
public struct MainEffect: Sendable, Equatable, Codable {
    public var factor: String
    public var levels: [String]
    /// The metric's mean at each level, averaged over all other factors and replications (nil: no data).
    public var levelMeans: [Double?]
    /// Highest minus lowest level mean: the width of the tornado bar.
    public var range: Double
    /// Last level minus first level (e.g. high − low), paired per replication over the other factors.
    public var contrast: Contrast
    /// Each level after the first minus the first (the baseline), paired per replication: for a categorical
    /// factor such as the interventions, every level against the baseline, not only the last.
    public var levelContrasts: [Contrast]
}

/// The interaction of two factors on one metric, between their first and last levels.
public struct Interaction: Sendable, Equatable, Codable {
    public var factorA: String
    public var factorB: String
    public var levelsA: [String]
    public var levelsB: [String]
    /// `means[i][j]`: the metric at level i of A and level j of B, averaged over everything else.
    public var means: [[Double?]]
    /// (effect of A's last vs first level where B is at its last level) − (the same where B is at its first):
    /// positive means A helps more when B is high. Paired per replication.
    public var contrast: Contrast
    /// The effect of A (last − first) at B's first and at B's last level.
    public var effectOfAAtFirstB: Double
    public var effectOfAAtLastB: Double
}

/// Main effects and two-factor interactions of a sweep's factors on a metric, from its arms × replications
/// matrix (a full factorial design; Montgomery, *Design and Analysis of Experiments*, ch. 5).
public struct SensitivityAnalysis: Sendable {
    public var factors: [Factor]
    /// The level index of each factor per arm: `levels[arm][factor]`.
    public var armLevels: [[Int]]
    /// `values[arm][replication]`.
    public var values: [[Double?]]

    public init(factors: [Factor], armLevels: [[Int]], values: [[Double?]]) {
        self.factors = factors
        self.armLevels = armLevels
        self.values = values
    }

    /// The grand mean over all arms and replications.
    public var overallMean: Double? { Statistics.mean(values.flatMap { $0.compactMap { $0 } }) }

    var replicationCount: Int { values.map(\.count).max() ?? 0 }

    /// Mean of the metric over arms matching `condition`, in one replication (or all when nil).
    func mean(where condition: ([Int]) -> Bool, replication: Int? = nil) -> Double? {
        var sum = 0.0, count = 0
        for (arm, levels) in armLevels.enumerated() where condition(levels) {
            let row = values[arm]
            if let replication {
                if replication < row.count, let value = row[replication] { sum += value; count += 1 }
            } else {
                for value in row.compactMap({ $0 }) { sum += value; count += 1 }
            }
        }
        return count > 0 ? sum / Double(count) : nil
    }

    /// The main effect of every factor with at least two levels, largest range first.
    public func mainEffects() -> [MainEffect] {
        factors.indices.compactMap { position -> MainEffect? in
            let factor = factors[position]
            guard factor.levels.count > 1 else { return nil }
            let means = factor.levels.indices.map { level in mean(where: { $0[position] == level }) }
            let present = means.compactMap { $0 }
            let contrasts = (1 ..< factor.levels.count).map { levelContrast(position, level: $0) }
            return MainEffect(factor: factor.name, levels: factor.levels, levelMeans: means,
                              range: (present.max() ?? 0) - (present.min() ?? 0), contrast: contrasts.last!,
                              levelContrasts: contrasts)
        }.sorted { $0.range > $1.range }
    }

    /// Level `level` of the factor at `position` minus its first level, paired per replication over the other factors.
    func levelContrast(_ position: Int, level: Int) -> Contrast {
        Contrast((0 ..< replicationCount).compactMap { replication in
            guard let value = mean(where: { $0[position] == level }, replication: replication),
                  let baseline = mean(where: { $0[position] == 0 }, replication: replication) else { return nil }
            return value - baseline
        })
    }

    /// The interaction of factors `a` and `b` (positions in ``factors``).
    public func interaction(_ a: Int, _ b: Int) -> Interaction {
        let lastA = factors[a].levels.count - 1, lastB = factors[b].levels.count - 1
        let means = factors[a].levels.indices.map { i in
            factors[b].levels.indices.map { j in mean(where: { $0[a] == i && $0[b] == j }) }
        }
        func effect(atB j: Int, replication: Int?) -> Double? {
            guard let high = mean(where: { $0[a] == lastA && $0[b] == j }, replication: replication),
                  let low = mean(where: { $0[a] == 0 && $0[b] == j }, replication: replication) else { return nil }
            return high - low
        }
        let perReplication: [Double] = (0 ..< replicationCount).compactMap { replication in
            guard let top = effect(atB: lastB, replication: replication), let bottom = effect(atB: 0, replication: replication) else { return nil }
            return top - bottom
        }
        return Interaction(factorA: factors[a].name, factorB: factors[b].name, levelsA: factors[a].levels,
                           levelsB: factors[b].levels, means: means, contrast: Contrast(perReplication),
                           effectOfAAtFirstB: effect(atB: 0, replication: nil) ?? .nan,
                           effectOfAAtLastB: effect(atB: lastB, replication: nil) ?? .nan)
    }

    /// The `count` pairs with the largest interactions (by |contrast|), plus any `always` pair (by factor
    /// name) that is in the sweep: e.g. internal process × residents, Platform31 publication's "external cooperation only
    /// works when internal cooperation works too".
    public func topInteractions(_ count: Int, always: [(String, String)] = [("residents", "internalProcess")]) -> [Interaction] {
        let varied = factors.indices.filter { factors[$0].levels.count > 1 }
        var all: [Interaction] = []
        for (i, a) in varied.enumerated() {
            for b in varied[(i + 1)...] { all.append(interaction(a, b)) }
        }
        // Ties broken by factor order, so the choice is deterministic.
        let ranked = all.enumerated().sorted {
            let (x, y) = (abs($0.element.contrast.mean), abs($1.element.contrast.mean))
            return x.isNaN ? false : y.isNaN ? true : x != y ? x > y : $0.offset < $1.offset
        }.map(\.element)
        var chosen = Array(ranked.prefix(count))
        for (first, second) in always {
            guard let a = factors.firstIndex(where: { $0.name == first }), let b = factors.firstIndex(where: { $0.name == second }),
                  factors[a].levels.count > 1, factors[b].levels.count > 1 else { continue }
            chosen.removeAll { Set([$0.factorA, $0.factorB]) == Set([first, second]) }
            chosen.insert(interaction(a, b), at: 0)
        }
        return chosen
    }
}
