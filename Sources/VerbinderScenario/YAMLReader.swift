import VerbinderCore
import VerbinderSupport
import Yams

/// Collects diagnostics while a YAML document is read, so all problems are reported at once.
final class DiagnosticSink {
    let file: String
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String) { self.file = file }

    func location(of node: Node?) -> SourceLocation {
        guard let mark = node?.mark else { return SourceLocation(file: file) }
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    func error(_ message: String, at node: Node?, path: KeyPath) {
        diagnostics.append(Diagnostic(message, at: location(of: node), keyPath: path.description))
    }
}

/// A path inside a document, such as `connectors[0].neighbourhoods[1]`.
struct KeyPath: CustomStringConvertible {
    var components: [String] = []

    func appending(_ key: String) -> KeyPath { KeyPath(components: components + [key]) }
    func appending(index: Int) -> KeyPath {
        guard let last = components.last else { return KeyPath(components: ["[\(index)]"]) }
        return KeyPath(components: components.dropLast() + ["\(last)[\(index)]"])
    }
    var description: String { components.joined(separator: ".") }
}

/// Typed, checked access to one YAML mapping. Every key read is recorded; ``finish()`` reports the
/// keys that were never read as unknown, with a did-you-mean suggestion.
final class MappingReader {
    let node: Node
    let path: KeyPath
    let sink: DiagnosticSink
    private let pairs: [(key: String, keyNode: Node, value: Node)]
    private var known: [String] = []

    /// Reads `node` as a mapping, or reports that a mapping was expected and returns nil.
    init?(_ node: Node, path: KeyPath, sink: DiagnosticSink) {
        guard case .mapping(let mapping) = node else {
            sink.error("expected a mapping (key: value lines), found \(describe(node))", at: node, path: path)
            return nil
        }
        self.node = node
        self.path = path
        self.sink = sink
        var pairs: [(String, Node, Node)] = []
        var seen: Set<String> = []
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                sink.error("expected a plain key, found \(describe(key))", at: key, path: path)
                continue
            }
            if !seen.insert(name).inserted {
                sink.error("duplicate key '\(name)'", at: key, path: path.appending(name))
                continue
            }
            pairs.append((name, key, value))
        }
        self.pairs = pairs
    }

    /// The value node of `key`, marking the key as known.
    func value(_ key: String) -> Node? {
        known.append(key)
        return pairs.first { $0.key == key }?.value
    }

    /// Whether `key` is present (and marks it as known).
    func has(_ key: String) -> Bool { value(key) != nil }

    /// Reports every key that no accessor asked for.
    func finish() {
        for pair in pairs where !known.contains(pair.key) {
            var message = "unknown key '\(pair.key)'"
            if let suggestion = closestMatch(to: pair.key, among: known) {
                message += " (did you mean '\(suggestion)'?)"
            } else {
                message += " (expected one of: \(known.joined(separator: ", ")))"
            }
            sink.error(message, at: pair.keyNode, path: path.appending(pair.key))
        }
    }

    // MARK: Typed accessors

    func string(_ key: String, required: Bool = false) -> String? {
        guard let node = value(key) else {
            if required { missing(key) }
            return nil
        }
        guard case .scalar(let scalar) = node, !scalar.string.isEmpty else {
            sink.error("expected text, found \(describe(node))", at: node, path: path.appending(key))
            return nil
        }
        return scalar.string
    }

    func double(_ key: String, default fallback: Double, in range: ClosedRange<Double>) -> Double {
        guard let node = value(key) else { return fallback }
        return checkedDouble(node, path: path.appending(key), in: range) ?? fallback
    }

    func int(_ key: String, default fallback: Int?, in range: ClosedRange<Int>) -> Int? {
        guard let node = value(key) else {
            if fallback == nil { missing(key) }
            return fallback
        }
        return checkedInt(node, path: path.appending(key), in: range) ?? fallback
    }

    func bool(_ key: String, default fallback: Bool) -> Bool {
        guard let node = value(key) else { return fallback }
        guard case .scalar = node, let flag = node.bool else {
            sink.error("expected true or false, found \(describe(node))", at: node, path: path.appending(key))
            return fallback
        }
        return flag
    }

    func choice<Value: NamedCase>(_ key: String, default fallback: Value) -> Value {
        guard let node = value(key) else { return fallback }
        return checkedChoice(node, path: path.appending(key)) ?? fallback
    }

    func optionalChoice<Value: NamedCase>(_ key: String) -> Value? {
        guard let node = value(key) else { return nil }
        return checkedChoice(node, path: path.appending(key))
    }

    func mapping(_ key: String) -> MappingReader? {
        guard let node = value(key) else { return nil }
        return MappingReader(node, path: path.appending(key), sink: sink)
    }

    /// The items of a sequence under `key` with their paths; empty when absent.
    func sequence(_ key: String) -> [(node: Node, path: KeyPath)] {
        guard let node = value(key) else { return [] }
        guard case .sequence(let items) = node else {
            sink.error("expected a list, found \(describe(node))", at: node, path: path.appending(key))
            return []
        }
        return items.enumerated().map { ($0.element, path.appending(key).appending(index: $0.offset)) }
    }

    /// A list of names (or a single name) under `key`, each with its node for messages.
    func names(_ key: String) -> [(name: String, node: Node, path: KeyPath)] {
        guard let node = value(key) else { return [] }
        if case .scalar(let scalar) = node { return [(scalar.string, node, path.appending(key))] }
        return sequence(key).compactMap { item in
            guard case .scalar(let scalar) = item.node, !scalar.string.isEmpty else {
                sink.error("expected a name, found \(describe(item.node))", at: item.node, path: item.path)
                return nil
            }
            return (scalar.string, item.node, item.path)
        }
    }

    func missing(_ key: String) {
        sink.error("missing required key '\(key)'", at: node, path: path.appending(key))
    }

    // MARK: Scalars

    func checkedDouble(_ node: Node, path: KeyPath, in range: ClosedRange<Double>) -> Double? {
        guard case .scalar = node, let number = node.float ?? node.int.map(Double.init), number.isFinite else {
            sink.error("expected a number, found \(describe(node))", at: node, path: path)
            return nil
        }
        guard range.contains(number) else {
            sink.error("\(formatNumber(number, .exact)) is out of range: expected \(formatNumber(range.lowerBound, .exact)) to \(formatNumber(range.upperBound, .exact))",
                       at: node, path: path)
            return nil
        }
        return number
    }

    func checkedInt(_ node: Node, path: KeyPath, in range: ClosedRange<Int>) -> Int? {
        guard case .scalar = node, let number = node.int else {
            sink.error("expected a whole number, found \(describe(node))", at: node, path: path)
            return nil
        }
        guard range.contains(number) else {
            sink.error("\(number) is out of range: expected \(range.lowerBound) to \(range.upperBound)", at: node, path: path)
            return nil
        }
        return number
    }

    func checkedChoice<Value: NamedCase>(_ node: Node, path: KeyPath) -> Value? {
        guard case .scalar(let scalar) = node else {
            sink.error("expected one of \(Value.allNames.joined(separator: ", ")), found \(describe(node))", at: node, path: path)
            return nil
        }
        if let value = Value(name: scalar.string) { return value }
        var message = "unknown value '\(scalar.string)'"
        if let suggestion = closestMatch(to: scalar.string, among: Value.allNames) {
            message += " (did you mean '\(suggestion)'?)"
        } else {
            message += " (expected one of: \(Value.allNames.joined(separator: ", ")))"
        }
        sink.error(message, at: node, path: path)
        return nil
    }
}

/// A short description of a node for messages: its text, or its shape.
func describe(_ node: Node) -> String {
    switch node {
    case .scalar(let scalar): scalar.string.isEmpty ? "nothing" : "'\(scalar.string)'"
    case .mapping: "a mapping"
    case .sequence: "a list"
    case .alias: "an alias"
    }
}
