import VerbinderCore

/// Reads the outcome graph a simulation writes (`outcome-graph.json`):
/// `{"nodes": [{"id", "kind", "arena", ...}], "edges": [{"source", "target", "kind", "attempts", "successes", "weight", ...}]}`.
///
/// Extra keys anywhere are ignored, so the format can grow. A node's scalar keys other than `id` become
/// attributes (`kind` and `arena` among them). An edge's weight is `weight` if given, else `successes` when
/// above 0, else 1. An edge whose attempts all failed (`attempts` above 0, `successes` 0) is not a tie, unless
/// `keepFailedAttempts` is set; structural edges (no attempts) are kept.
public enum OutcomeGraphReader {
    /// - Throws: ``InputError`` with file and line: malformed JSON, missing `nodes`/`edges`/`id`/`source`/
    ///   `target`, duplicate or unknown ids, negative or non-numeric weights.
    public static func read(path: String, keepFailedAttempts: Bool = false) throws -> NetworkData {
        try read(text: try readText(at: path), file: path, keepFailedAttempts: keepFailedAttempts)
    }

    /// Parses outcome-graph text; `file` names it in messages.
    public static func read(text: String, file: String, keepFailedAttempts: Bool = false) throws -> NetworkData {
        let root = try JSONValue.parse(text, file: file)
        var problems: [Diagnostic] = []
        func location(_ value: JSONValue) -> SourceLocation { SourceLocation(file: file, line: value.line) }
        guard case .object(let top) = root.kind else {
            throw InputError("expected an object with 'nodes' and 'edges'", at: location(root))
        }
        guard let nodesValue = top.first(where: { $0.key == "nodes" })?.value, case .array(let nodes) = nodesValue.kind else {
            throw InputError("missing array 'nodes'", at: location(root))
        }
        guard let edgesValue = top.first(where: { $0.key == "edges" })?.value, case .array(let edgeValues) = edgesValue.kind else {
            throw InputError("missing array 'edges'", at: location(root))
        }
        var ids: [String] = []
        var index: [String: Int32] = [:]  // lookup only
        var attributeNames: [String] = []
        var attributeRows: [[String: String]] = []
        for (position, node) in nodes.enumerated() {
            guard case .object(let fields) = node.kind else {
                problems.append(Diagnostic("expected an object", at: location(node), keyPath: "nodes[\(position)]"))
                continue
            }
            guard let id = fields.first(where: { $0.key == "id" })?.value.scalarText, !id.isEmpty else {
                problems.append(Diagnostic("missing 'id'", at: location(node), keyPath: "nodes[\(position)]"))
                continue
            }
            if index[id] != nil {
                problems.append(Diagnostic("duplicate node id '\(id)'", at: location(node), keyPath: "nodes[\(position)].id"))
                continue
            }
            index[id] = Int32(ids.count)
            ids.append(id)
            var row: [String: String] = [:]
            for (key, value) in fields where key != "id" {
                guard let text = value.scalarText else { continue }
                if !attributeNames.contains(key) { attributeNames.append(key) }
                row[key] = text
            }
            attributeRows.append(row)
        }
        var edges = EdgeList(nodeCount: ids.count)
        var edgeKinds: [String] = []
        var edgeAttributeNames: [String] = []
        var edgeAttributeRows: [[String: JSONValue]] = []
        for (position, edge) in edgeValues.enumerated() {
            let path = "edges[\(position)]"
            guard case .object(let fields) = edge.kind else {
                problems.append(Diagnostic("expected an object", at: location(edge), keyPath: path))
                continue
            }
            func field(_ key: String) -> JSONValue? { fields.first(where: { $0.key == key })?.value }
            var ends: [Int32] = []
            for key in ["source", "target"] {
                guard let value = field(key), let id = value.scalarText else {
                    problems.append(Diagnostic("missing '\(key)'", at: location(edge), keyPath: path))
                    continue
                }
                guard let node = index[id] else {
                    problems.append(Diagnostic("unknown node id '\(id)'", at: location(value), keyPath: "\(path).\(key)"))
                    continue
                }
                ends.append(node)
            }
            func number(_ key: String) -> Double? {
                guard let value = field(key) else { return nil }
                guard case .number(let number) = value.kind, number.isFinite, number >= 0 else {
                    problems.append(Diagnostic("expected a number of at least 0", at: location(value), keyPath: "\(path).\(key)"))
                    return nil
                }
                return number
            }
            let weight = number("weight")
            let successes = number("successes")
            let attempts = number("attempts")
            guard ends.count == 2 else { continue }
            let failed = (attempts ?? 0) > 0 && successes == 0
            if failed && !keepFailedAttempts { continue }
            edges.append(ends[0], ends[1], weight: weight ?? (failed ? 0 : successes.flatMap { $0 > 0 ? $0 : nil } ?? 1))
            edgeKinds.append(field("kind")?.scalarText ?? "")
            var row: [String: JSONValue] = [:]
            for (key, value) in fields where !["source", "target", "kind", "weight"].contains(key) && value.scalarText != nil {
                if !edgeAttributeNames.contains(key) { edgeAttributeNames.append(key) }
                row[key] = value
            }
            edgeAttributeRows.append(row)
        }
        if !problems.isEmpty { throw InputError(problems) }
        var data = NetworkData(source: file, ids: ids, edges: edges)
        data.edgeKinds = edgeKinds
        for name in attributeNames { data.setAttribute(name, attributeRows.map { $0[name] ?? "" }) }
        for name in edgeAttributeNames {
            let column = edgeAttributeRows.map { $0[name] }
            let type: AttributeType
            if column.allSatisfy({ if case .bool = $0?.kind ?? .bool(false) { true } else { false } }) {
                type = .boolean
            } else if column.allSatisfy({ if case .number(let value) = $0?.kind ?? .number(0) { value == value.rounded() } else { false } }) {
                type = .int
            } else if column.allSatisfy({ if case .number = $0?.kind ?? .number(0) { true } else { false } }) {
                type = .double
            } else {
                type = .string
            }
            data.setEdgeAttribute(name, column.map { $0?.scalarText ?? "" }, type: type)
        }
        data.kinds = attributeRows.map { $0["kind"].flatMap { NodeKind(name: $0) } }
        return data
    }
}

/// A JSON value with the line it starts on (RFC 8259), for messages that point into the file.
/// Objects keep their keys in file order.
public struct JSONValue: Sendable {
    public indirect enum Kind: Sendable {
        case object([(key: String, value: JSONValue)])
        case array([JSONValue])
        case string(String)
        case number(Double)
        case bool(Bool)
        case null
    }

    public var kind: Kind
    /// 1-based line where the value starts.
    public var line: Int

    /// A string, number or boolean as text (numbers without a fraction print as integers); nil otherwise.
    public var scalarText: String? {
        switch kind {
        case .string(let text): text
        case .number(let value): value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .bool(let value): value ? "true" : "false"
        default: nil
        }
    }

    /// Parses a whole JSON document.
    /// - Throws: ``InputError`` with the line (and column) of the first syntax error.
    public static func parse(_ text: String, file: String) throws -> JSONValue {
        var parser = JSONParser(bytes: Array(text.utf8), file: file)
        parser.skipSpace()
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        if parser.position < parser.bytes.count { throw parser.error("unexpected text after the JSON value") }
        return value
    }
}

private struct JSONParser {
    let bytes: [UInt8]
    let file: String
    var position = 0
    var line = 1
    var lineStart = 0

    init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    func error(_ message: String) -> InputError {
        InputError("invalid JSON: \(message)", at: SourceLocation(file: file, line: line, column: position - lineStart + 1))
    }

    mutating func skipSpace() {
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "\n"): line += 1; position += 1; lineStart = position
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): position += 1
            default: return
            }
        }
    }

    mutating func expect(_ byte: UInt8) throws {
        guard position < bytes.count, bytes[position] == byte else {
            throw error("expected '\(Character(Unicode.Scalar(byte)))'")
        }
        position += 1
    }

    mutating func value(depth: Int) throws -> JSONValue {
        guard depth < 512 else { throw error("nesting too deep") }
        guard position < bytes.count else { throw error("unexpected end of input") }
        let startLine = line
        switch bytes[position] {
        case UInt8(ascii: "{"):
            position += 1
            var fields: [(key: String, value: JSONValue)] = []
            skipSpace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "}") { position += 1; return JSONValue(kind: .object(fields), line: startLine) }
            while true {
                skipSpace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw error("expected a key in double quotes") }
                let key = try string()
                skipSpace()
                try expect(UInt8(ascii: ":"))
                skipSpace()
                fields.append((key, try value(depth: depth + 1)))
                skipSpace()
                if position < bytes.count, bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                try expect(UInt8(ascii: "}"))
                return JSONValue(kind: .object(fields), line: startLine)
            }
        case UInt8(ascii: "["):
            position += 1
            var items: [JSONValue] = []
            skipSpace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "]") { position += 1; return JSONValue(kind: .array(items), line: startLine) }
            while true {
                skipSpace()
                items.append(try value(depth: depth + 1))
                skipSpace()
                if position < bytes.count, bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                try expect(UInt8(ascii: "]"))
                return JSONValue(kind: .array(items), line: startLine)
            }
        case UInt8(ascii: "\""):
            return JSONValue(kind: .string(try string()), line: startLine)
        case UInt8(ascii: "t"): try literal("true"); return JSONValue(kind: .bool(true), line: startLine)
        case UInt8(ascii: "f"): try literal("false"); return JSONValue(kind: .bool(false), line: startLine)
        case UInt8(ascii: "n"): try literal("null"); return JSONValue(kind: .null, line: startLine)
        default:
            return JSONValue(kind: .number(try number()), line: startLine)
        }
    }

    mutating func literal(_ word: String) throws {
        let utf8 = Array(word.utf8)
        guard position + utf8.count <= bytes.count, Array(bytes[position ..< position + utf8.count]) == utf8 else {
            throw error("unexpected character")
        }
        position += utf8.count
    }

    mutating func number() throws -> Double {
        let start = position
        while position < bytes.count, "+-0123456789.eE".utf8.contains(bytes[position]) { position += 1 }
        guard position > start, let value = Double(String(decoding: bytes[start ..< position], as: UTF8.self)) else {
            position = start
            throw error("unexpected character")
        }
        return value
    }

    mutating func string() throws -> String {
        position += 1 // opening quote
        var scalars = String.UnicodeScalarView()
        var chunkStart = position
        var result = ""
        while true {
            guard position < bytes.count else { throw error("unterminated string") }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                result += String(decoding: bytes[chunkStart ..< position], as: UTF8.self)
                position += 1
                result.unicodeScalars.append(contentsOf: scalars)
                return result
            }
            if byte == UInt8(ascii: "\n") { throw error("line break inside a string") }
            if byte == UInt8(ascii: "\\") {
                result += String(decoding: bytes[chunkStart ..< position], as: UTF8.self)
                position += 1
                guard position < bytes.count else { throw error("unterminated string") }
                let escape = bytes[position]
                position += 1
                switch escape {
                case UInt8(ascii: "n"): result += "\n"
                case UInt8(ascii: "t"): result += "\t"
                case UInt8(ascii: "r"): result += "\r"
                case UInt8(ascii: "b"): result += "\u{8}"
                case UInt8(ascii: "f"): result += "\u{C}"
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): result += String(Character(Unicode.Scalar(escape)))
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800 ..< 0xDC00).contains(code), position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                       bytes[position + 1] == UInt8(ascii: "u") {
                        position += 2
                        let low = try hex4()
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw error("invalid \\u escape") }
                    result.unicodeScalars.append(scalar)
                default: throw error("invalid escape")
                }
                chunkStart = position
                continue
            }
            position += 1
        }
    }

    mutating func hex4() throws -> UInt32 {
        guard position + 4 <= bytes.count, let code = UInt32(String(decoding: bytes[position ..< position + 4], as: UTF8.self), radix: 16) else {
            throw error("invalid \\u escape")
        }
        position += 4
        return code
    }
}
