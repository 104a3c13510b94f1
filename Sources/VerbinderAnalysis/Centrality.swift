extension Centrality {
    /// The degree of every node: distinct neighbours for an undirected graph, in-degree plus out-degree for
    /// a directed one (NetworkX `G.degree`, on the simplified graph: self-loops dropped, parallel ties merged).
    /// - Complexity: O(n)
    public static func degree(_ graph: AnalysisGraph) -> [Double] {
        (0 ..< graph.nodeCount).map { node in
            let out = graph.outRange(node).count
            return Double(graph.isDirected ? out + graph.inRange(node).count : out)
        }
    }

    /// Closeness centrality as NetworkX's `closeness_centrality(G)` with `wf_improved=True` (Wasserman & Faust
    /// 1994): for a node `u` that `r` other nodes can reach at total distance `d`,
    /// `C(u) = ((r) / d) · (r / (n − 1))`, 0 when nothing reaches it. Directed graphs use distances *to* `u`
    /// (incoming paths), as NetworkX does. Unweighted.
    /// - Complexity: O(n m), in parallel over nodes.
    /// - Parameter progress: told the number of nodes done, from worker threads (see ``AnalysisProgress``).
    public static func closeness(_ graph: AnalysisGraph, threads: Int? = nil, progress: AnalysisProgress? = nil) -> [Double] {
        let n = graph.nodeCount
        guard n > 1 else { return [Double](repeating: 0, count: n) }
        let counter = ProgressCounter("closeness", total: n, report: progress)
        let result = SharedBuffer(count: n)
        ChunkedWork.run(chunks: ChunkedWork.chunks(of: n), threads: threads ?? ChunkedWork.defaultThreads) { _, range in
            let distance = UnsafeMutablePointer<Int32>.allocate(capacity: n)
            distance.initialize(repeating: -1, count: n)
            let queue = UnsafeMutablePointer<Int32>.allocate(capacity: n)
            defer { distance.deallocate(); queue.deallocate() }
            // Paths into `u` are paths out of `u` in the reversed graph: walk the in-adjacency.
            graph.inOffsets.withUnsafeBufferPointer { offsets in
                graph.inSources.withUnsafeBufferPointer { neighbours in
                    for node in range {
                        var head = 0, tail = 1
                        queue[0] = Int32(node)
                        distance[node] = 0
                        var total = 0
                        while head < tail {
                            let v = Int(queue[head]); head += 1
                            let next = distance[v] + 1
                            for position in Int(offsets[v]) ..< Int(offsets[v + 1]) {
                                let w = Int(neighbours[position])
                                if distance[w] < 0 {
                                    distance[w] = next
                                    total += Int(next)
                                    queue[tail] = Int32(w); tail += 1
                                }
                            }
                        }
                        let reached = Double(tail - 1)
                        result.pointer[node] = total > 0 ? (reached / Double(total)) * (reached / Double(n - 1)) : 0
                        for index in 0 ..< tail { distance[Int(queue[index])] = -1 }
                        if let counter, (node - range.lowerBound + 1) % ProgressCounter.batch == 0 || node == range.upperBound - 1 {
                            counter.add((node - range.lowerBound) % ProgressCounter.batch + 1)
                        }
                    }
                }
            }
        }
        return Array(UnsafeBufferPointer(start: result.pointer, count: n))
    }

    /// The result of an iterative centrality: values, and whether the iteration met its tolerance.
    public struct Iterated: Sendable, Equatable {
        public var values: [Double]
        public var converged: Bool
        public var iterations: Int
    }

    /// Eigenvector centrality of the undirected, unweighted graph (Bonacich 1987), as NetworkX's
    /// `eigenvector_centrality`: power iteration on `A + I` from a uniform start, scaled to unit Euclidean
    /// norm. A directed graph is read without direction. The iteration runs to a much tighter tolerance than
    /// NetworkX's default (`1e-6`), so values agree with the exact eigenvector to about 1e-12.
    /// Components whose largest eigenvalue is smaller than the graph's decay towards 0.
    /// - Complexity: O(m) per iteration.
    public static func eigenvector(_ graph: AnalysisGraph, tolerance: Double = 1e-15, maxIterations: Int = 10_000) -> Iterated {
        let undirected = graph.undirected()
        let n = undirected.nodeCount
        guard n > 0 else { return Iterated(values: [], converged: true, iterations: 0) }
        var last = [Double](repeating: 1 / Double(n), count: n)
        var current = last
        var previousChange = Double.infinity
        for iteration in 1 ... maxIterations {
            for node in 0 ..< n {
                var sum = last[node]
                for position in undirected.outRange(node) { sum += last[Int(undirected.outTargets[position])] }
                current[node] = sum
            }
            var norm = 0.0
            for value in current { norm += value * value }
            norm = norm.squareRoot()
            if norm == 0 { norm = 1 }
            var change = 0.0
            for node in 0 ..< n {
                current[node] /= norm
                change += abs(current[node] - last[node])
            }
            swap(&last, &current)
            // Stop at the tolerance, or once rounding noise stops the change from shrinking.
            if change < Double(n) * tolerance || (change >= previousChange && change < Double(n) * 1e-13) {
                return Iterated(values: last, converged: true, iterations: iteration)
            }
            previousChange = change
        }
        return Iterated(values: last, converged: false, iterations: maxIterations)
    }

    /// PageRank (Brin & Page 1998) as NetworkX's `pagerank(G, alpha)`: ties weighted by their weight
    /// (NetworkX's default `weight="weight"`), rows normalised by out-weight, dangling nodes (no out-weight)
    /// spread uniformly, uniform teleport. An undirected tie counts in both directions. Iterated to
    /// an L1 change below `tolerance` (default much tighter than NetworkX's `n · 1e-6`).
    /// - Complexity: O(m) per iteration.
    public static func pageRank(_ graph: AnalysisGraph, alpha: Double = 0.85, tolerance: Double = 1e-15,
                                maxIterations: Int = 10_000) -> Iterated {
        let n = graph.nodeCount
        guard n > 0 else { return Iterated(values: [], converged: true, iterations: 0) }
        var outWeight = [Double](repeating: 0, count: n)
        for node in 0 ..< n {
            for position in graph.outRange(node) { outWeight[node] += graph.outWeights[position] }
        }
        let uniform = 1 / Double(n)
        var last = [Double](repeating: uniform, count: n)
        var current = last
        var previousChange = Double.infinity
        for iteration in 1 ... maxIterations {
            var dangling = 0.0
            for node in 0 ..< n where outWeight[node] == 0 { dangling += last[node] }
            let base = alpha * dangling * uniform + (1 - alpha) * uniform
            var change = 0.0
            for node in 0 ..< n {
                var sum = 0.0
                for position in graph.inRange(node) {
                    let source = Int(graph.inSources[position])
                    if outWeight[source] > 0 { sum += last[source] * (graph.inWeights[position] / outWeight[source]) }
                }
                current[node] = alpha * sum + base
                change += abs(current[node] - last[node])
            }
            swap(&last, &current)
            if change < tolerance || (change >= previousChange && change < 1e-13) {
                return Iterated(values: last, converged: true, iterations: iteration)
            }
            previousChange = change
        }
        return Iterated(values: last, converged: false, iterations: maxIterations)
    }
}
