import Foundation
import Testing
import VerbinderTestSupport
import VerbinderCharts
@testable import VerbinderExperiments
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Counts elements while parsing XML; records the first parse error.
final class XMLCounter: NSObject, XMLParserDelegate {
    var counts: [String: Int] = [:]
    var text = ""
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        counts[name, default: 0] += 1
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    static func parse(_ markup: String) -> (ok: Bool, counter: XMLCounter, error: String?) {
        let parser = XMLParser(data: Data(markup.utf8))
        let counter = XMLCounter()
        parser.delegate = counter
        let ok = parser.parse()
        return (ok, counter, parser.parserError.map { "\($0)" })
    }
}

@Suite("Charts")
struct ChartTests {
    @Test func textAndAttributesAreEscaped() {
        let chart = BarChart(title: "a < b & \"c\"", valueTitle: "x", bars: [BarChart.Bar(label: "<script>alert('x')</script>", value: 1)])
        let markup = chart.svg().render()
        #expect(!markup.contains("<script>"))
        #expect(markup.contains("&lt;script&gt;"))
        let parsed = XMLCounter.parse(markup)
        #expect(parsed.ok, "\(parsed.error ?? "")")
        #expect(parsed.counter.text.contains("a < b & \"c\""))
    }

    @Test func scalesMapAndTickRoundNumbers() {
        let scale = LinearScale(domain: (0, 1), range: (100, 300))
        #expect(scale(0.5) == 200)
        #expect(scale.ticks(5) == [0, 0.2, 0.4, 0.6, 0.8, 1])
        let fitted = LinearScale.fitting([3.2, 47.9], range: (0, 1))
        #expect(fitted.domain.lower == 0 && fitted.domain.upper == 50)
        #expect(BandScale(count: 4, range: (0, 100), padding: 0).bandwidth == 25)
        // Ticks 0.005 apart get three decimals, so no two labels read the same.
        let fine = LinearScale(domain: (0, 0.03), range: (0, 1))
        #expect(fine.tickDecimals() == 3 && Set(fine.ticks().map { chartLabel($0, decimals: fine.tickDecimals()) }).count == fine.ticks().count)
        #expect(LinearScale(domain: (0, 1), range: (0, 1)).tickDecimals() == 2)
        #expect(ColorScale.sequential(lower: 0, upper: 1).color(0) == "#fde725")
        #expect(ColorScale.diverging(limit: 1).color(0) == "#f7f7f7")
        #expect(ColorScale.sequential(lower: 0, upper: 1).color(nil) == "#e6e6e6")
    }

    @Test func everyChartIsWellFormedSVG() {
        let charts = [
            LineChart(title: "l", xTitle: "x", yTitle: "y", series: [LineChart.Series(name: "s", points: [(0, 1), (1, 2)], band: [(0.5, 1.5), (1.5, 2.5)])]).svg(),
            Heatmap(title: "h", rowLabels: ["r1", "r2"], columnLabels: ["c1"], values: [[0.1], [nil]], colors: .sequential(lower: 0, upper: 1), showValues: true).svg(),
            TornadoChart(title: "t", metricTitle: "m", reference: 0.5, items: [TornadoChart.Item(factor: "f", low: 0.2, lowLevel: "low", high: 0.9, highLevel: "high")]).svg(),
        ]
        for chart in charts {
            #expect(chart.name == "svg" && chart.attribute("viewBox") != nil)
            #expect(XMLCounter.parse(chart.render()).ok)
        }
        #expect(charts[1].descendants(named: "rect").count >= 2 + 40)
    }

    @Test func studyChartsAreWellFormedEscapedAndCountRight() {
        let scatter = ScatterChart(title: "μ* & σ", xTitle: "μ*", yTitle: "σ",
                                   points: [.init(label: "<b>", x: 1, y: 0.5), .init(label: "k", x: 2, y: 3, opacity: 0.2)], diagonal: true).svg()
        #expect(scatter.descendants(named: "circle").count == 2 && scatter.render().contains("&lt;b&gt;") && !scatter.render().contains("<b>"))
        let histogram = Histogram(title: "h", xTitle: "x", values: [0.1, 0.2, 0.9, 5], weights: [1, 1, 2, 4], range: (0, 1), bins: 4,
                                  marker: (0.5, "default"))
        // Weight outside the range counts in the total but is not drawn.
        #expect(histogram.shares == [0.25, 0, 0, 0.25])
        #expect(histogram.svg().descendants(named: "rect").count == 4)
        let intervals = IntervalChart(title: "i", valueTitle: "v", estimateName: "posterior", referenceName: "observed",
                                      rows: [.init(label: "a'b", estimate: 0.4, interval: (0.3, 0.5), reference: (0.35, 0.6)),
                                             .init(label: "c", estimate: .nan, interval: nil, reference: (0, 1))]).svg()
        #expect(intervals.descendants(named: "circle").count == 2)  // the legend's and row a's
        for chart in [scatter, histogram.svg(), intervals] { #expect(XMLCounter.parse(chart.render()).ok) }
    }

    @Test func longLabelsAreShownWholeAndWidenTheChart() {
        let label = "policies.connectors[*].hoursPerWeek = 36 with internalPublicity+documentedRole"
        let short = BarChart(title: "b", valueTitle: "v", bars: [BarChart.Bar(label: "x", value: 1)]).svg()
        let long = BarChart(title: "b", valueTitle: "v", bars: [BarChart.Bar(label: label, value: 1)]).svg()
        #expect(long.render().contains(label))
        #expect(Double(long.attribute("width") ?? "") ?? 0 > Double(short.attribute("width") ?? "") ?? 0)
        let series = "interventions = internalPublicity+documentedRole+repositioning"
        let lines = LineChart(title: "l", xTitle: "x", yTitle: "y", series: [LineChart.Series(name: series, points: [(0, 1), (1, 2)])]).svg()
        #expect(lines.render().contains(series))
        let tornado = TornadoChart(title: "t", metricTitle: "m", reference: 0.5,
                                   items: [TornadoChart.Item(factor: label, low: 0.2, lowLevel: "low", high: 0.9, highLevel: "high")]).svg()
        #expect(tornado.render().contains(label))
        let heatmap = Heatmap(title: "h", rowLabels: [label], columnLabels: [series], values: [[0.5]], colors: .sequential(lower: 0, upper: 1)).svg()
        #expect(heatmap.render().contains(label) && heatmap.render().contains(series))
    }
}

@Suite("HTML report", .serialized)
struct ReportTests {
    /// A sweep over two sliders and connector hours: enough for every section of the report.
    static func store() throws -> ResultStore {
        try Fixtures.run(try Fixtures.sweep([try Factor.sliders(["internalProcess", "residents"]), [try Factor.vary("connectors[*].hoursPerWeek=8,24")]].flatMap { $0 },
                                            replications: 2))
    }

    @Test func reportIsWellFormedSelfContainedAndHasItsCharts() throws {
        let store = try Self.store()
        let report = try ExperimentReport(store: store)
        let html = try report.html()
        let parsed = XMLCounter.parse(html)
        #expect(parsed.ok, "\(parsed.error ?? "")")
        let svgs = parsed.counter.counts["svg"] ?? 0
        // ranking, two praatplaat matrices, all-arms praatplaat, heatmap, tornado, ≥ 1 interaction, capacity
        #expect(svgs >= 8)
        for section in ["Arms ranked by", "The praatplaat of each arm", "All combinations", "Which factor matters", "Interactions",
                        "Capacity curve", "Reproducibility", "Common random numbers", "residents × internalProcess"] where !html.contains(section) {
            Issue.record("report lacks '\(section)'")
        }
        #expect(!html.contains("<script"))
        #expect(!html.contains("src=") && !html.contains("<link"))
        // Main effects: one row per level against the factor's first level, and arms ranked by residents helped.
        #expect(html.contains("internalProcess: mid − low") && html.contains("internalProcess: high − low"))
        #expect(report.metric == MetricKey("connectedShare"))
        // Arm 0's mean is in the ranking table.
        let ranked = try report.rankedArms()
        #expect(ranked.count == 18)
        #expect(ranked.first!.mean >= ranked.last!.mean)
        let directory = try Fixtures.directory()
        let path = directory.appendingPathComponent("report.html").path
        try report.write(to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == html)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["report.html"])
    }

    @Test func unknownMetricIsAClearError() throws {
        let store = try Fixtures.run(try Fixtures.sweep(try Factor.sliders(["residents"]), replications: 2))
        expectInputError(["no metric bogus", "successRate"]) { _ = try ExperimentReport(store: store, metric: MetricKey("bogus")) }
    }

    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: chromium != nil, "needs Debian's chromium (make test installs it)"))
    func headlessChromiumRendersTheReport() throws {
        let store = try Self.store()
        let directory = try Fixtures.directory()
        let html = directory.appendingPathComponent("report.html")
        try ExperimentReport(store: store).write(to: html.path)
        let png = directory.appendingPathComponent("report.png")
        let result = try ProcessRunner.run(Self.chromium!, [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--enable-logging=stderr", "--v=0",
            "--user-data-dir=\(directory.appendingPathComponent("profile").path)",
            "--screenshot=\(png.path)", "--window-size=1200,2400", html.absoluteString])
        let log = result.stderr
        #expect(result.status == 0, "\(log)")
        #expect(!log.contains("Uncaught") && !log.contains("CONSOLE"), "\(log)")
        let data = try Data(contentsOf: png)
        #expect(data.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(data.count > 50_000, "a page with charts is far larger than a blank screenshot")
        if let keep = ProcessInfo.processInfo.environment["VERBINDER_REPORT_SCREENSHOT"] {
            try? FileManager.default.removeItem(atPath: keep)
            try FileManager.default.copyItem(at: png, to: URL(fileURLWithPath: keep))
        }
    }
}
