import VerbinderCore

/// Morris' elementary-effects design (Morris 1991, as in SALib's `morris.sample` without optimisation): r
/// trajectories of k + 1 points on a p-level grid of the unit cube; each step of a trajectory moves one factor,
/// in random order, by Δ = p / (2(p − 1)) up or down.
public struct MorrisDesign: Sendable, Equatable {
    public let trajectories: Int
    public let dimensions: Int
    public let levels: Int
    /// Rows in unit-cube coordinates, trajectory after trajectory, k + 1 rows each.
    public let unitRows: [[Double]]

    /// The step Δ of a design with `levels` levels.
    public static func step(levels: Int) -> Double { Double(levels) / (2 * Double(levels - 1)) }

    /// A design of `trajectories` ≥ 2 trajectories over `dimensions` factors on `levels` (even, ≥ 2) levels, drawn from `seed`.
    public init(trajectories: Int, dimensions: Int, levels: Int = 4, seed: UInt64) {
        precondition(trajectories >= 2 && dimensions >= 1 && levels >= 2 && levels % 2 == 0)
        self.trajectories = trajectories
        self.dimensions = dimensions
        self.levels = levels
        let delta = Self.step(levels: levels)
        var random = Xoshiro256(seed: seed, stream: streamLabel("morris-design"))
        var rows: [[Double]] = []
        rows.reserveCapacity(trajectories * (dimensions + 1))
        for _ in 0 ..< trajectories {
            // Start on the lower half of the grid, so that a step of Δ stays inside the cube.
            let start = (0 ..< dimensions).map { _ in Double(random.nextIndex(below: levels / 2)) / Double(levels - 1) }
            let up = (0 ..< dimensions).map { _ in random.nextIndex(below: 2) == 0 }
            var order = Array(0 ..< dimensions)
            for i in stride(from: dimensions - 1, to: 0, by: -1) { order.swapAt(i, random.nextIndex(below: i + 1)) }
            var point = (0 ..< dimensions).map { up[$0] ? start[$0] : start[$0] + delta }
            rows.append(point)
            for factor in order {
                point[factor] = up[factor] ? start[factor] + delta : start[factor]
                rows.append(point)
            }
        }
        unitRows = rows
    }
}

/// Morris screening measures of one output, per factor.
public struct MorrisIndices: Sendable, Equatable, Codable {
    /// Mean elementary effect μ.
    public var mu: [Double]
    /// Mean absolute elementary effect μ* (Campolongo et al. 2007): the ranking measure.
    public var muStar: [Double]
    /// Standard deviation σ of the elementary effects (n − 1): nonlinearity and interactions.
    public var sigma: [Double]
    /// Bootstrap half-width of μ*'s 95% interval (SALib's `mu_star_conf`).
    public var muStarConf: [Double]
}

/// Computes elementary effects and their statistics exactly as SALib's `morris.analyze` (unscaled effects:
/// output differences divided by the unit-cube step Δ).
public enum MorrisAnalysis {
    /// The elementary effects `effects[factor][trajectory]` of a design's rows and outputs. The factor moved
    /// at each step and its direction are read from the rows, so scaled or unit rows both work.
    public static func elementaryEffects(inputs: [[Double]], outputs: [Double], levels: Int) -> [[Double]] {
        precondition(!inputs.isEmpty && inputs.count == outputs.count)
        let k = inputs[0].count, size = k + 1
        precondition(inputs.count % size == 0, "Morris analysis: \(inputs.count) rows are not trajectories of \(size)")
        let delta = MorrisDesign.step(levels: levels)
        var effects = [[Double]](repeating: [], count: k)
        for first in stride(from: 0, to: inputs.count, by: size) {
            for step in first ..< first + k {
                let (before, after) = (inputs[step], inputs[step + 1])
                let factor = (0 ..< k).max { abs(after[$0] - before[$0]) < abs(after[$1] - before[$1]) }!
                let change = outputs[step + 1] - outputs[step]
                effects[factor].append((after[factor] > before[factor] ? change : -change) / delta)
            }
        }
        return effects
    }

    /// μ, μ*, σ and μ*'s bootstrap half-width from the elementary effects.
    /// - Parameter resamples: per factor, bootstrap resamples of trajectory indices.
    public static func analyze(inputs: [[Double]], outputs: [Double], levels: Int, resamples: [[[Int]]]) -> MorrisIndices {
        let effects = elementaryEffects(inputs: inputs, outputs: outputs, levels: levels)
        var result = MorrisIndices(mu: [], muStar: [], sigma: [], muStarConf: [])
        for (factor, ee) in effects.enumerated() {
            result.mu.append(mean(ee))
            result.muStar.append(mean(ee.map(abs)))
            result.sigma.append(variance(ee, ddof: 1).squareRoot())
            let draws = factor < resamples.count ? resamples[factor] : []
            let estimates = draws.map { sample in mean(sample.map { abs(ee[$0]) }) }
            result.muStarConf.append(estimates.count > 1 ? normal975 * variance(estimates, ddof: 1).squareRoot() : .nan)
        }
        return result
    }

    /// The statistics with `resampleCount` bootstrap resamples per factor drawn from `seed`.
    public static func analyze(inputs: [[Double]], outputs: [Double], levels: Int, resampleCount: Int = 100, seed: UInt64) -> MorrisIndices {
        let k = inputs.first?.count ?? 0
        let trajectories = inputs.count / (k + 1)
        let resamples = (0 ..< k).map { factor in
            bootstrapIndices(count: trajectories, resamples: resampleCount, seed: seed &+ UInt64(factor))
        }
        return analyze(inputs: inputs, outputs: outputs, levels: levels, resamples: resamples)
    }
}
