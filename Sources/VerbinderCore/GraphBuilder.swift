/// Collects nodes and an edge list, then freezes them into a CSR ``Graph`` in O(V + E).
public struct GraphBuilder: Sendable {
    /// The nodes added so far.
    public var nodes = NodeTable()
    private var sources: [Int32] = []
    private var targets: [Int32] = []
    private var kinds: [EdgeKind] = []
    private var weights: [Float] = []
    private var trust: [Float] = []
    private var familiarity: [Float] = []

    public init() {}

    /// The number of edges added so far.
    public var edgeCount: Int { sources.count }

    /// Reserves room for `count` edges.
    public mutating func reserveEdges(_ count: Int) {
        sources.reserveCapacity(count)
        targets.reserveCapacity(count)
        kinds.reserveCapacity(count)
        weights.reserveCapacity(count)
        trust.reserveCapacity(count)
        familiarity.reserveCapacity(count)
    }

    /// Adds a directed edge from `source` to `target`; both must be existing node indices.
    public mutating func addEdge(
        from source: Int32, to target: Int32, kind: EdgeKind,
        weight: Float = 1, trust edgeTrust: Float = 0.5, familiarity edgeFamiliarity: Float = 0.5
    ) {
        precondition(source >= 0 && Int(source) < nodes.count && target >= 0 && Int(target) < nodes.count,
                     "edge endpoint out of range")
        sources.append(source)
        targets.append(target)
        kinds.append(kind)
        weights.append(weight)
        trust.append(edgeTrust)
        familiarity.append(edgeFamiliarity)
    }

    /// Adds the edges `newSources[i]` → `newTargets[i]`, all of one kind, weight, trust and familiarity: what as
    /// many ``addEdge(from:to:kind:weight:trust:familiarity:)`` calls in that order add, in bulk.
    public mutating func addEdges(
        sources newSources: [Int32], targets newTargets: [Int32], kind: EdgeKind,
        weight: Float = 1, trust edgeTrust: Float = 0.5, familiarity edgeFamiliarity: Float = 0.5
    ) {
        let nodeCount = Int32(nodes.count)
        precondition(newSources.count == newTargets.count, "one target per source")
        precondition(newSources.allSatisfy { $0 >= 0 && $0 < nodeCount } && newTargets.allSatisfy { $0 >= 0 && $0 < nodeCount },
                     "edge endpoint out of range")
        let count = newSources.count
        sources.append(contentsOf: newSources)
        targets.append(contentsOf: newTargets)
        kinds.append(contentsOf: repeatElement(kind, count: count))
        weights.append(contentsOf: repeatElement(weight, count: count))
        trust.append(contentsOf: repeatElement(edgeTrust, count: count))
        familiarity.append(contentsOf: repeatElement(edgeFamiliarity, count: count))
    }

    /// Freezes the builder into a graph. Edges leaving a node keep the order in which they were added.
    /// - Complexity: O(V + E), by counting sort.
    public func build() -> Graph {
        var builder = self
        return builder.takeGraph()
    }

    /// Freezes the builder into a graph, as ``build()`` does, and empties the builder's edge list as the graph
    /// takes it over, so the largest networks do not hold their edges twice at the peak.
    public mutating func takeGraph() -> Graph {
        let nodeCount = nodes.count
        let edgeCount = sources.count
        precondition(edgeCount < Int(Int32.max), "too many edges for 32-bit indices")

        // Each offsets array serves as its own fill cursor and is shifted back afterwards: at 20M residents a
        // separate cursor would add 80 MB at the peak.
        var outOffsets = Self.offsets(counting: sources, nodeCount: nodeCount)
        var order = [Int32](repeating: 0, count: edgeCount)   // position in CSR -> builder index
        for edge in 0 ..< edgeCount {
            let source = Int(sources[edge])
            let slot = outOffsets[source]
            outOffsets[source] += 1
            order[Int(slot)] = Int32(edge)
        }
        Self.shiftBack(&outOffsets)
        sources = []
        var inOffsets = Self.offsets(counting: targets, nodeCount: nodeCount)
        let outTargets = order.map { targets[Int($0)] }
        targets = []
        let edgeKinds = order.map { kinds[Int($0)] }
        kinds = []
        let edgeWeights = order.map { weights[Int($0)] }
        weights = []
        let edgeTrust = order.map { trust[Int($0)] }
        trust = []
        let edgeFamiliarity = order.map { familiarity[Int($0)] }
        familiarity = []
        order = []

        var inSources = [Int32](repeating: 0, count: edgeCount)
        var inEdges = [Int32](repeating: 0, count: edgeCount)
        // Visit edges in CSR order so each node's entering edges are ordered by (source, insertion).
        // Source and target come from the CSR arrays, read in order: no random reads into the builder's arrays.
        for source in 0 ..< nodeCount {
            for slot in Int(outOffsets[source]) ..< Int(outOffsets[source + 1]) {
                let target = Int(outTargets[slot])
                let inSlot = Int(inOffsets[target])
                inOffsets[target] += 1
                inSources[inSlot] = Int32(source)
                inEdges[inSlot] = Int32(slot)
            }
        }
        Self.shiftBack(&inOffsets)
        return Graph(
            nodes: nodes, outOffsets: outOffsets, outTargets: outTargets, inOffsets: inOffsets,
            inSources: inSources, inEdges: inEdges, edgeKinds: edgeKinds, weights: edgeWeights,
            trust: edgeTrust, familiarity: edgeFamiliarity)
    }

    /// Restores offsets that served as fill cursors: each entry then holds the next node's start.
    private static func shiftBack(_ offsets: inout [Int32]) {
        for index in stride(from: offsets.count - 1, to: 0, by: -1) { offsets[index] = offsets[index - 1] }
        offsets[0] = 0
    }

    /// Prefix sums of the number of occurrences of each node in `endpoints`.
    private static func offsets(counting endpoints: [Int32], nodeCount: Int) -> [Int32] {
        var offsets = [Int32](repeating: 0, count: nodeCount + 1)
        for node in endpoints { offsets[Int(node) + 1] += 1 }
        for index in 0 ..< nodeCount { offsets[index + 1] += offsets[index] }
        return offsets
    }
}
