import VerbinderCore

/// Reads a CSV edge list (header `source,target[,weight]`, optional `kind`) and, optionally, a nodes file
/// (header `id,...`: every other column becomes a node attribute; `kind` may name an actor kind; `label`
/// names the node in tables and pictures).
///
/// Column names are matched ignoring case (Gephi writes `Source,Target,Weight` and `Id,Label`), so files
/// from Gephi, Excel (`;` with decimal commas) and pandas read as written; see ``CSVTable``.
///
/// Other columns of the edge list become edge attributes. Attribute types are inferred from the values
/// (``AttributeType/infer(_:number:)``).
///
/// Without a nodes file, nodes are the ids in order of first appearance. With one, nodes come in the
/// nodes file's order and an edge naming an id not in it is an error.
public enum EdgeListReader {
    /// - Throws: ``InputError`` with file and line: missing columns, unknown or empty ids, duplicate node ids,
    ///   weights that are not finite numbers of at least 0, rows with the wrong number of fields.
    /// Either file may be a CSV file or an Excel workbook (`.xlsx`): the edges from sheet `sheet` (default: the
    /// first), the nodes from the workbook's sheet named `nodes` if it has one, else its first.
    public static func read(edges edgesPath: String, nodes nodesPath: String?, sheet: String? = nil) throws -> NetworkData {
        func table(_ path: String, sheet: String?, preferring preferred: String?) throws -> CSVTable {
            guard NetworkData.Format(path: path) == .spreadsheet else { return try CSVTable(contentsOf: path) }
            return try SpreadsheetReader.read(path: path, sheet: sheet, preferring: preferred)
        }
        return try read(edges: try table(edgesPath, sheet: sheet, preferring: nil),
                        nodes: try nodesPath.map { try table($0, sheet: nil, preferring: "nodes") })
    }

    /// Parses edge-list (and nodes) text; the file names are used in messages.
    public static func read(edgesText: String, edgesFile: String, nodesText: String? = nil, nodesFile: String? = nil) throws -> NetworkData {
        try read(edges: try CSVTable(parsing: edgesText, file: edgesFile),
                 nodes: try nodesText.map { try CSVTable(parsing: $0, file: nodesFile ?? "nodes") })
    }

    /// Reads an edge list (and nodes) from parsed tables.
    public static func read(edges table: CSVTable, nodes nodesTable: CSVTable?) throws -> NetworkData {
        let edgesFile = table.file, nodesFile = nodesTable?.file
        var problems: [Diagnostic] = []
        var ids: [String] = []
        var index: [String: Int32] = [:]  // lookup only
        var attributeNames: [String] = []
        var attributeValues: [[String]] = []
        var kinds: [NodeKind?] = []
        var nodeNumber: (String) -> Double? = { Double($0) }
        if let table = nodesTable {
            nodeNumber = table.number
            let id = try table.column("id")
            let others = table.header.indices.filter { $0 != id }
            attributeNames = others.map { Self.attributeName(table.header[$0]) }
            attributeValues = others.map { _ in [] }
            let kindColumn = table.optionalColumn("kind")
            for (row, fields) in table.rows.enumerated() {
                let name = fields[id]
                if name.isEmpty {
                    problems.append(Diagnostic("empty id", at: table.location(ofRow: row)))
                    continue
                }
                if index[name] != nil {
                    problems.append(Diagnostic("duplicate node id '\(name)'", at: table.location(ofRow: row)))
                    continue
                }
                index[name] = Int32(ids.count)
                ids.append(name)
                for (position, column) in others.enumerated() { attributeValues[position].append(fields[column]) }
                kinds.append(kindColumn.flatMap { NodeKind(name: fields[$0]) })
            }
        }
        let known = nodesTable != nil
        let source = try table.column("source")
        let target = try table.column("target")
        let weight = table.optionalColumn("weight")
        let kind = table.optionalColumn("kind")
        let extra = table.header.indices.filter { ![source, target, weight, kind].contains($0) }
        var extraValues: [[String]] = extra.map { _ in [] }
        var sources: [Int32] = [], targets: [Int32] = [], weights: [Double] = [], edgeKinds: [String] = []
        for (row, fields) in table.rows.enumerated() {
            let location = table.location(ofRow: row)
            var ends: [Int32] = []
            for column in [source, target] {
                let name = fields[column]
                if let node = index[name] {
                    ends.append(node)
                } else if name.isEmpty {
                    problems.append(Diagnostic("empty \(table.header[column]) id", at: location))
                } else if known {
                    problems.append(Diagnostic("unknown node id '\(name)' (not in \(nodesFile!))", at: location))
                } else {
                    index[name] = Int32(ids.count)
                    ids.append(name)
                    ends.append(Int32(ids.count - 1))
                }
            }
            var value = 1.0
            if let weight, !fields[weight].isEmpty {
                if let parsed = table.number(fields[weight]), parsed.isFinite, parsed >= 0 {
                    value = parsed
                } else {
                    problems.append(Diagnostic("weight '\(fields[weight])' is not a finite number of at least 0", at: location))
                }
            }
            if ends.count == 2 {
                sources.append(ends[0]); targets.append(ends[1]); weights.append(value)
                edgeKinds.append(kind.map { fields[$0] } ?? "")
                for (position, column) in extra.enumerated() { extraValues[position].append(fields[column]) }
            }
        }
        if !problems.isEmpty { throw InputError(problems) }
        var edges = EdgeList(nodeCount: ids.count)
        edges.sources = sources
        edges.targets = targets
        edges.weights = weights
        var data = NetworkData(source: edgesFile, ids: ids, edges: edges)
        data.edgeKinds = edgeKinds
        for (position, column) in extra.enumerated() {
            let typed = AttributeType.infer(extraValues[position], number: table.number)
            data.setEdgeAttribute(table.header[column], typed.values, type: typed.type)
        }
        if known {
            for (name, values) in zip(attributeNames, attributeValues) {
                let typed = name == "kind" || name == "label" ? (type: AttributeType.string, values: values)
                    : AttributeType.infer(values, number: nodeNumber)
                data.setAttribute(name, typed.values, type: typed.type)
            }
            data.kinds = kinds
        }
        return data
    }

    /// The attribute name of a nodes-file column: the names Verbinder gives meaning (`kind`, `label`) in
    /// lower case whatever their case in the file, others as written.
    static func attributeName(_ column: String) -> String {
        let lowered = column.lowercased()
        return ["kind", "label"].contains(lowered) ? lowered : column
    }
}
