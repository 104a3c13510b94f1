import Foundation
import VerbinderTestSupport
import Testing
import VerbinderCore
import VerbinderScenario

/// The examples in `docs/scenario-format.md` are real: they load, validate and build.
@Suite("docs/scenario-format.md")
struct DocumentationTests {
    /// The fenced code blocks of the given language, in order.
    static func codeBlocks(_ language: String) throws -> [String] {
        let text = try String(contentsOf: Repository.root.appendingPathComponent("docs/scenario-format.md"), encoding: .utf8)
        var blocks: [String] = []
        var current: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line == "```\(language)" {
                current = []
            } else if current != nil, line == "```" {
                blocks.append(current!.joined(separator: "\n") + "\n")
                current = nil
            } else {
                current?.append(line)
            }
        }
        return blocks
    }

    @Test("the complete example loads and builds, with the CSV examples as its network")
    func example() throws {
        let yaml = try #require(try Self.codeBlocks("yaml").first)
        let csv = try Self.codeBlocks("csv")
        try #require(csv.count == 2)
        let folder = try TemporaryFolder()
        defer { folder.remove() }

        let scenario = try Scenario.parse(yaml: yaml, file: folder.url.appendingPathComponent("example.yaml").path)
        #expect(scenario.name == "Voorbeeldstad")
        #expect(scenario.residentCount == 14_000)
        let network = try NetworkGenerator.build(scenario)
        #expect(network.graph.count(of: .connector) == 1)

        try folder.write("nodes.csv", csv[0])
        try folder.write("edges.csv", csv[1])
        let withFiles = try folder.write("example.yaml", yaml + "network: {nodes: nodes.csv, edges: edges.csv}\n")
        let combined = try NetworkGenerator.build(try Scenario.load(path: withFiles))
        #expect(combined.graph.nodeCount == network.graph.nodeCount + 3)
        #expect(combined.graph.edgeCount == network.graph.edgeCount + 2)
        let corporation = try #require(combined.nodeByName["Woningcorporatie \"Thuis\""])
        #expect(combined.graph.nodes.neighbourhoodName(of: corporation) == "Noord")
    }

    @Test("every key the format reads is documented")
    func keysDocumented() throws {
        let text = try String(contentsOf: Repository.root.appendingPathComponent("docs/scenario-format.md"), encoding: .utf8)
        let keys = ["name", "description", "connectorTitle", "run", "weeks", "seed", "replications", "themes",
                    "neighbourhoods", "residents", "hardToReachShare", "usualSuspectShare", "initiatives", "partners",
                    "departments", "domain", "cluster", "officials", "policy", "execution", "supervision", "political",
                    "barriers", "standardisation", "internalOrientation", "functionSpecific", "resultOrientation",
                    "managers", "level", "department", "aldermen", "portfolio", "connectorPortfolio", "connectors",
                    "homeDepartment", "hoursPerWeek", "roleEmphasis", "fixer", "entrepreneur", "bridgeBuilder",
                    "mediator", "actors", "kind", "arena", "neighbourhood", "function", "activity", "ties", "from", "to",
                    "weight", "trust", "familiarity", "consultationStructures", "members", "generation",
                    "residentTies", "initiativeMembership", "colleagueTies", "connectorContacts",
                    "partnerResidentTies", "network", "nodes", "edges", "policies", "profile", "sliders",
                    "internalPositioning", "internalProcess", "politics", "communication", "capacity", "triage",
                    "maxDeferralWeeks", "escalation", "route", "alderman", "trigger", "waitDays", "reluctance",
                    "interventions", "startWeek"]
        for key in keys {
            #expect(text.contains("`\(key)`") || text.contains(".\(key)`"), "\(key) is not documented")
        }
        for names in [Profile.allNames, SliderLevel.allNames, TriagePolicy.allNames, EscalationRoute.allNames,
                      InterventionKind.allNames, ConsultationKind.allNames, PolicyDomain.allNames, NodeKind.allNames,
                      EdgeKind.allNames, Arena.allNames, OfficialFunction.allNames, ActivityLevel.allNames] {
            for name in names { #expect(text.contains("`\(name)`"), "value \(name) is not documented") }
        }
    }
}
