import VerbinderCore

/// Centrality measures, with NetworkX's conventions (NetworkX 3.6 defaults unless stated).
public enum Centrality {}

extension Centrality {
    /// Shortest-path betweenness of every node (Brandes 2001), normalised as NetworkX's
    /// `betweenness_centrality(G, k, normalized, weight, endpoints=False)`.
    ///
    /// The betweenness of `v` is the sum over ordered pairs `(s, t)`, `s ≠ v ≠ t`, of the share of shortest
    /// `s`–`t` paths through `v`. Normalised, it is divided by `(n − 1)(n − 2)` (both for directed and for
    /// undirected graphs, as NetworkX does, since undirected pairs are counted in both orders); not
    /// normalised, undirected values are halved. Graphs with fewer than three nodes give 0 everywhere.
    ///
    /// With `sample = k < n`, only `k` sources drawn without replacement (seeded) are searched and values are
    /// rescaled as NetworkX 3.6 does: by `1 / ((k − 1)(n − 2))` for sampled nodes and `1 / (k (n − 2))` for
    /// the others (Brandes & Pich 2007 source sampling; the estimate is unbiased). `k ≥ n` is exact.
    ///
    /// - Parameters:
    ///   - weighted: when true, a tie's weight is its length (Dijkstra); otherwise every tie has length 1 (BFS).
    ///     Weights must be finite and at least 0. With zero-weight ties, nodes at equal distance are ordered
    ///     by the search (distance, then node index) and only earlier nodes count as predecessors, so the
    ///     shortest-path DAG stays acyclic.
    ///   - threads: worker threads; results do not depend on it (fixed chunking, sums in chunk order).
    /// - Complexity: O(n m) unweighted, O(n m log n) weighted; O(k m) sampled. Memory O(n + m) per
    ///   worker thread plus at most 16 accumulators of n doubles (and, unweighted from 8 sources on, one
    ///   copy of the adjacency with nodes relabelled in breadth-first order).
    ///   - progress: told the number of searches done, from worker threads (see ``AnalysisProgress``).
    public static func betweenness(_ graph: AnalysisGraph, weighted: Bool = false, normalized: Bool = true,
                                   sample: Int? = nil, seed: UInt64 = 0, threads: Int? = nil,
                                   progress: AnalysisProgress? = nil) -> [Double] {
        let n = graph.nodeCount
        guard n > 0 else { return [] }
        var sources: [Int32]
        var sampled = false
        if let k = sample, k < n {
            precondition(k >= 1, "sample must be at least 1")
            sources = sampleSources(nodeCount: n, count: k, seed: seed)
            sampled = true
        } else {
            sources = (0 ..< Int32(n)).map { $0 }
        }
        sources.sort()
        let counter = ProgressCounter(weighted ? "betweenness (weighted)" : "betweenness", total: sources.count, report: progress)
        var values = accumulate(graph, sources: sources, weighted: weighted, threads: threads ?? ChunkedWork.defaultThreads,
                                progress: counter)
        rescale(&values, directed: graph.isDirected, normalized: normalized, sampledSources: sampled ? sources : nil)
        return values
    }

    /// `count` distinct nodes of `0 ..< nodeCount` drawn uniformly without replacement (partial Fisher–Yates)
    /// from a stream of `seed`; the order is the draw order.
    public static func sampleSources(nodeCount: Int, count: Int, seed: UInt64) -> [Int32] {
        precondition(count >= 0 && count <= nodeCount)
        var random = Xoshiro256(seed: seed, stream: streamLabel("betweenness sources"))
        var pool = (0 ..< Int32(nodeCount)).map { $0 }
        for index in 0 ..< count {
            let pick = index + random.nextIndex(below: nodeCount - index)
            pool.swapAt(index, pick)
        }
        return Array(pool[0 ..< count])
    }

    /// NetworkX's `_rescale` with `endpoints=False`.
    static func rescale(_ values: inout [Double], directed: Bool, normalized: Bool, sampledSources: [Int32]?) {
        let big = values.count - 1 // NetworkX's N: pairs (s, t) whose target is not v
        guard big >= 2 else { return }
        guard let sampledSources else {
            let scale = normalized ? 1 / (Double(big) * Double(big - 1)) : (directed ? 1 : 0.5)
            if scale != 1 { for index in values.indices { values[index] *= scale } }
            return
        }
        let k = Double(sampledSources.count)
        let correction: Double = directed ? 1 : 2
        let sourceScale, otherScale: Double
        if normalized {
            sourceScale = k > 1 ? 1 / ((k - 1) * Double(big - 1)) : .nan
            otherScale = 1 / (k * Double(big - 1))
        } else {
            sourceScale = k > 1 ? Double(big) / ((k - 1) * correction) : .nan
            otherScale = Double(big) / (k * correction)
        }
        var isSource = [Bool](repeating: false, count: values.count)
        for source in sampledSources { isSource[Int(source)] = true }
        for index in values.indices { values[index] *= isSource[index] ? sourceScale : otherScale }
    }

    /// Raw (unscaled) dependencies summed over `sources`, in parallel with deterministic summation.
    /// Each chunk's sources are searched in batches of ``ProgressCounter/batch`` so `progress` hears of them as they go.
    ///
    /// Unweighted searches run on ``SearchGraph``, relabelled in breadth-first order when there are enough
    /// sources to pay for it (see ``SearchGraph/relabellingMinimumSources``); values are mapped back.
    static func accumulate(_ graph: AnalysisGraph, sources: [Int32], weighted: Bool, threads: Int,
                           progress: ProgressCounter? = nil) -> [Double] {
        let n = graph.nodeCount
        let chunks = ChunkedWork.chunks(of: sources.count)
        let accumulators = SharedBuffer(count: chunks.count * n)
        let search: SearchGraph? = weighted ? nil
            : SearchGraph(graph, relabelled: sources.count >= SearchGraph.relabellingMinimumSources)
        let searchSources = search.map { search in sources.map { search.label($0) } } ?? sources
        ChunkedWork.run(chunks: chunks, threads: threads) { chunk, range in
            let target = accumulators.pointer + chunk * n
            searchSources.withUnsafeBufferPointer { sourceBuffer in
                let batches = progress == nil ? [range] : stride(from: range.lowerBound, to: range.upperBound, by: ProgressCounter.batch)
                    .map { $0 ..< min($0 + ProgressCounter.batch, range.upperBound) }
                for batch in batches {
                    let slice = UnsafeBufferPointer(rebasing: sourceBuffer[batch])
                    if let search { BrandesUnweighted(graph: search).run(sources: slice, into: target) }
                    else { BrandesWeighted(graph: graph).run(sources: slice, into: target) }
                    progress?.add(batch.count)
                }
            }
        }
        let values = ChunkedWork.sum(accumulators, chunkCount: chunks.count, width: n)
        return search?.original(values) ?? values
    }
}

/// The adjacency a breadth-first Brandes search walks: the analysis graph's, or the same graph with its nodes
/// relabelled in breadth-first order (Cuthill–McKee order without the degree sort).
///
/// Relabelling puts nodes that are near in the graph near in memory, so a search's accesses to its per-node
/// arrays and to the adjacency stay in cache lines and pages it has just used; on networks much larger than
/// the caches (the 1M-resident scenario) that halves the time per source. It costs about one search.
struct SearchGraph: Sendable {
    /// Relabel only when searching from at least this many sources (relabelling costs about one search; the
    /// margin keeps it from taking a large share of a short sampled run).
    static let relabellingMinimumSources = 8

    let nodeCount: Int
    let isDirected: Bool
    /// Out-adjacency (CSR) in search labels; rows keep the analysis graph's order of ties.
    let offsets: [Int32]
    let targets: [Int32]
    /// In-adjacency (CSR) in search labels; the out-adjacency for an undirected graph.
    let inOffsets: [Int32]
    let inSources: [Int32]
    /// Search label of each node of the analysis graph (nil: labels are the graph's own).
    let searchLabel: [Int32]?

    init(_ graph: AnalysisGraph, relabelled: Bool) {
        nodeCount = graph.nodeCount
        isDirected = graph.isDirected
        guard relabelled else {
            offsets = graph.outOffsets; targets = graph.outTargets
            inOffsets = graph.inOffsets; inSources = graph.inSources
            searchLabel = nil
            return
        }
        let n = graph.nodeCount
        // Breadth-first order over ties in either direction, component by component from the lowest node.
        var label = [Int32](repeating: -1, count: n)
        var node = [Int32](repeating: 0, count: n)
        var labelled = 0
        for root in 0 ..< n where label[root] < 0 {
            label[root] = Int32(labelled); node[labelled] = Int32(root); labelled += 1
            var head = labelled - 1
            while head < labelled {
                let v = Int(node[head]); head += 1
                for position in graph.outRange(v) {
                    let w = Int(graph.outTargets[position])
                    if label[w] < 0 { label[w] = Int32(labelled); node[labelled] = Int32(w); labelled += 1 }
                }
                guard graph.isDirected else { continue }
                for position in graph.inRange(v) {
                    let w = Int(graph.inSources[position])
                    if label[w] < 0 { label[w] = Int32(labelled); node[labelled] = Int32(w); labelled += 1 }
                }
            }
        }
        func relabel(_ rowOffsets: [Int32], _ rowTargets: [Int32]) -> (offsets: [Int32], targets: [Int32]) {
            var newOffsets = [Int32](repeating: 0, count: n + 1)
            var newTargets = [Int32](repeating: 0, count: rowTargets.count)
            var position = 0
            for newNode in 0 ..< n {
                let old = Int(node[newNode])
                for tie in Int(rowOffsets[old]) ..< Int(rowOffsets[old + 1]) {
                    newTargets[position] = label[Int(rowTargets[tie])]
                    position += 1
                }
                newOffsets[newNode + 1] = Int32(position)
            }
            return (newOffsets, newTargets)
        }
        (offsets, targets) = relabel(graph.outOffsets, graph.outTargets)
        (inOffsets, inSources) = graph.isDirected ? relabel(graph.inOffsets, graph.inSources) : (offsets, targets)
        searchLabel = label
    }

    /// The search label of `node` of the analysis graph.
    func label(_ node: Int32) -> Int32 { searchLabel?[Int(node)] ?? node }

    /// Per-node values indexed by search label, back in the analysis graph's node order.
    func original(_ values: [Double]) -> [Double] {
        guard let searchLabel else { return values }
        return searchLabel.map { values[Int($0)] }
    }
}

/// One worker's breadth-first Brandes search, level by level: scratch arrays allocated once per batch of
/// sources and reused for each.
///
/// Forward, when a node is visited in turn, one branch-free pass over its ties reaches its unreached
/// neighbours and records its predecessors (neighbours one level nearer the source) in a flat list; then its
/// shortest-path count σ is summed over those predecessors, so σ is read only on shortest-path ties. Levels
/// are kept in one byte per node, modulo 255 (255: not reached): a node's predecessors, peers and successors
/// are at most one level apart, so the residue tells them apart, and the level array stays in the first-level
/// caches. A level that
/// holds at least 1/``scanShare`` of the nodes is visited in label order, found by scanning the level bytes,
/// so the adjacency and σ are read in address order; smaller levels are visited in discovery order.
/// Backward, in the reverse of the visiting order, each node's coefficient (1 + δ) / σ is pushed to its
/// predecessors.
struct BrandesUnweighted {
    let graph: SearchGraph
    /// Levels holding at least 1/`scanShare` of the nodes are visited by scanning the level bytes.
    static let scanShare = 8
    /// The level byte of a node not reached yet.
    static let unreached: UInt8 = 255

    func run(sources: UnsafeBufferPointer<Int32>, into accumulator: UnsafeMutablePointer<Double>) {
        let n = graph.nodeCount
        let unreached = Self.unreached
        let level = UnsafeMutablePointer<UInt8>.allocate(capacity: n)
        level.initialize(repeating: unreached, count: n)
        let sigma = UnsafeMutablePointer<Double>.allocate(capacity: n)
        sigma.initialize(repeating: 0, count: n)
        let pulled = UnsafeMutablePointer<Double>.allocate(capacity: n) // Σ of the successors' coefficients
        pulled.initialize(repeating: 0, count: n)
        // One slot more than can be used: the branch-free loops write to the next free slot unconditionally.
        let queue = UnsafeMutablePointer<Int32>.allocate(capacity: n + 1) // discovery order
        let visited = UnsafeMutablePointer<Int32>.allocate(capacity: n) // visiting order
        let predecessorStart = UnsafeMutablePointer<Int32>.allocate(capacity: n + 1)
        let predecessors = UnsafeMutablePointer<Int32>.allocate(capacity: graph.inSources.count + 1)
        defer {
            level.deallocate(); sigma.deallocate(); pulled.deallocate(); queue.deallocate(); visited.deallocate()
            predecessorStart.deallocate(); predecessors.deallocate()
        }
        let directed = graph.isDirected
        graph.offsets.withUnsafeBufferPointer { offsets in
        graph.targets.withUnsafeBufferPointer { targets in
        graph.inOffsets.withUnsafeBufferPointer { inOffsets in
        graph.inSources.withUnsafeBufferPointer { inSources in
            for source in sources {
                var discovered = 1, visitedCount = 0, predecessorCount = 0
                queue[0] = source
                level[Int(source)] = 0
                /// Visits `v` at level `d`: reaches its unreached successors and pulls σ from its predecessors.
                @inline(__always) func visit(_ v: Int, _ d: UInt8) {
                    predecessorStart[visitedCount] = Int32(predecessorCount)
                    visited[visitedCount] = Int32(v); visitedCount += 1
                    let next: UInt8 = d == 254 ? 0 : d + 1
                    let previous: UInt8 = d == 0 ? 254 : d - 1
                    // Branch-free: whether a neighbour is new, or a predecessor, is unpredictable on most graphs.
                    // Every neighbour is written to the next free slot of the queue and of the predecessor list,
                    // and the count moves on only when it belongs there.
                    let first = predecessorCount
                    if directed {
                        for position in Int(offsets[v]) ..< Int(offsets[v + 1]) {
                            let w = targets[position]
                            let seen = level[Int(w)]
                            let new = seen == unreached
                            level[Int(w)] = new ? next : seen
                            queue[discovered] = w
                            discovered += new ? 1 : 0
                        }
                        // Reached in-neighbours are at most one level beyond `v` (none can be below d − 1).
                        for position in Int(inOffsets[v]) ..< Int(inOffsets[v + 1]) {
                            let u = inSources[position]
                            predecessors[predecessorCount] = u
                            predecessorCount += level[Int(u)] == previous ? 1 : 0
                        }
                    } else {
                        for position in Int(offsets[v]) ..< Int(offsets[v + 1]) {
                            let u = targets[position]
                            let seen = level[Int(u)]
                            let new = seen == unreached
                            level[Int(u)] = new ? next : seen
                            queue[discovered] = u
                            discovered += new ? 1 : 0
                            predecessors[predecessorCount] = u
                            predecessorCount += seen == previous ? 1 : 0
                        }
                    }
                    // σ is read only now, for the predecessors found.
                    var paths = 0.0
                    for position in first ..< predecessorCount { paths += sigma[Int(predecessors[position])] }
                    sigma[v] = visitedCount == 1 ? 1 : paths
                    pulled[v] = 0
                }
                var levelStart = 0, depth = 0
                while levelStart < discovered {
                    let levelEnd = discovered
                    let d = UInt8(depth % 255)
                    // Scanning finds exactly this level's nodes only while no residue has been used twice.
                    if depth > 0 && depth < 255 && (levelEnd - levelStart) * Self.scanShare >= n {
                        for v in 0 ..< n where level[v] == d { visit(v, d) }
                    } else {
                        for index in levelStart ..< levelEnd { visit(Int(queue[index]), d) }
                    }
                    levelStart = levelEnd
                    depth += 1
                }
                predecessorStart[visitedCount] = Int32(predecessorCount)
                // Backward: δ(v) = σ(v) Σ_successors (1 + δ(w)) / σ(w), pushed from each node to its predecessors.
                var index = visitedCount - 1
                while index >= 0 {
                    let v = Int(visited[index])
                    let sum = pulled[v]
                    let paths = sigma[v]
                    if index > 0 { accumulator[v] += paths * sum }
                    let coefficient = sum + 1 / paths
                    for position in Int(predecessorStart[index]) ..< Int(predecessorStart[index + 1]) {
                        pulled[Int(predecessors[position])] += coefficient
                    }
                    index -= 1
                }
                if discovered * Self.scanShare >= n {
                    level.update(repeating: unreached, count: n)
                } else {
                    for index in 0 ..< discovered { level[Int(queue[index])] = unreached }
                }
            }
        }}}}
    }
}

/// One worker's Dijkstra-based Brandes search (tie weights as lengths); scratch allocated once.
struct BrandesWeighted {
    let graph: AnalysisGraph

    func run(sources: UnsafeBufferPointer<Int32>, into accumulator: UnsafeMutablePointer<Double>) {
        let n = graph.nodeCount
        let heapCapacity = graph.outTargets.count + 1
        let distance = UnsafeMutablePointer<Double>.allocate(capacity: n)
        distance.initialize(repeating: .infinity, count: n)
        let sigma = UnsafeMutablePointer<Double>.allocate(capacity: n)
        sigma.initialize(repeating: 0, count: n)
        let coefficient = UnsafeMutablePointer<Double>.allocate(capacity: n)
        coefficient.initialize(repeating: 0, count: n)
        let settledAt = UnsafeMutablePointer<Int32>.allocate(capacity: n)
        settledAt.initialize(repeating: -1, count: n)
        let order = UnsafeMutablePointer<Int32>.allocate(capacity: n)
        let touched = UnsafeMutablePointer<Int32>.allocate(capacity: n)
        let heapKey = UnsafeMutablePointer<Double>.allocate(capacity: heapCapacity)
        let heapNode = UnsafeMutablePointer<Int32>.allocate(capacity: heapCapacity)
        defer {
            distance.deallocate(); sigma.deallocate(); coefficient.deallocate(); settledAt.deallocate()
            order.deallocate(); touched.deallocate(); heapKey.deallocate(); heapNode.deallocate()
        }
        @inline(__always) func before(_ a: Int, _ b: Int) -> Bool {
            heapKey[a] < heapKey[b] || (heapKey[a] == heapKey[b] && heapNode[a] < heapNode[b])
        }
        @inline(__always) func swapSlots(_ a: Int, _ b: Int) {
            let key = heapKey[a]; heapKey[a] = heapKey[b]; heapKey[b] = key
            let node = heapNode[a]; heapNode[a] = heapNode[b]; heapNode[b] = node
        }
        graph.outOffsets.withUnsafeBufferPointer { offsets in
        graph.outTargets.withUnsafeBufferPointer { targets in
        graph.outWeights.withUnsafeBufferPointer { weights in
        graph.inOffsets.withUnsafeBufferPointer { inOffsets in
        graph.inSources.withUnsafeBufferPointer { inSources in
        graph.inWeights.withUnsafeBufferPointer { inWeights in
            for source in sources {
                var heapCount = 1
                heapKey[0] = 0
                heapNode[0] = source
                distance[Int(source)] = 0
                var touchedCount = 1
                touched[0] = source
                var settled = 0
                while heapCount > 0 {
                    let d = heapKey[0]
                    let v = Int(heapNode[0])
                    heapCount -= 1
                    if heapCount > 0 {
                        heapKey[0] = heapKey[heapCount]; heapNode[0] = heapNode[heapCount]
                        var slot = 0
                        while true {
                            let left = 2 * slot + 1
                            if left >= heapCount { break }
                            var child = left
                            if left + 1 < heapCount && before(left + 1, left) { child = left + 1 }
                            if !before(child, slot) { break }
                            swapSlots(child, slot)
                            slot = child
                        }
                    }
                    if settledAt[v] >= 0 || d > distance[v] { continue }
                    settledAt[v] = Int32(settled)
                    order[settled] = Int32(v)
                    settled += 1
                    if v == Int(source) {
                        sigma[v] = 1
                    } else {
                        var paths = 0.0
                        for position in Int(inOffsets[v]) ..< Int(inOffsets[v + 1]) {
                            let u = Int(inSources[position])
                            if settledAt[u] >= 0 && settledAt[u] < settledAt[v] && distance[u] + inWeights[position] == d {
                                paths += sigma[u]
                            }
                        }
                        sigma[v] = paths
                    }
                    for position in Int(offsets[v]) ..< Int(offsets[v + 1]) {
                        let w = Int(targets[position])
                        if settledAt[w] >= 0 { continue }
                        let candidate = d + weights[position]
                        if candidate < distance[w] {
                            if distance[w] == .infinity { touched[touchedCount] = Int32(w); touchedCount += 1 }
                            distance[w] = candidate
                            var slot = heapCount
                            heapKey[slot] = candidate; heapNode[slot] = Int32(w)
                            heapCount += 1
                            while slot > 0 {
                                let parent = (slot - 1) / 2
                                if !before(slot, parent) { break }
                                swapSlots(slot, parent)
                                slot = parent
                            }
                        }
                    }
                }
                var index = settled - 1
                while index >= 0 {
                    let v = Int(order[index])
                    let dv = distance[v]
                    let rank = settledAt[v]
                    var sum = 0.0
                    for position in Int(offsets[v]) ..< Int(offsets[v + 1]) {
                        let w = Int(targets[position])
                        if settledAt[w] > rank && dv + weights[position] == distance[w] { sum += coefficient[w] }
                    }
                    coefficient[v] = sum + 1 / sigma[v]
                    if index > 0 { accumulator[v] += sigma[v] * sum }
                    index -= 1
                }
                for index in 0 ..< touchedCount {
                    let v = Int(touched[index])
                    distance[v] = .infinity
                    sigma[v] = 0
                    settledAt[v] = -1
                }
            }
        }}}}}}
    }
}
