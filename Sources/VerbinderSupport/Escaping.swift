/// A CSV field (RFC 4180): quoted, with quotes doubled, when it holds a comma, quote or line break.
package func csvField(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

/// A JSON string literal (RFC 8259): quoted, with `"`, `\` and control characters escaped.
package func jsonString(_ text: String) -> String {
    var output = "\""
    output.reserveCapacity(text.utf8.count + 2)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": output += "\\\""
        case "\\": output += "\\\\"
        case "\n": output += "\\n"
        case "\r": output += "\\r"
        case "\t": output += "\\t"
        default:
            if scalar.value < 0x20 {
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                output.unicodeScalars.append(scalar)
            }
        }
    }
    return output + "\""
}

/// Text for XML 1.0 content and attribute values: `&`, `<`, `>`, `"` and `'` as entities, and the characters
/// XML 1.0 does not allow (control characters other than tab and line breaks, U+FFFE, U+FFFF) dropped, so
/// the result is always well-formed.
/// - Parameter lineBreak: when given, each line break (`\n`, `\r\n` or `\r`) is written as this markup
///   instead (e.g. `<BR/>` in Graphviz HTML labels).
package func xmlEscaped(_ text: String, lineBreak: String? = nil) -> String {
    var output = ""
    output.reserveCapacity(text.utf8.count)
    var afterReturn = false
    for scalar in text.unicodeScalars {
        defer { afterReturn = scalar == "\r" }
        switch scalar {
        case "&": output += "&amp;"
        case "<": output += "&lt;"
        case ">": output += "&gt;"
        case "\"": output += "&quot;"
        case "'": output += "&#39;"
        case "\n", "\r":
            if let lineBreak {
                if !(scalar == "\n" && afterReturn) { output += lineBreak }
            } else {
                output.unicodeScalars.append(scalar)
            }
        case "\t": output.unicodeScalars.append(scalar)
        default:
            if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
            output.unicodeScalars.append(scalar)
        }
    }
    return output
}
