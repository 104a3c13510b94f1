import Foundation
import VerbinderCore

extension OutcomeGraph {
    /// Reads `outcome-graph.json`: the one reader of the format, for rendering, analysis and export.
    /// - Throws: ``InputError`` when the file cannot be read or is malformed (see ``init(text:file:)``).
    public static func read(path: String) throws -> OutcomeGraph {
        try OutcomeGraph(text: try readText(at: path), file: path)
    }

    /// Parses outcome-graph text; `file` names it in messages.
    ///
    /// The schema is this type's: `{"scenario", "nodes": [{"id", "kind", "arena", "neighbourhood", "department"}],
    /// "edges": [{"source", "target", "kind", "attempts", "successes", "created", "weight"}]}`. Only `nodes`,
    /// `edges`, a node's `id` and an edge's `source` and `target` are required; a missing count is 0, a missing
    /// flag false, a missing text empty. Keys this version does not know are ignored, so the format can grow.
    /// - Throws: ``InputError`` with the line and key path of every problem: malformed JSON, missing arrays or
    ///   ids, duplicate or unknown node ids, values of the wrong type, negative counts or weights.
    public init(text: String, file: String) throws {
        let root = try JSONValue.parse(text, file: file)
        var problems: [Diagnostic] = []
        func location(_ value: JSONValue) -> SourceLocation { SourceLocation(file: file, line: value.line) }
        guard case .object(let top) = root.kind else {
            throw InputError("expected an object with 'nodes' and 'edges'", at: location(root))
        }
        func member(_ fields: [(key: String, value: JSONValue)], _ key: String) -> JSONValue? {
            fields.first { $0.key == key }?.value
        }
        guard let nodesValue = member(top, "nodes"), case .array(let nodeValues) = nodesValue.kind else {
            throw InputError("missing array 'nodes'", at: location(root))
        }
        guard let edgesValue = member(top, "edges"), case .array(let edgeValues) = edgesValue.kind else {
            throw InputError("missing array 'edges'", at: location(root))
        }
        /// A text field: a string (or a number or boolean, as text); nil when absent or null.
        func textField(_ fields: [(key: String, value: JSONValue)], _ key: String, at path: String) -> String? {
            guard let value = member(fields, key) else { return nil }
            if case .null = value.kind { return nil }
            guard let text = value.scalarText else {
                problems.append(Diagnostic("expected text", at: location(value), keyPath: "\(path).\(key)"))
                return nil
            }
            return text
        }
        var nodes: [Node] = []
        var known = Set<String>()
        for (position, value) in nodeValues.enumerated() {
            let path = "nodes[\(position)]"
            guard case .object(let fields) = value.kind else {
                problems.append(Diagnostic("expected an object", at: location(value), keyPath: path))
                continue
            }
            guard let id = textField(fields, "id", at: path), !id.isEmpty else {
                problems.append(Diagnostic("missing 'id'", at: location(value), keyPath: path))
                continue
            }
            guard known.insert(id).inserted else {
                problems.append(Diagnostic("duplicate node id '\(id)'", at: location(value), keyPath: "\(path).id"))
                continue
            }
            nodes.append(Node(id: id, kind: textField(fields, "kind", at: path) ?? "", arena: textField(fields, "arena", at: path) ?? "",
                              neighbourhood: textField(fields, "neighbourhood", at: path),
                              department: textField(fields, "department", at: path)))
        }
        var edges: [Edge] = []
        for (position, value) in edgeValues.enumerated() {
            let path = "edges[\(position)]"
            guard case .object(let fields) = value.kind else {
                problems.append(Diagnostic("expected an object", at: location(value), keyPath: path))
                continue
            }
            var ends: [String] = []
            for key in ["source", "target"] {
                guard let end = member(fields, key), let id = end.scalarText else {
                    problems.append(Diagnostic("missing '\(key)'", at: location(value), keyPath: path))
                    continue
                }
                guard known.contains(id) else {
                    problems.append(Diagnostic("unknown node id '\(id)'", at: location(end), keyPath: "\(path).\(key)"))
                    continue
                }
                ends.append(id)
            }
            func number(_ key: String) -> Double? {
                guard let value = member(fields, key) else { return nil }
                guard case .number(let number) = value.kind, number.isFinite, number >= 0 else {
                    problems.append(Diagnostic("expected a number of at least 0", at: location(value), keyPath: "\(path).\(key)"))
                    return nil
                }
                return number
            }
            func count(_ key: String) -> Int {
                guard let value = number(key) else { return 0 }
                guard value == value.rounded(), value < Double(Int32.max) else {
                    problems.append(Diagnostic("expected a whole number", at: location(member(fields, key)!), keyPath: "\(path).\(key)"))
                    return 0
                }
                return Int(value)
            }
            var created = false
            if let flag = member(fields, "created") {
                switch flag.kind {
                case .bool(let value): created = value
                case .null: break
                default: problems.append(Diagnostic("expected true or false", at: location(flag), keyPath: "\(path).created"))
                }
            }
            let kind = textField(fields, "kind", at: path) ?? ""
            let (attempts, successes, weight) = (count("attempts"), count("successes"), number("weight"))
            guard ends.count == 2 else { continue }
            edges.append(Edge(source: ends[0], target: ends[1], kind: kind, attempts: attempts, successes: successes,
                              created: created, weight: weight))
        }
        if !problems.isEmpty { throw InputError(problems) }
        var scenario = ""
        if let name = member(top, "scenario")?.scalarText { scenario = name }
        self.init(scenario: scenario, nodes: nodes, edges: edges)
    }
}

extension OutcomeGraph {
    /// The graph as `outcome-graph.json` text: byte for byte what ``jsonData(_:)`` (sorted keys, pretty-printed,
    /// final line break) writes, without going through `JSONEncoder`, which builds a tree of every node and
    /// edge first (seconds and gigabytes at millions of residents).
    public func prettyJSON() throws -> Data {
        var data = Data()
        try writePrettyJSON { data.append(contentsOf: $0) }
        return data
    }

    /// Writes ``prettyJSON()``'s text to a new file at `url`, a piece of about 1 MiB at a time.
    /// - Throws: ``InputError`` when the file cannot be created or written.
    public func writePrettyJSON(to url: URL) throws {
        try writeInPieces(to: url, writePrettyJSON)
    }

    /// Hands the text to `sink` in pieces, in order.
    ///
    /// Explicit edge weights (never set by the simulation) take the encoder's path, so their number format
    /// stays the encoder's.
    private func writePrettyJSON(_ sink: ([UInt8]) throws -> Void) throws {
        if edges.contains(where: { $0.weight != nil }) { return try sink(Array(jsonData(self))) }
        try Self.writePrettyJSON(scenario: scenario, nodeCount: nodes.count, node: { nodes[$0] },
                                 edgeCount: edges.count, edge: { edges[$0] }, to: sink)
    }

    /// The text of a graph given node by node and edge by edge (none with a weight), handed to `sink` in pieces
    /// of about 1 MiB: what ``jsonData(_:)`` writes for it, byte for byte.
    static func writePrettyJSON(scenario: String, nodeCount: Int, node: (Int) -> Node, edgeCount: Int, edge: (Int) -> Edge,
                                to sink: ([UInt8]) throws -> Void) throws {
        var out = JSONTextBuffer()
        out.append("{\n  \"edges\" : [")
        for position in 0 ..< edgeCount {
            try out.handOverIfFull(to: sink)
            let edge = edge(position)
            out.append(position == 0 ? "\n    {\n      \"attempts\" : " : ",\n    {\n      \"attempts\" : ")
            out.append(edge.attempts)
            out.append(edge.created ? ",\n      \"created\" : true,\n      \"kind\" : " : ",\n      \"created\" : false,\n      \"kind\" : ")
            out.appendQuoted(edge.kind)
            out.append(",\n      \"source\" : ")
            out.appendQuoted(edge.source)
            out.append(",\n      \"successes\" : ")
            out.append(edge.successes)
            out.append(",\n      \"target\" : ")
            out.appendQuoted(edge.target)
            out.append("\n    }")
        }
        out.append(edgeCount == 0 ? "\n\n  ],\n  \"nodes\" : [" : "\n  ],\n  \"nodes\" : [")
        for position in 0 ..< nodeCount {
            try out.handOverIfFull(to: sink)
            let node = node(position)
            out.append(position == 0 ? "\n    {\n      \"arena\" : " : ",\n    {\n      \"arena\" : ")
            out.appendQuoted(node.arena)
            if let department = node.department {
                out.append(",\n      \"department\" : ")
                out.appendQuoted(department)
            }
            out.append(",\n      \"id\" : ")
            out.appendQuoted(node.id)
            out.append(",\n      \"kind\" : ")
            out.appendQuoted(node.kind)
            if let neighbourhood = node.neighbourhood {
                out.append(",\n      \"neighbourhood\" : ")
                out.appendQuoted(neighbourhood)
            }
            out.append("\n    }")
        }
        out.append(nodeCount == 0 ? "\n\n  ],\n  \"scenario\" : " : "\n  ],\n  \"scenario\" : ")
        out.appendQuoted(scenario)
        out.append("\n}\n")
        try out.handOver(to: sink)
    }
}

/// Creates the file at `url` and fills it with the pieces `produce` hands over, never holding the whole text
/// (at 20M residents an outcome graph's is 400 MB).
/// - Throws: ``InputError`` when the file cannot be created or written.
func writeInPieces(to url: URL, _ produce: (([UInt8]) throws -> Void) throws -> Void) throws {
    guard FileManager.default.createFile(atPath: url.path, contents: nil),
          let file = try? FileHandle(forWritingTo: url) else {
        throw InputError("cannot write \(url.path)", at: SourceLocation(file: url.path))
    }
    defer { try? file.close() }
    do {
        try produce { piece in try piece.withUnsafeBytes { try file.write(contentsOf: $0) } }
    } catch {
        throw InputError("cannot write \(url.path): \(error.localizedDescription)", at: SourceLocation(file: url.path))
    }
}

/// JSON text built byte by byte, escaping strings as `JSONEncoder` does with `.withoutEscapingSlashes`.
private struct JSONTextBuffer {
    /// Text is handed to the sink once it reaches this size.
    static let pieceSize = 1 << 20
    var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(Self.pieceSize + 4096) }

    /// Hands the text so far to `sink` when it has reached ``pieceSize``.
    mutating func handOverIfFull(to sink: ([UInt8]) throws -> Void) throws {
        if bytes.count >= Self.pieceSize { try handOver(to: sink) }
    }

    /// Hands the text so far to `sink`.
    mutating func handOver(to sink: ([UInt8]) throws -> Void) throws {
        try sink(bytes)
        bytes.removeAll(keepingCapacity: true)
    }

    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ number: Int) {
        var digits = number.magnitude
        if number < 0 { bytes.append(UInt8(ascii: "-")) }
        let start = bytes.count
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(digits % 10))
            digits /= 10
        } while digits > 0
        bytes[start...].reverse()
    }

    mutating func appendQuoted(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "\""): append("\\\"")
                case UInt8(ascii: "\\"): append("\\\\")
                case 0x08: append("\\b")
                case 0x0C: append("\\f")
                case 0x0A: append("\\n")
                case 0x0D: append("\\r")
                case 0x09: append("\\t")
                case 0 ..< 0x20:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    append("\\u00")
                    bytes.append(hex[Int(byte >> 4)])
                    bytes.append(hex[Int(byte & 0xF)])
                default: bytes.append(byte)
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
