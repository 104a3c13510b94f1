import Foundation
import Testing
import VerbinderTestSupport
#if canImport(FoundationXML)
import FoundationXML
#endif

/// `verbinder report` on sensitivity studies and calibrations: it detects what each directory holds and shows
/// their sections with SVG charts, escaped.
@Suite("report of studies")
struct StudyReportTests {
    /// The developing profile renamed so that its name needs escaping everywhere it is shown.
    static func oddlyNamedScenario(in folder: URL) throws -> String {
        let text = try String(contentsOf: Repository.root.appendingPathComponent("scenarios/profiles/developing.yaml"), encoding: .utf8)
        let renamed = text.replacingOccurrences(of: "name: Developing profile", with: "name: '<Wijk & \"Zee\">'")
        #expect(renamed != text)
        let path = folder.appendingPathComponent("odd.yaml")
        try renamed.write(to: path, atomically: true, encoding: .utf8)
        return path.path
    }

    /// Element counts of a well-formed page; nil (and a recorded issue) when it does not parse as XML.
    static func elements(_ html: String) -> [String: Int]? {
        final class Counter: NSObject, XMLParserDelegate {
            var counts: [String: Int] = [:]
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                        attributes: [String: String] = [:]) { counts[name, default: 0] += 1 }
        }
        let body = html.replacingOccurrences(of: "<!DOCTYPE html>", with: "")
        let parser = XMLParser(data: Data(body.utf8))
        let counter = Counter()
        parser.delegate = counter
        guard parser.parse() else {
            Issue.record("the report is not well-formed: \(parser.parserError.map { "\($0)" } ?? "")")
            return nil
        }
        return counter.counts
    }

    @Test("Morris and Sobol' studies, a calibration and a pattern table in one report, detected by what they hold, labels escaped")
    func studiesAndCalibration() throws {
        let folder = try TemporaryFolder.make("verbinder-study-report")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try Self.oddlyNamedScenario(in: folder)
        let parameters = ["--parameters", "overheadShare,connectorKnowledge,officialInitiative", "--weeks", "4", "--jobs", "2"]
        let morris = folder.appendingPathComponent("morris"), sobol = folder.appendingPathComponent("sobol")
        let calibration = folder.appendingPathComponent("calibration")
        let runs = [
            ["sensitivity", scenario, "--method", "morris", "--samples", "4", "--replications", "1", "--out", morris.path] + parameters,
            ["sensitivity", scenario, "--method", "sobol", "--samples", "16", "--replications", "1", "--out", sobol.path] + parameters,
            ["calibrate", "scenarios/maassluis.yaml", "--observed", "scenarios/observations/maassluis.yaml", "--particles", "12",
             "--generations", "1", "--weeks", "4", "--parameters", "overheadShare,connectorKnowledge,officialInitiative", "--out", calibration.path],
        ]
        for arguments in runs {
            let result = try VerbinderBinary.run(arguments)
            #expect(result.status == 0, "\(arguments[0]): \(result.stderr)")
        }
        let patterns = try VerbinderBinary.run(["patterns", "scenarios/profiles/developing.yaml", "--only", "fixer-residents-strongest",
                                                "--replications", "2", "--weeks", "4", "--format", "csv"])
        #expect(patterns.status == 0, "\(patterns.stderr)")
        let patternTable = folder.appendingPathComponent("patterns.csv")
        try patterns.stdout.write(to: patternTable, atomically: true, encoding: .utf8)
        let page = folder.appendingPathComponent("report.html")
        let report = try VerbinderBinary.run(["report", morris.path, sobol.appendingPathComponent("results.sqlite").path, calibration.path,
                                              patternTable.path, "--out", page.path])
        #expect(report.status == 0, "\(report.stderr)")
        let html = try String(contentsOf: page, encoding: .utf8)
        for expected in ["id=\"study-1\"", "id=\"study-2\"", "id=\"calibration-3\"", "Morris μ* and σ of connectedShare",
                         "Sobol&#39; indices of connectedShare", "overheadShare · ST", "overheadShare · S1",
                         "The three strongest parameters of every output", "Posterior marginals", "Posterior of connectorKnowledge",
                         "Pairs of posterior parameters", "overheadShare against connectorKnowledge",
                         "Posterior predictive against the observed targets", "officialsShareOfAttempts",
                         "id=\"patterns-4\"", "Pattern checks", "<td>fixer-residents-strongest</td>", "Buzing 2024 master thesis"] where !html.contains(expected) {
            Issue.record("report lacks '\(expected)'")
        }
        // The scenario's name is escaped in headings and charts, never inserted as markup.
        #expect(html.contains("&lt;Wijk &amp; &quot;Zee&quot;&gt;"))
        #expect(!html.contains("<Wijk"))
        #expect(!html.contains("<script") && !html.contains("src=") && !html.contains("<link"))
        let counts = try #require(Self.elements(html))
        // Morris: 6 headline outputs at most (scatter plots); Sobol': as many bar charts; calibration: 3 marginals,
        // 3 pairs and the predictive chart.
        #expect((counts["svg"] ?? 0) >= 2 + 2 + 3 + 3 + 1, "\(counts)")
        #expect((counts["circle"] ?? 0) > 12 && (counts["table"] ?? 0) >= 5)
        // A directory holding something else is refused as a sweep store would be, exit 2.
        let nothing = try VerbinderBinary.run(["report", folder.appendingPathComponent("odd.yaml").path, "--out", folder.appendingPathComponent("x.html").path])
        #expect(nothing.status == 2)
    }

    @Test("a sweep and a study in one report: the sweep's page gains the study's section")
    func sweepWithStudy() throws {
        let folder = try TemporaryFolder.make("verbinder-study-report")
        defer { try? FileManager.default.removeItem(at: folder) }
        let sweep = folder.appendingPathComponent("sweep"), study = folder.appendingPathComponent("study")
        let swept = try VerbinderBinary.run(["sweep", "scenarios/profiles/developing.yaml", "--sliders", "politics", "--replications", "2",
                                             "--weeks", "4", "--out", sweep.path])
        #expect(swept.status == 0, "\(swept.stderr)")
        let studied = try VerbinderBinary.run(["sensitivity", "scenarios/profiles/developing.yaml", "--method", "morris", "--samples", "4",
                                               "--replications", "1", "--weeks", "4", "--parameters", "overheadShare,connectorKnowledge",
                                               "--out", study.path])
        #expect(studied.status == 0, "\(studied.stderr)")
        let report = try VerbinderBinary.run(["report", sweep.path, study.path])
        #expect(report.status == 0, "\(report.stderr)")
        let html = try String(contentsOf: sweep.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("Arms ranked by") && html.contains("Morris sensitivity: Developing profile"))
        #expect(html.contains("<a href=\"#study-2\">Morris</a>"))
        #expect(html.range(of: "id=\"study-2\"")!.lowerBound < html.range(of: "id=\"reproduce\"")!.lowerBound)
        #expect(Self.elements(html) != nil)
    }
}
