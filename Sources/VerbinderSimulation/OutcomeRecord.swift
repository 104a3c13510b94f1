import Foundation
import VerbinderCore

/// Replication 0's outcome graph as node numbers: the included nodes, the structural edges between named nodes and
/// the interactions, with the network's node table for names. ``graph`` makes the ``OutcomeGraph`` values and
/// ``writePrettyJSON(to:)`` its file from it only when asked for, so a run that needs neither never builds a
/// string per node and edge (at 1M residents the graph alone cost more than half a replication).
struct OutcomeRecord: Sendable {
    /// A structural edge of the network between two named nodes.
    struct StructuralEdge: Sendable {
        let source: Int32
        let target: Int32
        let kind: EdgeKind
    }

    let scenario: String
    /// The network's node table (shared with the network, not copied).
    let nodes: NodeTable
    /// Every named node and every interaction's end, ascending: the graph's nodes in order.
    let included: [Int32]
    let structural: [StructuralEdge]
    /// Sorted by (source, target, kind).
    let interactions: [Interaction]

    /// Records `interactions` (replication 0's, sorted) on `graph`.
    init(scenario: String, graph: Graph, interactions: [Interaction]) {
        let nodes = graph.nodes
        var marked = BitSet(count: graph.nodeCount)
        for node in nodes.namedNodes { marked.insert(Int(node)) }
        for interaction in interactions {
            marked.insert(Int(interaction.source))
            marked.insert(Int(interaction.target))
        }
        let included = marked.members.map { Int32($0) }
        var structural: [StructuralEdge] = []
        for node in nodes.namedNodes {
            for edge in graph.outEdgeRange(of: node) where nodes.nameSlots[Int(graph.outTargets[edge])] >= 0 {
                structural.append(StructuralEdge(source: node, target: graph.outTargets[edge], kind: graph.edgeKinds[edge]))
            }
        }
        (self.scenario, self.nodes, self.included, self.structural, self.interactions) = (scenario, nodes, included, structural, interactions)
    }

    var nodeCount: Int { included.count }
    var edgeCount: Int { structural.count + interactions.count }

    /// The `position`-th node of the graph.
    func node(_ position: Int) -> OutcomeGraph.Node {
        let node = included[position]
        return OutcomeGraph.Node(
            id: nodes.name(of: node), kind: nodes.kinds[Int(node)].name, arena: nodes.arenas[Int(node)].name,
            neighbourhood: nodes.neighbourhoodName(of: node), department: nodes.departmentName(of: node))
    }

    /// The `position`-th edge: the structural edges first, then the interactions; `name` gives a node's name.
    func edge(_ position: Int, name: (Int32) -> String) -> OutcomeGraph.Edge {
        if position < structural.count {
            let edge = structural[position]
            return OutcomeGraph.Edge(source: name(edge.source), target: name(edge.target), kind: edge.kind.name,
                                     attempts: 0, successes: 0, created: false)
        }
        let interaction = interactions[position - structural.count]
        return OutcomeGraph.Edge(source: name(interaction.source), target: name(interaction.target),
                                 kind: interaction.kind.name, attempts: interaction.attempts,
                                 successes: interaction.successes, created: interaction.kind == .bridge)
    }

    /// The outcome graph's values, each node's name made once and shared by its edges.
    var graph: OutcomeGraph {
        let outNodes = (0 ..< nodeCount).map(node)
        func name(_ node: Int32) -> String {
            var low = 0, high = included.count
            while low < high {
                let middle = (low + high) / 2
                if included[middle] < node { low = middle + 1 } else { high = middle }
            }
            return outNodes[low].id
        }
        return OutcomeGraph(scenario: scenario, nodes: outNodes, edges: (0 ..< edgeCount).map { edge($0, name: name) })
    }

    /// Writes `outcome-graph.json` at `url`: byte for byte what ``graph``'s ``OutcomeGraph/prettyJSON()`` is,
    /// written a piece at a time without making the graph's values first.
    /// - Throws: ``InputError`` when the file cannot be created or written.
    func writePrettyJSON(to url: URL) throws {
        try writeInPieces(to: url) { sink in
            try OutcomeGraph.writePrettyJSON(scenario: scenario, nodeCount: nodeCount, node: node,
                                             edgeCount: edgeCount, edge: { edge($0, name: nodes.name(of:)) }, to: sink)
        }
    }
}
