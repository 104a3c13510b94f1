import Foundation
import FoundationXML
import Testing
@testable import VerbinderRender
@testable import VerbinderSimulation
import VerbinderCore
import VerbinderScenario

/// Fixtures and helpers shared by the render tests.
enum Fixtures {
    /// `Fixtures/tricky.yaml`: a small municipality whose names hold quotes, `<`, `&`, a newline, emoji and diacritics.
    static let trickyPath: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/tricky.yaml").path
    }()

    static func trickyScenario() throws -> Scenario { try Scenario.load(path: trickyPath) }

    static func trickyInput() throws -> RenderInput { try RenderInput.load(path: trickyPath) }

    /// A scenario with `residents` residents in one neighbourhood (for the automatic view choice).
    static func scenario(residents: Int, name: String = "Groot") throws -> Scenario {
        try Scenario.parse(yaml: """
            name: \(name)
            run: {weeks: 4, seed: 3, replications: 2}
            neighbourhoods:
              - {name: Centrum, residents: \(residents), initiatives: 2, partners: [police]}
            departments:
              - {name: Wonen, domain: physical, officials: {policy: 3, execution: 4}}
            connectors:
              - {name: Verbinder, homeDepartment: Wonen, neighbourhoods: [Centrum]}
            """, file: "inline.yaml")
    }

    /// A hand-made result: two neighbourhood groups, a connector, a department, a manager, with a request at
    /// 3 of 4, a referral at 1 of 2, an escalation and a tie created during the run.
    static func outcomeGraph(scenario: String = "Handmade") -> OutcomeGraph {
        typealias N = OutcomeGraph.Node
        typealias E = OutcomeGraph.Edge
        return OutcomeGraph(
            scenario: scenario,
            nodes: [
                N(id: "Oost", kind: "neighbourhood", arena: "lifeworld", neighbourhood: "Oost", department: nil),
                N(id: "resident-7", kind: "resident", arena: "lifeworld", neighbourhood: "Oost", department: nil),
                N(id: "Verbinder Ëva", kind: "connector", arena: "municipal", neighbourhood: "Oost", department: "Wonen"),
                N(id: "Wonen", kind: "department", arena: "municipal", neighbourhood: nil, department: "Wonen"),
                N(id: "official-9", kind: "official", arena: "municipal", neighbourhood: nil, department: "Wonen"),
                N(id: "Teammanager", kind: "manager", arena: "municipal", neighbourhood: nil, department: nil),
                N(id: "police (Oost)", kind: "partner", arena: "professional", neighbourhood: "Oost", department: nil),
            ],
            edges: [
                E(source: "resident-7", target: "Verbinder Ëva", kind: "request", attempts: 4, successes: 3, created: false),
                E(source: "Verbinder Ëva", target: "Wonen", kind: "referral", attempts: 2, successes: 1, created: false),
                E(source: "Verbinder Ëva", target: "Teammanager", kind: "escalation", attempts: 1, successes: 1, created: false),
                E(source: "official-9", target: "resident-7", kind: "bridge", attempts: 0, successes: 0, created: true),
                E(source: "Verbinder Ëva", target: "Oost", kind: "assignedTo", attempts: 0, successes: 0, created: false),
                E(source: "Verbinder Ëva", target: "police (Oost)", kind: "tie", attempts: 0, successes: 0, created: false),
            ])
    }

    /// A real simulation of the tricky scenario (short, deterministic).
    static func simulatedRun(seed: UInt64 = 7, weeks: Int = 26) throws -> SimulationRun {
        try Simulator.run(try trickyScenario(), options: SimulationOptions(seed: seed, replications: 3, weeks: weeks, threads: 1))
    }

    /// The number of edges the network view draws: parallel edges of one kind are drawn once.
    static func distinctEdges(_ network: ActorNetwork) -> Int {
        struct Key: Hashable { var source: Int32; var target: Int32; var kind: VerbinderSimulation.InteractionKind; var created: Bool }
        var keys = Set<Key>()
        network.forEachEdge { source, target, kind, _, _, created in
            keys.insert(Key(source: source, target: target, kind: kind, created: created))
        }
        return keys.count
    }

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "verbinder-render-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

/// What an SVG written by Graphviz holds: its groups by class with their `<title>`, and all text.
struct SVGContents {
    var clusters: [String] = []
    var nodes: [String] = []
    var edges: [String] = []
    /// The contents of every `<text>` element, in order.
    var texts: [String] = []
    /// Every `stroke` attribute on edge paths.
    var edgeStrokes: [String] = []

    /// Parses `data` as XML; records a test issue and returns nil when it is not well-formed.
    static func parse(_ data: Data, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> SVGContents? {
        let delegate = Delegate()
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        guard parser.parse() else {
            Issue.record("SVG is not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "unknown error")",
                         sourceLocation: sourceLocation)
            return nil
        }
        return delegate.contents
    }

    private final class Delegate: NSObject, XMLParserDelegate {
        var contents = SVGContents()
        var groupClasses: [String] = []
        var inTitle = false
        var inText = false
        var buffer = ""

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            switch name {
            case "g": groupClasses.append(attributes["class"] ?? "")
            case "title": inTitle = true; buffer = ""
            case "text": inText = true; buffer = ""
            case "path" where groupClasses.contains("edge"):
                if let stroke = attributes["stroke"] { contents.edgeStrokes.append(stroke) }
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inTitle || inText { buffer += string }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            switch name {
            case "g": groupClasses.removeLast()
            case "title":
                inTitle = false
                switch groupClasses.last {
                case "cluster": contents.clusters.append(buffer)
                case "node": contents.nodes.append(buffer)
                case "edge": contents.edges.append(buffer)
                default: break
                }
            case "text":
                inText = false
                contents.texts.append(buffer)
            default: break
            }
        }
    }
}
