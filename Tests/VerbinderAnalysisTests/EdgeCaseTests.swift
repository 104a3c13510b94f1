import Testing
@testable import VerbinderAnalysis

/// Empty and one-node graphs, isolated nodes, self-loops, parallel edges, disconnected graphs, zero weights.
@Suite("Edge cases")
struct EdgeCaseTests {
    @Test func emptyGraph() throws {
        let graph = AnalysisGraph(EdgeList(nodeCount: 0), directed: false)
        #expect(Centrality.degree(graph).isEmpty)
        #expect(Centrality.betweenness(graph).isEmpty)
        #expect(Centrality.closeness(graph).isEmpty)
        #expect(Centrality.eigenvector(graph).values.isEmpty)
        #expect(Centrality.pageRank(graph).values.isEmpty)
        #expect(StructuralHoles.compute(graph).constraint.isEmpty)
        #expect(Brokerage.compute(graph, groups: []).total.isEmpty)
        #expect(Communities.louvain(graph).count == 0)
        let report = try Analysis.analyze(NetworkData(source: "empty", ids: [], edges: EdgeList(nodeCount: 0)),
                                          options: AnalysisOptions())
        #expect(report.csv() == "id," + report.metrics.map(\.rawValue).joined(separator: ",") + "\n")
        _ = report.text()
        _ = report.json()
    }

    @Test func singleNode() {
        let graph = AnalysisGraph(EdgeList(nodeCount: 1), directed: false)
        #expect(Centrality.degree(graph) == [0])
        #expect(Centrality.betweenness(graph) == [0])
        #expect(Centrality.closeness(graph) == [0])
        #expect(Centrality.eigenvector(graph).values == [1])  // NetworkX: 1 / sqrt(1)
        #expect(Centrality.pageRank(graph).values == [1])
        let holes = StructuralHoles.compute(graph)
        #expect(holes.constraint[0].isNaN && holes.effectiveSize[0].isNaN && holes.efficiency[0].isNaN && holes.hierarchy[0].isNaN)
        #expect(Brokerage.compute(graph, groups: [0]).total == [0])
    }

    @Test func isolatedNodes() {
        // Triangle 0-1-2 plus path 2-3, and node 4 alone.
        let graph = AnalysisGraph(edges(5, [(0, 1), (1, 2), (0, 2), (2, 3)]), directed: false)
        #expect(Centrality.betweenness(graph)[4] == 0)
        #expect(Centrality.closeness(graph)[4] == 0)
        let holes = StructuralHoles.compute(graph)
        #expect(holes.constraint[4].isNaN && holes.effectiveSize[4].isNaN)
        #expect(!holes.constraint[2].isNaN)
        // PageRank: an isolated node is dangling; it still gets the teleport share and values sum to 1.
        let rank = Centrality.pageRank(graph).values
        #expect(close(rank.reduce(0, +), 1))
        #expect(rank[4] > 0)
    }

    @Test func selfLoopsAreIgnored() {
        let plain = edges(4, [(0, 1), (1, 2), (2, 3), (3, 1)])
        var looped = plain
        looped.append(1, 1, weight: 5)
        looped.append(3, 3)
        for directed in [false, true] {
            let a = AnalysisGraph(plain, directed: directed), b = AnalysisGraph(looped, directed: directed)
            #expect(b.droppedSelfLoops == 2)
            #expect(Centrality.degree(a) == Centrality.degree(b))
            #expect(Centrality.betweenness(a) == Centrality.betweenness(b))
            #expect(Centrality.pageRank(a).values == Centrality.pageRank(b).values)
            #expect(StructuralHoles.compute(a).constraint == StructuralHoles.compute(b).constraint)
            #expect(Brokerage.compute(a, groups: [0, 0, 1, 1]).total == Brokerage.compute(b, groups: [0, 0, 1, 1]).total)
        }
    }

    @Test func parallelEdgesMergeWithSummedWeights() {
        // 0-1 twice (weights 1 and 2) equals one tie of weight 3; unweighted metrics see one tie.
        let parallel = edges(4, [(0, 1), (0, 1), (1, 2), (2, 3), (0, 3)], weights: [1, 2, 1, 1, 1])
        let simple = edges(4, [(0, 1), (1, 2), (2, 3), (0, 3)], weights: [3, 1, 1, 1])
        for directed in [false, true] {
            let a = AnalysisGraph(parallel, directed: directed), b = AnalysisGraph(simple, directed: directed)
            #expect(a.mergedEdges == 1)
            #expect(a.outWeights == b.outWeights && a.outTargets == b.outTargets)
            #expect(Centrality.degree(a) == Centrality.degree(b))
            #expect(Centrality.betweenness(a, weighted: true) == Centrality.betweenness(b, weighted: true))
            #expect(Centrality.pageRank(a).values == Centrality.pageRank(b).values)
        }
        // Undirected view: a → b and b → a become one tie, weights summed.
        let opposite = AnalysisGraph(edges(2, [(0, 1), (1, 0)], weights: [2, 3]), directed: false)
        #expect(opposite.tieCount == 1 && opposite.outWeights == [5, 5] && opposite.mergedEdges == 1)
        #expect(opposite.givenInDegree == [1, 1] && opposite.givenOutDegree == [1, 1])
    }

    @Test func disconnectedGraph() {
        // Path 0-1-2 and edge 3-4: closeness with Wasserman–Faust scaling.
        let graph = AnalysisGraph(edges(5, [(0, 1), (1, 2), (3, 4)]), directed: false)
        let closeness = Centrality.closeness(graph)
        #expect(close(closeness[1], (2.0 / 2) * (2.0 / 4)))
        #expect(close(closeness[0], (2.0 / 3) * (2.0 / 4)))
        #expect(close(closeness[3], (1.0 / 1) * (1.0 / 4)))
        let betweenness = Centrality.betweenness(graph)
        #expect(close(betweenness[1], 2.0 / (4 * 3)))
        #expect(betweenness[3] == 0)
        // Eigenvector: the larger component's eigenvalue dominates; the smaller one decays to 0.
        let eigenvector = Centrality.eigenvector(graph).values
        #expect(eigenvector[3] < 1e-10)
        #expect(close(eigenvector[1], 1 / 2.0.squareRoot(), relative: 1e-9))
    }

    @Test func zeroWeights() {
        // Path 0 -0- 1 -1- 2: weighted distances 0 and 1; node 1 lies on the only 0–2 path.
        let graph = AnalysisGraph(edges(3, [(0, 1), (1, 2)], weights: [0, 1]), directed: false)
        #expect(close(Centrality.betweenness(graph, weighted: true)[1], 1))
        // Unweighted metrics still see the zero-weight tie.
        #expect(Centrality.degree(graph) == [1, 2, 1])
        #expect(!StructuralHoles.compute(graph).constraint[0].isNaN)
        // Weighted structural holes: a node whose only tie weighs 0 has no contacts (NetworkX: NaN).
        #expect(StructuralHoles.compute(graph, weighted: true).constraint[0].isNaN)
        // PageRank: node 0's only out-weight is 0, so it is dangling; values still sum to 1.
        let rank = Centrality.pageRank(graph).values
        #expect(close(rank.reduce(0, +), 1) && rank.allSatisfy { $0.isFinite })
        // A zero-weight triangle: every distance is 0; the shortest-path DAG stays acyclic and values finite.
        let triangle = AnalysisGraph(edges(4, [(0, 1), (1, 2), (0, 2), (2, 3)], weights: [0, 0, 0, 0]), directed: false)
        #expect(Centrality.betweenness(triangle, weighted: true).allSatisfy { $0.isFinite && $0 >= 0 })
    }

    @Test func brokerageNeedsAMissingTie() {
        // 0 → 1 → 2 with 0 → 2 present: no brokerage. Without it: node 1 brokers once.
        let closed = AnalysisGraph(edges(3, [(0, 1), (1, 2), (0, 2)]), directed: true)
        #expect(Brokerage.compute(closed, groups: [0, 0, 0]).total == [0, 0, 0])
        let open = AnalysisGraph(edges(3, [(0, 1), (1, 2)]), directed: true)
        // a = 0 (group A), v = 1 (group A), b = 2 (group B): representative (b_IO).
        let result = Brokerage.compute(open, groups: [7, 7, 9])
        #expect(result.counts[Brokerage.Role.representative.rawValue] == [0, 1, 0])
        // v in b's group, not a's: gatekeeper (b_OI).
        #expect(Brokerage.compute(open, groups: [7, 9, 9]).counts[Brokerage.Role.gatekeeper.rawValue] == [0, 1, 0])
        #expect(Brokerage.compute(open, groups: [7, 9, 7]).counts[Brokerage.Role.itinerant.rawValue] == [0, 1, 0])
        #expect(Brokerage.compute(open, groups: [1, 2, 3]).counts[Brokerage.Role.liaison.rawValue] == [0, 1, 0])
        // A tie b → a does not close the two-path a → v → b.
        let back = AnalysisGraph(edges(3, [(0, 1), (1, 2), (2, 0)]), directed: true)
        #expect(Brokerage.compute(back, groups: [0, 0, 0]).total == [1, 1, 1])
    }
}
