import Foundation
import VerbinderSupport

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
        case .number(let value): formatNumber(value, .exact)
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
