import VerbinderCore

/// Stakeholder network analysis: centrality, brokerage, structural holes and the power–interest grid,
/// following NetworkX's (and R `sna`'s) definitions so numbers can be cross-checked.
public enum Analysis {}

/// A list of weighted edges between nodes `0 ..< nodeCount`, as read from an input, before it is simplified.
public struct EdgeList: Sendable, Equatable {
    public var nodeCount: Int
    public var sources: [Int32] = []
    public var targets: [Int32] = []
    public var weights: [Double] = []

    public init(nodeCount: Int) { self.nodeCount = nodeCount }

    /// The number of edges.
    public var count: Int { sources.count }

    /// Appends an edge; both ends must be below ``nodeCount``.
    public mutating func append(_ source: Int32, _ target: Int32, weight: Double = 1) {
        precondition(source >= 0 && Int(source) < nodeCount && target >= 0 && Int(target) < nodeCount,
                     "edge endpoint out of range")
        sources.append(source)
        targets.append(target)
        weights.append(weight)
    }

    /// Every edge of a core ``Graph`` (all kinds), with its weight.
    public init(_ graph: Graph) {
        nodeCount = graph.nodeCount
        sources.reserveCapacity(graph.edgeCount)
        for node in 0 ..< Int32(graph.nodeCount) {
            for _ in graph.outEdgeRange(of: node) { sources.append(node) }
        }
        targets = graph.outTargets
        weights = graph.weights.map(Double.init)
    }
}

/// A simple graph for analysis: no self-loops, at most one tie per ordered pair, in compressed sparse
/// row form with neighbours sorted by index.
///
/// Built from an ``EdgeList``: self-loops are dropped, parallel edges merged into one tie whose weight is
/// the sum of theirs, and in the undirected view an edge `a → b` and an edge `b → a` become one tie
/// `{a, b}` (weight: their sum). Unweighted metrics look only at whether a tie exists, so a tie of weight 0
/// is still a tie.
public struct AnalysisGraph: Sendable {
    /// The number of nodes.
    public let nodeCount: Int
    /// Whether ties have a direction. For an undirected graph, successors and predecessors coincide.
    public let isDirected: Bool
    /// `outOffsets[v] ..< outOffsets[v + 1]` index ``outTargets``/``outWeights`` for the ties leaving `v`.
    public let outOffsets: [Int32]
    public let outTargets: [Int32]
    public let outWeights: [Double]
    /// `inOffsets[v] ..< inOffsets[v + 1]` index ``inSources``/``inWeights`` for the ties entering `v`.
    public let inOffsets: [Int32]
    public let inSources: [Int32]
    public let inWeights: [Double]
    /// Per node: distinct successors in the input's own direction (ignoring the view), without self-loops.
    public let givenOutDegree: [Int32]
    /// Per node: distinct predecessors in the input's own direction (ignoring the view), without self-loops.
    public let givenInDegree: [Int32]
    /// Self-loops dropped while building.
    public let droppedSelfLoops: Int
    /// Edges merged into another one (parallel edges, and opposite edges in the undirected view).
    public let mergedEdges: Int

    /// Simplifies `edges` into a graph in the given view.
    /// - Complexity: O(V + E), by two counting-sort passes.
    public init(_ edges: EdgeList, directed: Bool) {
        let n = edges.nodeCount
        precondition(edges.count < Int(Int32.max) / 2, "too many edges for 32-bit indices")
        nodeCount = n
        isDirected = directed
        var loops = 0
        var src: [Int32] = []
        var dst: [Int32] = []
        var wts: [Double] = []
        let capacity = directed ? edges.count : 2 * edges.count
        src.reserveCapacity(capacity)
        dst.reserveCapacity(capacity)
        wts.reserveCapacity(capacity)
        for index in 0 ..< edges.count {
            let s = edges.sources[index], t = edges.targets[index], w = edges.weights[index]
            if s == t { loops += 1; continue }
            src.append(s); dst.append(t); wts.append(w)
            if !directed { src.append(t); dst.append(s); wts.append(w) }
        }
        droppedSelfLoops = loops
        let merged = Self.sortedAndMerged(nodeCount: n, sources: src, targets: dst, weights: wts)
        outOffsets = merged.offsets
        outTargets = merged.targets
        outWeights = merged.weights
        let kept = merged.targets.count
        mergedEdges = directed ? src.count - kept : (src.count - kept) / 2
        if directed {
            let reversed = Self.transpose(nodeCount: n, offsets: merged.offsets, targets: merged.targets, weights: merged.weights)
            inOffsets = reversed.offsets
            inSources = reversed.targets
            inWeights = reversed.weights
        } else {
            inOffsets = outOffsets
            inSources = outTargets
            inWeights = outWeights
        }
        // Degrees in the input's own direction.
        if directed {
            let ins = inOffsets
            givenOutDegree = (0 ..< n).map { merged.offsets[$0 + 1] - merged.offsets[$0] }
            givenInDegree = (0 ..< n).map { ins[$0 + 1] - ins[$0] }
        } else {
            var given = EdgeList(nodeCount: n)
            given.sources = edges.sources
            given.targets = edges.targets
            given.weights = edges.weights
            let asGiven = AnalysisGraph(given, directed: true)
            givenOutDegree = asGiven.givenOutDegree
            givenInDegree = asGiven.givenInDegree
        }
    }

    /// The number of ties (an undirected tie counts once).
    public var tieCount: Int { isDirected ? outTargets.count : outTargets.count / 2 }

    /// The positions of `node`'s outgoing ties in ``outTargets``.
    @inlinable public func outRange(_ node: Int) -> Range<Int> { Int(outOffsets[node]) ..< Int(outOffsets[node + 1]) }
    /// The positions of `node`'s incoming ties in ``inSources``.
    @inlinable public func inRange(_ node: Int) -> Range<Int> { Int(inOffsets[node]) ..< Int(inOffsets[node + 1]) }

    /// Whether there is a tie `source → target` (for an undirected graph: `{source, target}`).
    /// - Complexity: O(log(out-degree of `source`)).
    public func hasTie(_ source: Int, _ target: Int32) -> Bool { tiePosition(source, target) != nil }

    /// The position of the tie `source → target` in ``outTargets``/``outWeights``, or nil when there is none.
    /// - Complexity: O(log(out-degree of `source`)).
    public func tiePosition(_ source: Int, _ target: Int32) -> Int? {
        var low = Int(outOffsets[source]), high = Int(outOffsets[source + 1])
        while low < high {
            let middle = (low + high) / 2
            if outTargets[middle] < target { low = middle + 1 } else { high = middle }
        }
        return low < Int(outOffsets[source + 1]) && outTargets[low] == target ? low : nil
    }

    /// The undirected graph of mutual weights used by Burt's measures (NetworkX `mutual_weight`):
    /// `a(u,v) + a(v,u)`, where `a` is the tie's weight (`weighted`) or 1 for every tie.
    /// For an undirected graph this is twice `a`, a factor every measure divides out.
    public func mutualGraph(weighted: Bool) -> AnalysisGraph {
        var edges = EdgeList(nodeCount: nodeCount)
        edges.sources.reserveCapacity(outTargets.count)
        for node in 0 ..< nodeCount {
            for position in outRange(node) where isDirected || outTargets[position] > Int32(node) {
                edges.append(Int32(node), outTargets[position], weight: weighted ? outWeights[position] : 1)
            }
        }
        return AnalysisGraph(edges, directed: false)
    }

    /// The same ties without direction (weights of opposite ties summed); `self` when already undirected.
    public func undirected() -> AnalysisGraph {
        guard isDirected else { return self }
        var edges = EdgeList(nodeCount: nodeCount)
        for node in 0 ..< nodeCount {
            for position in outRange(node) { edges.append(Int32(node), outTargets[position], weight: outWeights[position]) }
        }
        return AnalysisGraph(edges, directed: false)
    }

    /// Sorts edges by (source, target) with two stable counting sorts and merges duplicates (weights summed in input order).
    private static func sortedAndMerged(nodeCount n: Int, sources: [Int32], targets: [Int32], weights: [Double])
        -> (offsets: [Int32], targets: [Int32], weights: [Double]) {
        let m = sources.count
        // Pass 1: by target.
        var byTarget = [Int32](repeating: 0, count: m)
        var counts = [Int](repeating: 0, count: n + 1)
        for t in targets { counts[Int(t) + 1] += 1 }
        for i in 0 ..< n { counts[i + 1] += counts[i] }
        for e in 0 ..< m {
            let t = Int(targets[e])
            byTarget[counts[t]] = Int32(e)
            counts[t] += 1
        }
        // Pass 2: stable by source.
        var order = [Int32](repeating: 0, count: m)
        counts = [Int](repeating: 0, count: n + 1)
        for s in sources { counts[Int(s) + 1] += 1 }
        for i in 0 ..< n { counts[i + 1] += counts[i] }
        for e in byTarget {
            let s = Int(sources[Int(e)])
            order[counts[s]] = e
            counts[s] += 1
        }
        // Merge: equal (source, target) are now adjacent, in input order within a target (stable sorts).
        var offsets = [Int32](repeating: 0, count: n + 1)
        var outTargets: [Int32] = []
        var outWeights: [Double] = []
        outTargets.reserveCapacity(m)
        outWeights.reserveCapacity(m)
        var position = 0
        for node in 0 ..< n {
            let end = counts[node]
            var lastTarget: Int32 = -1
            while position < end {
                let e = Int(order[position])
                if targets[e] == lastTarget {
                    outWeights[outWeights.count - 1] += weights[e]
                } else {
                    lastTarget = targets[e]
                    outTargets.append(lastTarget)
                    outWeights.append(weights[e])
                }
                position += 1
            }
            offsets[node + 1] = Int32(outTargets.count)
        }
        return (offsets, outTargets, outWeights)
    }

    /// The transpose of a CSR adjacency; rows of the result come out sorted because sources are visited in order.
    private static func transpose(nodeCount n: Int, offsets: [Int32], targets: [Int32], weights: [Double])
        -> (offsets: [Int32], targets: [Int32], weights: [Double]) {
        var counts = [Int32](repeating: 0, count: n + 1)
        for t in targets { counts[Int(t) + 1] += 1 }
        for i in 0 ..< n { counts[i + 1] += counts[i] }
        let resultOffsets = counts
        var resultTargets = [Int32](repeating: 0, count: targets.count)
        var resultWeights = [Double](repeating: 0, count: targets.count)
        for source in 0 ..< n {
            for e in Int(offsets[source]) ..< Int(offsets[source + 1]) {
                let t = Int(targets[e])
                let slot = Int(counts[t])
                resultTargets[slot] = Int32(source)
                resultWeights[slot] = weights[e]
                counts[t] += 1
            }
        }
        return (resultOffsets, resultTargets, resultWeights)
    }
}
