import Foundation
import Testing
import VerbinderTestSupport
@testable import VerbinderRender
@testable import VerbinderSimulation
import VerbinderCore
import VerbinderScenario

@Suite("Result pictures")
struct ResultPictureTests {
    @Test("the praatplaat shows 8 cells with ✓/✗ against the threshold")
    func praatplaat() throws {
        let run = try Fixtures.simulatedRun()
        let input = try RenderInput(summary: run.summary, outcome: run.outcomeGraph)
        for threshold in [0.0, 0.6, 1.0] {
            let picture = try Renderer.render(input, options: RenderOptions(view: .praatplaat, format: .svg, threshold: threshold))
            let svg = try #require(SVGContents.parse(picture.data))
            let passes = svg.texts.filter { $0 == "✓" }.count
            let fails = svg.texts.filter { $0 == "✗" }.count
            let empty = svg.texts.filter { $0 == "no connection attempts" }.count
            #expect(passes + fails + empty == 8)
            var expectedPasses = 0
            for role in ConnectorRole.allCases {
                for direction in RequestDirection.allCases {
                    if let rate = PraatplaatPicture.rate(of: run.summary.praatplaat[role, direction]), rate >= threshold {
                        expectedPasses += 1
                    }
                }
            }
            #expect(passes == expectedPasses)
            if threshold == 0 { #expect(fails == 0) }
            #expect(svg.texts.contains("LEEFWERELD"))
            #expect(svg.texts.contains("SYSTEEMWERELD"))
            #expect(svg.texts.contains("BRIDGE BUILDER"))
            // Every judged cell states its number as the share connected, so a ✗ cell never reads as "x% unsolved".
            #expect(svg.texts.filter { $0.contains("% connected") }.count == passes + fails)
        }
    }

    @Test("a result's title says what its numbers are: sums over replications, nodes from replication 0")
    func honestHeadline() throws {
        let run = try Fixtures.simulatedRun()
        #expect(run.summary.reproduction.replications > 1)
        let input = try RenderInput(summary: run.summary, outcome: run.outcomeGraph)
        let picture = try Renderer.render(input, options: RenderOptions(view: .aggregate, format: .svg))
        let text = try #require(SVGContents.parse(picture.data)).texts.joined(separator: "\n")
        #expect(text.contains("of all"), "the headline metric is the share of all requests connected")
        #expect(text.contains("sums over \(run.summary.reproduction.replications) replications"))
        #expect(picture.note.contains("replication 0 of \(run.summary.reproduction.replications)"))
        #expect(text.contains("in contact"), "neighbourhood counts in a result are the residents who took part")
    }

    @Test("a praatplaat of a scenario is an input error")
    func praatplaatNeedsResult() throws {
        #expect(throws: InputError.self) {
            try Renderer.render(try Fixtures.trickyInput(), options: RenderOptions(view: .praatplaat))
        }
    }

    @Test("the praatplaat marks cells without attempts")
    func emptyCells() throws {
        var summary = try Fixtures.simulatedRun(weeks: 4).summary
        summary.praatplaat[.mediator, .fromOfficials] = PraatplaatCell(attempts: 0, successes: 0, rate: nil, mean: nil, ci95: nil)
        summary.praatplaat[.fixer, .fromResidents] = PraatplaatCell(attempts: 10, successes: 9, rate: 0.9, mean: 0.9, ci95: [0.5, 0.99])
        let input = try RenderInput(summary: summary, outcome: Fixtures.outcomeGraph())
        let svg = try #require(SVGContents.parse(try Renderer.render(input, options: RenderOptions(view: .praatplaat, threshold: 0.6)).data))
        #expect(svg.texts.contains("no connection attempts"))
        #expect(svg.texts.contains("Answers to questions about the municipality"))
        #expect(svg.texts.contains("CI spans the threshold"))
    }

    @Test("compare draws both results side by side and marks the differences")
    func compare() throws {
        let baseline = try Fixtures.simulatedRun(seed: 7)
        var intervention = try Fixtures.simulatedRun(seed: 8)
        // A cell the baseline does not fully realise, so that setting it to 100% is a rise.
        let raised = try #require(PraatplaatCellKey.allCases.first { (baseline.summary.praatplaat[$0].mean ?? 1) < 0.95 })
        intervention.summary.praatplaat[raised] = PraatplaatCell(attempts: 10, successes: 10, rate: 1, mean: 1, ci95: nil)
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try baseline.write(to: directory + "/baseline")
        try intervention.write(to: directory + "/intervention")
        let first = try RenderInput.load(path: directory + "/baseline")
        let second = try RenderInput.load(path: directory + "/intervention")
        let picture = try Renderer.render(first, options: RenderOptions(view: .compare, format: .svg), against: second)
        #expect(picture.view == .compare)
        let svg = try #require(SVGContents.parse(picture.data))
        #expect(svg.clusters.contains("cluster_a"))
        #expect(svg.clusters.contains("cluster_b"))
        #expect(svg.texts.contains("baseline vs intervention"))
        #expect(svg.texts.contains { $0.hasPrefix("▲ +") })
        #expect(svg.nodes.filter { $0.hasPrefix("a_") }.count == svg.nodes.filter { $0.hasPrefix("b_") }.count)
        // The same groups in the same order on both sides.
        #expect(svg.nodes.filter { $0.hasPrefix("a_") }.map { $0.dropFirst(2) } == svg.nodes.filter { $0.hasPrefix("b_") }.map { $0.dropFirst(2) })
        // Fits a screen: Graphviz's size of 19 × 11 inches, in points.
        let text = String(decoding: picture.data, as: UTF8.self)
        let width = try #require(text.firstMatch(of: /<svg width="(\d+)pt"/).flatMap { Int($0.1) })
        #expect(width <= 19 * 72)
        #expect(throws: InputError.self) { try Renderer.render(first, options: RenderOptions(view: .compare)) }
    }

    @Test("compare marks a change only when the two-proportion test finds it significant")
    func significance() {
        #expect(!ComparePicture.significantlyDifferent(50, of: 100, 60, of: 100))   // z ≈ 1.42
        #expect(ComparePicture.significantlyDifferent(500, of: 1_000, 600, of: 1_000))  // z ≈ 4.5
        #expect(!ComparePicture.significantlyDifferent(0, of: 0, 5, of: 10))
        #expect(!ComparePicture.significantlyDifferent(10, of: 10, 20, of: 20))
    }

    @Test("renderResultPictures writes network.svg and praatplaat.svg next to the results")
    func resultPictures() throws {
        let run = try Fixtures.simulatedRun()
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let results = directory + "/run"
        try run.write(to: results)
        let written = try renderResultPictures(directory: results)
        #expect(written == [results + "/network.svg", results + "/praatplaat.svg"])
        for path in written {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(SVGContents.parse(data) != nil)
        }
        // A municipality of a few neighbourhoods gets the flow picture, the same as `render --view flow`.
        let network = try Data(contentsOf: URL(fileURLWithPath: written[0]))
        let flow = try Renderer.render(try RenderInput.load(path: results), options: RenderOptions(view: .flow))
        #expect(flow.view == .flow && flow.data == network)
        // From memory (as simulate --render draws them), the same bytes as from the files.
        let fromMemory = directory + "/memory"
        try FileManager.default.createDirectory(atPath: fromMemory, withIntermediateDirectories: true)
        let drawn = try Renderer.renderResultPictures(try RenderInput(summary: run.summary, outcome: run.outcomeGraph, path: results),
                                                      into: fromMemory)
        #expect(drawn == [fromMemory + "/network.svg", fromMemory + "/praatplaat.svg"])
        for (file, memory) in zip(written, drawn) {
            #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == Data(contentsOf: URL(fileURLWithPath: memory)))
        }
    }

    @Test("the flow view draws a result left to right with its layout; a scenario or another layout is an input error")
    func flowView() throws {
        let run = try Fixtures.simulatedRun()
        let input = try RenderInput(summary: run.summary, outcome: run.outcomeGraph)
        let picture = try Renderer.render(input, options: RenderOptions(view: .flow))
        #expect(picture.layout == .dot)
        let text = try #require(SVGContents.parse(picture.data)).texts.joined(separator: "\n")
        #expect(text.contains("requests per year in replication 0 of the 3"))
        #expect(throws: InputError.self) { try Renderer.render(input, options: RenderOptions(view: .flow, layout: .neato)) }
        #expect(throws: InputError.self) { try Renderer.render(try Fixtures.trickyInput(), options: RenderOptions(view: .flow)) }
    }

    @Test("a directory without results, and a malformed outcome graph, are input errors")
    func badResults() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(throws: InputError.self) { try RenderInput.load(path: directory) }
        try Data(#"{"scenario": "x", "nodes": [{"id": "a"}], "edges": []}"#.utf8)
            .write(to: URL(fileURLWithPath: directory + "/outcome-graph.json"))
        do {
            _ = try RenderInput.load(path: directory)
            Issue.record("expected an InputError")
        } catch let error as InputError {
            #expect(error.description.contains("outcome-graph.json"))
            #expect(error.description.contains("nodes[0].kind"))
        }
        var graph = Fixtures.outcomeGraph()
        graph.edges.append(.init(source: "nobody", target: "Oost", kind: "request", attempts: 1, successes: 0, created: false))
        #expect(throws: InputError.self) { try RenderInput(summary: nil, outcome: graph) }
    }
}

@Suite("Command line")
struct CommandLineTests {
    static func run(_ arguments: [String]) throws -> ProcessResult {
        try VerbinderBinary.run(arguments)
    }

    @Test("unknown layouts and formats exit 2 with a clear message", arguments: [
        (["--layout", "circo"], "unknown layout 'circo'"),
        (["--format", "jpeg"], "unknown format 'jpeg'"),
        (["--view", "praatplaat"], "the praatplaat view needs a simulation result"),
        (["--threshold", "2"], "threshold 2.0 is out of range"),
    ])
    func badOptions(arguments: [String], message: String) throws {
        let result = try Self.run(["render", Fixtures.trickyPath] + arguments)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message))
        #expect(result.stdout.isEmpty)
    }

    @Test("render writes the file atomically and reports the view on stderr")
    func writesFile() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let out = directory + "/picture.png"
        let result = try Self.run(["render", Fixtures.trickyPath, "--out", out])
        #expect(result.status == 0)
        #expect(result.stderr.contains("network view, chosen automatically"))
        let data = try Data(contentsOf: URL(fileURLWithPath: out))
        #expect(data.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    }
}
