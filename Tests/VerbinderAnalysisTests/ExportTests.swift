import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import VerbinderCore
@testable import VerbinderAnalysis

/// What an export keeps (every edge, every attribute, with its type) and what the readers accept from other
/// tools (Gephi's and Excel's CSV, GraphML with types); hostile GraphML gets a clear refusal.
@Suite("Faithful export and forgiving import")
struct ExportTests {
    let outcomePath = fixtureDirectory.appendingPathComponent("outcome-graph.json").path
    let scenarioPath = fixtureDirectory.appendingPathComponent("tiny-scenario.yaml").path

    /// The `<key>` declarations of a GraphML text, parsed as XML: attr.name → (for, attr.type); and the
    /// number of `<edge>` elements.
    func keys(_ graphML: String) throws -> [String: (domain: String, type: String)] {
        try ElementCollector.parse(graphML).keys
    }

    final class ElementCollector: NSObject, XMLParserDelegate {
        var keys: [String: (domain: String, type: String)] = [:]
        var edges = 0

        static func parse(_ text: String) throws -> ElementCollector {
            let collector = ElementCollector()
            let parser = XMLParser(data: Data(text.utf8))
            parser.delegate = collector
            guard parser.parse() else { throw parser.parserError ?? CocoaError(.fileReadCorruptFile) }
            return collector
        }

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            if name == "key" { keys[attributes["attr.name"] ?? ""] = (attributes["for"] ?? "", attributes["attr.type"] ?? "") }
            if name == "edge" { edges += 1 }
        }
    }

    func firstProblem(_ body: () throws -> Void) -> Diagnostic? {
        do { try body() } catch let error as InputError { return error.diagnostics.first } catch { return nil }
        return nil
    }

    @Test("an outcome graph exports every interaction, failed ones included, with typed attempts, successes, created")
    func outcomeGraphKeepsEveryEdge() throws {
        let data = try NetworkData.load(path: outcomePath, keepFailedAttempts: true)
        #expect(data.statedDirected == true)
        #expect(data.edges.count == 7)
        #expect(data.edgeAttributeNames == ["attempts", "successes", "created"])
        #expect(data.edgeAttributeTypes["attempts"] == .int && data.edgeAttributeTypes["successes"] == .int)
        #expect(data.edgeAttributeTypes["created"] == .boolean)
        let failed = try #require(data.edgeAttributeValues[0].indices.first { data.edgeAttributeValues[0][$0] == "4" })
        #expect(data.edgeAttributeValues[1][failed] == "0")
        #expect(data.edges.weights[failed] == 0)

        let graphML = NetworkExport.graphML(data, directed: data.statedDirected!)
        let declared = try keys(graphML)
        #expect(declared["attempts"].map { $0.domain == "edge" && $0.type == "int" } == true)
        #expect(declared["successes"].map { $0.domain == "edge" && $0.type == "int" } == true)
        #expect(declared["created"].map { $0.domain == "edge" && $0.type == "boolean" } == true)
        #expect(declared["weight"].map { $0.domain == "edge" && $0.type == "double" } == true)
        #expect(try ElementCollector.parse(graphML).edges == 7)
        #expect(graphML.contains(#"edgedefault="directed""#))

        // Read back: the same edges, attributes and types.
        let back = try GraphMLReader.read(data: Data(graphML.utf8), file: "o.graphml")
        #expect(back.edges == data.edges)
        #expect(back.edgeAttributeNames == data.edgeAttributeNames)
        #expect(back.edgeAttributeValues == data.edgeAttributeValues)
        #expect(back.edgeAttributeTypes == data.edgeAttributeTypes)

        let csv = NetworkExport.csv(data)
        #expect(csv.edges.hasPrefix("source,target,weight,kind,attempts,successes,created\n"))
        #expect(csv.edges.contains("resident-61,police (Noord),0,request,4,0,false\n"))  // a missing flag reads as false
    }

    @Test("a scenario exports residents' activity and ties' trust and familiarity, typed")
    func scenarioKeepsActivityTrustFamiliarity() throws {
        let data = try NetworkData.load(path: scenarioPath)
        let activity = try #require(data.attribute("activity"))
        let kinds = try #require(data.attribute("kind"))
        #expect(zip(kinds, activity).allSatisfy { kind, level in (kind == "resident") == !level.isEmpty })
        #expect(Set(activity.filter { !$0.isEmpty }).isSubset(of: ["usualSuspect", "average", "hardToReach"]))
        #expect(data.edgeAttributeNames == ["trust", "familiarity"])
        let trust = data.edgeAttributeValues[0].compactMap(Double.init)
        #expect(trust.count == data.edges.count && trust.allSatisfy { (0 ... 1).contains($0) })
        #expect(!data.edgeAttributeValues[0].contains { $0.count > 12 })  // 0.8, not 0.800000011920929

        let graphML = NetworkExport.graphML(data, directed: true)
        let declared = try keys(graphML)
        #expect(declared["trust"].map { $0.domain == "edge" && $0.type == "double" } == true && declared["familiarity"].map { $0.domain == "edge" && $0.type == "double" } == true)
        #expect(declared["activity"].map { $0.domain == "node" && $0.type == "string" } == true)
        let back = try GraphMLReader.read(data: Data(graphML.utf8), file: "s.graphml")
        #expect(back.edgeAttributeValues == data.edgeAttributeValues)
        #expect(back.attribute("activity") == activity)
    }

    @Test("--with-metrics: analysis columns become typed node attributes")
    func metricsAsAttributes() throws {
        let data = try NetworkData.load(path: scenarioPath)
        var options = AnalysisOptions()
        options.metrics = [.degree, .betweenness, .constraint, .brokerageLiaison, .community, .quadrant]
        options.metricsAreDefault = false
        let report = try Analysis.analyze(data, options: options)
        let withMetrics = NetworkExport.addingMetrics(report, to: data)
        #expect(Array(withMetrics.attributeNames.suffix(6)) == ["degree", "betweenness", "constraint", "brokerage_liaison", "community", "quadrant"])
        #expect(withMetrics.attributeTypes["degree"] == .int && withMetrics.attributeTypes["community"] == .int)
        #expect(withMetrics.attributeTypes["betweenness"] == .double && withMetrics.attributeTypes["constraint"] == .double)
        #expect(withMetrics.attributeTypes["quadrant"] == nil)
        // The values are the report's, read back exactly.
        let betweenness = try #require(withMetrics.attribute("betweenness")).map { Double($0)! }
        #expect(betweenness == report.values[.betweenness]!)
        let declared = try keys(NetworkExport.graphML(withMetrics, directed: false))
        #expect(declared["betweenness"].map { $0.domain == "node" && $0.type == "double" } == true && declared["degree"].map { $0.domain == "node" && $0.type == "int" } == true)
        // An isolated node's constraint is NaN in the report: a missing value, not the text "nan".
        let csv = NetworkExport.csv(withMetrics).nodes
        #expect(!csv.contains("nan"))
    }

    @Test("Gephi's CSV: Source,Target,Weight and Id,Label, any case; labels name the nodes")
    func gephiCSV() throws {
        let nodes = "Id,Label,Size,Visible\nn1,Wijk Noord,2.5,true\nn2,,3,false\nn3,Gemeente,1,true\n"
        let edges = "Source,Target,Type,Weight\nn1,n2,Undirected,2\nn2,n3,Undirected,0.5\n"
        let data = try EdgeListReader.read(edgesText: edges, edgesFile: "e.csv", nodesText: nodes, nodesFile: "n.csv")
        #expect(data.ids == ["n1", "n2", "n3"])
        #expect(data.edges.weights == [2, 0.5])
        #expect(data.labels == ["Wijk Noord", "n2", "Gemeente"])
        #expect(data.attributeNames == ["label", "Size", "Visible"])
        #expect(data.attributeTypes["Size"] == .double && data.attributeTypes["Visible"] == .boolean)
        #expect(data.edgeAttributeNames == ["Type"])
        #expect(data.attribute("size") == ["2.5", "3", "1"])  // attribute names match ignoring case too
    }

    @Test("Dutch Excel: semicolons and decimal commas, read as numbers and written with points")
    func dutchExcel() throws {
        let nodes = "\u{FEFF}id;invloed;team\r\na;0,9;x\r\nb;0,25;y\r\n"
        let edges = "source;target;weight;vertrouwen\r\na;b;1,5;0,75\r\n"
        let data = try EdgeListReader.read(edgesText: edges, edgesFile: "e.csv", nodesText: nodes, nodesFile: "n.csv")
        #expect(data.edges.weights == [1.5])
        #expect(data.attribute("invloed") == ["0.9", "0.25"])
        #expect(data.attributeTypes["invloed"] == .double)
        #expect(data.edgeAttributeValues == [["0.75"]] && data.edgeAttributeTypes["vertrouwen"] == .double)
        let bad = firstProblem { _ = try EdgeListReader.read(edgesText: "source;target;weight\na;b;1,2,3\n", edgesFile: "e.csv") }
        #expect(bad?.message == "weight '1,2,3' is not a finite number of at least 0")
    }

    @Test("GraphML key types are kept: int, long, float, double, boolean, string")
    func graphMLTypes() throws {
        let text = """
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
              <key id="a" for="node" attr.name="age" attr.type="long"/>
              <key id="s" for="node" attr.name="score" attr.type="float"/>
              <key id="t" for="edge" attr.name="trust" attr.type="double"/>
              <key id="f" for="edge" attr.name="formal" attr.type="boolean"/>
              <graph edgedefault="undirected">
                <node id="x"><data key="a">40</data><data key="s">0.5</data></node>
                <node id="y"/>
                <edge source="x" target="y"><data key="t">0.7</data><data key="f">true</data></edge>
              </graph>
            </graphml>
            """
        let data = try GraphMLReader.read(data: Data(text.utf8), file: "t.graphml")
        #expect(data.attributeTypes == ["age": .int, "score": .double])
        #expect(data.edgeAttributeTypes == ["trust": .double, "formal": .boolean])
        #expect(data.edgeAttributeValues == [["0.7"], ["true"]])
    }

    @Test("GraphML entity declarations are refused with a clear message; external ones are never resolved")
    func entityDeclarations() {
        let bomb = """
            <?xml version="1.0"?>
            <!DOCTYPE graphml [
             <!ENTITY a "aaaaaaaaaa">
             <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
             <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
            ]>
            <graphml><graph><node id="&c;"/></graph></graphml>
            """
        let problem = firstProblem { _ = try GraphMLReader.read(data: Data(bomb.utf8), file: "bomb.graphml") }
        #expect(problem?.location == SourceLocation(file: "bomb.graphml", line: 3))
        #expect(problem?.message.contains("entity bomb") == true)
        #expect(problem?.message.contains("NSXMLParserErrorDomain") == false)

        let external = "<?xml version=\"1.0\"?>\n<!DOCTYPE g [<!ENTITY secret SYSTEM \"file:///etc/passwd\">]>\n<graphml><graph><node id=\"&secret;\"/></graph></graphml>"
        let refused = firstProblem { _ = try GraphMLReader.read(data: Data(external.utf8), file: "ext.graphml") }
        #expect(refused?.location.line == 2)
        #expect(refused?.message.contains("external entity declarations are not resolved") == true)

        let undeclared = firstProblem { _ = try GraphMLReader.read(data: Data("<graphml><graph><node id=\"&x;\"/></graph></graphml>".utf8), file: "u.graphml") }
        #expect(undeclared?.message == "malformed GraphML: a reference to an undeclared entity (GraphML declares none) (XML parser error 26)")
    }

    @Test("processing instructions are ignored, also without data (Foundation's parser crashed on <?x?>); line numbers stay right")
    func processingInstructions() throws {
        let text = "<?xml version=\"1.0\"?>\n<?x?>\n<!-- <?y?> -->\n<graphml><?stylesheet\n href=\"a\"?><graph>\n<node id=\"a\"/><node id=\"b\"/>\n<edge source=\"a\" target=\"b\"/></graph></graphml>"
        let data = try GraphMLReader.read(data: Data(text.utf8), file: "pi.graphml")
        #expect(data.ids == ["a", "b"])
        let blanked = String(decoding: XMLInput.blankingProcessingInstructions(Data(text.utf8)), as: UTF8.self)
        #expect(blanked.hasPrefix("<?xml version=\"1.0\"?>\n     \n<!-- <?y?> -->"))
        #expect(blanked.split(separator: "\n", omittingEmptySubsequences: false).count == text.split(separator: "\n", omittingEmptySubsequences: false).count)
        let late = firstProblem { _ = try GraphMLReader.read(data: Data("<graphml><graph><node id=\"a\">\n</graph></graphml>".utf8), file: "late.graphml") }
        #expect(late?.location.line == 2)
    }

    @Test("the cost of exact shortest-path metrics: n·m per exact metric, k·m sampled, nothing for the others")
    func cost() {
        var options = AnalysisOptions()
        options.metrics = [.degree, .betweenness, .closeness, .constraint]
        let exact = AnalysisCost(nodeCount: 1000, edgeCount: 5000, options: options)
        #expect(exact.exactMetrics == [.betweenness, .closeness])
        #expect(exact.steps == 2 * 1000 * 5000)
        #expect(exact.seconds(threads: 2) == exact.steps / (2 * AnalysisCost.stepsPerSecondPerThread))
        options.sample = 10
        let sampled = AnalysisCost(nodeCount: 1000, edgeCount: 5000, options: options)
        #expect(sampled.exactMetrics == [.closeness])
        #expect(sampled.steps == 1000 * 5000 + 10 * 5000)
        options.metrics = [.degree, .pagerank]
        #expect(AnalysisCost(nodeCount: 1000, edgeCount: 5000, options: options).steps == 0)
    }

    @Test("progress is reported for every source and node, whatever the thread count")
    func progress() throws {
        let data = try NetworkData.load(path: scenarioPath)
        let graph = AnalysisGraph(data.edges, directed: false)
        for threads in [1, 3] {
            let seen = Recorder()
            _ = Centrality.betweenness(graph, threads: threads, progress: { step, done, total in seen.record(step, done, total) })
            _ = Centrality.closeness(graph, threads: threads, progress: { step, done, total in seen.record(step, done, total) })
            #expect(seen.last["betweenness"]?.done == graph.nodeCount && seen.last["betweenness"]?.total == graph.nodeCount)
            #expect(seen.last["closeness"]?.done == graph.nodeCount && seen.last["closeness"]?.total == graph.nodeCount)
        }
    }

    final class Recorder: @unchecked Sendable {
        let lock = NSLock()
        var last: [String: (done: Int, total: Int)] = [:]
        func record(_ step: String, _ done: Int, _ total: Int) {
            lock.lock()
            defer { lock.unlock() }
            if done >= (last[step]?.done ?? 0) { last[step] = (done, total) }
        }
    }

    @Test("an Excel workbook: the first sheet, shared and inline strings, rich text, numbers, booleans, gaps")
    func workbook() throws {
        let path = fixtureDirectory.appendingPathComponent("network.xlsx").path
        let table = try SpreadsheetReader.read(path: path)
        #expect(table.file == "\(path)[Netwerk]")
        #expect(table.header == ["Source", "Target", "Weight", "Formal", "Note"])
        #expect(table.rows == [
            ["Wijkverbinder", "Gemeente", "2", "true", "één"],
            ["Gemeente", "Bewoners", "", "false", "  spaties  "],
            ["Bewoners", "Wijkverbinder", "0.0015", "TRUE", "a, \"quoted\" & note"],
        ])
        #expect(table.lines == [2, 3, 5])  // Excel's row numbers, a skipped row included
        let data = try NetworkData.load(path: path)
        #expect(data.ids == ["Wijkverbinder", "Gemeente", "Bewoners"])
        #expect(data.edges.weights == [2, 1, 0.0015])
        #expect(data.edgeAttributeNames == ["Formal", "Note"])

        // By name, ignoring case; another sheet; a sheet that is not there.
        #expect(try SpreadsheetReader.read(path: path, sheet: "notities").header == ["not the network"])
        #expect(try SpreadsheetReader.read(path: path, preferring: "Notities").header == ["not the network"])
        let missing = firstProblem { _ = try SpreadsheetReader.read(path: path, sheet: "Edges") }
        #expect(missing?.message == "no sheet named 'Edges' (the workbook's sheets: Netwerk, Notities)")
    }

    @Test("the shipped example workbook (written by openpyxl) holds the same network as the CSV files")
    func exampleWorkbook() throws {
        let examples = fixtureDirectory.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples")
        let workbook = examples.appendingPathComponent("network.xlsx").path
        let fromWorkbook = try NetworkData.load(path: workbook, nodes: workbook)
        let fromCSV = try NetworkData.load(path: examples.appendingPathComponent("edges.csv").path,
                                           nodes: examples.appendingPathComponent("nodes.csv").path)
        #expect(fromWorkbook.ids == fromCSV.ids)
        #expect(fromWorkbook.edges == fromCSV.edges)
        #expect(fromWorkbook.edgeKinds == fromCSV.edgeKinds)
        #expect(fromWorkbook.labels == fromCSV.labels)
        #expect(fromWorkbook.attributeValues == fromCSV.attributeValues)
    }

    @Test("bad workbooks: not a zip archive, a zip that is not a workbook, a truncated file")
    func badWorkbooks() throws {
        let notZip = firstProblem { _ = try SpreadsheetReader.read(data: Data("source,target\na,b\n".utf8), file: "fake.xlsx") }
        #expect(notZip?.message == "not an Excel workbook (.xlsx): the file is not a zip archive")
        let bytes = try Data(contentsOf: fixtureDirectory.appendingPathComponent("network.xlsx"))
        let truncated = firstProblem { _ = try SpreadsheetReader.read(data: bytes.prefix(bytes.count / 2), file: "half.xlsx") }
        #expect(truncated?.location.file == "half.xlsx")
        #expect(truncated?.message.hasPrefix("not an Excel workbook") == true || truncated?.message.hasPrefix("cannot unpack") == true)
        #expect(SpreadsheetReader.columnIndex("A1") == 0 && SpreadsheetReader.columnIndex("Z9") == 25)
        #expect(SpreadsheetReader.columnIndex("AA3") == 26 && SpreadsheetReader.columnIndex("XFD1") == 16_383)
        #expect(SpreadsheetReader.columnIndex("12") == nil)
    }
}
