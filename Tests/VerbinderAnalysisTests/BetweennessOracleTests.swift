import Testing
@testable import VerbinderAnalysis

/// Brandes against a brute-force oracle (all-pairs distances and path counts) on many small random graphs,
/// and sampled betweenness against exact.
@Suite("Betweenness: oracle and sampling")
struct BetweennessOracleTests {
    /// Betweenness by definition: Σ_{s≠v≠t} σ(s,v) σ(v,t) / σ(s,t) over pairs with d(s,v) + d(v,t) = d(s,t).
    static func bruteForce(_ graph: AnalysisGraph, weighted: Bool) -> [Double] {
        let n = graph.nodeCount
        var distance = [[Double]](repeating: [Double](repeating: .infinity, count: n), count: n)
        for v in 0 ..< n {
            distance[v][v] = 0
            for position in graph.outRange(v) {
                let w = Int(graph.outTargets[position])
                distance[v][w] = min(distance[v][w], weighted ? graph.outWeights[position] : 1)
            }
        }
        for k in 0 ..< n { for i in 0 ..< n { for j in 0 ..< n where distance[i][k] + distance[k][j] < distance[i][j] {
            distance[i][j] = distance[i][k] + distance[k][j]
        } } }
        // σ(s, t): count shortest paths by DP over nodes in order of distance from s (weights are positive).
        var sigma = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for s in 0 ..< n {
            sigma[s][s] = 1
            let order = (0 ..< n).filter { distance[s][$0].isFinite }.sorted { distance[s][$0] < distance[s][$1] }
            for t in order where t != s {
                var count = 0.0
                for u in 0 ..< n where u != t && distance[s][u].isFinite {
                    for position in graph.outRange(u) where Int(graph.outTargets[position]) == t {
                        let length = weighted ? graph.outWeights[position] : 1
                        if distance[s][u] + length == distance[s][t] { count += sigma[s][u] }
                    }
                }
                sigma[s][t] = count
            }
        }
        var result = [Double](repeating: 0, count: n)
        for s in 0 ..< n { for t in 0 ..< n where s != t && sigma[s][t] > 0 { for v in 0 ..< n where v != s && v != t {
            if distance[s][v] + distance[v][t] == distance[s][t] { result[v] += sigma[s][v] * sigma[v][t] / sigma[s][t] }
        } } }
        Centrality.rescale(&result, directed: graph.isDirected, normalized: true, sampledSources: nil)
        return result
    }

    @Test(arguments: 0 ..< 40)
    func matchesBruteForce(_ seed: Int) {
        let directed = seed % 2 == 0
        let list = randomEdges(nodes: 6 + seed % 9, edges: 8 + 2 * (seed % 11), seed: UInt64(seed), maxWeight: 3)
        let graph = AnalysisGraph(list, directed: directed)
        expectClose(Centrality.betweenness(graph), Self.bruteForce(graph, weighted: false), "unweighted seed \(seed)")
        expectClose(Centrality.betweenness(graph, weighted: true), Self.bruteForce(graph, weighted: true), "weighted seed \(seed)")
    }

    /// Textbook Brandes (2001, Algorithm 1: queue, stack, predecessor lists), unweighted, dependencies summed
    /// over `sources` (all nodes when nil): an oracle for graphs too large for ``bruteForce``, and for
    /// searches deeper than 255 levels.
    static func textbookBrandes(_ graph: AnalysisGraph, sources: [Int32]? = nil) -> [Double] {
        let n = graph.nodeCount
        var result = [Double](repeating: 0, count: n)
        for s in sources.map({ $0.map(Int.init) }) ?? Array(0 ..< n) {
            var stack: [Int] = []
            var predecessors = [[Int]](repeating: [], count: n)
            var sigma = [Double](repeating: 0, count: n)
            var distance = [Int](repeating: -1, count: n)
            sigma[s] = 1
            distance[s] = 0
            var queue = [s], head = 0
            while head < queue.count {
                let v = queue[head]; head += 1
                stack.append(v)
                for position in graph.outRange(v) {
                    let w = Int(graph.outTargets[position])
                    if distance[w] < 0 { distance[w] = distance[v] + 1; queue.append(w) }
                    if distance[w] == distance[v] + 1 { sigma[w] += sigma[v]; predecessors[w].append(v) }
                }
            }
            var delta = [Double](repeating: 0, count: n)
            while let w = stack.popLast() {
                for v in predecessors[w] { delta[v] += sigma[v] / sigma[w] * (1 + delta[w]) }
                if w != s { result[w] += delta[w] }
            }
        }
        Centrality.rescale(&result, directed: graph.isDirected, normalized: true, sampledSources: sources)
        return result
    }

    /// A path of `length` nodes, then `leaves` leaves on its last node, plus `chords` random ties (seeded).
    static func broom(length: Int, leaves: Int, chords: Int, seed: UInt64) -> EdgeList {
        var list = EdgeList(nodeCount: length + leaves)
        for node in 1 ..< length { list.append(Int32(node - 1), Int32(node)) }
        for leaf in length ..< length + leaves { list.append(Int32(length - 1), Int32(leaf)) }
        var random = SplitMix64Generator(seed: seed)
        for _ in 0 ..< chords {
            list.append(Int32(random.next() % UInt64(length + leaves)), Int32(random.next() % UInt64(length + leaves)))
        }
        return list
    }

    @Test func pathDeeperThanTheLevelBytes() {
        // 600 nodes in a row: searches 599 levels deep; node i lies on 2 i (n − 1 − i) ordered shortest paths.
        let n = 600
        let graph = AnalysisGraph(Self.broom(length: n, leaves: 0, chords: 0, seed: 0), directed: false)
        let expected = (0 ..< n).map { 2 * Double($0) * Double(n - 1 - $0) / (Double(n - 1) * Double(n - 2)) }
        expectClose(Centrality.betweenness(graph), expected, "path")
        expectClose(Centrality.betweenness(graph, threads: 1), Self.textbookBrandes(graph), "path, textbook")
    }

    @Test func directedCycleDeeperThanTheLevelBytes() {
        // A directed cycle of 600 nodes: every node lies inside half of all ordered pairs' (unique) paths.
        let n = 600
        let list = edges(n, (0 ..< n).map { (Int32($0), Int32(($0 + 1) % n)) })
        let values = Centrality.betweenness(AnalysisGraph(list, directed: true))
        expectClose(values, [Double](repeating: 0.5, count: n), "directed cycle")
    }

    @Test(arguments: [(0, false), (1, true), (2, false), (3, true)])
    func deepAndWideAgainstTextbook(_ seed: Int, _ directed: Bool) {
        // A long handle (300 levels) ending in a wide level of leaves, with a few chords: the search switches
        // between discovery order and scanning, before and after the level residues wrap around.
        let graph = AnalysisGraph(Self.broom(length: 300, leaves: 300, chords: 4 * seed, seed: UInt64(seed)), directed: directed)
        expectClose(Centrality.betweenness(graph), Self.textbookBrandes(graph), "broom seed \(seed)")
    }

    @Test(arguments: [false, true])
    func randomAndDisconnectedAgainstTextbook(_ directed: Bool) {
        // Two random components (one dense, one sparse) on interleaved node numbers (3k and 3k + 1), and
        // isolated nodes (3k + 2, and 450 on).
        var list = EdgeList(nodeCount: 500)
        let dense = randomEdges(nodes: 150, edges: 1500, seed: 11), sparse = randomEdges(nodes: 150, edges: 200, seed: 12)
        for index in 0 ..< dense.count { list.append(3 * dense.sources[index], 3 * dense.targets[index]) }
        for index in 0 ..< sparse.count { list.append(3 * sparse.sources[index] + 1, 3 * sparse.targets[index] + 1) }
        let graph = AnalysisGraph(list, directed: directed)
        let expected = Self.textbookBrandes(graph)
        expectClose(Centrality.betweenness(graph, threads: 1), expected, "random, directed \(directed)")
        #expect(Centrality.betweenness(graph, threads: 1) == Centrality.betweenness(graph, threads: 3))
        // 5 sources search the graph as labelled, 60 a relabelled copy; both must match the textbook.
        for count in [5, 60] {
            let sources = Centrality.sampleSources(nodeCount: 500, count: count, seed: 2)
            expectClose(Centrality.betweenness(graph, sample: count, seed: 2), Self.textbookBrandes(graph, sources: sources),
                        "\(count) sources, directed \(directed)")
        }
    }

    @Test func sampledWithAllSourcesIsExact() {
        let graph = AnalysisGraph(randomEdges(nodes: 30, edges: 70, seed: 5), directed: false)
        #expect(Centrality.betweenness(graph, sample: 30, seed: 9) == Centrality.betweenness(graph))
        #expect(Centrality.betweenness(graph, sample: 31, seed: 9) == Centrality.betweenness(graph))
    }

    @Test func sampledIsSeededAndClose() {
        let graph = AnalysisGraph(randomEdges(nodes: 400, edges: 1600, seed: 8), directed: false)
        let exact = Centrality.betweenness(graph)
        let first = Centrality.betweenness(graph, sample: 200, seed: 3)
        #expect(first == Centrality.betweenness(graph, sample: 200, seed: 3, threads: 1))
        #expect(first != Centrality.betweenness(graph, sample: 200, seed: 4))
        // Half the sources: the estimate tracks the exact values (mean absolute error small relative to the mean).
        let meanExact = exact.reduce(0, +) / Double(exact.count)
        let meanError = zip(first, exact).map { abs($0 - $1) }.reduce(0, +) / Double(exact.count)
        #expect(meanError < 0.2 * meanExact, "mean error \(meanError) vs mean \(meanExact)")
    }

    @Test func sampleSourcesAreDistinct() {
        let sources = Centrality.sampleSources(nodeCount: 100, count: 60, seed: 1)
        #expect(Set(sources).count == 60)
        #expect(sources.allSatisfy { $0 >= 0 && $0 < 100 })
        #expect(sources == Centrality.sampleSources(nodeCount: 100, count: 60, seed: 1))
    }

    @Test func samplingRescalesLikeNetworkX() {
        // Star with centre 0 and 4 leaves; sampling sources {1, 2}: centre gets dependencies 3 per source.
        var values = [6.0, 0, 0, 0, 0]
        Centrality.rescale(&values, directed: false, normalized: true, sampledSources: [1, 2])
        // Non-source centre: 1 / (k (N − 1)) with k = 2, N = n − 1 = 4.
        #expect(close(values[0], 6.0 / (2 * 3)))
    }
}
