import VerbinderCore

/// Reads a real network from CSV files into a graph under construction.
///
/// Nodes: header `id,kind` plus optional `arena`, `neighbourhood`, `department`, `function`, `activity`.
/// Edges: header `source,target` plus optional `kind` (default `tie`), `weight`, `trust`, `familiarity`.
/// Column names are matched ignoring case; `;`-separated files may write decimals with a comma (``CSVTable``).
public enum NetworkFileReader {
    /// Adds the files' nodes and edges to `builder`; `names` maps ids already present to their nodes.
    /// - Parameter createMissing: when true, an edge id not yet known becomes a new node of kind
    ///   `defaultKind`; when false it is an error.
    /// - Throws: ``InputError`` naming file and line of every problem.
    public static func read(_ files: NetworkFiles, into builder: inout GraphBuilder, names: inout [String: Int32],
                            createMissing: Bool = false, defaultKind: NodeKind = .partner) throws {
        var problems: [Diagnostic] = []
        if let nodesPath = files.nodes {
            let table = try CSVTable(contentsOf: nodesPath)
            let id = try table.column("id")
            let kind = table.optionalColumn("kind")
            let arena = table.optionalColumn("arena")
            let neighbourhood = table.optionalColumn("neighbourhood")
            let department = table.optionalColumn("department")
            let function = table.optionalColumn("function")
            let activity = table.optionalColumn("activity")
            for (row, fields) in table.rows.enumerated() {
                let location = table.location(ofRow: row)
                func choice<Value: NamedCase>(_ column: Int?, _ what: String) -> Value? {
                    guard let column, !fields[column].isEmpty else { return nil }
                    if let value = Value(name: fields[column]) { return value }
                    problems.append(Diagnostic("unknown \(what) '\(fields[column])' (expected one of: \(Value.allNames.joined(separator: ", ")))",
                                               at: location))
                    return nil
                }
                // The index of the neighbourhood or department named in the row, or -1.
                func place(_ column: Int?, among known: [String], _ what: String) -> Int32 {
                    guard let column, !fields[column].isEmpty else { return -1 }
                    if let index = known.firstIndex(of: fields[column]) { return Int32(index) }
                    var message = "unknown \(what) '\(fields[column])'"
                    if let suggestion = closestMatch(to: fields[column], among: known) {
                        message += " (did you mean '\(suggestion)'?)"
                    } else if known.isEmpty {
                        message += " (the scenario declares none)"
                    }
                    problems.append(Diagnostic(message, at: location))
                    return -1
                }
                let name = fields[id]
                guard !name.isEmpty else {
                    problems.append(Diagnostic("empty id", at: location))
                    continue
                }
                guard names[name] == nil else {
                    problems.append(Diagnostic("duplicate node id '\(name)'", at: location))
                    continue
                }
                let nodeKind: NodeKind = choice(kind, "kind") ?? defaultKind
                names[name] = builder.nodes.append(
                    kind: nodeKind, name: name, arena: choice(arena, "arena"),
                    neighbourhood: place(neighbourhood, among: builder.nodes.neighbourhoodNames, "neighbourhood"),
                    department: place(department, among: builder.nodes.departmentNames, "department"),
                    function: choice(function, "function"), activity: choice(activity, "activity"))
            }
        }
        let table = try CSVTable(contentsOf: files.edges)
        let source = try table.column("source")
        let target = try table.column("target")
        let kind = table.optionalColumn("kind")
        let numeric = ["weight", "trust", "familiarity"].map { table.optionalColumn($0) }
        for (row, fields) in table.rows.enumerated() {
            let location = table.location(ofRow: row)
            var ends: [Int32] = []
            for column in [source, target] {
                let name = fields[column]
                if let node = names[name] {
                    ends.append(node)
                } else if createMissing && !name.isEmpty {
                    let node = builder.nodes.append(kind: defaultKind, name: name)
                    names[name] = node
                    ends.append(node)
                } else {
                    let hint = files.nodes == nil ? "" : " (not in \(files.nodes!))"
                    problems.append(Diagnostic("unknown node id '\(name)'\(hint)", at: location))
                }
            }
            var values: [Float] = [1, 0.5, 0.5]
            for (position, column) in numeric.enumerated() {
                guard let column, !fields[column].isEmpty else { continue }
                // Weight is any volume of contact; trust and familiarity are shares (0 to 1), as in scenario ties.
                let range: ClosedRange<Float> = position == 0 ? 0 ... .greatestFiniteMagnitude : 0 ... 1
                guard let value = table.number(fields[column]).map(Float.init), value.isFinite, range.contains(value) else {
                    let what = ["weight", "trust", "familiarity"][position]
                    let expected = position == 0 ? "a number of at least 0" : "a number from 0 to 1"
                    problems.append(Diagnostic("\(what) '\(fields[column])' is not \(expected)", at: location))
                    continue
                }
                values[position] = value
            }
            var edgeKind = EdgeKind.tie
            if let kind, !fields[kind].isEmpty {
                if let parsed = EdgeKind(name: fields[kind]) { edgeKind = parsed } else {
                    problems.append(Diagnostic("unknown edge kind '\(fields[kind])' (expected one of: \(EdgeKind.allNames.joined(separator: ", ")))",
                                               at: location))
                }
            }
            if ends.count == 2 {
                builder.addEdge(from: ends[0], to: ends[1], kind: edgeKind, weight: values[0], trust: values[1], familiarity: values[2])
            }
        }
        if !problems.isEmpty { throw InputError(problems) }
    }
}

extension NetworkFiles {
    /// Names an edge file and, optionally, a node file, so callers outside a scenario can use ``NetworkFileReader``.
    public init(edges: String, nodes: String? = nil) {
        self.nodes = nodes
        self.edges = edges
    }
}
