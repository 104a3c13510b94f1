import Foundation
import Testing
import VerbinderTestSupport
@testable import VerbinderRender
@testable import VerbinderSimulation
import VerbinderCore
import VerbinderScenario

@Suite("Escaping")
struct EscapingTests {
    @Test("plain labels keep text literal", arguments: [
        ("a \"quoted\" name", "a \"quoted\" name"),
        ("R&D", "R&amp;D"),
        ("two\nlines", "two\\nlines"),
        ("back\\slash \\N", "back\\\\slash \\\\N"),
        ("Zoë, Naïeve, café 🏘️", "Zoë, Naïeve, café 🏘️"),
        ("<b>not html</b>", "<b>not html</b>"),
    ])
    func plainLabels(input: String, expected: String) {
        #expect(escapedLabel(input) == expected)
    }

    @Test("HTML labels escape markup", arguments: [
        ("a < b & c > d", "a &lt; b &amp; c &gt; d"),
        ("\"Zoë\" 'x'", "&quot;Zoë&quot; &#39;x&#39;"),
        ("line\nbreak", "line<BR/>break"),
        ("🏘️ ë ï é", "🏘️ ë ï é"),
    ])
    func htmlLabels(input: String, expected: String) {
        #expect(htmlEscaped(input) == expected)
    }
}

@Suite("Network pictures")
struct NetworkPictureTests {
    @Test("SVG parses and holds the arena clusters, every node and every edge of the network view")
    func networkViewSVG() throws {
        let input = try Fixtures.trickyInput()
        let picture = try Renderer.render(input, options: RenderOptions(view: .network, format: .svg, layout: .fdp))
        #expect(picture.view == .network)
        #expect(picture.warnings.isEmpty)
        let svg = try #require(SVGContents.parse(picture.data))
        #expect(svg.clusters.sorted() == ["cluster_lifeworld", "cluster_municipal", "cluster_professional"])
        #expect(svg.nodes.count == input.network.nodeCount)
        #expect(svg.edges.count == Fixtures.distinctEdges(input.network))
        #expect(svg.edges.count < input.network.edgeCount) // the fixture has parallel ties, drawn once
        // Names with quotes, <, &, a newline, emoji and diacritics come back exactly (newline = two text lines).
        let text = svg.texts
        #expect(text.contains("De Ëik <Noord> & \"Zuid\" 🌳"))
        #expect(text.contains("Café & Zorg (sociaal)"))
        #expect(text.contains("Wijkverbinder \"Zoë\""))
        #expect(text.contains("Noord & Zuid"))
        #expect(text.contains("Wethouder Zoë <Participatie>"))
        #expect(text.contains("Gemeente \"Ëindhoven\" <test> & co 🏘️"))
    }

    @Test("the aggregate view groups actors and sums edges", arguments: [LayoutEngine.dot, .fdp])
    func aggregateView(layout: LayoutEngine) throws {
        let input = try Fixtures.trickyInput()
        let picture = try Renderer.render(input, options: RenderOptions(view: .aggregate, format: .svg, layout: layout))
        let svg = try #require(SVGContents.parse(picture.data))
        // 2 neighbourhoods, 2 departments, 2 partner types, connector, cluster manager, alderman, theme.
        #expect(svg.nodes.count == 10)
        #expect(svg.texts.contains("12 residents · 1 initiatives"))
        #expect(svg.texts.contains("politie"))
        #expect(svg.texts.contains("2 organisations"))
        #expect(svg.clusters.count == 3)
    }

    @Test("the arenas view has one node per kind and arena")
    func arenasView() throws {
        let input = try Fixtures.trickyInput()
        let picture = try Renderer.render(input, options: RenderOptions(view: .arenas, format: .svg))
        let svg = try #require(SVGContents.parse(picture.data))
        let kinds = Set(input.network.nodes.kinds).count
        #expect(svg.nodes.count == kinds)
        #expect(svg.texts.contains("residents"))
        #expect(svg.texts.contains("20"))
    }

    @Test("edges are coloured by success rate, escalations doubled, created ties dashed")
    func edgeGrammar() throws {
        let input = try RenderInput(summary: nil, outcome: Fixtures.outcomeGraph())
        let picture = try Renderer.render(input, options: RenderOptions(view: .network, format: .dot, layout: .dot))
        let dot = String(decoding: picture.data, as: UTF8.self)
        #expect(dot.contains(VisualGrammar.colour(forRate: 0.75)))
        #expect(dot.contains(VisualGrammar.colour(forRate: 0.5)))
        let escalation = VisualGrammar.colour(forRate: 1)
        #expect(dot.contains("\(escalation):white:\(escalation)"))
        #expect(dot.contains("dashed"))
        let svg = try #require(SVGContents.parse(try Renderer.render(input, options: RenderOptions(view: .network, format: .svg, layout: .dot)).data))
        #expect(svg.edgeStrokes.map { $0.uppercased() }.contains(VisualGrammar.colour(forRate: 0.75)))
        #expect(svg.texts.contains("request or referral (arrow: direction)"))
        #expect(svg.texts.contains("escalation (double line, double arrow)"))
        #expect(svg.texts.contains("tie created during the run (dashed)"))
    }

    @Test("the view follows the network's size and says so")
    func automaticView() throws {
        let small = try Fixtures.scenario(residents: 20)
        let smallPicture = try Renderer.render(RenderInput(scenario: small, network: try NetworkGenerator.build(small)),
                                               options: RenderOptions(format: .dot))
        #expect(smallPicture.view == .network)
        #expect(smallPicture.note.contains("chosen automatically"))
        let large = try Fixtures.scenario(residents: 2_000)
        let largePicture = try Renderer.render(RenderInput(scenario: large, network: try NetworkGenerator.build(large)),
                                               options: RenderOptions(format: .dot))
        #expect(largePicture.view == .aggregate)
        #expect(largePicture.layout == .dot)
        #expect(String(decoding: largePicture.data, as: UTF8.self).contains("subgraph cluster_"), "the arenas are drawn as clusters")
        #expect(largePicture.note.contains("aggregate view, chosen automatically"))
    }

    @Test("the network view refuses networks too large to draw")
    func networkViewLimit() throws {
        let large = try Fixtures.scenario(residents: 6_000)
        let input = RenderInput(scenario: large, network: try NetworkGenerator.build(large))
        #expect(throws: InputError.self) {
            try Renderer.render(input, options: RenderOptions(view: .network, format: .svg))
        }
    }

    @Test("an empty graph and a graph of one node render", arguments: RenderFormat.allCases)
    func tinyGraphs(format: RenderFormat) throws {
        let empty = try RenderInput(summary: nil, outcome: OutcomeGraph(scenario: "Leeg", nodes: [], edges: []))
        let one = try RenderInput(summary: nil, outcome: OutcomeGraph(
            scenario: "Eén", nodes: [.init(id: "Zoë", kind: "connector", arena: "municipal", neighbourhood: nil, department: nil)], edges: []))
        for input in [empty, one] {
            for view in [RenderView.network, .aggregate, .arenas] {
                let picture = try Renderer.render(input, options: RenderOptions(view: view, format: format))
                #expect(!picture.data.isEmpty)
                if format == .svg {
                    let svg = try #require(SVGContents.parse(picture.data))
                    #expect(svg.nodes.count == input.network.nodeCount)
                }
            }
        }
    }

    @Test("PNG and PDF come out as PNG and PDF")
    func binaryFormats() throws {
        let input = try Fixtures.trickyInput()
        let png = try Renderer.render(input, options: RenderOptions(view: .aggregate, format: .png)).data
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let pdf = try Renderer.render(input, options: RenderOptions(view: .aggregate, format: .pdf)).data
        #expect(String(decoding: pdf.prefix(5), as: UTF8.self) == "%PDF-")
    }

    @Test("the same input gives byte-identical output, also after other renders", arguments: [RenderFormat.svg, .dot, .png])
    func determinism(format: RenderFormat) throws {
        let input = try Fixtures.trickyInput()
        for view in [RenderView.network, .aggregate] {
            let first = try Renderer.render(input, options: RenderOptions(view: view, format: format))
            _ = try Renderer.render(try Fixtures.trickyInput(), options: RenderOptions(view: .arenas, format: .svg))
            let again = try Renderer.render(try Fixtures.trickyInput(), options: RenderOptions(view: view, format: format))
            #expect(firstDifference(first.data, again.data) == nil, "\(view) view as \(format)")
        }
    }

    /// The server renders many pictures in one process: with Graphviz 2.43, `splines=curved` under neato
    /// made repeats differ and then crashed. `fdp` and `sfdp` are not held to this (docs/rendering.md).
    @Test("neato and dot give the same bytes over many renders in one process")
    func repeatedRendersInOneProcess() throws {
        let input = try Fixtures.trickyInput()
        var firsts: [String: Data] = [:]
        var differing: [String] = []
        for round in 0..<150 {
            let (view, layout) = round % 5 == 4 ? (RenderView.aggregate, LayoutEngine.dot) : (.network, .neato)
            let format = [RenderFormat.svg, .dot, .png][round % 3]
            let data = try Renderer.render(input, options: RenderOptions(view: view, format: format, layout: layout)).data
            let key = "\(view) \(layout) \(format)"
            if let first = firsts[key] {
                if firstDifference(first, data) != nil { differing.append("\(key) in round \(round)") }
            } else {
                firsts[key] = data
            }
        }
        #expect(differing.isEmpty)
    }
}

@Suite("DOT")
struct DOTTests {
    @Test("DOT output round-trips through Graphviz's parser with nodes, edges, clusters and labels intact")
    func roundTrip() throws {
        let input = try Fixtures.trickyInput()
        let picture = try Renderer.render(input, options: RenderOptions(view: .network, format: .dot, layout: .fdp))
        let text = String(decoding: picture.data, as: UTF8.self)
        #expect(!text.contains("pos="))
        let parsed = try GraphvizRenderer.parseDOT(text)
        #expect(parsed.nodes.count == input.network.nodeCount)
        #expect(parsed.edgeCount == Fixtures.distinctEdges(input.network))
        #expect(parsed.subgraphs.sorted() == ["cluster_lifeworld", "cluster_municipal", "cluster_professional"])
        let labels = Set(parsed.nodes.compactMap(\.label))
        #expect(labels.contains(escapedLabel("De Ëik <Noord> & \"Zuid\" 🌳")))
        #expect(labels.contains(escapedLabel("Wijkverbinder \"Zoë\"\nNoord & Zuid")))
        #expect(labels.contains(escapedLabel("Café & Zorg (sociaal)")))
    }

    @Test("a spec renders as DOT and parses back to the same graph")
    func specRoundTrip() throws {
        var spec = GraphSpec(name: "g")
        spec.nodes = [GraphSpec.Node(id: "a \"1\"", attributes: [.init("label", .label("x & <y>\n\"z\" 🏘️"))]),
                      GraphSpec.Node(id: "b", attributes: [.init("label", .html("<B>&lt;b&gt;</B>"))])]
        spec.subgraphs = [GraphSpec.Subgraph(id: "cluster_x", attributes: [], nodeIDs: ["b"])]
        spec.edges = [GraphSpec.Edge(tail: "a \"1\"", head: "b", attributes: []), GraphSpec.Edge(tail: "a \"1\"", head: "b", attributes: [])]
        let output = try GraphvizRenderer.render(spec, layout: .dot, format: .dot)
        let parsed = try GraphvizRenderer.parseDOT(String(decoding: output.data, as: UTF8.self))
        #expect(Set(parsed.nodes.map(\.name)) == ["a \"1\"", "b"])
        #expect(parsed.nodes.first { $0.name == "a \"1\"" }?.label == escapedLabel("x & <y>\n\"z\" 🏘️"))
        #expect(parsed.nodes.first { $0.name == "b" }?.label == "<B>&lt;b&gt;</B>")
        #expect(parsed.edgeCount == 2)
        #expect(parsed.subgraphs == ["cluster_x"])
    }

    @Test("malformed DOT is an error, not a crash")
    func malformedDOT() {
        #expect(throws: RenderError.self) { try GraphvizRenderer.parseDOT("digraph { a -> ") }
    }
}

@Suite("Graphviz errors")
struct GraphvizErrorTests {
    @Test("a Graphviz error in a label becomes a RenderError carrying Graphviz's message")
    func badHTMLLabel() throws {
        var spec = GraphSpec(name: "bad")
        spec.nodes = [GraphSpec.Node(id: "n", attributes: [.init("label", .html("<TABLE><TR><TD>open"))])]
        do {
            _ = try GraphvizRenderer.render(spec, layout: .dot, format: .svg)
            Issue.record("expected an error")
        } catch let error as RenderError {
            #expect(!error.graphvizMessages.isEmpty)
            #expect(error.description.contains("error"))
        }
        // Graphviz is left in a usable state.
        var good = GraphSpec(name: "good")
        good.nodes = [GraphSpec.Node(id: "n", attributes: [])]
        #expect(try GraphvizRenderer.render(good, layout: .dot, format: .svg).warnings.isEmpty)
    }

    @Test("an unknown node in a subgraph or edge is an error")
    func unknownNode() {
        var spec = GraphSpec(name: "g")
        spec.edges = [GraphSpec.Edge(tail: "a", head: "b", attributes: [])]
        #expect(throws: RenderError.self) { try GraphvizRenderer.render(spec, layout: .dot, format: .svg) }
    }

    @Test("unknown layouts, formats and views are input errors naming the choices", arguments: [
        ("layout", "circo"), ("format", "jpeg"), ("view", "map"), ("layout", "neto"),
    ])
    func unknownChoices(kind: String, value: String) {
        do {
            switch kind {
            case "layout": _ = try LayoutEngine(parsing: value)
            case "format": _ = try RenderFormat(parsing: value)
            default: _ = try RenderView(parsing: value)
            }
            Issue.record("expected an InputError")
        } catch let error as InputError {
            #expect(error.description.contains("unknown \(kind) '\(value)': expected one of"))
            if value == "neto" { #expect(error.description.contains("did you mean 'neato'?")) }
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("a threshold outside 0...1 is an input error")
    func threshold() {
        #expect(throws: InputError.self) { try RenderOptions(threshold: 1.5).validate() }
        #expect(throws: InputError.self) { try RenderOptions(threshold: -.infinity).validate() }
    }
}

@Suite("Colour scale")
struct ColourScaleTests {
    @Test("the success-rate scale runs from red to teal and clamps")
    func scale() {
        #expect(VisualGrammar.colour(forRate: 0) == "#B2182B")
        #expect(VisualGrammar.colour(forRate: 1) == "#015F57")
        #expect(VisualGrammar.colour(forRate: -3) == "#B2182B")
        #expect(VisualGrammar.colour(forRate: .nan) == "#B2182B")
        #expect(VisualGrammar.colour(forRate: 0.5) == "#D4A72C")
        // Green rises and red falls from the middle to the top end: the two ends stay apart.
        #expect(VisualGrammar.colour(forRate: 0.6) != VisualGrammar.colour(forRate: 0.4))
    }

    @Test("widths grow with attempts, logarithmically, within bounds")
    func widths() {
        #expect(VisualGrammar.width(attempts: 0, maxAttempts: 100) == 0.8)
        #expect(abs(VisualGrammar.width(attempts: 100, maxAttempts: 100) - 7) < 1e-9)
        #expect(VisualGrammar.width(attempts: 10, maxAttempts: 100) < VisualGrammar.width(attempts: 50, maxAttempts: 100))
    }

    @Test("numbers are grouped with commas", arguments: [(0, "0"), (999, "999"), (1_000, "1,000"), (1_234_567, "1,234,567"), (-12_000, "-12,000")])
    func grouping(value: Int, text: String) {
        #expect(VisualGrammar.grouped(value) == text)
    }
}
