import Foundation
import VerbinderCore
import VerbinderScenario
import VerbinderSupport

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
    /// The type of each node attribute's values, by name (lookup only); a name not in it holds text.
    public var attributeTypes: [String: AttributeType] = [:]
    /// The edges as given (self-loops and parallel edges included; ``AnalysisGraph`` simplifies them).
    public var edges: EdgeList
    /// Per edge: its kind name ("" when the input has none).
    public var edgeKinds: [String] = []
    /// Further edge attributes in input order (e.g. an outcome graph's `attempts`, `successes`, `created`, a
    /// scenario's `trust` and `familiarity`); ``edgeAttributeValues`` holds one column per name, one value per edge.
    public var edgeAttributeNames: [String] = []
    public var edgeAttributeValues: [[String]] = []
    /// The type of each edge attribute's values, by name (lookup only); a name not in it holds text.
    public var edgeAttributeTypes: [String: AttributeType] = [:]
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

    /// The values of attribute `name` (matched exactly, else ignoring case), if the input has it.
    public func attribute(_ name: String) -> [String]? {
        let index = attributeNames.firstIndex(of: name)
            ?? attributeNames.firstIndex { $0.lowercased() == name.lowercased() }
        return index.map { attributeValues[$0] }
    }

    /// Sets (or adds) an attribute column whose values are of `type`.
    public mutating func setAttribute(_ name: String, _ values: [String], type: AttributeType = .string) {
        precondition(values.count == nodeCount)
        if let index = attributeNames.firstIndex(of: name) {
            attributeValues[index] = values
        } else {
            attributeNames.append(name)
            attributeValues.append(values)
        }
        attributeTypes[name] = type == .string ? nil : type
    }

    /// Sets (or adds) an edge attribute column (one value per edge) whose values are of `type`.
    public mutating func setEdgeAttribute(_ name: String, _ values: [String], type: AttributeType = .string) {
        precondition(values.count == edges.count)
        if let index = edgeAttributeNames.firstIndex(of: name) {
            edgeAttributeValues[index] = values
        } else {
            edgeAttributeNames.append(name)
            edgeAttributeValues.append(values)
        }
        edgeAttributeTypes[name] = type == .string ? nil : type
    }

    /// What each node is called in tables and pictures: its `label` attribute where the input gives one,
    /// else its id.
    public var labels: [String] {
        guard let labels = attribute("label") else { return ids }
        return zip(ids, labels).map { $1.isEmpty ? $0 : $1 }
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

/// The type of an attribute's values, as GraphML declares it (`attr.type`) so that Gephi, NetworkX, igraph
/// and R read numbers as numbers.
public enum AttributeType: String, Sendable, CaseIterable {
    case string, int, double, boolean

    /// The narrowest type every non-empty value fits, and the values as written for it: whole numbers are
    /// `int`, other numbers `double` (read with `number`, so a decimal comma becomes a point), `true`/`false`
    /// `boolean`, anything else (or nothing) `string`, with the values as given.
    public static func infer(_ values: [String], number: (String) -> Double? = { Double($0) }) -> (type: AttributeType, values: [String]) {
        let present = values.filter { !$0.isEmpty }
        guard !present.isEmpty else { return (.string, values) }
        if present.allSatisfy({ Int64($0) != nil }) { return (.int, values) }
        if present.allSatisfy({ $0 == "true" || $0 == "false" }) { return (.boolean, values) }
        let numbers = values.map { $0.isEmpty ? nil : number($0) }
        if zip(values, numbers).allSatisfy({ $0.isEmpty || ($1?.isFinite ?? false) }) {
            return (.double, zip(values, numbers).map { text, value in value.map { formatNumber($0, .exact) } ?? text })
        }
        return (.string, values)
    }
}

/// A single-precision number (a scenario's trust or familiarity) in its own shortest form: 0.8, not 0.800000011920929.
func formatAttributeNumber(_ value: Float) -> String {
    value == value.rounded() && abs(value) < 1e7 ? String(Int64(value)) : "\(value)"
}

extension NetworkData {
    /// The kind of file at `path`, from its extension.
    public enum Format: String, Sendable, CaseIterable {
        case scenario, outcome, graphml, csv, spreadsheet

        /// The format a path's extension names, if any: `.yaml`/`.yml`, `.json`, `.graphml`/`.xml`, `.csv`
        /// (also `.tsv`, `.txt`), `.xlsx`.
        public init?(path: String) {
            switch URL(fileURLWithPath: path).pathExtension.lowercased() {
            case "yaml", "yml": self = .scenario
            case "json": self = .outcome
            case "graphml", "xml": self = .graphml
            case "csv", "tsv", "txt": self = .csv
            case "xlsx": self = .spreadsheet
            default: return nil
            }
        }
    }

    /// Reads a network from a scenario (YAML), an outcome graph (JSON), GraphML, or an edge list in CSV or in
    /// a sheet of an Excel workbook (with node attributes from `nodes`, a CSV file or workbook with an `id`
    /// column; see ``EdgeListReader``).
    /// - Parameter sheet: the workbook sheet with the edges (default: the first).
    /// - Parameter keepFailedAttempts: for an outcome graph, keep interactions whose every attempt failed
    ///   (weight 0), as an export does; analysis leaves them out (they are not ties).
    /// - Throws: ``InputError`` with file and line for every problem.
    public static func load(path: String, nodes: String? = nil, sheet: String? = nil, keepFailedAttempts: Bool = false) throws -> NetworkData {
        guard let format = Format(path: path) else {
            throw InputError("unknown input format (expected .yaml, .json, .graphml, .csv or .xlsx)", at: SourceLocation(file: path))
        }
        if nodes != nil && format != .csv && format != .spreadsheet {
            throw InputError("a nodes file goes with an edge list (CSV or workbook) only", at: SourceLocation(file: path))
        }
        if sheet != nil && format != .spreadsheet {
            throw InputError("a sheet is chosen in an Excel workbook (.xlsx) only", at: SourceLocation(file: path))
        }
        switch format {
        case .scenario: return try scenario(path: path)
        case .outcome:
            // Interactions have a direction: who asked whom.
            var data = try OutcomeGraphReader.read(path: path, keepFailedAttempts: keepFailedAttempts)
            data.statedDirected = data.statedDirected ?? true
            return data
        case .graphml: return try GraphMLReader.read(path: path)
        case .csv, .spreadsheet: return try EdgeListReader.read(edges: path, nodes: nodes, sheet: sheet)
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
        setAttribute("activity", table.activity.map { $0?.name ?? "" })
        setEdgeAttribute("trust", graph.trust.map(formatAttributeNumber), type: .double)
        setEdgeAttribute("familiarity", graph.familiarity.map(formatAttributeNumber), type: .double)
        structures = network.structureMembers
        statedDirected = true
    }
}
