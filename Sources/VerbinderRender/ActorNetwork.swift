import VerbinderAnalysis
import VerbinderCore
import VerbinderScenario
import VerbinderSimulation

/// The network a picture is drawn from: actors (as a ``NodeTable``) and their edges with outcomes.
///
/// Made either from a scenario's generated network (before any run: structural edges, no attempts)
/// or from a simulation's `outcome-graph.json`. Edges are read through ``forEachEdge(_:)`` so a
/// million-resident scenario is aggregated straight from its CSR graph, without copying.
public struct ActorNetwork: Sendable {
    /// The scenario's name.
    public var scenario: String
    public var nodes: NodeTable
    /// True when the edges carry simulated attempts (a result), false for a scenario before any run.
    public var isResult: Bool
    private var storage: EdgeStorage

    private enum EdgeStorage: Sendable {
        case graph(Graph)
        case list(EdgeList)
    }

    /// Edges as parallel arrays.
    struct EdgeList: Sendable {
        var sources: [Int32] = []
        var targets: [Int32] = []
        var kinds: [InteractionKind] = []
        var attempts: [Int] = []
        var successes: [Int] = []
        var created: [Bool] = []
    }

    /// The network of a scenario before any run.
    public init(scenario: Scenario, network: ScenarioNetwork) {
        self.scenario = scenario.name
        self.nodes = network.graph.nodes
        self.isResult = false
        self.storage = .graph(network.graph)
    }

    /// The network of interactions of a simulation run.
    /// - Throws: ``InputError`` when an edge names a node that is not listed.
    public init(outcome: OutcomeGraph, file: String = "outcome-graph.json") throws {
        var table = NodeTable()
        var index: [String: Int32] = [:]
        index.reserveCapacity(outcome.nodes.count)
        var hoods: [String: Int32] = [:]
        var departments: [String: Int32] = [:]
        var problems: [Diagnostic] = []
        for (position, node) in outcome.nodes.enumerated() {
            guard index[node.id] == nil else {
                problems.append(Diagnostic("node id '\(node.id)' appears twice", at: SourceLocation(file: file),
                                           keyPath: "nodes[\(position)].id"))
                continue
            }
            guard let kind = NodeKind(name: node.kind) else {
                problems.append(Diagnostic(unknownChoice("node kind", node.kind, NodeKind.allNames),
                                           at: SourceLocation(file: file), keyPath: "nodes[\(position)].kind"))
                continue
            }
            let hood = node.neighbourhood.map { name -> Int32 in
                if let known = hoods[name] { return known }
                let new = Int32(table.neighbourhoodNames.count)
                table.neighbourhoodNames.append(name)
                hoods[name] = new
                return new
            } ?? -1
            let department = node.department.map { name -> Int32 in
                if let known = departments[name] { return known }
                let new = Int32(table.departmentNames.count)
                table.departmentNames.append(name)
                departments[name] = new
                return new
            } ?? -1
            index[node.id] = table.append(kind: kind, name: node.id, arena: Arena(name: node.arena),
                                          neighbourhood: hood, department: department)
        }
        var edges = EdgeList()
        for (position, edge) in outcome.edges.enumerated() {
            guard let source = index[edge.source], let target = index[edge.target] else {
                let missing = index[edge.source] == nil ? edge.source : edge.target
                problems.append(Diagnostic("edge names node '\(missing)', which is not in nodes",
                                           at: SourceLocation(file: file), keyPath: "edges[\(position)]"))
                continue
            }
            edges.sources.append(source)
            edges.targets.append(target)
            edges.kinds.append(InteractionKind(name: edge.kind))
            edges.attempts.append(max(0, edge.attempts))
            edges.successes.append(min(max(0, edge.successes), max(0, edge.attempts)))
            edges.created.append(edge.created)
        }
        if !problems.isEmpty { throw InputError(problems) }
        self.scenario = outcome.scenario
        self.nodes = table
        self.isResult = true
        self.storage = .list(edges)
    }

    /// A network read from a CSV edge list or GraphML (before any run): a node takes its `kind`, `arena`,
    /// `neighbourhood` and `department` attributes where the input has known values (a node without a known
    /// kind is drawn as a partner) and is named by its ``NetworkData/labels``; an edge keeps its kind
    /// (`tie` when it has none).
    public init(imported data: NetworkData, name: String) {
        var table = NodeTable()
        table.reserveCapacity(data.nodeCount)
        let labels = data.labels
        let arenas = data.attribute("arena"), hoods = data.attribute("neighbourhood"), departments = data.attribute("department")
        func code(_ value: String?, in names: inout [String], _ index: inout [String: Int32]) -> Int32 {
            guard let value, !value.isEmpty else { return -1 }
            if let known = index[value] { return known }
            names.append(value)
            index[value] = Int32(names.count - 1)
            return Int32(names.count - 1)
        }
        var hoodIndex: [String: Int32] = [:], departmentIndex: [String: Int32] = [:]  // lookup only
        for node in 0 ..< data.nodeCount {
            let kind = data.kinds[node] ?? .partner
            table.append(kind: kind, name: labels[node], arena: arenas.flatMap { Arena(name: $0[node]) },
                         neighbourhood: code(hoods?[node], in: &table.neighbourhoodNames, &hoodIndex),
                         department: code(departments?[node], in: &table.departmentNames, &departmentIndex))
        }
        var edges = EdgeList()
        for edge in 0 ..< data.edges.count {
            edges.sources.append(data.edges.sources[edge])
            edges.targets.append(data.edges.targets[edge])
            edges.kinds.append(data.edgeKinds[edge].isEmpty ? .tie : InteractionKind(name: data.edgeKinds[edge]))
            edges.attempts.append(0)
            edges.successes.append(0)
            edges.created.append(false)
        }
        self.scenario = name
        self.nodes = table
        self.isResult = false
        self.storage = .list(edges)
    }

    /// The number of actors.
    public var nodeCount: Int { nodes.count }

    /// The number of edges.
    public var edgeCount: Int {
        switch storage {
        case .graph(let graph): graph.edgeCount
        case .list(let list): list.sources.count
        }
    }

    /// Calls `body` for every edge, in a fixed order.
    /// - Complexity: O(edges), allocating nothing.
    func forEachEdge(_ body: (_ source: Int32, _ target: Int32, _ kind: InteractionKind, _ attempts: Int,
                              _ successes: Int, _ created: Bool) -> Void) {
        switch storage {
        case .graph(let graph):
            for node in 0 ..< Int32(graph.nodeCount) {
                for edge in graph.outEdgeRange(of: node) {
                    body(node, graph.outTargets[edge], InteractionKind(graph.edgeKinds[edge]), 0, 0, false)
                }
            }
        case .list(let list):
            for edge in list.sources.indices {
                body(list.sources[edge], list.targets[edge], list.kinds[edge], list.attempts[edge],
                     list.successes[edge], list.created[edge])
            }
        }
    }

    /// The partner type of a partner named "type (neighbourhood)", else the whole name.
    func partnerType(of node: Int32) -> String {
        let name = nodes.name(of: node)
        if let hood = nodes.neighbourhoodName(of: node), name.hasSuffix(" (\(hood))") {
            return String(name.dropLast(hood.count + 3))
        }
        return name
    }
}
