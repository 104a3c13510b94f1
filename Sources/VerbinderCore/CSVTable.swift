import Foundation

/// A parsed CSV file with a header row, as spreadsheets and network tools write it: RFC 4180 quoting
/// (double-quoted fields, doubled quotes inside them), a comma, semicolon or tab as separator (read from the
/// header line), an optional byte-order mark, and column names matched ignoring case.
///
/// - Complexity: O(n) in the length of the text, whatever it holds.
public struct CSVTable: Sendable {
    /// The header's column names (trimmed, as written).
    public let header: [String]
    /// The data rows, each as many fields as the header.
    public let rows: [[String]]
    /// The 1-based line on which each row starts.
    public let lines: [Int]
    /// Where the table came from, for messages.
    public let file: String
    /// The field separator: the one of `,`, `;` and tab that occurs most often outside quotes on the header
    /// line (a comma when none does).
    public let separator: Character

    /// Whether numbers may use a decimal comma: with `;` as separator, as Excel writes CSV in Dutch and
    /// other locales that use a comma for decimals.
    public var decimalComma: Bool { separator == ";" }

    /// Parses `text`; rows whose field count differs from the header's are errors.
    /// - Throws: ``InputError`` naming file and line (and column, for malformed quoting).
    public init(parsing text: String, file: String) throws {
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let separatorByte = Self.detectSeparator(bytes)
        try self.init(records: try Self.records(bytes, separator: separatorByte, file: file), file: file,
                      separator: Character(Unicode.Scalar(separatorByte)), fromText: true)
    }

    /// A table from records already split into fields (e.g. a spreadsheet's rows), each with its line; the
    /// first is the header. Numbers in them use a decimal point.
    /// - Throws: ``InputError`` for no records, and for every row whose field count differs from the header's.
    public init(records: [(fields: [String], line: Int)], file: String) throws {
        try self.init(records: records, file: file, separator: ",", fromText: false)
    }

    private init(records: [(fields: [String], line: Int)], file: String, separator: Character, fromText: Bool) throws {
        self.file = file
        self.separator = separator
        guard let first = records.first else {
            throw InputError("empty file: expected a header row", at: SourceLocation(file: file, line: 1))
        }
        header = first.fields
        var problems: [Diagnostic] = []
        for record in records.dropFirst() where record.fields.count != header.count {
            var message = "expected \(header.count) fields (\(header.joined(separator: String(separator)))), found \(record.fields.count)"
            if fromText && record.fields.count > header.count && separator == "," && record.fields.contains(where: { Double($0) != nil }) {
                message += " (fields are separated by commas: write decimals with a point, or use ';' as separator)"
            }
            problems.append(Diagnostic(message, at: SourceLocation(file: file, line: record.line)))
        }
        if !problems.isEmpty { throw InputError(problems) }
        rows = records.dropFirst().map(\.fields)
        lines = records.dropFirst().map(\.line)
    }

    /// Reads and parses the file at `path`.
    public init(contentsOf path: String) throws {
        try self.init(parsing: try readText(at: path), file: path)
    }

    /// The position of the column `name` (ignoring case and surrounding spaces), if the header has it.
    public func optionalColumn(_ name: String) -> Int? {
        let wanted = name.lowercased()
        return header.firstIndex { $0.trimmingCharacters(in: .whitespaces).lowercased() == wanted }
    }

    /// The position of the column `name` (ignoring case and surrounding spaces).
    /// - Throws: ``InputError`` listing the header and naming the separator it was split at, when the column is missing.
    public func column(_ name: String) throws -> Int {
        guard let index = optionalColumn(name) else {
            var message = "missing column '\(name)' (header is: \(header.joined(separator: String(separator))))"
            if header.count == 1 {
                message += "; the header has one column when split at \(Self.describe(separator)): separate columns with a comma, a semicolon or a tab"
            }
            throw InputError(message, at: SourceLocation(file: file, line: 1))
        }
        return index
    }

    /// The location of row `index`, for messages.
    public func location(ofRow index: Int) -> SourceLocation { SourceLocation(file: file, line: lines[index]) }

    /// A field read as a number: `1.5`, or `1,5` when the table uses decimal commas (``decimalComma``).
    public func number(_ field: String) -> Double? {
        if let value = Double(field) { return value }
        guard decimalComma, field.filter({ $0 == "," }).count == 1, !field.contains(".") else { return nil }
        return Double(field.replacingOccurrences(of: ",", with: "."))
    }

    /// A separator's name for messages.
    static func describe(_ separator: Character) -> String {
        switch separator {
        case "\t": "a tab"
        case ";": "';' (semicolon)"
        default: "',' (comma)"
        }
    }

    // MARK: Parsing

    private static let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
    private static let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")

    /// The separator of the header line: the most frequent of `,`, `;` and tab outside quotes (ties and none: `,`).
    static func detectSeparator(_ bytes: [UInt8]) -> UInt8 {
        var counts: [UInt8: Int] = [UInt8(ascii: ","): 0, UInt8(ascii: ";"): 0, tab: 0]  // lookup only
        var quoted = false
        var sawText = false
        for byte in bytes {
            if byte == quote { quoted.toggle(); continue }
            if quoted { continue }
            if byte == newline {
                if sawText { break }  // the header is the first line with text on it
                continue
            }
            if byte != space && byte != carriageReturn { sawText = true }
            if counts[byte] != nil { counts[byte]! += 1 }
        }
        var best = UInt8(ascii: ",")
        for candidate in [UInt8(ascii: ";"), tab] where counts[candidate]! > counts[best]! { best = candidate }
        return best
    }

    /// Splits bytes into records of fields, each with the line it starts on; blank lines are skipped.
    /// Unquoted fields are trimmed of spaces; quoted fields are kept as written.
    static func records(_ bytes: [UInt8], separator: UInt8, file: String) throws -> [(fields: [String], line: Int)] {
        var records: [(fields: [String], line: Int)] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false          // inside a quoted field
        var closed = false          // after the closing quote of a quoted field
        var wasQuoted = false
        var line = 1, lineStart = 0, recordLine = 1
        var fieldHasText = false    // an unquoted field has more than spaces so far
        var quoteLine = 1, quoteLineStart = 0, quotePosition = 0

        // Columns count characters; computed for messages only, so parsing stays linear.
        func column(_ position: Int, from start: Int) -> Int {
            String(decoding: bytes[start ..< position], as: UTF8.self).count + 1
        }
        func location(_ position: Int) -> SourceLocation {
            SourceLocation(file: file, line: line, column: column(position, from: lineStart))
        }
        func endField() {
            if wasQuoted {
                fields.append(String(decoding: field, as: UTF8.self))
            } else {
                var start = field.startIndex, end = field.endIndex
                while start < end, field[start] == space || field[start] == tab { start += 1 }
                while end > start, field[end - 1] == space || field[end - 1] == tab { end -= 1 }
                fields.append(String(decoding: field[start ..< end], as: UTF8.self))
            }
            field.removeAll(keepingCapacity: true)
            wasQuoted = false
            closed = false
            fieldHasText = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) { records.append((fields, recordLine)) }
            fields = []
        }

        var position = 0
        while position < bytes.count {
            let byte = bytes[position]
            if quoted {
                if byte == quote {
                    if position + 1 < bytes.count, bytes[position + 1] == quote {
                        field.append(quote)
                        position += 2
                        continue
                    }
                    quoted = false
                    closed = true
                } else {
                    if byte == newline { line += 1; lineStart = position + 1 }
                    field.append(byte)
                }
                position += 1
                continue
            }
            switch byte {
            case separator:
                endField()
            case newline:
                endRecord()
                line += 1
                lineStart = position + 1
                recordLine = line
            case carriageReturn:
                break
            case quote:
                if closed {
                    throw InputError("a quote right after a quoted field: inside quotes, write a quote twice (\"\")",
                                     at: location(position))
                }
                if fieldHasText {
                    throw InputError("a double quote inside an unquoted field: put the whole field in double quotes and write each quote in it twice (\"say \"\"hi\"\"\")",
                                     at: location(position))
                }
                field.removeAll(keepingCapacity: true)
                quoted = true
                wasQuoted = true
                quoteLine = line
                quoteLineStart = lineStart
                quotePosition = position
            case space, tab:
                if !closed { field.append(byte) }
            default:
                if closed {
                    throw InputError("text after the closing quote of a field: a quoted field ends at its closing quote; inside quotes, write a quote twice (\"\")",
                                     at: location(position))
                }
                field.append(byte)
                fieldHasText = true
            }
            position += 1
        }
        if quoted {
            throw InputError("unterminated quoted field: the quote opened here is never closed",
                             at: SourceLocation(file: file, line: quoteLine, column: column(quotePosition, from: quoteLineStart)))
        }
        if !field.isEmpty || !fields.isEmpty || wasQuoted { endRecord() }
        return records
    }
}

/// Reads a UTF-8 text file (a leading byte-order mark is kept for the parser to skip).
/// - Throws: ``InputError`` when it cannot be read, or when it is not UTF-8: then with the line, column and
///   byte offset of the first byte that is not.
public func readText(at path: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
        let exists = FileManager.default.fileExists(atPath: path)
        throw InputError(exists ? "cannot read file" : "no such file", at: SourceLocation(file: path))
    }
    return try decodeUTF8(data, file: path)
}

/// Decodes UTF-8 bytes; `file` names them in messages.
/// - Throws: ``InputError`` at the line and column of the first invalid byte, naming its byte offset.
public func decodeUTF8(_ data: Data, file: String) throws -> String {
    if let text = String(data: data, encoding: .utf8) { return text }
    var iterator = data.makeIterator()
    var parser = Unicode.UTF8.ForwardParser()
    var offset = 0, line = 1, column = 1
    while true {
        switch parser.parseScalar(from: &iterator) {
        case .valid(let scalar):
            offset += scalar.count
            if scalar.count == 1 && scalar.first == UInt8(ascii: "\n") { line += 1; column = 1 } else { column += 1 }
        case .error:
            let bad = data[data.startIndex + offset]
            throw InputError("not UTF-8 text: byte 0x\(String(bad, radix: 16, uppercase: true)) at byte offset \(offset) "
                             + "starts no valid UTF-8 character; save the file as UTF-8",
                             at: SourceLocation(file: file, line: line, column: column))
        case .emptyInput:
            // Valid to the standard library's decoder although Foundation declined it.
            return String(decoding: data, as: UTF8.self)
        }
    }
}
