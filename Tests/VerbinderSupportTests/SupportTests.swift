import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import VerbinderSupport

@Suite("number formatting")
struct NumberFormatTests {
    @Test(arguments: [
        (3.0, NumberStyle.exact, "3"), (0.1, .exact, "0.1"), (-2.5, .exact, "-2.5"), (1e20, .exact, "1e+20"),
        (3.0, .exactFloat, "3.0"), (0.1, .exactFloat, "0.1"),
        (3.0, .significant, "3"), (1.0 / 3, .significant, "0.333333"), (123456.789, .significant, "123457"),
        (3.14159, .fixed(2), "3.14"), (2, .fixed(0), "2"), (-0.5, .fixed(1), "-0.5"),
        (3.10, .trimmed(2), "3.1"), (3.0, .trimmed(2), "3"), (-0.001, .trimmed(2), "0"), (0.125, .trimmed(3), "0.125"),
        (0.625, .percent(1), "62.5%"), (0.5, .percent(0), "50%"),
        (0.25, .signed(2), "+0.25"), (-1, .signed(2), "-1.00"),
        (0.025, .points(1), "+2.5 pp"), (-0.1, .points(1), "-10.0 pp"),
    ])
    func styles(_ value: Double, _ style: NumberStyle, _ expected: String) {
        #expect(formatNumber(value, style) == expected)
    }

    @Test func missingAndInfiniteValues() {
        for style in [NumberStyle.exact, .significant, .fixed(2), .percent(1), .trimmed(1)] {
            #expect(formatNumber(.nan, style) == "nan")
            #expect(formatNumber(nil, style) == "nan")
            #expect(formatNumber(nil, style, missing: "–") == "–")
            #expect(formatNumber(.infinity, style) == "inf")
            #expect(formatNumber(-.infinity, style) == "-inf")
        }
    }

    @Test func exactReadsBackExactly() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0 ..< 1000 {
            let value = Double(bitPattern: generator.next() & 0x7FEF_FFFF_FFFF_FFFF) * (Bool.random() ? 1 : -1)
            #expect(Double(formatNumber(value, .exact)) == value)
        }
    }
}

@Suite("escaping")
struct EscapingTests {
    @Test(arguments: [
        ("plain", "plain"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("two\nlines", "\"two\nlines\""),
        ("cr\r\nlf", "\"cr\r\nlf\""), ("", ""),
    ])
    func csv(_ text: String, _ expected: String) {
        #expect(csvField(text) == expected)
    }

    @Test(arguments: ["plain", "quote \" and \\ backslash", "tab\tnew\nline\rreturn", "bell \u{07} nul \u{00} esc \u{1B}",
                      "Zoë 🏘️ / slash", "\u{1F}"])
    func jsonReadsBack(_ text: String) throws {
        let literal = jsonString(text)
        let decoded = try JSONSerialization.jsonObject(with: Data("[\(literal)]".utf8)) as? [String]
        #expect(decoded == [text])
        #expect(!literal.unicodeScalars.contains { $0.value < 0x20 })
    }

    @Test func xmlEscapesMarkupAndDropsWhatXMLForbids() {
        #expect(xmlEscaped("a < b & c > d \"q\" 'x'") == "a &lt; b &amp; c &gt; d &quot;q&quot; &#39;x&#39;")
        #expect(xmlEscaped("bell\u{07}nul\u{00}vt\u{0B}\u{FFFE}\u{FFFF}end") == "bellnulvtend")
        #expect(xmlEscaped("tab\tline\nreturn\r") == "tab\tline\nreturn\r")
        #expect(xmlEscaped("Zoë 🏘️") == "Zoë 🏘️")
        #expect(xmlEscaped("a\nb\r\nc\rd", lineBreak: "<BR/>") == "a<BR/>b<BR/>c<BR/>d")
    }

    @Test func xmlEscapedTextAlwaysParses() throws {
        // Every scalar below 0x100 plus the non-characters, in content and in an attribute.
        var text = String(String.UnicodeScalarView((0 ..< 0x100).compactMap(Unicode.Scalar.init)))
        text += "\u{FFFE}\u{FFFF}\u{10FFFF}"
        let document = "<?xml version=\"1.0\"?><r a=\"\(xmlEscaped(text))\">\(xmlEscaped(text))</r>"
        let parser = XMLParser(data: Data(document.utf8))
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
    }
}

@Suite("text tables")
struct TextTableTests {
    @Test func alignsTextLeftAndNumbersRight() {
        let lines = textTable(["name", "count", "share"], [["a", "5", "12.5%"], ["longer", "123", "nan"], ["b", "x", "1%"]])
        #expect(lines == [
            "name    count  share",
            "------  -----  -----",
            "a           5  12.5%",
            "longer    123    nan",
            "b       x         1%",
        ])
    }

    @Test func numericFirstColumnKeepsItsPadding() {
        #expect(textTable(["n"], [["5"], ["100"]]) == ["n", "---", "  5", "100"])
    }
}

@Suite("canonical JSON")
struct CanonicalJSONTests {
    struct Sample: Encodable {
        var zeta = 1
        var alpha = "a/b"
        var nested = ["y": 2, "b": 1, "m": 3]
    }

    @Test func keysAreSortedAndSlashesKept() throws {
        #expect(try CanonicalJSON.compact(Sample()) == #"{"alpha":"a/b","nested":{"b":1,"m":3,"y":2},"zeta":1}"#)
        let pretty = String(decoding: try CanonicalJSON.pretty(Sample()), as: UTF8.self)
        #expect(pretty.hasSuffix("}\n"))
        #expect(pretty.contains("\n  \"alpha\" : \"a/b\""))
        // Dictionaries hash differently per process; the bytes never do.
        for _ in 0 ..< 20 { #expect(try CanonicalJSON.compact(Sample()) == CanonicalJSON.compact(Sample())) }
    }
}

@Suite("parallel map")
struct ParallelMapTests {
    struct Failure: Error, Equatable { var index: Int }

    @Test(arguments: [1, 2, 3, 8, 64])
    func resultsAreInIndexOrderOnAnyNumberOfThreads(_ threads: Int) {
        let values = parallelMap(1000, threads: threads) { index in index * index }
        #expect(values == (0 ..< 1000).map { $0 * $0 })
    }

    @Test func emptyAndProgress() {
        #expect(parallelMap(0, threads: 4) { $0 }.isEmpty)
        let seen = Counter()
        _ = parallelMap(50, threads: 4, progress: { finished, total in seen.record(finished, total) }) { $0 }
        #expect(seen.values == Array(1 ... 50))
    }

    @Test func sharedTotalAddsFromEveryThread() {
        let total = SharedTotal()
        _ = parallelMap(100, threads: 4) { _ in total.add(3) }
        #expect(total.add(0) == 300)
    }

    @Test(arguments: [1, 4])
    func theLowestFailingIndexIsThrown(_ threads: Int) {
        #expect(throws: Failure(index: 17)) {
            try parallelMap(200, threads: threads) { index throws(Failure) -> Int in
                if index == 17 || index == 90 { throw Failure(index: index) }
                return index
            }
        }
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var seen: [Int] = []
        func record(_ finished: Int, _ total: Int) {
            lock.withLock { seen.append(finished) }
            precondition(total == 50)
        }
        var values: [Int] { lock.withLock { seen.sorted() } }
    }
}

@Suite("atomic writes")
struct AtomicWriteTests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("verbinder-support-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func fileIsReplacedWhole() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("a.txt").path
        try AtomicFile.write(Data("one".utf8), to: path)
        try AtomicFile.write(Data("two".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "two")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["a.txt"])
    }

    @Test func fileInAMissingDirectoryIsAnError() {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("verbinder-missing-\(UUID().uuidString)/a.txt").path
        #expect(throws: WriteError.self) { try AtomicFile.write(Data("x".utf8), to: path) }
    }
}
