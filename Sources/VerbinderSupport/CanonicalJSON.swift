import Foundation

/// Deterministic JSON: object keys sorted, slashes unescaped, so equal values always give equal bytes.
package enum CanonicalJSON {
    /// Pretty-printed (two-space indents) with a final line break: the form of result files.
    package static func pretty(_ value: some Encodable) throws -> Data {
        var data = try encoder([.prettyPrinted]).encode(value)
        data.append(0x0A)
        return data
    }

    /// Compact (no whitespace), as text: the form hashed to identify definitions and scenarios.
    package static func compact(_ value: some Encodable) throws -> String {
        String(decoding: try encoder([]).encode(value), as: UTF8.self)
    }

    private static func encoder(_ extra: JSONEncoder.OutputFormatting) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = extra.union([.sortedKeys, .withoutEscapingSlashes])
        return encoder
    }
}

/// A coding key by name, for types that encode their fields from a list (such as the cases of an enum).
package struct NamedCodingKey: CodingKey {
    package var stringValue: String
    package var intValue: Int? { nil }
    package init(_ name: String) { stringValue = name }
    package init?(stringValue: String) { self.stringValue = stringValue }
    package init?(intValue: Int) { nil }
}
