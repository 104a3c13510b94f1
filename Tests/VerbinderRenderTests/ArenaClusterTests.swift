import Foundation
import Testing
@testable import VerbinderRender
@testable import VerbinderSimulation
import VerbinderCore
import VerbinderScenario

/// A result's aggregate view keeps all three arenas: partners that no request reached (the model routes none to
/// partners) are drawn as one grey node in the professional network's box, as in the flow picture.
@Suite("arena clusters")
struct ArenaClusterTests {
    /// A short run of the shipped Katwijk scenario (5 neighbourhoods, 14 partner organisations of 5 types).
    static func katwijk() throws -> RenderInput {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../scenarios/katwijk.yaml").standardized.path
        let scenario = try Scenario.load(path: path)
        let run = try Simulator.run(scenario, options: SimulationOptions(seed: 11, replications: 1, weeks: 8, threads: 1))
        return try RenderInput(summary: run.summary, outcome: run.outcomeGraph)
    }

    @Test("Katwijk's aggregate view draws three arena clusters, the professional one holding the grey partner node")
    func katwijkAggregate() throws {
        let input = try Self.katwijk()
        // The premise: no flow touches a partner in the result.
        var partnerAttempts = 0
        input.network.forEachEdge { source, target, _, attempts, _, _ in
            if input.network.nodes.kinds[Int(source)] == .partner || input.network.nodes.kinds[Int(target)] == .partner {
                partnerAttempts += attempts
            }
        }
        #expect(partnerAttempts == 0)

        let picture = try Renderer.render(input, options: RenderOptions(view: .aggregate, format: .svg))
        #expect(picture.view == .aggregate)
        let svg = try #require(SVGContents.parse(picture.data))
        #expect(svg.clusters == ["cluster_lifeworld", "cluster_professional", "cluster_municipal"])
        #expect(svg.nodes.contains("partners-idle"))
        let text = svg.texts.joined(separator: "\n")
        for line in ["police: 5 organisations", "welfare: 5 organisations", "housing: 3 organisations",
                     "school: 1 organisation", "no requests this run", "Professional network",
                     "Grey: partners get no requests in the model"] {
            #expect(text.contains(line), "missing \(line)")
        }
        // The grey node is ranked by an invisible edge from a neighbourhood, not by a flow.
        let dot = String(decoding: try Renderer.render(input, options: RenderOptions(view: .aggregate, format: .dot)).data, as: UTF8.self)
        let toIdle = dot.split(separator: "\n").filter { $0.contains("-> \"partners-idle\"") || $0.contains("-> partners-idle") }
        #expect(toIdle.count == 1 && toIdle.allSatisfy { $0.contains("invis") })
    }

    @Test("a partner that a request reached is drawn as itself, not in the grey node")
    func reachedPartner() throws {
        var graph = Fixtures.outcomeGraph()
        let (idle, _) = Aggregation.aggregate(try RenderInput(summary: nil, outcome: graph).network).simplified()
        #expect(idle.idlePartners.map(\.title) == ["police"] && !idle.nodes.contains { $0.kind == .partner })
        graph.edges.append(.init(source: "Verbinder Ëva", target: "police (Oost)", kind: "referral", attempts: 2, successes: 1, created: false))
        let (reached, _) = Aggregation.aggregate(try RenderInput(summary: nil, outcome: graph).network).simplified()
        #expect(reached.idlePartners.isEmpty && reached.nodes.contains { $0.kind == .partner && $0.title == "police" })
        let spec = NetworkPicture.spec(reached, legend: Legend(title: "t", headline: [], note: ""), layout: .dot)
        #expect(!spec.nodes.contains { $0.id == "partners-idle" })
    }

    @Test("the flow picture names partner types in the picture's language")
    func partnerTypesInDutch() throws {
        let input = try Self.katwijk()
        let dutch = String(decoding: try FlowPicture.render(input, replications: 1, language: .nl).data, as: UTF8.self)
        for line in ["politie: 5 organisaties", "welzijn: 5 organisaties", "woningcorporatie: 3 organisaties", "school: 1 organisatie"] {
            #expect(dutch.contains(line), "missing \(line)")
        }
        #expect(!dutch.contains("police") && !dutch.contains("welfare") && !dutch.contains("housing"))
        let english = String(decoding: try FlowPicture.render(input, replications: 1, language: .en).data, as: UTF8.self)
        #expect(english.contains("police: 5 organisations") && english.contains("housing: 3 organisations"))
    }
}
