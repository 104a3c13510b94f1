import VerbinderCore

/// Sobol' sensitivity indices of one output, with bootstrap half-widths of their 95% intervals (SALib's
/// `*_conf`: 1.96 × the standard deviation of the bootstrap estimates).
public struct SobolIndices: Sendable, Equatable, Codable {
    /// First-order indices S1 (Saltelli et al. 2010, table 2 (b)), one per factor.
    public var firstOrder: [Double]
    public var firstOrderConf: [Double]
    /// Total indices ST (Jansen 1999; Saltelli et al. 2010, table 2 (f)).
    public var total: [Double]
    public var totalConf: [Double]
    /// Second-order indices S2[j][k] for j < k (Saltelli 2002); nil without a second-order design, nil
    /// entries on and below the diagonal.
    public var secondOrder: [[Double?]]?
    public var secondOrderConf: [[Double?]]?
}

/// Estimates Sobol' indices from the outputs of a ``SaltelliDesign``, exactly as SALib's `sobol.analyze`
/// does: the outputs are standardised, each index is normalised by the variance of the A and B outputs.
public enum SobolAnalysis {
    /// The indices from `outputs` in the design's row order.
    /// - Parameters:
    ///   - resamples: bootstrap resamples, each N base-row indices (0 ..< N) drawn with replacement.
    /// - Precondition: `outputs.count` is a multiple of the block size (D + 2, or 2D + 2 with second order).
    public static func analyze(_ outputs: [Double], dimensions: Int, secondOrder: Bool, resamples: [[Int]]) -> SobolIndices {
        let d = dimensions
        let block = secondOrder ? 2 * d + 2 : d + 2
        precondition(d >= 1 && outputs.count % block == 0 && outputs.count >= 2 * block,
                     "Sobol' analysis: \(outputs.count) outputs do not fit blocks of \(block)")
        let n = outputs.count / block
        let centre = mean(outputs), spread = variance(outputs).squareRoot()
        let y = spread > 0 ? outputs.map { ($0 - centre) / spread } : outputs.map { _ in 0 }
        let a = (0 ..< n).map { y[$0 * block] }
        let b = (0 ..< n).map { y[$0 * block + block - 1] }
        let ab = (0 ..< d).map { j in (0 ..< n).map { y[$0 * block + 1 + j] } }
        let ba = secondOrder ? (0 ..< d).map { j in (0 ..< n).map { y[$0 * block + 1 + d + j] } } : []
        let all = Array(0 ..< n)

        func conf(_ estimate: ([Int]) -> Double) -> Double {
            guard resamples.count > 1 else { return .nan }
            // SALib: no interval when every resampled output is the same.
            var low = Double.infinity, high = -Double.infinity
            for sample in resamples { for i in sample { low = min(low, a[i], b[i]); high = max(high, a[i], b[i]) } }
            guard high > low else { return 0 }
            return normal975 * variance(resamples.map(estimate), ddof: 1).squareRoot()
        }

        var result = SobolIndices(firstOrder: [], firstOrderConf: [], total: [], totalConf: [])
        for j in 0 ..< d {
            result.firstOrder.append(firstOrder(a, ab[j], b, all))
            result.firstOrderConf.append(conf { firstOrder(a, ab[j], b, $0) })
            result.total.append(total(a, ab[j], b, all))
            result.totalConf.append(conf { total(a, ab[j], b, $0) })
        }
        if secondOrder {
            var s2 = [[Double?]](repeating: [Double?](repeating: nil, count: d), count: d)
            var s2Conf = s2
            for j in 0 ..< d {
                for k in (j + 1) ..< max(j + 1, d) {
                    let estimate = { (rows: [Int]) in second(a, ab[j], ab[k], ba[j], b, rows) }
                    s2[j][k] = estimate(all)
                    s2Conf[j][k] = resamples.count > 1 ? normal975 * variance(resamples.map(estimate), ddof: 1).squareRoot() : .nan
                }
            }
            result.secondOrder = s2
            result.secondOrderConf = s2Conf
        }
        return result
    }

    /// The indices with `resampleCount` bootstrap resamples drawn from `seed`.
    public static func analyze(_ outputs: [Double], dimensions: Int, secondOrder: Bool, resampleCount: Int = 100,
                               seed: UInt64) -> SobolIndices {
        let block = secondOrder ? 2 * dimensions + 2 : dimensions + 2
        let resamples = bootstrapIndices(count: outputs.count / block, resamples: resampleCount, seed: seed)
        return analyze(outputs, dimensions: dimensions, secondOrder: secondOrder, resamples: resamples)
    }

    /// Variance of the A and B outputs of `rows` (NumPy `var`), the normaliser of every index.
    private static func outputVariance(_ a: [Double], _ b: [Double], _ rows: [Int]) -> Double {
        variance(rows.map { a[$0] } + rows.map { b[$0] })
    }

    /// Ratio with SALib's guard: 0 when the variance is (numerically) zero.
    private static func normalised(_ value: Double, _ v: Double) -> Double {
        v > Double.ulpOfOne ? value / v : 0
    }

    static func firstOrder(_ a: [Double], _ abj: [Double], _ b: [Double], _ rows: [Int]) -> Double {
        let v = outputVariance(a, b, rows)
        return normalised(mean(rows.map { b[$0] * (abj[$0] - a[$0]) }), v)
    }

    static func total(_ a: [Double], _ abj: [Double], _ b: [Double], _ rows: [Int]) -> Double {
        let v = outputVariance(a, b, rows)
        return normalised(0.5 * mean(rows.map { (a[$0] - abj[$0]) * (a[$0] - abj[$0]) }), v)
    }

    static func second(_ a: [Double], _ abj: [Double], _ abk: [Double], _ baj: [Double], _ b: [Double], _ rows: [Int]) -> Double {
        let v = outputVariance(a, b, rows)
        let vjk = normalised(mean(rows.map { baj[$0] * abk[$0] - a[$0] * b[$0] }), v)
        return vjk - firstOrder(a, abj, b, rows) - firstOrder(a, abk, b, rows)
    }
}

/// `resamples` bootstrap resamples of `count` indices each, drawn with replacement from `seed`.
public func bootstrapIndices(count: Int, resamples: Int, seed: UInt64) -> [[Int]] {
    var random = Xoshiro256(seed: seed, stream: streamLabel("bootstrap"))
    return (0 ..< resamples).map { _ in (0 ..< count).map { _ in random.nextIndex(below: count) } }
}
