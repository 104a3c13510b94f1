import Foundation
import VerbinderCore

/// What every XML input (GraphML, the parts of an xlsx workbook) goes through before Foundation's parser:
/// entity declarations are refused (the formats need none, internal ones can expand without bound, an
/// "entity bomb", and external ones name files or URLs, which are never opened), and processing
/// instructions are blanked.
enum XMLInput {
    /// `data` made safe for Foundation's XML parser: entity declarations refused
    /// (``refuseEntityDeclarations(_:file:format:)``) and processing instructions blanked
    /// (``blankingProcessingInstructions(_:)``).
    static func prepared(_ data: Data, file: String, format: String) throws -> Data {
        try refuseEntityDeclarations(data, file: file, format: format)
        return blankingProcessingInstructions(data)
    }

    /// `data` with every processing instruction (`<?target ...?>`) but the XML declaration at the start
    /// replaced by spaces, line breaks kept so line numbers stay right; comments and CDATA sections are left
    /// alone. GraphML and workbook XML carry nothing in them, and Foundation's parser on Linux crashes on one
    /// without data (`<?x?>`: found by fuzzing).
    static func blankingProcessingInstructions(_ data: Data) -> Data {
        let bytes = [UInt8](data)
        func starts(_ pattern: [UInt8], at index: Int) -> Bool {
            guard index + pattern.count <= bytes.count else { return false }
            for offset in pattern.indices where bytes[index + offset] != pattern[offset] { return false }
            return true
        }
        /// The index just past the first `terminator` at or after `index` (the end of the data if none).
        func end(of terminator: [UInt8], from index: Int) -> Int {
            var position = index
            while position < bytes.count && !(bytes[position] == terminator[0] && starts(terminator, at: position)) { position += 1 }
            return min(position + terminator.count, bytes.count)
        }
        let comment = Array("<!--".utf8), commentEnd = Array("-->".utf8)
        let cdata = Array("<![CDATA[".utf8), cdataEnd = Array("]]>".utf8)
        let instruction = Array("<?".utf8), instructionEnd = Array("?>".utf8), declaration = Array("<?xml".utf8)
        let documentStart = starts(Array("\u{FEFF}".utf8), at: 0) ? 3 : 0
        var result = bytes
        var index = 0
        while index < bytes.count {
            if bytes[index] != UInt8(ascii: "<") {
                index += 1
            } else if starts(comment, at: index) {
                index = end(of: commentEnd, from: index + comment.count)
            } else if starts(cdata, at: index) {
                index = end(of: cdataEnd, from: index + cdata.count)
            } else if starts(instruction, at: index) {
                let close = end(of: instructionEnd, from: index + instruction.count)
                let isDeclaration = index == documentStart && starts(declaration, at: index)
                    && index + declaration.count < bytes.count && [32, 9, 10, 13].contains(bytes[index + declaration.count])
                if !isDeclaration {
                    for position in index..<close where bytes[position] != UInt8(ascii: "\n") { result[position] = UInt8(ascii: " ") }
                }
                index = close
            } else {
                index += 1
            }
        }
        return Data(result)
    }

    /// Throws at the first `<!ENTITY` declaration, saying whether it is external (never resolved) or internal.
    static func refuseEntityDeclarations(_ data: Data, file: String, format: String) throws {
        guard let found = data.range(of: Data("<!ENTITY".utf8)) else { return }
        let line = data[..<found.lowerBound].reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
        let declaration = String(decoding: data[found.lowerBound...].prefix(300).prefix { $0 != UInt8(ascii: ">") }, as: UTF8.self)
        let external = declaration.contains("SYSTEM") || declaration.contains("PUBLIC")
        let message = external
            ? "external entity declarations are not resolved: \(format) needs none, and Verbinder never opens files or URLs a document names; remove the <!ENTITY ...> declaration"
            : "entity declarations are not read: \(format) needs none, and entities that expand into each other can grow without bound (an entity bomb); remove the <!ENTITY ...> declaration"
        throw InputError("malformed \(format): \(message)", at: SourceLocation(file: file, line: line))
    }
}
