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
            "edges.csv:5: error: expected 3 fields (source,target,weight), found 4",
        ])
        #expect(error?.diagnostics.map(\.location.line) == [3, 5])
    }

    @Test("an unterminated quote names the line its record starts on")
    func unterminatedQuote() {
        let error = #expect(throws: InputError.self) {
            try CSVTable(parsing: "id\nok\n\"open\nstill open\n", file: "u.csv")
        }
        #expect(error?.description == "u.csv:3: error: unterminated quoted field")
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
