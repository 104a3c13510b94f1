import VerbinderCore
import VerbinderSimulation
import VerbinderSupport

/// A simulation's outcome graph (`outcome-graph.json`, read by ``OutcomeGraph/read(path:)``) as a network to analyse.
///
/// Node attributes are `kind`, `arena`, `neighbourhood` and `department`; edge attributes `attempts`,
/// `successes` (whole numbers) and `created` (boolean). An edge's weight is its `weight` if given, else
/// `successes` when above 0, else 1. An edge whose attempts all failed (`attempts` above 0, `successes` 0) is not
/// a tie, unless `keepFailedAttempts` is set (then its weight is 0); structural edges (no attempts) are kept.
public enum OutcomeGraphReader {
    /// - Throws: ``InputError`` with file and line: malformed JSON, missing `nodes`/`edges`/`id`/`source`/
    ///   `target`, duplicate or unknown ids, negative or non-numeric counts and weights.
    public static func read(path: String, keepFailedAttempts: Bool = false) throws -> NetworkData {
        network(try OutcomeGraph.read(path: path), source: path, keepFailedAttempts: keepFailedAttempts)
    }

    /// Parses outcome-graph text; `file` names it in messages.
    public static func read(text: String, file: String, keepFailedAttempts: Bool = false) throws -> NetworkData {
        network(try OutcomeGraph(text: text, file: file), source: file, keepFailedAttempts: keepFailedAttempts)
    }

    /// The network of `graph`.
    public static func network(_ graph: OutcomeGraph, source: String, keepFailedAttempts: Bool = false) -> NetworkData {
        var index: [String: Int32] = [:]  // lookup only
        for (position, node) in graph.nodes.enumerated() { index[node.id] = Int32(position) }
        var edges = EdgeList(nodeCount: graph.nodes.count)
        var kinds: [String] = []
        var attempts: [String] = [], successes: [String] = [], created: [String] = []
        for edge in graph.edges {
            guard let from = index[edge.source], let to = index[edge.target] else { continue }
            let failed = edge.attempts > 0 && edge.successes == 0
            if failed && !keepFailedAttempts { continue }
            edges.append(from, to, weight: edge.weight ?? (failed ? 0 : edge.successes > 0 ? Double(edge.successes) : 1))
            kinds.append(edge.kind)
            attempts.append(String(edge.attempts))
            successes.append(String(edge.successes))
            created.append(edge.created ? "true" : "false")
        }
        var data = NetworkData(source: source, ids: graph.nodes.map(\.id), edges: edges)
        data.edgeKinds = kinds
        data.setAttribute("kind", graph.nodes.map(\.kind))
        data.setAttribute("arena", graph.nodes.map(\.arena))
        data.setAttribute("neighbourhood", graph.nodes.map { $0.neighbourhood ?? "" })
        data.setAttribute("department", graph.nodes.map { $0.department ?? "" })
        data.setEdgeAttribute("attempts", attempts, type: .int)
        data.setEdgeAttribute("successes", successes, type: .int)
        data.setEdgeAttribute("created", created, type: .boolean)
        data.kinds = graph.nodes.map { NodeKind(name: $0.kind) }
        return data
    }
}
