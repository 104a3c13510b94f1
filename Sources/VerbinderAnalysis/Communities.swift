import VerbinderCore

/// Community detection by the Louvain method (Blondel et al. 2008), following NetworkX's
/// `louvain_communities(G, weight="weight", resolution=1, threshold=1e-7, seed)`.
///
/// Runs on the undirected graph (a directed graph's opposite ties are merged, weights summed). Each level
/// visits nodes in a seeded random order and moves a node to the neighbouring community with the largest
/// positive modularity gain (the first one met on ties, neighbours in index order); levels repeat on the
/// aggregated graph while modularity rises by more than `threshold`. The same seed always gives the same
/// partition; NetworkX's own random stream differs, so its partitions can differ from ours (both are
/// local optima of the same objective).
public enum Communities {
    /// A partition: a community number per node (numbered by first appearance in node order), and its modularity.
    public struct Result: Sendable, Equatable {
        public var community: [Int]
        public var count: Int
        public var modularity: Double
    }

    /// Detects communities.
    /// - Complexity: about O(m) per pass; a handful of passes and levels in practice.
    public static func louvain(_ graph: AnalysisGraph, resolution: Double = 1, threshold: Double = 1e-7,
                               seed: UInt64 = 0) -> Result {
        let base = graph.undirected()
        let n = base.nodeCount
        guard n > 0 else { return Result(community: [], count: 0, modularity: .nan) }
        var level = Level(base)
        let m = level.totalWeight
        var assignment = Array(0 ..< n)     // original node -> current level node
        guard m > 0 else { return Result(community: Array(0 ..< n), count: n, modularity: .nan) }
        var random = Xoshiro256(seed: seed, stream: streamLabel("louvain"))
        var modularityBefore = modularity(base, community: assignment, resolution: resolution)
        var depth = 0
        while true {
            let (moved, labels) = level.oneLevel(m: m, resolution: resolution, random: &random)
            for node in 0 ..< n { assignment[node] = labels[assignment[node]] }
            let after = modularity(base, community: assignment, resolution: resolution)
            depth += 1
            if !moved || after - modularityBefore <= threshold { break }
            modularityBefore = after
            level = level.aggregated(by: labels)
        }
        let (community, count) = renumbered(assignment)
        return Result(community: community, count: count, modularity: modularity(base, community: community, resolution: resolution))
    }

    /// Newman's modularity of a partition of the undirected graph (NetworkX `community.modularity`):
    /// `Q = Σ_c [L_c / m − γ (K_c / 2m)²]`, `L_c` the weight inside community `c`, `K_c` its total degree.
    /// NaN when the graph has no weight.
    public static func modularity(_ graph: AnalysisGraph, community: [Int], resolution: Double = 1) -> Double {
        let g = graph.undirected()
        let count = (community.max() ?? -1) + 1
        var inside = [Double](repeating: 0, count: count), degree = [Double](repeating: 0, count: count)
        var total = 0.0
        for node in 0 ..< g.nodeCount {
            for position in g.outRange(node) {
                let weight = g.outWeights[position]
                degree[community[node]] += weight
                total += weight
                if community[Int(g.outTargets[position])] == community[node] { inside[community[node]] += weight }
            }
        }
        let m = total / 2
        guard m > 0 else { return .nan }
        var q = 0.0
        for c in 0 ..< count {
            let share = degree[c] / (2 * m)
            q += inside[c] / (2 * m) - resolution * share * share
        }
        return q
    }

    /// Numbers communities 0, 1, ... in order of their first node.
    static func renumbered(_ labels: [Int]) -> ([Int], Int) {
        var map = [Int](repeating: -1, count: (labels.max() ?? -1) + 1)
        var next = 0
        let result = labels.map { label -> Int in
            if map[label] < 0 { map[label] = next; next += 1 }
            return map[label]
        }
        return (result, next)
    }

    /// A (possibly aggregated) weighted undirected graph with self-loops, as CSR.
    struct Level {
        var offsets: [Int]
        var targets: [Int]
        var weights: [Double]
        /// Weight of each node's self-loop (inside weight of the community it stands for).
        var loops: [Double]

        var nodeCount: Int { loops.count }

        init(_ graph: AnalysisGraph) {
            offsets = graph.outOffsets.map(Int.init)
            targets = graph.outTargets.map(Int.init)
            weights = graph.outWeights
            loops = [Double](repeating: 0, count: graph.nodeCount)
        }

        init(offsets: [Int], targets: [Int], weights: [Double], loops: [Double]) {
            self.offsets = offsets; self.targets = targets; self.weights = weights; self.loops = loops
        }

        /// Total weight `m` (each undirected tie once, self-loops once).
        var totalWeight: Double { weights.reduce(0, +) / 2 + loops.reduce(0, +) }

        /// One Louvain pass; returns whether any node moved and each node's community (0-based, renumbered).
        func oneLevel(m: Double, resolution: Double, random: inout Xoshiro256) -> (Bool, [Int]) {
            let n = nodeCount
            var degree = [Double](repeating: 0, count: n)
            for node in 0 ..< n {
                var sum = 2 * loops[node]
                for position in offsets[node] ..< offsets[node + 1] { sum += weights[position] }
                degree[node] = sum
            }
            var community = Array(0 ..< n)
            var total = degree
            var order = Array(0 ..< n)
            for index in stride(from: n - 1, to: 0, by: -1) {
                order.swapAt(index, random.nextIndex(below: index + 1))
            }
            var toCommunity = [Double](repeating: 0, count: n)
            var seen = [Bool](repeating: false, count: n)
            var neighbours: [Int] = []
            var movedAny = false
            var moves = 1
            let twoMSquared = 2 * m * m
            while moves > 0 {
                moves = 0
                for u in order {
                    neighbours.removeAll(keepingCapacity: true)
                    for position in offsets[u] ..< offsets[u + 1] {
                        let c = community[targets[position]]
                        if !seen[c] { seen[c] = true; neighbours.append(c) }
                        toCommunity[c] += weights[position]
                    }
                    let own = community[u]
                    let k = degree[u]
                    total[own] -= k
                    let removeCost = -toCommunity[own] / m + resolution * (total[own] * k) / twoMSquared
                    var bestGain = 0.0
                    var best = own
                    for c in neighbours {
                        let gain = removeCost + toCommunity[c] / m - resolution * (total[c] * k) / twoMSquared
                        if gain > bestGain { bestGain = gain; best = c }
                    }
                    total[best] += k
                    if best != own {
                        community[u] = best
                        moves += 1
                        movedAny = true
                    }
                    for c in neighbours { seen[c] = false; toCommunity[c] = 0 }
                }
            }
            return (movedAny, Communities.renumbered(community).0)
        }

        /// The graph of communities: one node per label, tie weights summed, inside weight as self-loops.
        func aggregated(by labels: [Int]) -> Level {
            let count = (labels.max() ?? -1) + 1
            var loops = [Double](repeating: 0, count: count)
            var edges = EdgeList(nodeCount: count)
            for node in 0 ..< nodeCount {
                loops[labels[node]] += self.loops[node]
                for position in offsets[node] ..< offsets[node + 1] where targets[position] > node {
                    let a = labels[node], b = labels[targets[position]]
                    if a == b {
                        loops[a] += weights[position]
                    } else {
                        edges.append(Int32(a), Int32(b), weight: weights[position])
                    }
                }
            }
            let merged = AnalysisGraph(edges, directed: false)
            return Level(offsets: merged.outOffsets.map(Int.init), targets: merged.outTargets.map(Int.init),
                         weights: merged.outWeights, loops: loops)
        }
    }
}
