import Testing
@testable import VerbinderCore

/// The CSR ``Graph`` compared with a naive adjacency (an array of arrays) on many random graphs.
@Suite("Graph (CSR) against a naive adjacency")
struct GraphTests {
    /// One edge as it was handed to the builder.
    struct NaiveEdge: Equatable {
        var source: Int32
        var target: Int32
        var kind: EdgeKind
        var weight: Float
        var trust: Float
        var familiarity: Float
    }

    /// The oracle: per node, its out-edges and in-edges as builder indices, in insertion order.
    struct NaiveGraph {
        var edges: [NaiveEdge] = []
        var out: [[Int]]
        var incoming: [[Int]]

        init(nodeCount: Int) {
            out = Array(repeating: [], count: nodeCount)
            incoming = Array(repeating: [], count: nodeCount)
        }

        mutating func add(_ edge: NaiveEdge) {
            out[Int(edge.source)].append(edges.count)
            incoming[Int(edge.target)].append(edges.count)
            edges.append(edge)
        }
    }

    /// A random graph of up to 40 nodes with self-loops and parallel edges; seeds 0 and 1 give 0 and 1 nodes.
    static func randomGraph(seed: UInt64) -> (GraphBuilder, NaiveGraph) {
        var random = SplitMix64(seed: seed)
        let nodeCount = seed < 2 ? Int(seed) : Int.random(in: 0 ... 40, using: &random)
        var builder = GraphBuilder()
        for node in 0 ..< nodeCount {
            let kind = NodeKind.allCases.randomElement(using: &random)!
            builder.nodes.append(kind: kind, name: node.isMultiple(of: 3) ? "node \(node)" : nil)
        }
        var naive = NaiveGraph(nodeCount: nodeCount)
        let edgeCount = nodeCount == 0 ? 0 : Int.random(in: 0 ... nodeCount * 4, using: &random)
        for index in 0 ..< edgeCount {
            var edge: NaiveEdge
            let shape = Int.random(in: 0 ..< 10, using: &random)
            if shape == 0, let earlier = naive.edges.randomElement(using: &random) {
                edge = earlier // a parallel edge, with fresh attributes below
            } else {
                let source = Int32.random(in: 0 ..< Int32(nodeCount), using: &random)
                let target = shape == 1 ? source : Int32.random(in: 0 ..< Int32(nodeCount), using: &random) // self-loops
                edge = NaiveEdge(source: source, target: target, kind: .tie, weight: 0, trust: 0, familiarity: 0)
            }
            edge.kind = EdgeKind.allCases.randomElement(using: &random)!
            edge.weight = Float(index) // identifies the edge wherever it ends up
            edge.trust = Float(Int.random(in: 0 ... 100, using: &random)) / 100
            edge.familiarity = Float(Int.random(in: 0 ... 100, using: &random)) / 100
            builder.addEdge(from: edge.source, to: edge.target, kind: edge.kind, weight: edge.weight,
                            trust: edge.trust, familiarity: edge.familiarity)
            naive.add(edge)
        }
        return (builder, naive)
    }

    @Test("CSR matches the naive adjacency on 200 random graphs")
    func csrMatchesNaiveAdjacency() {
        var sizes: Set<Int> = []
        var selfLoops = 0
        var parallel = 0
        for seed in UInt64(0) ..< 200 {
            let (builder, naive) = Self.randomGraph(seed: seed)
            let graph = builder.build()
            sizes.insert(graph.nodeCount)
            selfLoops += naive.edges.filter { $0.source == $0.target }.count
            parallel += naive.out.reduce(0) { total, edges in
                total + edges.count - Set(edges.map { naive.edges[$0].target }).count
            }
            check(graph, against: naive, seed: seed)
        }
        // The generator must really produce the awkward cases, or the loop proves little.
        #expect(sizes.contains(0) && sizes.contains(1))
        #expect(selfLoops > 50)
        #expect(parallel > 50)
    }

    /// Every property of `graph` that the naive adjacency determines.
    func check(_ graph: Graph, against naive: NaiveGraph, seed: UInt64) {
        let n = naive.out.count
        let e = naive.edges.count
        #expect(graph.nodeCount == n, "seed \(seed)")
        #expect(graph.edgeCount == e, "seed \(seed)")
        #expect(graph.outOffsets.count == n + 1 && graph.inOffsets.count == n + 1, "seed \(seed)")
        #expect(graph.outOffsets.first == 0 && graph.outOffsets.last == Int32(e), "seed \(seed)")
        #expect(graph.inOffsets.first == 0 && graph.inOffsets.last == Int32(e), "seed \(seed)")
        #expect([graph.outTargets.count, graph.inSources.count, graph.inEdges.count, graph.edgeKinds.count,
                 graph.weights.count, graph.trust.count, graph.familiarity.count].allSatisfy { $0 == e }, "seed \(seed)")

        var kindCounts = [Int](repeating: 0, count: EdgeKind.allCases.count)
        for edge in naive.edges { kindCounts[Int(edge.kind.rawValue)] += 1 }
        #expect(graph.edgeCountsByKind() == kindCounts, "seed \(seed)")

        // The node that owns each CSR edge position, from the out-offsets.
        var owner = [Int32](repeating: -1, count: e)
        for node in 0 ..< Int32(n) {
            for position in graph.outEdgeRange(of: node) { owner[position] = node }
        }

        for v in 0 ..< n {
            let node = Int32(v)
            let outEdges = naive.out[v].map { naive.edges[$0] }
            let inEdges = naive.incoming[v].map { naive.edges[$0] }

            // Out-edges: targets in insertion order, attributes travelling with them.
            #expect(Array(graph.successors(of: node)) == outEdges.map(\.target), "seed \(seed) node \(v)")
            let range = graph.outEdgeRange(of: node)
            #expect(range.map { graph.weights[$0] } == outEdges.map(\.weight), "seed \(seed) node \(v)")
            #expect(range.map { graph.edgeKinds[$0] } == outEdges.map(\.kind), "seed \(seed) node \(v)")
            #expect(range.map { graph.trust[$0] } == outEdges.map(\.trust), "seed \(seed) node \(v)")
            #expect(range.map { graph.familiarity[$0] } == outEdges.map(\.familiarity), "seed \(seed) node \(v)")

            // In-edges: the same multiset of sources, ordered by (source, insertion).
            let predecessors = Array(graph.predecessors(of: node))
            #expect(predecessors.sorted() == inEdges.map(\.source).sorted(), "seed \(seed) node \(v)")
            let expectedInOrder = naive.incoming[v].sorted { (naive.edges[$0].source, $0) < (naive.edges[$1].source, $1) }
            #expect(predecessors == expectedInOrder.map { naive.edges[$0].source }, "seed \(seed) node \(v)")

            // inEdges points at the CSR position of the very same edge.
            let positions = graph.inEdgeRange(of: node).map { Int(graph.inEdges[$0]) }
            #expect(positions.allSatisfy { graph.outTargets[$0] == node }, "seed \(seed) node \(v)")
            #expect(positions.map { owner[$0] } == predecessors, "seed \(seed) node \(v)")
            #expect(positions.map { graph.weights[$0] } == expectedInOrder.map { naive.edges[$0].weight },
                    "seed \(seed) node \(v)")
            #expect(positions.map { graph.edgeKinds[$0] } == expectedInOrder.map { naive.edges[$0].kind },
                    "seed \(seed) node \(v)")

            // Degrees and views.
            #expect(graph.outDegree(of: node) == outEdges.count, "seed \(seed) node \(v)")
            #expect(graph.inDegree(of: node) == inEdges.count, "seed \(seed) node \(v)")
            #expect(graph.degree(of: node, in: .directed) == outEdges.count, "seed \(seed) node \(v)")
            #expect(graph.degree(of: node, in: .undirected) == outEdges.count + inEdges.count, "seed \(seed) node \(v)")
            var directed: [Int32] = []
            graph.forEachNeighbour(of: node, in: .directed) { directed.append($0) }
            #expect(directed == outEdges.map(\.target), "seed \(seed) node \(v)")
            var undirected: [Int32] = []
            graph.forEachNeighbour(of: node, in: .undirected) { undirected.append($0) }
            #expect(undirected == outEdges.map(\.target) + predecessors, "seed \(seed) node \(v)")
        }
        // Every edge appears exactly once in the in-adjacency.
        #expect(graph.inEdges.map(Int.init).sorted() == Array(0 ..< e), "seed \(seed)")
    }

    @Test("an empty builder gives an empty graph")
    func emptyGraph() {
        let graph = GraphBuilder().build()
        #expect(graph.nodeCount == 0)
        #expect(graph.edgeCount == 0)
        #expect(graph.outOffsets == [0])
        #expect(graph.inOffsets == [0])
        #expect(graph.edgeCountsByKind() == [0, 0, 0, 0, 0])
    }

    @Test("a small graph, by hand")
    func smallGraphByHand() {
        var builder = GraphBuilder()
        for _ in 0 ..< 4 { builder.nodes.append(kind: .official) }
        builder.addEdge(from: 2, to: 0, kind: .tie, weight: 1)
        builder.addEdge(from: 0, to: 1, kind: .membership, weight: 2)
        builder.addEdge(from: 2, to: 2, kind: .tie, weight: 3)
        builder.addEdge(from: 0, to: 1, kind: .tie, weight: 4)
        builder.addEdge(from: 1, to: 0, kind: .reportsTo, weight: 5)
        #expect(builder.edgeCount == 5)
        let graph = builder.build()
        #expect(graph.outOffsets == [0, 2, 3, 5, 5])
        #expect(graph.outTargets == [1, 1, 0, 0, 2])
        #expect(graph.weights == [2, 4, 5, 1, 3])
        #expect(graph.edgeKinds == [.membership, .tie, .reportsTo, .tie, .tie])
        #expect(graph.inOffsets == [0, 2, 4, 5, 5])
        #expect(graph.inSources == [1, 2, 0, 0, 2])
        #expect(graph.inEdges == [2, 3, 0, 1, 4])
        #expect(graph.edgeCountsByKind() == [1, 1, 0, 0, 3])
        #expect(graph.degree(of: 3, in: .undirected) == 0)
        #expect(graph.degree(of: 2, in: .undirected) == 3) // a self-loop counts once out and once in
    }

    @Test("building is deterministic and Equatable sees every attribute")
    func equality() {
        for seed in UInt64(2) ..< 20 {
            let (builder, _) = Self.randomGraph(seed: seed)
            #expect(builder.build() == builder.build())
            var (again, _) = Self.randomGraph(seed: seed)
            #expect(again.build() == builder.build())
            // Taking the graph gives the same graph and leaves the builder without edges.
            #expect(again.takeGraph() == builder.build())
            #expect(again.edgeCount == 0)
        }
        var builder = GraphBuilder()
        builder.nodes.append(kind: .resident)
        builder.nodes.append(kind: .resident)
        var other = builder
        builder.addEdge(from: 0, to: 1, kind: .tie, trust: 0.5)
        other.addEdge(from: 0, to: 1, kind: .tie, trust: 0.6)
        #expect(builder.build() != other.build())
    }

    @Test("edges added in bulk make the graph that single additions make")
    func bulkEdges() {
        var single = GraphBuilder()
        for _ in 0 ..< 6 { single.nodes.append(kind: .resident) }
        var bulk = single
        let sources: [Int32] = [5, 0, 3, 3, 1], targets: [Int32] = [0, 4, 2, 5, 1]
        single.addEdge(from: 2, to: 3, kind: .membership)
        bulk.addEdge(from: 2, to: 3, kind: .membership)
        for (source, target) in zip(sources, targets) {
            single.addEdge(from: source, to: target, kind: .tie, weight: 2, trust: 0.25, familiarity: 0.75)
        }
        bulk.addEdges(sources: sources, targets: targets, kind: .tie, weight: 2, trust: 0.25, familiarity: 0.75)
        bulk.addEdges(sources: [], targets: [], kind: .tie)
        #expect(bulk.edgeCount == 6)
        #expect(bulk.build() == single.build())
    }
}

@Suite("NodeTable")
struct NodeTableTests {
    @Test("names, default arenas and attribute columns")
    func namesAndAttributes() {
        var table = NodeTable()
        table.neighbourhoodNames = ["Noord"]
        table.departmentNames = ["Wijkzaken"]
        let resident = table.append(kind: .resident, neighbourhood: 0, activity: .hardToReach)
        let connector = table.append(kind: .connector, name: "Wijkverbinder Noord", department: 0)
        let partner = table.append(kind: .partner, name: "police (Noord)", arena: .lifeworld)
        let official = table.append(kind: .official, department: 0, function: .execution, domain: .participation)
        #expect([resident, connector, partner, official] == [0, 1, 2, 3])
        #expect(table.count == 4)
        #expect(table.name(of: resident) == "resident-0")
        #expect(table.name(of: official) == "official-3")
        #expect(table.name(of: connector) == "Wijkverbinder Noord")
        #expect(table.name(of: partner) == "police (Noord)")
        #expect(table.explicitNames == ["Wijkverbinder Noord", "police (Noord)"] && table.namedNodes == [connector, partner])
        #expect(table.arenas == [.lifeworld, .municipal, .lifeworld, .municipal]) // explicit arena wins
        #expect(table.neighbourhoodName(of: resident) == "Noord")
        #expect(table.neighbourhoodName(of: connector) == nil)
        #expect(table.departmentName(of: connector) == "Wijkzaken")
        #expect(table.departmentName(of: resident) == nil)
        #expect(table.activity == [.hardToReach, nil, nil, nil])
        #expect(table.functions == [nil, nil, nil, .execution])
        #expect(table.domains == [nil, nil, nil, .participation])
    }

    @Test("generated nodes appended in bulk are the nodes appended one by one, with the same names")
    func generatedNodes() {
        var single = NodeTable()
        single.append(kind: .connector, name: "Wijkverbinder")
        var bulk = single
        let levels: [ActivityLevel] = [.average, .hardToReach, .usualSuspect]
        for level in levels { single.append(kind: .resident, neighbourhood: 2, activity: level) }
        for _ in 0 ..< 2 { single.append(kind: .official, department: 1, function: .execution, domain: .participation) }
        #expect(bulk.appendGenerated(3, kind: .resident, neighbourhood: 2, activity: levels) == 1 ..< 4)
        #expect(bulk.appendGenerated(2, kind: .official, department: 1, function: .execution, domain: .participation) == 4 ..< 6)
        #expect(bulk.appendGenerated(0, kind: .official) == 6 ..< 6)
        #expect(bulk == single)
        for number: Int32 in [0, 7, 10, 99, 1_000_000, 12_345_678, .max] {
            #expect(NodeTable.generatedName("resident", number) == "resident-\(number)")
        }
        #expect(bulk.name(of: 5) == "official-5")
    }

    @Test("every node kind has a stable name that looks it up", arguments: NodeKind.allCases)
    func kindNames(kind: NodeKind) {
        #expect(NodeKind(name: kind.name) == kind)
        #expect(NodeKind.allNames.filter { $0 == kind.name }.count == 1)
    }

    @Test("arenas of the node kinds follow DOMAIN.md §2")
    func defaultArenas() {
        #expect(NodeKind.allCases.filter { $0.defaultArena == .lifeworld } == [.resident, .residentGroup, .neighbourhood])
        #expect(NodeKind.allCases.filter { $0.defaultArena == .professional } == [.partner])
        #expect(NodeKind.connector.defaultArena == .municipal)
        #expect(EdgeKind(name: "assignedTo") == .assignedTo)
        #expect(EdgeKind(name: "assigned") == nil)
    }
}
