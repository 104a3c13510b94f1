import Foundation
import Testing
import VerbinderTestSupport
import VerbinderCore
@testable import VerbinderAnalysis

/// Report columns and formats, power–interest grid, communities, the connectors' before/after view, the CLI.
@Suite("Reports")
struct ReportTests {
    func tinyScenario() throws -> NetworkData {
        try NetworkData.load(path: fixtureDirectory.appendingPathComponent("tiny-scenario.yaml").path)
    }

    @Test func csvHasTheIssuesColumnsInOrder() throws {
        let report = try Analysis.analyze(try tinyScenario(), options: AnalysisOptions())
        let lines = report.csv().split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "id,degree,in_degree,out_degree,betweenness,betweenness_weighted,closeness,eigenvector,pagerank,constraint,effective_size,efficiency,brokerage_coordinator,brokerage_itinerant,brokerage_representative,brokerage_gatekeeper,brokerage_liaison,brokerage_total,community,power,interest,quadrant")
        #expect(lines.count == report.nodeCount + 2)  // header, rows, final empty
        #expect(lines[1].hasPrefix("Noord,"))          // input order: neighbourhoods first
        // The theme 'participation' is tied only to its alderman: one contact, so constraint 1 and efficiency 1.
        let theme = report.ids.firstIndex(of: "participation")!
        #expect(report.values[.constraint]?[theme] == 1)
    }

    @Test func metricListAndErrors() throws {
        #expect(try Metric.parseList("pagerank, degree") == [.degree, .pagerank])
        #expect(try Metric.parseList("holes") == [.constraint, .effectiveSize, .efficiency, .hierarchy])
        do {
            _ = try Metric.parseList("betweeness")
            Issue.record("expected an error")
        } catch let error as InputError {
            #expect(error.diagnostics[0].message.contains("did you mean 'betweenness'?"))
        }
    }

    @Test func nanIsWrittenAsNanAndNull() throws {
        let data = NetworkData(source: "t", ids: ["a", "b", "c"], edges: edges(3, [(0, 1)]))
        var options = AnalysisOptions()
        options.metrics = [.constraint]
        options.metricsAreDefault = false
        let report = try Analysis.analyze(data, options: options)
        #expect(report.csv() == "id,constraint\na,1.0\nb,1.0\nc,nan\n")
        let json = try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as! [String: Any]
        let nodes = json["nodes"] as! [[String: Any]]
        #expect(nodes[2]["constraint"] is NSNull)
        #expect(nodes[0]["id"] as? String == "a")
    }

    @Test func brokerageByNameNeedsTheGroupAttribute() throws {
        let data = NetworkData(source: "t.csv", ids: ["a", "b"], edges: edges(2, [(0, 1)]))
        var options = AnalysisOptions()
        // Defaults: brokerage left out with a note.
        let report = try Analysis.analyze(data, options: options)
        #expect(!report.metrics.contains(.brokerageTotal))
        #expect(report.notes.contains { $0.contains("no node attribute 'arena'") })
        options.metrics = [.brokerageTotal]
        options.metricsAreDefault = false
        #expect(throws: InputError.self) { try Analysis.analyze(data, options: options) }
    }

    @Test func textReportRanksAndShowsThresholds() throws {
        var options = AnalysisOptions()
        options.powerInterest.powerThreshold = 0.4
        let text = try Analysis.analyze(try tinyScenario(), options: options).text(top: 5)
        #expect(text.contains("Top 5 by betweenness:"))
        #expect(text.contains("power ≥ 0.4 is high, interest ≥ 0.5 is high"))
        #expect(text.contains("Groups by 'arena'"))
        #expect(text.contains("Communities (Louvain):"))
    }

    @Test func powerInterestGrid() throws {
        let data = try tinyScenario()
        let graph = AnalysisGraph(data.edges, directed: false)
        let eigenvector = Centrality.eigenvector(graph).values
        var settings = PowerInterest.Settings()
        let grid = try PowerInterest.compute(data, graph: graph, eigenvector: eigenvector, settings: settings)
        let alderman = data.ids.firstIndex(of: "Wethouder Wijken")!
        let noPortfolio = data.ids.firstIndex(of: "Wethouder Zonder Portefeuille")!
        let connector = data.ids.firstIndex(of: "Wijkverbinder Noord")!
        #expect(grid.power[alderman] > grid.power[noPortfolio])
        #expect(grid.interest[connector] == 1)  // in both structures: the most involved
        #expect(grid.interest[alderman] == 0)
        #expect(grid.interestSource.hasPrefix("consultation-structure"))
        #expect(grid.quadrant.count == data.nodeCount)
        for node in 0 ..< data.nodeCount {
            let expected: PowerInterest.Quadrant = switch (grid.power[node] >= 0.5, grid.interest[node] >= 0.5) {
            case (true, true): .keyPlayer
            case (true, false): .keepSatisfied
            case (false, true): .keepInformed
            case (false, false): .minimalEffort
            }
            #expect(grid.quadrant[node] == expected)
        }
        // Attributes take precedence; bad values are errors naming the node.
        var attributed = NetworkData(source: "t", ids: ["a", "b"], edges: edges(2, [(0, 1)]))
        attributed.setAttribute("power", ["0.9", "0.1"])
        attributed.setAttribute("interest", ["0.2", "0.8"])
        let fromAttributes = try PowerInterest.compute(attributed, graph: AnalysisGraph(attributed.edges, directed: false),
                                                       eigenvector: [1, 1], settings: settings)
        #expect(fromAttributes.quadrant == [.keepSatisfied, .keepInformed])
        attributed.setAttribute("interest", ["0.2", "high"])
        #expect(throws: InputError.self) {
            try PowerInterest.compute(attributed, graph: AnalysisGraph(attributed.edges, directed: false), eigenvector: [1, 1], settings: settings)
        }
        settings.interestAttribute = "missing"
        #expect(throws: InputError.self) {
            try PowerInterest.compute(attributed, graph: AnalysisGraph(attributed.edges, directed: false), eigenvector: [1, 1], settings: settings)
        }
    }

    @Test func louvainFindsPlantedCommunitiesDeterministically() throws {
        // Two 6-cliques joined by one bridge.
        var pairs: [(Int32, Int32)] = []
        for base: Int32 in [0, 6] { for a in 0 ..< 6 { for b in (a + 1) ..< 6 { pairs.append((base + Int32(a), base + Int32(b))) } } }
        pairs.append((5, 6))
        let graph = AnalysisGraph(edges(12, pairs), directed: false)
        for seed: UInt64 in 0 ..< 5 {
            let result = Communities.louvain(graph, seed: seed)
            #expect(result.community == [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1])
            #expect(close(result.modularity, Communities.modularity(graph, community: result.community)))
        }
        let karate = try ReferenceFixture.load("karate")
        let first = Communities.louvain(karate.graph, seed: 7)
        #expect(first == Communities.louvain(karate.graph, seed: 7))
        #expect(first.modularity > 0.38)  // the best known weighted partition is about 0.44; the clubs split gives 0.37
        #expect(first.count >= 2 && first.count <= 6)
    }

    @Test func connectorsBeforeAndAfter() throws {
        let before = try tinyScenario()
        let after = try NetworkData.load(path: fixtureDirectory.appendingPathComponent("outcome-graph.json").path)
        let comparison = try ConnectorComparison.compare(before: before, after: after, options: AnalysisOptions())
        #expect(comparison.rows.map(\.id) == ["Wijkverbinder Noord", "Wijkverbinder Zuid"])
        // Outcome graph: resident-60 — Noord — Wijkzaken — Zuid / resident-61; Noord brokers resident-60 ↔ Wijkzaken.
        let noord = comparison.rows[0]
        #expect(noord.degreeAfter == 2)
        #expect(noord.brokerageBefore > noord.brokerageAfter)
        #expect(noord.brokerageAfter == 2)  // both directions of resident-60 → Noord → Wijkzaken
        // resident-60 (lifeworld) → Noord → Wijkzaken (municipal): gatekeeper; the way back: representative.
        #expect(noord.rolesAfter == [0, 0, 1, 1, 0])
        #expect(comparison.csv().hasPrefix("id,degree_before,degree_after,betweenness_before"))
        #expect(comparison.text().contains("connector(s) broker fewer two-paths afterwards"))
        let json = try JSONSerialization.jsonObject(with: Data(comparison.json().utf8)) as! [String: Any]
        #expect((json["connectors"] as! [Any]).count == 2)
    }
}

/// The built `verbinder` binary, next to the test bundle, when it has been built.
@Suite("Command line")
struct AnalyzeCommandLineTests {
    func run(_ arguments: [String]) throws -> ProcessResult {
        try VerbinderBinary.run(arguments)
    }

    @Test func badInputExitsWithStatus2AndLine() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("verbinder-analysis-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("edges.csv")
        try "source,target,weight\na,b,1\nb,c,-3\n".write(to: file, atomically: true, encoding: .utf8)
        let result = try run(["analyze", file.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("edges.csv:3: error: weight '-3' is not a finite number of at least 0"))
    }

    @Test func csvOutputThroughTheBinary() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("verbinder-analysis-ok-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("edges.csv")
        try "source,target\na,b\nb,c\n".write(to: file, atomically: true, encoding: .utf8)
        let result = try run(["analyze", file.path, "--metrics", "degree,betweenness", "--format", "csv"])
        #expect(result.status == 0)
        #expect(result.stdout == "id,degree,betweenness\na,1,0.0\nb,2,1.0\nc,1,0.0\n")
    }
}
