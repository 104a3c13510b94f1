/// An immutable stakeholder network in compressed sparse row (CSR) form, with out- and in-adjacency.
///
/// Built once by ``GraphBuilder``; neighbours are contiguous slices of flat `Int32` arrays, so
/// traversals allocate nothing. Edge attributes are stored in out-adjacency order; the in-adjacency
/// refers to them through ``inEdges``. Parallel edges and self-loops are kept as given.
public struct Graph: Sendable, Equatable {
    /// Node attributes, indexed by node.
    public let nodes: NodeTable
    /// `outOffsets[v] ..< outOffsets[v + 1]` are the edge indices leaving `v`; count is `nodeCount + 1`.
    public let outOffsets: [Int32]
    /// The target of each edge, in edge-index order.
    public let outTargets: [Int32]
    /// `inOffsets[v] ..< inOffsets[v + 1]` index ``inSources`` and ``inEdges`` for edges entering `v`.
    public let inOffsets: [Int32]
    /// The source of each entering edge.
    public let inSources: [Int32]
    /// The edge index (into the attribute arrays) of each entering edge.
    public let inEdges: [Int32]
    /// Per edge: its kind.
    public let edgeKinds: [EdgeKind]
    /// Per edge: its weight (volume of contact; a distance for weighted path metrics).
    public let weights: [Float]
    /// Per edge: trust, 0...1.
    public let trust: [Float]
    /// Per edge: familiarity, 0...1.
    public let familiarity: [Float]

    init(
        nodes: NodeTable, outOffsets: [Int32], outTargets: [Int32], inOffsets: [Int32],
        inSources: [Int32], inEdges: [Int32], edgeKinds: [EdgeKind], weights: [Float],
        trust: [Float], familiarity: [Float]
    ) {
        self.nodes = nodes
        self.outOffsets = outOffsets
        self.outTargets = outTargets
        self.inOffsets = inOffsets
        self.inSources = inSources
        self.inEdges = inEdges
        self.edgeKinds = edgeKinds
        self.weights = weights
        self.trust = trust
        self.familiarity = familiarity
    }

    /// The number of nodes.
    @inlinable public var nodeCount: Int { nodes.count }
    /// The number of (directed) edges.
    @inlinable public var edgeCount: Int { outTargets.count }

    /// The indices of the edges leaving `node`; index ``outTargets`` and the attribute arrays with them.
    /// - Complexity: O(1)
    @inlinable public func outEdgeRange(of node: Int32) -> Range<Int> {
        Int(outOffsets[Int(node)]) ..< Int(outOffsets[Int(node) + 1])
    }

    /// The positions in ``inSources``/``inEdges`` of the edges entering `node`.
    /// - Complexity: O(1)
    @inlinable public func inEdgeRange(of node: Int32) -> Range<Int> {
        Int(inOffsets[Int(node)]) ..< Int(inOffsets[Int(node) + 1])
    }

    /// The targets of the edges leaving `node` (with repeats for parallel edges).
    /// - Complexity: O(1); the slice shares the graph's storage.
    @inlinable public func successors(of node: Int32) -> ArraySlice<Int32> {
        outTargets[outEdgeRange(of: node)]
    }

    /// The sources of the edges entering `node` (with repeats for parallel edges).
    /// - Complexity: O(1); the slice shares the graph's storage.
    @inlinable public func predecessors(of node: Int32) -> ArraySlice<Int32> {
        inSources[inEdgeRange(of: node)]
    }

    /// The number of edges leaving `node`.
    @inlinable public func outDegree(of node: Int32) -> Int { outEdgeRange(of: node).count }
    /// The number of edges entering `node`.
    @inlinable public func inDegree(of node: Int32) -> Int { inEdgeRange(of: node).count }

    /// The node's degree in the given view: out + in for the undirected view, out only for the directed one.
    @inlinable public func degree(of node: Int32, in view: GraphView) -> Int {
        switch view {
        case .directed: outDegree(of: node)
        case .undirected: outDegree(of: node) + inDegree(of: node)
        }
    }

    /// Calls `body` with every neighbour of `node` in the view: successors, then (undirected) predecessors.
    @inlinable public func forEachNeighbour(of node: Int32, in view: GraphView, _ body: (Int32) -> Void) {
        for target in successors(of: node) { body(target) }
        if view == .undirected {
            for source in predecessors(of: node) { body(source) }
        }
    }

    /// The number of edges of each kind, in ``EdgeKind`` order.
    public func edgeCountsByKind() -> [Int] {
        var counts = [Int](repeating: 0, count: EdgeKind.allCases.count)
        for kind in edgeKinds { counts[Int(kind.rawValue)] += 1 }
        return counts
    }
}

/// How edges are read: as given, or as symmetric relations.
public enum GraphView: String, Sendable, CaseIterable {
    case directed
    case undirected
}
