import Testing
@testable import VerbinderAnalysis

/// The brokerage and structural-hole kernels against their definitions, evaluated pair by pair on an
/// adjacency matrix, on graphs with hubs (a department tied to all its officials), dense cliques and
/// random ties: the near-linear kernels must give exactly the numbers of the definitions.
@Suite struct HubOracleTests {
    /// A hub tied to every node, a clique among the first few, and random ties (some with weights 2–4).
    static func hubGraph(nodes: Int, clique: Int, randomTies: Int, seed: UInt64) -> EdgeList {
        var list = randomEdges(nodes: nodes, edges: randomTies, seed: seed, maxWeight: 4)
        for node in 1 ..< Int32(nodes) { list.append(node, 0) }
        for a in 1 ..< Int32(clique + 1) { for b in 1 ..< Int32(clique + 1) where a != b { list.append(a, b) } }
        return list
    }

    static let graphs: [(EdgeList, String)] = [
        (hubGraph(nodes: 40, clique: 8, randomTies: 60, seed: 1), "hub, clique, random"),
        (hubGraph(nodes: 25, clique: 20, randomTies: 10, seed: 2), "hub and a big clique"),
        (randomEdges(nodes: 30, edges: 120, seed: 3, maxWeight: 3), "random"),
        (hubGraph(nodes: 60, clique: 0, randomTies: 0, seed: 4), "star"),
    ]

    /// Tie weights as a matrix (parallel ties summed, self-loops dropped), read with or without direction.
    static func matrix(_ list: EdgeList, directed: Bool) -> [[Double]] {
        var a = [[Double]](repeating: [Double](repeating: 0, count: list.nodeCount), count: list.nodeCount)
        var present = a.map { $0.map { _ in false } }
        for index in 0 ..< list.count {
            let s = Int(list.sources[index]), t = Int(list.targets[index])
            guard s != t else { continue }
            a[s][t] += list.weights[index]
            present[s][t] = true
            if !directed {
                a[t][s] += list.weights[index]
                present[t][s] = true
            }
        }
        return a.indices.map { i in a[i].indices.map { j in present[i][j] ? a[i][j] : .nan } }  // NaN: no tie
    }

    @Test(arguments: [false, true])
    func brokerageMatchesTwoPathCounting(directed: Bool) {
        for (list, name) in Self.graphs {
            let n = list.nodeCount
            let tie = Self.matrix(list, directed: directed).map { $0.map { !$0.isNaN } }
            for groupCount in [1, 2, 3, 5] {
                let groups = (0 ..< n).map { Int32(($0 * 7 + 3) % groupCount) * 10 - 4 }
                var expected = [[Double]](repeating: [Double](repeating: 0, count: n), count: 5)
                for v in 0 ..< n {
                    for a in 0 ..< n where tie[a][v] {
                        for b in 0 ..< n where b != a && tie[v][b] && !tie[a][b] {
                            expected[Brokerage.role(groups[a], groups[v], groups[b]).rawValue][v] += 1
                        }
                    }
                }
                let result = Brokerage.compute(AnalysisGraph(list, directed: directed), groups: groups)
                #expect(result.counts == expected, "\(name), \(groupCount) groups, directed: \(directed)")
            }
        }
    }

    @Test(arguments: [false, true], [false, true])
    func structuralHolesMatchBurtsDefinitions(directed: Bool, weighted: Bool) {
        for (list, name) in Self.graphs {
            let n = list.nodeCount
            let a = Self.matrix(list, directed: true)
            // NetworkX's mutual weight m(i, j) = a(i, j) + a(j, i), 0 without a tie either way. Undirected, a tie
            // weighs a(i, j) + a(j, i) (opposite edges merged); the mutual graph's factor 2 divides out.
            var m = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
            for i in 0 ..< n {
                for j in 0 ..< n where !(a[i][j].isNaN && a[j][i].isNaN) {
                    let forward = a[i][j].isNaN ? 0 : a[i][j], backward = a[j][i].isNaN ? 0 : a[j][i]
                    if directed {
                        m[i][j] = (a[i][j].isNaN ? 0 : weighted ? forward : 1) + (a[j][i].isNaN ? 0 : weighted ? backward : 1)
                    } else {
                        m[i][j] = weighted ? forward + backward : 1
                    }
                }
            }
            let rowSum = m.map { $0.reduce(0, +) }, rowMax = m.map { $0.max() ?? 0 }
            let result = StructuralHoles.compute(AnalysisGraph(list, directed: directed), weighted: weighted)
            for i in 0 ..< n {
                let p = (0 ..< n).map { rowSum[i] > 0 ? m[i][$0] / rowSum[i] : 0 }
                var constraint = 0.0, effectiveSize = 0.0, contacts = 0
                for j in 0 ..< n where m[i][j] > 0 {
                    contacts += 1
                    var indirect = 0.0, redundancy = 0.0
                    for q in 0 ..< n where p[q] != 0 && m[j][q] > 0 {
                        indirect += p[q] * (m[q][j] / rowSum[q])
                        redundancy += p[q] * (m[j][q] / rowMax[j])
                    }
                    constraint += (p[j] + indirect) * (p[j] + indirect)
                    effectiveSize += 1 - redundancy
                }
                let label = "\(name), node \(i), directed: \(directed), weighted: \(weighted)"
                if contacts == 0 {
                    #expect(result.constraint[i].isNaN, "\(label)")
                } else {
                    #expect(close(result.constraint[i], constraint, relative: 1e-12), "\(label)")
                    #expect(close(result.effectiveSize[i], effectiveSize, relative: 1e-12), "\(label)")
                }
            }
        }
    }
}

/// The estimate behind analyze's warning before partial-credit brokerage.
@Suite struct PartialCreditCostTests {
    @Test func twoPathsOfAStarAreQuadratic() {
        // A star of 1,000 leaves, given once each way for half of them, plus a self-loop (ignored):
        // the hub has 1,500 tie ends, each leaf 1 or 2.
        var list = EdgeList(nodeCount: 1_001)
        for leaf in 1 ... Int32(1_000) { list.append(leaf, 0) }
        for leaf in 1 ... Int32(500) { list.append(0, leaf) }
        list.append(3, 3)
        let expected: Double = 1_500 * 1_500 + 500 * 4 + 500
        #expect(AnalysisCost.partialCreditTwoPaths(list) == expected)
    }
}
