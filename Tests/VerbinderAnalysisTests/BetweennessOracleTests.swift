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
