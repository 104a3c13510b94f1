import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import VerbinderCore
@testable import VerbinderAnalysis

let fixtureDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

/// Readers for CSV edge lists, outcome graphs, GraphML and scenarios; their errors; export round trips.
@Suite("Inputs and exports")
struct InputTests {
    /// The first diagnostic of the error `body` throws.
    func firstProblem(_ body: () throws -> Void) -> Diagnostic? {
        do { try body() } catch let error as InputError { return error.diagnostics.first } catch { return nil }
        return nil
    }

    @Test func csvEdgeListWithNodes() throws {
        let nodes = "id,team,interest\na,x,0.9\nb,x,0.2\nc,y,0.5\nd,y,0\n"
        let edgesText = "source,target,weight\na,b,2\nb,c,\nc,d,1.5\na,a,1\n"
        let data = try EdgeListReader.read(edgesText: edgesText, edgesFile: "e.csv", nodesText: nodes, nodesFile: "n.csv")
        #expect(data.ids == ["a", "b", "c", "d"])
        #expect(data.attributeNames == ["team", "interest"])
        #expect(data.edges.weights == [2, 1, 1.5, 1])
        #expect(try data.groupCodes("team").codes == [0, 0, 1, 1])
    }

    @Test func csvEdgeListWithoutNodesCreatesThemInOrder() throws {
        let data = try EdgeListReader.read(edgesText: "target,source\nb,a\nc,b\n", edgesFile: "e.csv")
        // Columns are found by name; ids are numbered as met, source before target in each row.
        #expect(data.ids == ["a", "b", "c"])
        #expect(data.edges.sources == [0, 1] && data.edges.targets == [1, 2])
    }

    @Test(arguments: [
        ("source,target,weight\na,b,-1\n", 2, "weight '-1' is not a finite number of at least 0"),
        ("source,target,weight\na,b,1\nb,c,nan\n", 3, "weight 'nan' is not a finite number of at least 0"),
        ("source,target,weight\na,b,x\n", 2, "weight 'x' is not a finite number of at least 0"),
        ("source,weight\na,1\n", 1, "missing column 'target' (header is: source,weight)"),
        ("source,target\na,b\nb,c,d\n", 3, "expected 2 fields (source,target), found 3"),
        ("source,target\na,\"b\n", 2, "unterminated quoted field: the quote opened here is never closed"),
        ("source,target\na,b\n,c\n", 3, "empty source id"),
    ])
    func csvErrors(_ text: String, _ line: Int, _ message: String) {
        let problem = firstProblem { _ = try EdgeListReader.read(edgesText: text, edgesFile: "edges.csv") }
        #expect(problem?.location.line == line)
        #expect(problem?.message == message)
        #expect(problem?.location.file == "edges.csv")
    }

    @Test func csvUnknownNodeId() {
        let problem = firstProblem {
            _ = try EdgeListReader.read(edgesText: "source,target\na,b\nb,zz\n", edgesFile: "e.csv",
                                        nodesText: "id\na\nb\n", nodesFile: "n.csv")
        }
        #expect(problem?.location.line == 3)
        #expect(problem?.message == "unknown node id 'zz' (not in n.csv)")
        let duplicate = firstProblem {
            _ = try EdgeListReader.read(edgesText: "source,target\n", edgesFile: "e.csv", nodesText: "id\na\na\n", nodesFile: "n.csv")
        }
        #expect(duplicate?.location == SourceLocation(file: "n.csv", line: 3))
        let missing = firstProblem {
            _ = try EdgeListReader.read(edgesText: "source,target\n", edgesFile: "e.csv", nodesText: "name\na\n", nodesFile: "n.csv")
        }
        #expect(missing?.message.hasPrefix("missing column 'id'") == true)
    }

    @Test func outcomeGraphToleratesExtraKeysAndDropsFailedAttempts() throws {
        let data = try NetworkData.load(path: fixtureDirectory.appendingPathComponent("outcome-graph.json").path)
        #expect(data.ids.count == 7)
        #expect(data.ids[0] == "Wijkverbinder Noord")
        #expect(data.kinds[0] == .connector && data.kinds[2] == .partner)
        #expect(data.attribute("arena")?[5] == "lifeworld")
        #expect(data.attribute("neighbourhood")?[1] == "")
        #expect(data.attribute("extra") == nil)  // objects are not attributes
        // 7 edges, one of them only failed attempts.
        #expect(data.edges.count == 6)
        #expect(data.edges.weights == [1, 1, 2, 1, 1, 2.5])
        #expect(data.edgeKinds == ["membership", "membership", "request", "referral", "bridge", "tie"])
        #expect(data.connectorNodes == [0, 1])
        let kept = try OutcomeGraphReader.read(path: fixtureDirectory.appendingPathComponent("outcome-graph.json").path,
                                               keepFailedAttempts: true)
        #expect(kept.edges.count == 7)
    }

    @Test(arguments: [
        ("{\"nodes\": [{\"id\": \"a\"}],\n \"edges\": [\n  {\"source\": \"a\", \"target\": \"b\"}]}", 3, "edges[0].target: unknown node id 'b'"),
        ("{\"nodes\": [{\"id\": \"a\"}, {\"id\": \"b\"}],\n \"edges\": [{\"source\": \"a\",\n \"target\": \"b\", \"weight\": -2}]}", 3, "edges[0].weight: expected a number of at least 0"),
        ("{\"nodes\": [\n{\"id\": \"a\"},\n{\"id\": \"a\"}], \"edges\": []}", 3, "nodes[1].id: duplicate node id 'a'"),
        ("{\"nodes\": [],\n\n \"edges\": [}", 3, "invalid JSON: unexpected character"),
        ("{\"nodes\": []}", 1, "missing array 'edges'"),
        ("{\"nodes\": [{\"kind\": \"x\"}], \"edges\": []}", 1, "nodes[0]: missing 'id'"),
    ])
    func outcomeGraphErrors(_ text: String, _ line: Int, _ message: String) {
        let problem = firstProblem { _ = try OutcomeGraphReader.read(text: text, file: "o.json") }
        #expect(problem?.location.line == line)
        #expect(problem.map { $0.keyPath.isEmpty ? $0.message : "\($0.keyPath): \($0.message)" } == message)
    }

    @Test func graphMLReadsKeysDefaultsAndWeights() throws {
        let text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
              <key id="d0" for="node" attr.name="team" attr.type="string"><default>none</default></key>
              <key id="d1" for="edge" attr.name="weight" attr.type="double"><default>2</default></key>
              <graph id="G" edgedefault="directed">
                <node id="a"><data key="d0">x</data></node>
                <node id="b"/>
                <edge source="a" target="b"><data key="d1">4.5</data></edge>
                <edge source="b" target="c"/>
                <node id="c"><data key="d0">y</data></node>
              </graph>
            </graphml>
            """
        let data = try GraphMLReader.read(data: Data(text.utf8), file: "g.graphml")
        #expect(data.ids == ["a", "b", "c"])
        #expect(data.attribute("team") == ["x", "none", "y"])
        #expect(data.edges.weights == [4.5, 2])
        #expect(data.statedDirected == true)
    }

    @Test(arguments: [
        ("<graphml><graph>\n<node id=\"a\"/>\n<edge source=\"a\" target=\"zz\"/>\n</graph></graphml>", 3, "unknown node id 'zz'"),
        ("<graphml><key id=\"w\" for=\"edge\" attr.name=\"weight\"/><graph>\n<node id=\"a\"/><node id=\"b\"/>\n<edge source=\"a\" target=\"b\"><data key=\"w\">-1</data></edge>\n</graph></graphml>", 3, "weight '-1' is not a finite number of at least 0"),
        ("<graphml><graph>\n<node id=\"a\"/>\n<node id=\"a\"/></graph></graphml>", 3, "duplicate node id 'a'"),
        ("<graphml><graph>\n<node id=\"a\">\n</graph></graphml>", 3, nil),
    ] as [(String, Int, String?)])
    func graphMLErrors(_ text: String, _ line: Int, _ message: String?) {
        let problem = firstProblem { _ = try GraphMLReader.read(data: Data(text.utf8), file: "g.graphml") }
        #expect(problem?.location.line == line)
        if let message { #expect(problem?.message == message) } else { #expect(problem?.message.hasPrefix("malformed GraphML") == true) }
    }

    @Test func unknownFormat() {
        let problem = firstProblem { _ = try NetworkData.load(path: "network.dat") }
        #expect(problem?.message.hasPrefix("unknown input format") == true)
    }

    @Test func scenarioInput() throws {
        let data = try NetworkData.load(path: fixtureDirectory.appendingPathComponent("tiny-scenario.yaml").path)
        #expect(data.connectorNodes.count == 2)
        #expect(data.ids.contains("Wijkverbinder Noord"))
        #expect(data.attribute("arena")?.count == data.nodeCount)
        #expect(data.structures.count == 2)
        #expect(data.edgeKinds.contains("portfolio"))
    }

    @Test func exportRoundTrips() throws {
        let original = try NetworkData.load(path: fixtureDirectory.appendingPathComponent("tiny-scenario.yaml").path)
        let graphML = NetworkExport.graphML(original, directed: true)
        let back = try GraphMLReader.read(data: Data(graphML.utf8), file: "x.graphml")
        #expect(back.ids == original.ids)
        #expect(back.edges == original.edges)
        #expect(back.edgeKinds == original.edgeKinds)
        #expect(back.attributeNames == original.attributeNames)
        #expect(back.attributeValues == original.attributeValues)
        #expect(back.kinds == original.kinds)

        let files = NetworkExport.csv(original)
        let fromCSV = try EdgeListReader.read(edgesText: files.edges, edgesFile: "e.csv", nodesText: files.nodes, nodesFile: "n.csv")
        #expect(fromCSV.ids == original.ids && fromCSV.edges == original.edges && fromCSV.attributeValues == original.attributeValues)
        // The same analysis from every form.
        var options = AnalysisOptions()
        options.metrics = [.degree, .betweenness, .constraint, .brokerageTotal]
        options.metricsAreDefault = false
        let reports = try [original, back, fromCSV].map { try Analysis.analyze($0, options: options).csv() }
        #expect(reports[0] == reports[1] && reports[1] == reports[2])
    }

    @Test func graphMLExportIsWellFormedWhateverTheIdsHold() throws {
        // Control characters are not allowed in XML 1.0: they are dropped, markup characters are escaped.
        let ids = ["bell\u{07}", "a<b>&\"c\"", "nul\u{00}x", "ok"]
        var edges = EdgeList(nodeCount: ids.count)
        edges.append(0, 1, weight: 1)
        edges.append(2, 3, weight: 2.5)
        var data = NetworkData(source: "x", ids: ids, edges: edges)
        data.edgeKinds = ["tie\u{1B}", "tie"]
        data.setAttribute("note", ["\u{0B}vertical tab", "fine", "", "\u{FFFE}"])
        let graphML = NetworkExport.graphML(data, directed: true)
        let parser = XMLParser(data: Data(graphML.utf8))
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        let back = try GraphMLReader.read(data: Data(graphML.utf8), file: "x.graphml")
        #expect(back.ids == ["bell", "a<b>&\"c\"", "nulx", "ok"])
        #expect(back.attribute("note") == ["vertical tab", "fine", "", ""])
        #expect(back.edges.weights == [1, 2.5])
    }
}
