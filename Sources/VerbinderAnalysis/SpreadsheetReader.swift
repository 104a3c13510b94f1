import Foundation
import VerbinderCore
import VerbinderSupport
import XMLCoder
import ZIPFoundation

/// Reads a sheet of an Excel workbook (`.xlsx`, Office Open XML) into a ``CSVTable``: the first sheet, or the
/// one named. Cells are read as Excel stores them: shared strings (rich text joined), inline strings, numbers
/// (written back in Swift's shortest form, so `0.25` and `1.5E-3` read as numbers), booleans as `true`/`false`,
/// formula results as their cached value; missing cells are empty. The first row is the header; rows are
/// numbered as in Excel for messages (`network.xlsx[Netwerk]:3`).
///
/// Bad input gets a clear message: not a zip archive, not a workbook, no such sheet (naming the sheets there
/// are), parts larger than ``maximumPartSize`` uncompressed (a "zip bomb"), XML entity declarations.
public enum SpreadsheetReader {
    /// The largest uncompressed part read (a sheet with a million rows is well below it).
    public static let maximumPartSize = 256 << 20

    /// Reads sheet `sheet` of the workbook at `path`; without one, the sheet named `preferred` if there is one,
    /// else the first.
    /// - Throws: ``InputError`` naming the file (and sheet and row where it applies).
    public static func read(path: String, sheet: String? = nil, preferring preferred: String? = nil) throws -> CSVTable {
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw InputError(exists ? "cannot read file" : "no such file", at: SourceLocation(file: path))
        }
        return try read(data: data, file: path, sheet: sheet, preferring: preferred)
    }

    /// Reads sheet `sheet` of workbook bytes (without one: the sheet named `preferred`, else the first);
    /// `file` names them in messages.
    public static func read(data: Data, file: String, sheet: String? = nil, preferring preferred: String? = nil) throws -> CSVTable {
        let location = SourceLocation(file: file)
        let archive: Archive
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw InputError("not an Excel workbook (.xlsx): the file is not a zip archive", at: location)
        }
        let workbook: Workbook = try decode(part: "xl/workbook.xml", from: archive, file: file)
        let relations: Relationships = try decode(part: "xl/_rels/workbook.xml.rels", from: archive, file: file)
        let sheets = workbook.sheets.sheet ?? []
        guard !sheets.isEmpty else { throw InputError("the workbook has no sheets", at: location) }
        let chosen: Workbook.Sheet
        if let sheet {
            guard let named = sheets.first(where: { $0.name == sheet }) ?? sheets.first(where: { $0.name.lowercased() == sheet.lowercased() }) else {
                throw InputError("no sheet named '\(sheet)' (the workbook's sheets: \(sheets.map(\.name).joined(separator: ", ")))", at: location)
            }
            chosen = named
        } else {
            chosen = preferred.flatMap { name in sheets.first { $0.name.lowercased() == name.lowercased() } } ?? sheets[0]
        }
        guard let target = relations.relationship?.first(where: { $0.id == chosen.relationship })?.target else {
            throw InputError("not an Excel workbook: sheet '\(chosen.name)' has no part", at: location)
        }
        // Targets are relative to xl/ ("worksheets/sheet1.xml") or absolute in the package ("/xl/worksheets/sheet1.xml").
        let sheetPart = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        let shared: [String]
        if archive["xl/sharedStrings.xml"] != nil {
            let table: SharedStrings = try decode(part: "xl/sharedStrings.xml", from: archive, file: file)
            shared = (table.si ?? []).map(\.text)
        } else {
            shared = []
        }
        let worksheet: Worksheet = try decode(part: sheetPart, from: archive, file: file)
        let name = "\(file)[\(chosen.name)]"
        var records: [(fields: [String], line: Int)] = []
        var problems: [Diagnostic] = []
        var previousRow = 0
        for row in worksheet.sheetData.row ?? [] {
            let number = row.r ?? previousRow + 1
            previousRow = number
            var fields: [String] = []
            for cell in row.c ?? [] {
                let column = cell.r.flatMap(columnIndex) ?? fields.count
                guard column < 16_384 else {
                    problems.append(Diagnostic("cell reference '\(cell.r ?? "")' is beyond Excel's last column", at: SourceLocation(file: name, line: number)))
                    break
                }
                if column > fields.count { fields += [String](repeating: "", count: column - fields.count) }
                let value: String
                switch cell.t ?? "n" {
                case "s":
                    guard let index = cell.v.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }), shared.indices.contains(index) else {
                        problems.append(Diagnostic("cell \(cell.r ?? "?") refers to shared string '\(cell.v ?? "")', which the workbook does not have",
                                                   at: SourceLocation(file: name, line: number)))
                        continue
                    }
                    value = shared[index]
                case "inlineStr": value = cell.inline?.text ?? ""
                case "b": value = cell.v == "1" ? "true" : cell.v == "0" ? "false" : (cell.v ?? "")
                case "n":
                    let text = (cell.v ?? "").trimmingCharacters(in: .whitespaces)
                    value = Double(text).map { formatNumber($0, .exact) } ?? text
                default: value = cell.v ?? ""  // "str" (a formula's text result), "e" (an error such as #N/A)
                }
                if column < fields.count { fields[column] = value } else { fields.append(value) }
            }
            while fields.last?.isEmpty == true { fields.removeLast() }
            if !fields.isEmpty { records.append((fields, number)) }
        }
        if !problems.isEmpty { throw InputError(problems) }
        guard let header = records.first else {
            throw InputError("sheet '\(chosen.name)' is empty: expected a header row", at: location)
        }
        // Rows shorter than the header had empty cells at the end; longer ones are an error, as in CSV.
        let width = header.fields.count
        let padded = records.map { record in
            (fields: record.fields + [String](repeating: "", count: max(0, width - record.fields.count)), line: record.line)
        }
        return try CSVTable(records: padded, file: name)
    }

    /// The 0-based column of a cell reference such as `C12` or `AA3`; nil when it has no letters.
    static func columnIndex(_ reference: String) -> Int? {
        var column = 0
        var letters = 0
        for byte in reference.utf8 {
            let upper = byte & 0xDF  // ASCII letters to upper case
            guard (65 ... 90).contains(upper) else { break }
            column = column * 26 + Int(upper - 64)
            letters += 1
            if letters > 3 { return Int.max }
        }
        return letters == 0 ? nil : column - 1
    }

    /// Decodes one XML part of the archive, with the limits above.
    static func decode<Part: Decodable>(part: String, from archive: Archive, file: String) throws -> Part {
        let location = SourceLocation(file: file)
        guard let entry = archive[part] else {
            throw InputError("not an Excel workbook (.xlsx): the archive has no \(part)", at: location)
        }
        guard entry.uncompressedSize <= UInt64(maximumPartSize) else {
            throw InputError("\(part) is \(entry.uncompressedSize) bytes uncompressed, more than the \(maximumPartSize) read", at: location)
        }
        var data = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                data.append(chunk)
                if data.count > maximumPartSize { throw PartTooLarge() }
            }
        } catch is PartTooLarge {
            throw InputError("\(part) is more than \(maximumPartSize) bytes uncompressed", at: location)
        } catch {
            throw InputError("cannot unpack \(part): the archive is damaged", at: location)
        }
        let prepared = try XMLInput.prepared(data, file: "\(file)[\(part)]", format: "workbook XML")
        let decoder = XMLDecoder(trimValueWhitespaces: false, removeWhitespaceElements: true)
        do {
            return try decoder.decode(Part.self, from: prepared)
        } catch {
            throw InputError("not an Excel workbook: \(part) is not what Excel writes (\(describe(error)))", at: location)
        }
    }

    private struct PartTooLarge: Error {}

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "missing '\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
             DecodingError.dataCorrupted(let context):
            context.codingPath.map(\.stringValue).joined(separator: ".") + ": " + context.debugDescription
        default: "malformed XML"
        }
    }

    // MARK: The parts of a workbook that are read

    struct Workbook: Decodable {
        struct Sheet: Decodable {
            var name: String
            var relationship: String
            enum CodingKeys: String, CodingKey { case name, relationship = "r:id" }
        }
        struct Sheets: Decodable { var sheet: [Sheet]? }
        var sheets: Sheets
    }

    struct Relationships: Decodable {
        struct Relationship: Decodable {
            var id: String
            var target: String
            enum CodingKeys: String, CodingKey { case id = "Id", target = "Target" }
        }
        var relationship: [Relationship]?
        enum CodingKeys: String, CodingKey { case relationship = "Relationship" }
    }

    /// Text with optional attributes (`xml:space="preserve"`).
    struct Text: Decodable {
        var value: String?
        enum CodingKeys: String, CodingKey { case value = "" }
    }

    /// A string item: plain (`<t>`) or rich text (runs `<r><t>`), as in shared strings and inline strings.
    struct StringItem: Decodable {
        struct Run: Decodable { var t: Text? }
        var t: Text?
        var r: [Run]?
        var text: String { t?.value ?? (r ?? []).map { $0.t?.value ?? "" }.joined() }
    }

    struct SharedStrings: Decodable { var si: [StringItem]? }

    struct Worksheet: Decodable {
        struct Cell: Decodable {
            var r: String?
            var t: String?
            var v: String?
            var inline: StringItem?
            enum CodingKeys: String, CodingKey { case r, t, v, inline = "is" }
        }
        struct Row: Decodable {
            var r: Int?
            var c: [Cell]?
        }
        struct SheetData: Decodable { var row: [Row]? }
        var sheetData: SheetData
    }
}
