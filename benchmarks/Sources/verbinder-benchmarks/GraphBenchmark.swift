import VerbinderCore

extension Benchmark {
    /// Issue 2's scale target: a 1,000,000-node, 10,000,000-edge graph must build in seconds and fit well under 1 GB.
    static let graph = Benchmark(
        name: "graph",
        summary: "GraphBuilder: a random 1,000,000-node, 10,000,000-edge graph (addEdge loop, build(), memory)"
    ) { report in
        let nodeCount = 1_000_000
        let edgeCount = 10_000_000
        let runs = 5
        var graphBytes = 0
        var checksum = 0
        let timings = repeatMeasured(runs: runs) {
            var builder = GraphBuilder()
            let nodes = Measure.time {
                builder.nodes.reserveCapacity(nodeCount)
                for index in 0 ..< nodeCount {
                    builder.nodes.append(kind: index % 50 == 0 ? .official : .resident)
                }
            }
            // Endpoints are drawn inside the loop (a few ns each), so no 80 MB edge list inflates the memory peak.
            var random = Xoshiro256(seed: 42, stream: streamLabel("benchmark graph"))
            let edges = Measure.time {
                builder.reserveEdges(edgeCount)
                for _ in 0 ..< edgeCount {
                    let source = Int32(truncatingIfNeeded: random.nextIndex(below: nodeCount))
                    let target = Int32(truncatingIfNeeded: random.nextIndex(below: nodeCount))
                    builder.addEdge(from: source, to: target, kind: .tie, weight: 1, trust: 0.5, familiarity: 0.5)
                }
            }
            let build = Measure.time { builder.build() }
            let graph = build.result
            graphBytes = graph.storageBytes
            checksum &+= Int(graph.outOffsets[nodeCount / 2]) &+ Int(graph.inSources[edgeCount / 2])
            precondition(graph.nodeCount == nodeCount && graph.edgeCount == edgeCount)
            return ["nodes": nodes.seconds, "addEdge": edges.seconds, "build": build.seconds,
                    "total": nodes.seconds + edges.seconds + build.seconds]
        }
        let peak = Measure.peakResidentBytes()
        for (label, summary) in timings { report.record("graph.random.\(label)", summary.figures) }
        report.record("graph.random.memory", ["graphBytes": Double(graphBytes), "peakRSS": Double(peak)])
        report.section("Graph core: random graph, \(grouped(nodeCount)) nodes, \(grouped(edgeCount)) edges", [
            "GraphBuilder with reserved capacity; uniform random endpoints (xoshiro256**), kind `tie`.",
            "Median (min – max) over \(timings["total"]!.runs) runs after one warm-up run.",
            "",
            "| step | time |",
            "|---|---|",
            "| append \(grouped(nodeCount)) nodes | \(timings["nodes"]!.seconds) |",
            "| addEdge loop, \(grouped(edgeCount)) edges | \(timings["addEdge"]!.seconds) |",
            "| build() (CSR out + in, counting sort) | \(timings["build"]!.seconds) |",
            "| total | \(timings["total"]!.seconds) |",
            "",
            "| memory | |",
            "|---|---|",
            "| graph storage (array sizes) | \(mebibytes(graphBytes)) (\(format(Double(graphBytes) / Double(edgeCount), 1)) bytes per edge) |",
            "| process peak RSS (getrusage ru_maxrss), builder and graph alive together | \(mebibytes(peak)) |",
            "",
            "(checksum \(checksum))",
        ])
    }
}

extension Graph {
    /// The bytes the graph's arrays hold (element count × stride; capacity slack and array headers not counted).
    var storageBytes: Int {
        func bytes<Element>(_ array: [Element]) -> Int { array.count * MemoryLayout<Element>.stride }
        let table = nodes
        let nodeBytes = bytes(table.kinds) + bytes(table.arenas) + bytes(table.neighbourhoods) + bytes(table.departments)
            + bytes(table.functions) + bytes(table.activity) + bytes(table.domains) + bytes(table.nameSlots)
            + table.explicitNames.reduce(0) { $0 + $1.utf8.count }
        return nodeBytes + bytes(outOffsets) + bytes(outTargets) + bytes(inOffsets) + bytes(inSources) + bytes(inEdges)
            + bytes(edgeKinds) + bytes(weights) + bytes(trust) + bytes(familiarity)
    }
}
