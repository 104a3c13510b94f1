import Testing
import VerbinderCore

@Suite("Diagnostics")
struct DiagnosticsTests {
    @Test("locations print as much as is known")
    func locationDescription() {
        #expect(SourceLocation(file: "a.yaml").description == "a.yaml")
        #expect(SourceLocation(file: "a.yaml", line: 4).description == "a.yaml:4")
        #expect(SourceLocation(file: "a.yaml", line: 4, column: 9).description == "a.yaml:4:9")
    }

    @Test("a value location names the value; a front end renames it, files stay as they are")
    func valueLocations() {
        let error = InputError([
            Diagnostic("unknown metric 'x'", at: .value("metrics")),
            Diagnostic("bad", at: SourceLocation(file: "a.yaml", line: 3)),
            Diagnostic("not valid YAML", at: .value("vary run.weeks=[")),
        ])
        #expect(SourceLocation.value("metrics").valueName == "metrics")
        #expect(SourceLocation(file: "metrics").valueName == nil)
        #expect(SourceLocation(file: "<a>", line: 2).valueName == nil)
        let renamed = error.renamingValues { "--" + $0 }
        #expect(renamed.diagnostics.map(\.location.description) == ["--metrics", "a.yaml:3", "--vary run.weeks=["])
        #expect(renamed.diagnostics.map(\.message) == error.diagnostics.map(\.message))
    }

    @Test("locations order by file, line, column")
    func locationOrder() {
        let unordered = [
            SourceLocation(file: "b.yaml", line: 1, column: 1),
            SourceLocation(file: "a.yaml", line: 10, column: 1),
            SourceLocation(file: "a.yaml", line: 2, column: 7),
            SourceLocation(file: "a.yaml", line: 2, column: 3),
            SourceLocation(file: "a.yaml"),
        ]
        #expect(unordered.sorted().map(\.description) == ["a.yaml", "a.yaml:2:3", "a.yaml:2:7", "a.yaml:10:1", "b.yaml:1:1"])
    }

    @Test("diagnostics print as file:line:column: error: key.path: message")
    func diagnosticFormat() {
        let located = Diagnostic("unknown neighbourhood 'Noordd'", at: SourceLocation(file: "s.yaml", line: 12, column: 21),
                                 keyPath: "connectors[0].neighbourhoods[1]")
        #expect(located.description == "s.yaml:12:21: error: connectors[0].neighbourhoods[1]: unknown neighbourhood 'Noordd'")
        let whole = Diagnostic("empty document", at: SourceLocation(file: "s.yaml", line: 1))
        #expect(whole.description == "s.yaml:1: error: empty document")
    }

    @Test("an input error lists its diagnostics one per line, in the given order")
    func inputErrorDescription() {
        let error = InputError([
            Diagnostic("first", at: SourceLocation(file: "f", line: 1, column: 1), keyPath: "a"),
            Diagnostic("second", at: SourceLocation(file: "f", line: 2, column: 1)),
        ])
        #expect(error.description == "f:1:1: error: a: first\nf:2:1: error: second")
        let single = InputError("no such file", at: SourceLocation(file: "x.yaml"), keyPath: "network.edges")
        #expect(single.diagnostics.count == 1)
        #expect(single.description == "x.yaml: error: network.edges: no such file")
    }

    @Test("edit distance (Levenshtein)",
          arguments: [("kitten", "sitting", 3), ("", "abc", 3), ("abc", "", 3), ("", "", 0), ("flaw", "lawn", 2),
                      ("same", "same", 0), ("café", "cafe", 1), ("ab", "ba", 2), ("neighbourhood", "neighborhood", 1)])
    func levenshtein(a: String, b: String, distance: Int) {
        #expect(editDistance(a, b) == distance)
        #expect(editDistance(b, a) == distance)
    }

    @Test("closest match: a near name, case-insensitively; nothing when all are far")
    func closest() {
        let keys = ["neighbourhoods", "departments", "managers", "aldermen", "connectors"]
        #expect(closestMatch(to: "neighborhoods", among: keys) == "neighbourhoods")
        #expect(closestMatch(to: "Connectors", among: keys) == "connectors")
        #expect(closestMatch(to: "aldermans", among: keys) == "aldermen")
        #expect(closestMatch(to: "budget", among: keys) == nil)
        #expect(closestMatch(to: "anything", among: [String]()) == nil)
        // Short names tolerate one edit, but a one-letter name never matches a different one.
        #expect(closestMatch(to: "kid", among: ["kind"]) == "kind")
        #expect(closestMatch(to: "x", among: ["y"]) == nil)
        // The closest candidate wins; on a tie, the first one given.
        #expect(closestMatch(to: "teamManagr", among: ["clusterManager", "teamManager"]) == "teamManager")
        #expect(closestMatch(to: "mid", among: ["mad", "mud"]) == "mad")
    }
}
