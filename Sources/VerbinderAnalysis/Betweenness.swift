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
    ///   worker thread plus at most 16 accumulators of n doubles.
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
    static func accumulate(_ graph: AnalysisGraph, sources: [Int32], weighted: Bool, threads: Int,
                           progress: ProgressCounter? = nil) -> [Double] {
        let n = graph.nodeCount
        let chunks = ChunkedWork.chunks(of: sources.count)
        let accumulators = SharedBuffer(count: chunks.count * n)
        ChunkedWork.run(chunks: chunks, threads: threads) { chunk, range in
            let target = accumulators.pointer + chunk * n
            sources.withUnsafeBufferPointer { sourceBuffer in
                let batches = progress == nil ? [range] : stride(from: range.lowerBound, to: range.upperBound, by: ProgressCounter.batch)
                    .map { $0 ..< min($0 + ProgressCounter.batch, range.upperBound) }
                for batch in batches {
                    let slice = UnsafeBufferPointer(rebasing: sourceBuffer[batch])
                    if weighted {
                        BrandesWeighted(graph: graph).run(sources: slice, into: target)
                    } else {
                        BrandesUnweighted(graph: graph).run(sources: slice, into: target)
                    }
                    progress?.add(batch.count)
                }
            }
        }
        return ChunkedWork.sum(accumulators, chunkCount: chunks.count, width: n)
    }
}

/// Per-node state of a breadth-first Brandes search, packed so one cache line serves both the distance test
/// and the value it guards: `value` is σ (shortest-path count) in the forward pass and is overwritten by the
/// coefficient (1 + δ) / σ in the backward pass, once σ is no longer needed.
struct SearchSlot {
    var distance: Int32
    var value: Double
}

/// One worker's breadth-first Brandes search: scratch arrays allocated once, reused for every source.
///
/// The forward pass records each node's successors on shortest paths (the DAG) in a flat buffer, so the
/// backward pass reads only those instead of re-testing every tie.
struct BrandesUnweighted {
    let graph: AnalysisGraph

    func run(sources: UnsafeBufferPointer<Int32>, into accumulator: UnsafeMutablePointer<Double>) {
        let n = graph.nodeCount
        let slots = UnsafeMutablePointer<SearchSlot>.allocate(capacity: n)
        slots.initialize(repeating: SearchSlot(distance: -1, value: 0), count: n)
        let order = UnsafeMutablePointer<Int32>.allocate(capacity: n)
        let dagStart = UnsafeMutablePointer<Int32>.allocate(capacity: n + 1)
        let dag = UnsafeMutablePointer<Int32>.allocate(capacity: max(graph.outTargets.count, 1))
        defer { slots.deallocate(); order.deallocate(); dagStart.deallocate(); dag.deallocate() }
        graph.outOffsets.withUnsafeBufferPointer { offsets in
            graph.outTargets.withUnsafeBufferPointer { targets in
                for source in sources {
                    // Forward: BFS, counting shortest paths; `order` is both queue and stack.
                    var head = 0, tail = 1, dagCount = 0
                    order[0] = source
                    slots[Int(source)] = SearchSlot(distance: 0, value: 1)
                    while head < tail {
                        dagStart[head] = Int32(dagCount)
                        let v = Int(order[head]); head += 1
                        let next = slots[v].distance + 1
                        let paths = slots[v].value
                        for position in Int(offsets[v]) ..< Int(offsets[v + 1]) {
                            let w = targets[position]
                            let seen = slots[Int(w)].distance
                            if seen < 0 {
                                slots[Int(w)].distance = next
                                order[tail] = w; tail += 1
                            }
                            // Branch-free: whether w is one level further is unpredictable on most graphs.
                            let onPath = seen < 0 || seen == next
                            slots[Int(w)].value += onPath ? paths : 0
                            dag[dagCount] = w
                            dagCount += onPath ? 1 : 0
                        }
                    }
                    dagStart[tail] = Int32(dagCount)
                    // Backward: each node pulls (1 + δ(w)) / σ(w) from its DAG successors; σ is then
                    // overwritten by the node's own coefficient.
                    var index = tail - 1
                    while index >= 0 {
                        let v = Int(order[index])
                        var sum = 0.0
                        for position in Int(dagStart[index]) ..< Int(dagStart[index + 1]) {
                            sum += slots[Int(dag[position])].value
                        }
                        let sigma = slots[v].value
                        if index > 0 { accumulator[v] += sigma * sum }
                        slots[v].value = sum + 1 / sigma
                        index -= 1
                    }
                    for index in 0 ..< tail { slots[Int(order[index])] = SearchSlot(distance: -1, value: 0) }
                }
            }
        }
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
