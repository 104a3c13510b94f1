import Foundation
import Testing
@testable import VerbinderRender
@testable import VerbinderSimulation
import VerbinderCore
import VerbinderScenario

/// The flow picture the mengpaneel shows: few nodes, the three arenas as clusters, no loops, numbers per year.
@Suite("flow picture")
struct FlowPictureTests {
    /// The hand-made result plus a flow inside the neighbourhood (a resident to its own neighbourhood) and a
    /// resident's direct request to the department.
    func handmade() throws -> RenderInput {
        var graph = Fixtures.outcomeGraph()
        graph.edges += [
            OutcomeGraph.Edge(source: "resident-7", target: "Oost", kind: "request", attempts: 2, successes: 1, created: false),
            OutcomeGraph.Edge(source: "resident-7", target: "official-9", kind: "request", attempts: 10, successes: 4, created: false),
        ]
        return try RenderInput(summary: nil, outcome: graph)
    }

    func label(_ node: GraphSpec.Node) -> String {
        guard let value = node.attributes.last(where: { $0.name == "label" })?.value else { return "" }
        switch value {
        case .text(let text), .html(let text): return text
        }
    }

    @Test("flows inside a node are written on it, not drawn as loops; idle partners keep the professional network's box")
    func withinAndIdle() throws {
        let spec = FlowPicture.spec(try handmade(), replications: 1, words: .init(.en))
        #expect(!spec.edges.isEmpty && spec.edges.allSatisfy { $0.tail != $0.head })
        let oost = try #require(spec.nodes.first { label($0).hasPrefix("Oost") })
        #expect(label(oost).contains("within: 2 a year · 50%"))
        #expect(label(oost).contains("→ departments: 10 · 40%"))
        #expect(spec.subgraphs.map(\.id) == ["cluster_lifeworld", "cluster_professional", "cluster_municipal"])
        let professional = try #require(spec.subgraphs.first { $0.id == "cluster_professional" })
        let partners = try #require(spec.nodes.first { $0.id == professional.nodeIDs.first })
        #expect(label(partners).contains("police: 1 organisation") && label(partners).contains("no requests this run"))
        // The escalation is a double line; the resident's direct request is dashed.
        #expect(spec.edges.contains { edge in edge.attributes.contains { $0.name == "arrowhead" && $0.value == .text("veevee") } })
        #expect(spec.edges.contains { edge in edge.attributes.contains { $0.name == "style" && $0.value == .text("dashed") } })
    }

    @Test("counts are per year: a 26-week run's numbers are doubled, and the picture says so")
    func perYear() throws {
        let run = try Fixtures.simulatedRun(weeks: 26)
        let input = try RenderInput(summary: run.summary, outcome: run.outcomeGraph)
        let spec = FlowPicture.spec(input, replications: 3, words: .init(.en))
        let legend = spec.attributes.first { $0.name == "label" }.map { attribute -> String in
            if case .html(let text) = attribute.value { return text }
            return ""
        } ?? ""
        #expect(legend.contains("requests per year in replication 0 of the 3 (26 weeks, scaled to a"))
        // Every arrow's number is twice an even count of attempts, rounded: all flows' numbers are even.
        let numbers = spec.edges.compactMap { edge -> Int? in
            guard case .text(let text)? = edge.attributes.first(where: { $0.name == "label" })?.value else { return nil }
            return Int(text.split(separator: " ").first.map { $0.replacingOccurrences(of: ",", with: "") } ?? "")
        }
        #expect(!numbers.isEmpty && numbers.allSatisfy { $0 % 2 == 0 })
    }

    @Test("a real result renders as SVG with every name escaped, in Dutch and English, the same bytes every time")
    func svg() throws {
        let run = try Fixtures.simulatedRun()
        let input = try RenderInput(summary: run.summary, outcome: run.outcomeGraph)
        let dutch = try FlowPicture.render(input, replications: 3, language: .nl)
        let contents = try #require(SVGContents.parse(dutch.data))
        #expect(contents.clusters.count >= 3)
        let text = contents.texts.joined(separator: "\n")
        #expect(text.contains("Leefwereld") && text.contains("Gemeentelijke organisatie (systeemwereld)"))
        #expect(text.contains("Café & Zorg"))
        #expect(try FlowPicture.render(input, replications: 3, language: .nl).data == dutch.data)
        let english = try FlowPicture.render(input, replications: 3, language: .en)
        #expect(String(decoding: english.data, as: UTF8.self).contains("Lifeworld (leefwereld)"))
        #expect(throws: InputError.self) {
            try FlowPicture.render(try Fixtures.trickyInput(), replications: 1)
        }
    }
}
