import Foundation
import VerbinderCore

extension Analysis {
    /// Computes the requested metrics for a network.
    /// - Throws: ``InputError`` when brokerage or the E–I index was asked for by name and the group attribute
    ///   is missing, or when a power/interest attribute is bad.
    public static func analyze(_ data: NetworkData, options: AnalysisOptions) throws -> AnalysisReport {
        let clock = ContinuousClock()
        var timings: [(String, Double)] = []
        func timed<T>(_ step: String, _ body: () throws -> T) rethrows -> T {
            let start = clock.now
            let result = try body()
            let elapsed = clock.now - start
            timings.append((step, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18))
            return result
        }
        let graph = timed("build graph") { AnalysisGraph(data.edges, directed: options.directed) }
        var report = AnalysisReport(source: data.source, directed: options.directed, ids: data.ids,
                                    tieCount: graph.tieCount, metrics: options.metrics)
        if data.attribute("label") != nil { report.labels = data.labels }
        if graph.droppedSelfLoops > 0 { report.notes.append("\(graph.droppedSelfLoops) self-loop(s) ignored") }
        if graph.mergedEdges > 0 {
            report.notes.append("\(graph.mergedEdges) parallel\(options.directed ? "" : " or opposite") edge(s) merged into one tie (weights summed)")
        }
        var metrics = options.metrics
        var groups: (codes: [Int32], names: [String])?
        do {
            groups = try data.groupCodes(options.groupAttribute)
        } catch let error as InputError {
            if options.metricsAreDefault {
                metrics.removeAll(where: \.isBrokerage)
                report.notes.append("no node attribute '\(options.groupAttribute)': brokerage and E–I index left out")
            } else if metrics.contains(where: \.isBrokerage) {
                throw error
            }
        }
        report.metrics = metrics
        let wanted = Set(metrics)
        func set(_ metric: Metric, _ values: [Double]) { if wanted.contains(metric) { report.values[metric] = values } }

        if wanted.contains(.degree) { set(.degree, Centrality.degree(graph)) }
        if wanted.contains(.inDegree) {
            set(.inDegree, graph.isDirected ? graph.givenInDegree.map(Double.init) : Centrality.degree(graph))
        }
        if wanted.contains(.outDegree) {
            set(.outDegree, graph.isDirected ? graph.givenOutDegree.map(Double.init) : Centrality.degree(graph))
        }
        if let sample = options.sample, sample < graph.nodeCount, wanted.contains(.betweenness) || wanted.contains(.betweennessWeighted) {
            report.notes.append("betweenness estimated from \(sample) sampled sources of \(graph.nodeCount) (seed \(options.seed))")
        }
        if wanted.contains(.betweenness) {
            set(.betweenness, timed("betweenness") {
                Centrality.betweenness(graph, sample: options.sample, seed: options.seed, threads: options.threads,
                                       progress: options.progress)
            })
        }
        if wanted.contains(.betweennessWeighted) {
            set(.betweennessWeighted, timed("betweenness (weighted)") {
                Centrality.betweenness(graph, weighted: true, sample: options.sample, seed: options.seed, threads: options.threads,
                                       progress: options.progress)
            })
        }
        if wanted.contains(.closeness) { set(.closeness, timed("closeness") { Centrality.closeness(graph, threads: options.threads, progress: options.progress) }) }
        var eigenvector: [Double]?
        if wanted.contains(.eigenvector) || (wanted.contains(.power) || wanted.contains(.quadrant)) {
            let result = timed("eigenvector") { Centrality.eigenvector(graph) }
            if !result.converged { report.notes.append("eigenvector iteration did not converge in \(result.iterations) iterations") }
            eigenvector = result.values
            set(.eigenvector, result.values)
        }
        if wanted.contains(.pagerank) {
            let result = timed("pagerank") { Centrality.pageRank(graph) }
            if !result.converged { report.notes.append("PageRank iteration did not converge in \(result.iterations) iterations") }
            set(.pagerank, result.values)
        }
        if !wanted.isDisjoint(with: [.constraint, .effectiveSize, .efficiency, .hierarchy]) {
            let holes = timed("structural holes") { StructuralHoles.compute(graph) }
            set(.constraint, holes.constraint)
            set(.effectiveSize, holes.effectiveSize)
            set(.efficiency, holes.efficiency)
            set(.hierarchy, holes.hierarchy)
        }
        if let groups {
            report.groupAttribute = options.groupAttribute
            report.groupNames = groups.names
            let ei = EIIndex.compute(graph, groups: groups.codes)
            report.eiGroups = ei.groups
            report.eiNetwork = ei.network
            if metrics.contains(where: \.isBrokerage) {
                let brokerage = timed("brokerage") { Brokerage.compute(graph, groups: groups.codes, partialCredit: options.partialCredit) }
                report.brokerage = brokerage
                let columns: [Metric] = [.brokerageCoordinator, .brokerageItinerant, .brokerageRepresentative, .brokerageGatekeeper, .brokerageLiaison]
                for (role, metric) in columns.enumerated() { set(metric, brokerage.counts[role]) }
                set(.brokerageTotal, brokerage.total)
            }
        }
        if wanted.contains(.community) {
            let result = timed("communities") { Communities.louvain(graph, seed: options.seed) }
            set(.community, result.community.map(Double.init))
            report.communityCount = result.count
            report.modularity = result.modularity
        }
        if !wanted.isDisjoint(with: [.power, .interest, .quadrant]) {
            let grid = try PowerInterest.compute(data, graph: graph, eigenvector: eigenvector ?? [], settings: options.powerInterest)
            set(.power, grid.power)
            set(.interest, grid.interest)
            if wanted.contains(.quadrant) { report.quadrants = grid.quadrant }
            report.powerInterest = grid
        }
        report.timings = timings
        return report
    }
}
