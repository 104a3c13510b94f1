import Foundation
import VerbinderCore
import VerbinderScenario

/// A network to analyse, from any input: node ids and attributes (parallel arrays), an edge list, and what
/// a scenario adds (actor kinds, consultation structures, connectors).
public struct NetworkData: Sendable {
    /// Where it came from, for messages and reports.
    public var source: String
    /// Node ids, in input order (output rows follow this order).
    public var ids: [String]
    /// Node attribute names in input order; ``attributeValues`` holds one column per name ("" when missing).
    public var attributeNames: [String] = []
    public var attributeValues: [[String]] = []
    /// The edges as given (self-loops and parallel edges included; ``AnalysisGraph`` simplifies them).
    public var edges: EdgeList
    /// Per edge: its kind name ("" when the input has none).
    public var edgeKinds: [String] = []
    /// Per node: the actor kind, where the input states a known one.
    public var kinds: [NodeKind?]
    /// Members of each consultation structure (scenario inputs only).
    public var structures: [[Int32]] = []
    /// Whether the input was naturally directed (GraphML `edgedefault`); nil when it does not say.
    public var statedDirected: Bool?

    public init(source: String, ids: [String], edges: EdgeList) {
        self.source = source
        self.ids = ids
        self.edges = edges
        kinds = [NodeKind?](repeating: nil, count: ids.count)
        edgeKinds = [String](repeating: "", count: edges.count)
    }

    /// The number of nodes.
    public var nodeCount: Int { ids.count }

    /// The values of attribute `name`, if the input has it.
    public func attribute(_ name: String) -> [String]? {
        attributeNames.firstIndex(of: name).map { attributeValues[$0] }
    }

    /// Sets (or adds) an attribute column.
    public mutating func setAttribute(_ name: String, _ values: [String]) {
        precondition(values.count == nodeCount)
        if let index = attributeNames.firstIndex(of: name) {
            attributeValues[index] = values
        } else {
            attributeNames.append(name)
            attributeValues.append(values)
        }
    }

    /// The nodes whose kind is `connector`, in node order.
    public var connectorNodes: [Int32] {
        kinds.indices.filter { kinds[$0] == .connector }.map { Int32($0) }
    }

    /// Group codes for attribute `name`: equal values share a code, codes numbered by first appearance.
    /// - Throws: ``InputError`` naming the attributes there are, when `name` is not one of them.
    public func groupCodes(_ name: String) throws -> (codes: [Int32], names: [String]) {
        guard let values = attribute(name) else {
            let known = attributeNames.isEmpty ? "none" : attributeNames.joined(separator: ", ")
            throw InputError("no node attribute '\(name)' to group by (attributes: \(known))", at: SourceLocation(file: source))
        }
        var names: [String] = []
        var index: [String: Int32] = [:]  // lookup only
        let codes = values.map { value -> Int32 in
            if let code = index[value] { return code }
            let code = Int32(names.count)
            index[value] = code
            names.append(value)
            return code
        }
        return (codes, names)
    }
}

extension NetworkData {
    /// The kind of file at `path`, from its extension.
    public enum Format: String, Sendable, CaseIterable {
        case scenario, outcome, graphml, csv

        /// The format a path's extension names, if any: `.yaml`/`.yml`, `.json`, `.graphml`/`.xml`, `.csv`.
        public init?(path: String) {
            switch URL(fileURLWithPath: path).pathExtension.lowercased() {
            case "yaml", "yml": self = .scenario
            case "json": self = .outcome
            case "graphml", "xml": self = .graphml
            case "csv": self = .csv
            default: return nil
            }
        }
    }

    /// Reads a network from a scenario (YAML), an outcome graph (JSON), GraphML, or a CSV edge list
    /// (with node attributes from `nodes`, a CSV file with an `id` column).
    /// - Throws: ``InputError`` with file and line for every problem.
    public static func load(path: String, nodes: String? = nil) throws -> NetworkData {
        guard let format = Format(path: path) else {
            throw InputError("unknown input format (expected .yaml, .json, .graphml or .csv)", at: SourceLocation(file: path))
        }
        if nodes != nil && format != .csv {
            throw InputError("a nodes file goes with a CSV edge list only", at: SourceLocation(file: path))
        }
        switch format {
        case .scenario: return try scenario(path: path)
        case .outcome: return try OutcomeGraphReader.read(path: path)
        case .graphml: return try GraphMLReader.read(path: path)
        case .csv: return try EdgeListReader.read(edges: path, nodes: nodes)
        }
    }

    /// A scenario's generated network (``NetworkGenerator``), with every edge kind.
    /// - Throws: ``InputError`` when the scenario is invalid.
    public static func scenario(path: String) throws -> NetworkData {
        let scenario = try Scenario.load(path: path)
        return NetworkData(try NetworkGenerator.build(scenario), source: path)
    }

    /// The data of a generated scenario network: ids are node names, attributes the node table's columns.
    public init(_ network: ScenarioNetwork, source: String) {
        let graph = network.graph
        let table = graph.nodes
        let count = graph.nodeCount
        self.init(source: source, ids: (0 ..< Int32(count)).map { table.name(of: $0) }, edges: EdgeList(graph))
        kinds = table.kinds.map { Optional($0) }
        edgeKinds = graph.edgeKinds.map(\.name)
        setAttribute("kind", table.kinds.map(\.name))
        setAttribute("arena", table.arenas.map(\.name))
        setAttribute("neighbourhood", (0 ..< Int32(count)).map { table.neighbourhoodName(of: $0) ?? "" })
        setAttribute("department", (0 ..< Int32(count)).map { table.departmentName(of: $0) ?? "" })
        setAttribute("function", table.functions.map { $0?.name ?? "" })
        setAttribute("domain", table.domains.map { $0?.name ?? "" })
        structures = network.structureMembers
        statedDirected = true
    }
}
