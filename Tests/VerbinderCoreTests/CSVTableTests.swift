import Foundation
import Testing
import VerbinderCore

@Suite("CSVTable")
struct CSVTableTests {
    @Test("plain rows, with the line on which each starts")
    func plainRows() throws {
        let table = try CSVTable(parsing: "id,kind\na,resident\nb , official\n", file: "nodes.csv")
        #expect(table.header == ["id", "kind"])
        #expect(table.rows == [["a", "resident"], ["b", "official"]]) // unquoted fields are trimmed
        #expect(table.lines == [2, 3])
        #expect(table.file == "nodes.csv")
        #expect(table.location(ofRow: 1) == SourceLocation(file: "nodes.csv", line: 3))
        #expect(try table.column("kind") == 1)
    }

    @Test("quoted fields: commas, doubled quotes, newlines and spaces inside them")
    func quotedFields() throws {
        let text = #"""
            name,note
            "Smit, J.","says ""hi"""
            "two
            lines", kept
            "  padded  ",""
            after,x
            """#
        let table = try CSVTable(parsing: text, file: "q.csv")
        #expect(table.rows == [
            ["Smit, J.", "says \"hi\""],
            ["two\nlines", "kept"],
            ["  padded  ", ""],
            ["after", "x"],
        ])
        // A quoted newline belongs to the record: the next record starts one line further on.
        #expect(table.lines == [2, 3, 5, 6])
    }

    @Test("CRLF line ends, blank lines and a missing final newline")
    func lineEndsAndBlankLines() throws {
        let table = try CSVTable(parsing: "a,b\r\n\r\n1,2\r\n   \r\n\n3,4", file: "crlf.csv")
        #expect(table.header == ["a", "b"])
        #expect(table.rows == [["1", "2"], ["3", "4"]])
        #expect(table.lines == [3, 6])
        #expect(!table.rows.joined().contains { $0.contains("\r") })
    }

    @Test("wrong field counts are reported together, each with its line")
    func wrongFieldCounts() {
        let text = "source,target,weight\nx,y,1\nx,y\n\nx,y,1,2\n\"a,b\",c,3\n"
        let error = #expect(throws: InputError.self) { try CSVTable(parsing: text, file: "edges.csv") }
        #expect(error?.diagnostics.map(\.description) == [
            "edges.csv:3: error: expected 3 fields (source,target,weight), found 2",
            "edges.csv:5: error: expected 3 fields (source,target,weight), found 4 (fields are separated by commas: write decimals with a point, or use ';' as separator)",
        ])
        #expect(error?.diagnostics.map(\.location.line) == [3, 5])
    }

    @Test("an unterminated quote names the line its record starts on")
    func unterminatedQuote() {
        let error = #expect(throws: InputError.self) {
            try CSVTable(parsing: "id\nok\n\"open\nstill open\n", file: "u.csv")
        }
        #expect(error?.description == "u.csv:3:1: error: unterminated quoted field: the quote opened here is never closed")
    }

    @Test("empty input needs a header", arguments: ["", "\n\n", "  \r\n"])
    func emptyInput(text: String) {
        let error = #expect(throws: InputError.self) { try CSVTable(parsing: text, file: "e.csv") }
        #expect(error?.description == "e.csv:1: error: empty file: expected a header row")
    }

    @Test("a header-only table has no rows")
    func headerOnly() throws {
        let table = try CSVTable(parsing: "id,kind\n", file: "h.csv")
        #expect(table.header == ["id", "kind"])
        #expect(table.rows.isEmpty)
    }

    @Test("a missing column lists the header")
    func missingColumn() throws {
        let table = try CSVTable(parsing: "id,kind\n", file: "h.csv")
        let error = #expect(throws: InputError.self) { try table.column("arena") }
        #expect(error?.description == "h.csv:1: error: missing column 'arena' (header is: id,kind)")
    }

    @Test("a header that does not split names the separator it was split at")
    func unknownSeparator() throws {
        let table = try CSVTable(parsing: "source|target\na|b\n", file: "pipes.csv")
        let error = #expect(throws: InputError.self) { try table.column("target") }
        #expect(error?.description == "pipes.csv:1: error: missing column 'target' (header is: source|target); the header has one "
            + "column when split at ',' (comma): separate columns with a comma, a semicolon or a tab")
    }

    @Test("column names match ignoring case and spaces, as Gephi writes them")
    func caseInsensitiveHeader() throws {
        let table = try CSVTable(parsing: "Source,Target, Weight \nA,B,2\n", file: "gephi.csv")
        #expect(try table.column("source") == 0)
        #expect(try table.column("TARGET") == 1)
        #expect(table.optionalColumn("weight") == 2)
        #expect(table.optionalColumn("kind") == nil)
        #expect(table.separator == ",")
        #expect(!table.decimalComma)
        #expect(table.number("2") == 2)
        #expect(table.number("0,5") == nil)
    }

    @Test("Dutch Excel: semicolons, decimal commas and a byte-order mark")
    func semicolonsAndDecimalCommas() throws {
        let table = try CSVTable(parsing: "\u{FEFF}Source;Target;Weight\r\nA;B;0,75\r\n\"C; D\";E;1\r\n", file: "excel.csv")
        #expect(table.header == ["Source", "Target", "Weight"])
        #expect(table.separator == ";")
        #expect(table.decimalComma)
        #expect(table.rows == [["A", "B", "0,75"], ["C; D", "E", "1"]])
        #expect(table.number("0,75") == 0.75)
        #expect(table.number("1.5") == 1.5)
        #expect(table.number("1,2,3") == nil)
    }

    @Test("tab-separated text")
    func tabs() throws {
        let table = try CSVTable(parsing: "id\tlabel\nn1\tWijk Noord\n", file: "nodes.tsv")
        #expect(table.separator == "\t")
        #expect(table.rows == [["n1", "Wijk Noord"]])
    }

    @Test("decimal commas in a comma-separated file get a hint")
    func decimalCommaHint() {
        let error = #expect(throws: InputError.self) { try CSVTable(parsing: "source,target,weight\na,b,0,5\n", file: "nl.csv") }
        #expect(error?.description == "nl.csv:2: error: expected 3 fields (source,target,weight), found 4 "
            + "(fields are separated by commas: write decimals with a point, or use ';' as separator)")
    }

    @Test("malformed quoting is an error with line and column", arguments: [
        ("id,name\n1,O\"Brien\n", "m.csv:2:4: error: a double quote inside an unquoted field: put the whole field in double quotes and write each quote in it twice (\"say \"\"hi\"\"\")"),
        ("id,name\n1,\"Smit\" J.\n", "m.csv:2:10: error: text after the closing quote of a field: a quoted field ends at its closing quote; inside quotes, write a quote twice (\"\")"),
        ("id,name\n1,\"a\" \"b\"\n", "m.csv:2:7: error: a quote right after a quoted field: inside quotes, write a quote twice (\"\")"),
        ("id,name\n1,  \"x\n", "m.csv:2:5: error: unterminated quoted field: the quote opened here is never closed"),
    ])
    func malformedQuoting(text: String, message: String) {
        let error = #expect(throws: InputError.self) { try CSVTable(parsing: text, file: "m.csv") }
        #expect(error?.description == message)
    }

    @Test("spaces before an opening quote and after a closing one are allowed")
    func spacesAroundQuotes() throws {
        let table = try CSVTable(parsing: "a,b\n  \"x, y\"  ,z\n", file: "s.csv")
        #expect(table.rows == [["x, y", "z"]])
    }

    /// The reader once trimmed the whole field at every quote: 50,000 stray quotes took 37 s, a million would
    /// take hours. These inputs finish at once when parsing is linear; no clock is read.
    @Test("linear on pathological quoting: a million stray, doubled or leading-space quotes")
    func pathologicalQuotes() throws {
        let million = 1_000_000
        let stray = "id,note\n1,x" + String(repeating: "\"", count: million) + "\n"
        let error = #expect(throws: InputError.self) { try CSVTable(parsing: stray, file: "q.csv") }
        #expect(error?.diagnostics.first?.location == SourceLocation(file: "q.csv", line: 2, column: 4))

        let doubled = "id,note\n1,\"" + String(repeating: "\"\"", count: million) + "\"\n"
        let table = try CSVTable(parsing: doubled, file: "d.csv")
        #expect(table.rows[0][1].utf8.count == million)

        let spaces = "id,note\n1," + String(repeating: " ", count: million) + "\"ok\"\n"
        #expect(try CSVTable(parsing: spaces, file: "s.csv").rows == [["1", "ok"]])

        let manyFields = "id\n" + String(repeating: "\"x\",", count: million) + "\"x\"\n"
        let wide = #expect(throws: InputError.self) { try CSVTable(parsing: manyFields, file: "w.csv") }
        #expect(wide?.description == "w.csv:2: error: expected 1 fields (id), found \(million + 1)")
    }

    @Test("text that is not UTF-8 names the line, column and byte offset of the first bad byte")
    func notUTF8() throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("verbinder-latin1-\(UInt64.random(in: 0 ... .max)).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("id\nCaf".utf8 + [0xE9] + Array("\n".utf8)).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: InputError.self) { try CSVTable(contentsOf: path) }
        #expect(error?.description == "\(path):2:4: error: not UTF-8 text: byte 0xE9 at byte offset 6 starts no valid UTF-8 character; save the file as UTF-8")
    }

    @Test("reading files: a real one, and one that does not exist")
    func files() throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("verbinder-csv-\(UInt64.random(in: 0 ... .max)).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("id\nWijk Noord\n".utf8).write(to: URL(fileURLWithPath: path))
        let table = try CSVTable(contentsOf: path)
        #expect(table.rows == [["Wijk Noord"]])
        #expect(table.file == path)

        let missing = path + ".missing"
        let error = #expect(throws: InputError.self) { try CSVTable(contentsOf: missing) }
        #expect(error?.description == "\(missing): error: no such file")
    }
}
