import VerbinderCore

/// Reads a real network from CSV files into a graph under construction.
///
/// Nodes: header `id,kind` plus optional `arena`, `neighbourhood`, `department`, `function`, `activity`.
/// Edges: header `source,target` plus optional `kind` (default `tie`), `weight`, `trust`, `familiarity`.
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
            let kind = table.header.firstIndex(of: "kind")
            let arena = table.header.firstIndex(of: "arena")
            let function = table.header.firstIndex(of: "function")
            let activity = table.header.firstIndex(of: "activity")
            for (row, fields) in table.rows.enumerated() {
                let location = table.location(ofRow: row)
                func choice<Value: NamedCase>(_ column: Int?, _ what: String) -> Value? {
                    guard let column, !fields[column].isEmpty else { return nil }
                    if let value = Value(name: fields[column]) { return value }
                    problems.append(Diagnostic("unknown \(what) '\(fields[column])' (expected one of: \(Value.allNames.joined(separator: ", ")))",
                                               at: location))
                    return nil
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
                names[name] = builder.nodes.append(kind: nodeKind, name: name, arena: choice(arena, "arena"),
                                                   function: choice(function, "function"), activity: choice(activity, "activity"))
            }
        }
        let table = try CSVTable(contentsOf: files.edges)
        let source = try table.column("source")
        let target = try table.column("target")
        let kind = table.header.firstIndex(of: "kind")
        let numeric = ["weight", "trust", "familiarity"].map { table.header.firstIndex(of: $0) }
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
                guard let value = Float(fields[column]), value.isFinite, value >= 0 else {
                    let what = ["weight", "trust", "familiarity"][position]
                    problems.append(Diagnostic("\(what) '\(fields[column])' is not a number of at least 0", at: location))
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
