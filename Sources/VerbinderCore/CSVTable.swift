import Foundation

/// A parsed CSV file (RFC 4180: commas, double-quoted fields, doubled quotes inside them) with a header row.
public struct CSVTable: Sendable {
    /// The header's column names.
    public let header: [String]
    /// The data rows, each as many fields as the header.
    public let rows: [[String]]
    /// The 1-based line on which each row starts.
    public let lines: [Int]
    /// Where the table came from, for messages.
    public let file: String

    /// Parses `text`; rows whose field count differs from the header's are errors.
    /// - Throws: ``InputError`` naming file and line.
    public init(parsing text: String, file: String) throws {
        self.file = file
        var records: [([String], Int)] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var fieldWasQuoted = false
        var line = 1
        var recordLine = 1
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil

        func endField() {
            fields.append(fieldWasQuoted ? field : field.trimmingCharacters(in: .whitespaces))
            field = ""
            fieldWasQuoted = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) { records.append((fields, recordLine)) }
            fields = []
        }

        while let scalar = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if scalar == "\"" {
                    if let following = iterator.next() {
                        if following == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; pending = following }
                    } else { quoted = false }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.trimmingCharacters(in: .whitespaces).isEmpty:
                field = ""
                quoted = true
                fieldWasQuoted = true
            case ",": endField()
            case "\r": continue
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            default: field.unicodeScalars.append(scalar)
            }
        }
        if quoted { throw InputError("unterminated quoted field", at: SourceLocation(file: file, line: recordLine)) }
        if !field.isEmpty || !fields.isEmpty { endRecord() }

        guard let first = records.first else {
            throw InputError("empty file: expected a header row", at: SourceLocation(file: file, line: 1))
        }
        header = first.0
        var problems: [Diagnostic] = []
        for (record, recordLine) in records.dropFirst() where record.count != first.0.count {
            problems.append(Diagnostic(
                "expected \(first.0.count) fields (\(first.0.joined(separator: ","))), found \(record.count)",
                at: SourceLocation(file: file, line: recordLine)))
        }
        if !problems.isEmpty { throw InputError(problems) }
        rows = records.dropFirst().map(\.0)
        lines = records.dropFirst().map(\.1)
    }

    /// Reads and parses the file at `path`.
    public init(contentsOf path: String) throws {
        try self.init(parsing: try readText(at: path), file: path)
    }

    /// The position of `name` in the header.
    /// - Throws: ``InputError`` listing the header when the column is missing.
    public func column(_ name: String) throws -> Int {
        guard let index = header.firstIndex(of: name) else {
            throw InputError("missing column '\(name)' (header is: \(header.joined(separator: ",")))",
                             at: SourceLocation(file: file, line: 1))
        }
        return index
    }

    /// The location of row `index`, for messages.
    public func location(ofRow index: Int) -> SourceLocation { SourceLocation(file: file, line: lines[index]) }
}

/// Reads a UTF-8 text file.
/// - Throws: ``InputError`` when it cannot be read.
public func readText(at path: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
        let exists = FileManager.default.fileExists(atPath: path)
        throw InputError(exists ? "cannot read file" : "no such file", at: SourceLocation(file: path))
    }
    guard let text = String(data: data, encoding: .utf8) else {
        throw InputError("not UTF-8 text", at: SourceLocation(file: path))
    }
    return text
}

/// Writes `data` to `path` atomically: to a temporary file beside it, then renamed over it,
/// so an interrupted run never leaves a partial file.
/// - Throws: ``InputError`` when the directory is missing or not writable.
public func writeAtomically(_ data: Data, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    do {
        try data.write(to: url, options: .atomic)
    } catch {
        throw InputError("cannot write file: \(error.localizedDescription)", at: SourceLocation(file: path))
    }
}
