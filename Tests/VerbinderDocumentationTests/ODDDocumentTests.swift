import Foundation
import GRDB
import Testing
import VerbinderCore
import VerbinderExperiments
import VerbinderScenario
import VerbinderTestSupport
import VerbinderUncertainty
@testable import VerbinderDocumentation

@Suite("ODD document")
struct ODDDocumentTests {
    static func document(_ yaml: String = TinyMunicipality.yaml(weeks: 9, connectorHours: 17), tests: [TestSuiteRecord] = [],
                         studies: [StudyRecord] = []) throws -> ODDDocument {
        let scenario = try Scenario.parse(yaml: yaml, file: "tiny.yaml")
        return ODDDocument(scenario: scenario, network: try NetworkGenerator.build(scenario), tests: tests, studies: studies)
    }

    @Test func theSevenElementsAreThereInOrder() throws {
        let document = try Self.document()
        #expect(Array(document.sections.map(\.title).prefix(7)) == ODDDocument.elementTitles)
        let markdown = document.markdown(), html = document.html()
        var searchFrom = markdown.startIndex
        for title in ODDDocument.elementTitles {
            let range = markdown.range(of: "\n## \(title)\n", range: searchFrom ..< markdown.endIndex)
            #expect(range != nil, "missing or out of order: \(title)")
            if let range { searchFrom = range.upperBound }
            #expect(html.contains("<h2>\(title)</h2>"))
        }
    }

    @Test func everyParameterOfTheCatalogueAppears() throws {
        let markdown = try Self.document().markdown()
        for parameter in ModelParameters.catalogue {
            #expect(markdown.contains("| \(parameter.name) | \(parameter.unit) |"), "\(parameter.name)")
        }
    }

    @Test func theScenarioSettingsAppear() throws {
        let markdown = try Self.document().markdown()
        for expected in ["| weeks | 9 |", "| seed | 3 |", "| replications | 2 |", "| profile | developing |",
                         "| Verbinder Noord | Wijkzaken | Noord | 17 |", "| triage | firstCome |",
                         "route clusterManager", "reluctance 0.5", "neighbourhood Zuid | 2500 residents"] {
            #expect(markdown.contains(expected), "\(expected)")
        }
        // The actors per kind of the generated network.
        #expect(markdown.contains("| connector | 2 |") && markdown.contains("| department | 2 |"))
        // Every pattern with its status.
        for pattern in Pattern.catalogue { #expect(markdown.contains("\(pattern.name): \(pattern.role)")) }
    }

    @Test func aHostileScenarioNameIsEscapedInHTML() throws {
        let yaml = TinyMunicipality.yaml(weeks: 9, connectorHours: 17)
            .replacingOccurrences(of: "name: Tiny test municipality", with: "name: \"<script>alert('x')</script> & <b>Co</b>\"")
        let html = try Self.document(yaml).html()
        #expect(!html.contains("<script") && !html.contains("<b>"))
        #expect(html.contains("&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; &lt;b&gt;Co&lt;/b&gt;")
                || html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;Co&lt;/b&gt;"))
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("<link") && !html.contains("<img"))
    }

    @Test func sameInputGivesTheSameBytes() throws {
        let tests = try TestSuiteRecord.scan(directory: Repository.path("Tests"))
        let one = try Self.document(tests: tests), two = try Self.document(tests: tests)
        #expect(one.markdown() == two.markdown() && one.html() == two.html())
    }

    @Test func submodelTextAgreesWithTheModelDocument() throws {
        let text = try String(contentsOfFile: Repository.path("docs/model.md"), encoding: .utf8)
        let start = try #require(text.range(of: "## Life of a request\n"))
        let end = text.range(of: "\n## ", range: start.upperBound ..< text.endIndex)?.lowerBound ?? text.endIndex
        let section = String(text[start.lowerBound ..< end]).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(section == Submodels.markdownSection.trimmingCharacters(in: .whitespacesAndNewlines),
                "docs/model.md's \"Life of a request\" and Sources/VerbinderDocumentation/Submodels.swift differ: change both")
        #expect(Submodels.steps.count == 11 && Submodels.parts(of: Submodels.steps[0]).title == "Arrival")
        // The department response's factors stay a list.
        let response = Submodels.parts(of: Submodels.steps[4])
        #expect(response.title == "Department response" && response.items.first?.hasPrefix("**cluster**") == true && response.items.count >= 10)
    }

    @Test func inlineMarkdownIsEscapedFirst() {
        #expect(ODDDocument.inlineMarkdown("a `x<y` **b** *c* & 2*3") == "a <code>x&lt;y</code> <strong>b</strong> <em>c</em> &amp; 2*3")
    }

    @Test func theAppendixListsTestSuitesAndStudiesWithTheirHashes() throws {
        let tests = try TestSuiteRecord.scan(directory: Repository.path("Tests"))
        #expect(tests.contains { $0.module == "VerbinderDocumentationTests" && $0.suite == "ODD document" && $0.tests >= 8 })
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verbinder-odd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = folder.appendingPathComponent("results.sqlite").path
        try DatabaseQueue(path: store).write { db in
            try db.execute(sql: "CREATE TABLE calibration (id INTEGER PRIMARY KEY, method TEXT, command TEXT)")
            try db.execute(sql: "INSERT INTO calibration VALUES (1, 'abc-smc', 'verbinder calibrate tiny.yaml')")
        }
        let study = try StudyRecord.read(directory: folder.path)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: store)))
        #expect(study.kind == "calibration" && study.method == "abc-smc" && study.sha256 == sha256Hex(bytes: bytes) && study.sha256.count == 64)
        let markdown = try Self.document(studies: [study]).markdown()
        #expect(markdown.contains("| calibration | abc-smc | verbinder calibrate tiny.yaml | \(study.sha256) |"))
        #expect(throws: InputError.self) { try StudyRecord.read(directory: folder.appendingPathComponent("none").path) }
    }
}
