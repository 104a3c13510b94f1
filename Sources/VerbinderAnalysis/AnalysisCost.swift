/// What the exact shortest-path metrics of an analysis will cost, estimated before they run, so a caller
/// can warn before hours of work.
///
/// Exact betweenness (Brandes 2001) and closeness search the graph once from every node: about `n · m`
/// steps each for `n` nodes and `m` ties. Sampled betweenness (`sample = k`) takes `k · m`.
public struct AnalysisCost: Sendable, Equatable {
    /// The exact (unsampled) all-source searches asked for, in column order.
    public var exactMetrics: [Metric]
    /// Node-tie steps over all of them.
    public var steps: Double

    /// Steps per second on one thread of a release build, from the exact-betweenness benchmark
    /// (benchmarks/RESULTS.md: 20,000 nodes and 200,000 ties, 4.0e9 steps in 77.6 s on one thread; the
    /// 5,000-node graph gives 6.0e7). Weighted betweenness and closeness run at about that rate; unweighted
    /// betweenness, since its level-by-level kernel, about three times faster (4.0e9 steps in 24 s CPU), so
    /// for it the estimate is an upper bound and the warning comes early rather than late.
    public static let stepsPerSecondPerThread = 5.0e7

    /// A cost over this many seconds is worth a warning.
    public static let warningSeconds = 60.0

    /// The cost of `options` on a network of `nodeCount` nodes and `edgeCount` edges.
    public init(nodeCount: Int, edgeCount: Int, options: AnalysisOptions) {
        let n = Double(nodeCount), m = Double(edgeCount)
        var metrics: [Metric] = []
        var steps = 0.0
        for metric in options.metrics {
            switch metric {
            case .betweenness, .betweennessWeighted:
                if let sample = options.sample, sample < nodeCount {
                    steps += Double(sample) * m
                } else {
                    metrics.append(metric)
                    steps += n * m
                }
            case .closeness:
                metrics.append(metric)
                steps += n * m
            default:
                continue
            }
        }
        exactMetrics = metrics
        self.steps = steps
    }

    /// Two-paths per second of partial-credit brokerage, which visits every two-path `a → v → b` twice (once to
    /// count each pair's brokers, once to credit them): the pair-by-pair kernel visited 1.0e10 two-paths (one
    /// department of 100,000 officials) in 39.7 s of one pass (benchmarks/RESULTS.md), so half that rate.
    public static let partialCreditTwoPathsPerSecond = 1.25e8

    /// The two-paths partial-credit brokerage visits, at most: Σ over nodes of (number of ties)², ties read
    /// without direction and parallel edges counted.
    /// - Complexity: O(n + m).
    public static func partialCreditTwoPaths(_ edges: EdgeList) -> Double {
        var degree = [Double](repeating: 0, count: edges.nodeCount)
        for index in 0 ..< edges.count where edges.sources[index] != edges.targets[index] {
            degree[Int(edges.sources[index])] += 1
            degree[Int(edges.targets[index])] += 1
        }
        return degree.reduce(0) { $0 + $1 * $1 }
    }

    /// Seconds on `threads` threads of a release build, by ``stepsPerSecondPerThread``.
    public func seconds(threads: Int) -> Double { steps / (Self.stepsPerSecondPerThread * Double(max(1, threads))) }
}
