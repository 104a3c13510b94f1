import Foundation
import GRDB
import VerbinderCharts
import VerbinderCore
import VerbinderExperiments
import VerbinderSupport

/// The kinds of study result a report can show.
public enum StudyKind: String, Sendable {
    /// A `verbinder sensitivity` result (`results.sqlite` with table `sensitivity_index`).
    case sensitivity
    /// A `verbinder calibrate` result (`results.sqlite` with table `calibration`).
    case calibration
    /// The table `verbinder patterns --format csv` prints (a CSV file starting with ``PatternTable/csvHeader``).
    case patterns

    /// The kind of study stored at `path`; nil for any other file (a sweep's store, for one).
    public static func of(store path: String) -> StudyKind? {
        if let handle = FileHandle(forReadingAtPath: path) {
            let start = (try? handle.read(upToCount: PatternTable.csvHeader.utf8.count + 2)) ?? Data()
            try? handle.close()
            if String(decoding: start, as: UTF8.self).hasPrefix(PatternTable.csvHeader + "\n") { return .patterns }
        }
        var configuration = Configuration()
        configuration.readonly = true
        guard FileManager.default.fileExists(atPath: path), let queue = try? DatabaseQueue(path: path, configuration: configuration) else {
            return nil
        }
        defer { try? queue.close() }
        return try? queue.read { db -> StudyKind? in
            if try db.tableExists("sensitivity_index") { return .sensitivity }
            if try db.tableExists("calibration") { return .calibration }
            return nil
        }
    }
}

/// Report sections (escaped HTML with inline SVG charts) of sensitivity studies and calibrations, read from their
/// `results.sqlite`.
public enum StudyReport {
    /// The outputs a sensitivity section charts when the study analysed them (every output is in the table).
    static let chartedOutputs = ["connectedShare", "rate[fixer.fromResidents]", "residentsConnectedPerYear", "droppedShare",
                                 "utilisation", "trustAfter"]
    /// Parameters shown in a Sobol' bar chart (the most influential by ST).
    static let barsShown = 12
    /// Parameters in a calibration's pairs plot (the first in the store's order).
    static let pairsShown = 4

    /// The section of the study at `path`, of kind `kind`; `number` makes its anchors unique on a page.
    /// - Throws: ``InputError`` when the store cannot be read.
    public static func section(kind: StudyKind, store path: String, number: Int) throws -> ReportSection {
        if kind == .patterns { return try patterns(path: path, id: "patterns-\(number)") }
        var configuration = Configuration()
        configuration.readonly = true
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            switch kind {
            case .sensitivity: return try queue.read { try sensitivity($0, path: path, id: "study-\(number)") }
            case .calibration: return try queue.read { try calibration($0, path: path, id: "calibration-\(number)") }
            case .patterns: preconditionFailure("read above")
            }
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError("cannot read the study's results: \(error)", at: SourceLocation(file: path))
        }
    }

    static func escape(_ text: String) -> String { xmlEscaped(text) }

    static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "–" }
        return formatNumber(value, value.magnitude >= 100 ? .fixed(0) : .significant)
    }

    static func table(_ header: [String], _ rows: [[String]]) -> String {
        "<table>\n<tr>" + header.map { "<th>\(escape($0))</th>" }.joined() + "</tr>\n"
            + rows.map { "<tr>" + $0.map { "<td>\(escape($0))</td>" }.joined() + "</tr>" }.joined(separator: "\n") + "\n</table>"
    }

    // MARK: Sensitivity

    static func sensitivity(_ db: Database, path: String, id: String) throws -> ReportSection {
        guard let study = try Row.fetchOne(db, sql: "SELECT * FROM study") else {
            throw InputError("the study's results hold no study record", at: SourceLocation(file: path))
        }
        let method: String = study["method"]
        let isSobol = method == SensitivityMethod.sobol.rawValue
        let scenario: String = study["scenario_name"]
        let factors = try String.fetchAll(db, sql: "SELECT name FROM factor ORDER BY position")
        let outputs = try Row.fetchAll(db, sql: "SELECT name, title, skipped, noise_share FROM output ORDER BY position")
        var html = ["<h2 id=\"\(id)\">\(isSobol ? "Sobol'" : "Morris") sensitivity: \(escape(scenario))</h2>"]
        let replications: Int = study["replications"]
        html.append("<p>\(factors.count) model parameters varied over their plausible ranges; \(study["points"] as Int) design points × "
                    + "\(replications) replication\(replications == 1 ? "" : "s") = \(study["runs"] as Int) runs of \(study["weeks"] as Int) weeks "
                    + "(seed \(escape(study["scenario_seed"]))). "
                    + (isSobol ? "Bars: total-order index ST and first-order index S1 with bootstrap 95% intervals (whiskers); ST − S1 is the share through interactions."
                               : "Points: μ* (mean absolute elementary effect, the ranking measure) against σ (spread of the effects: nonlinearity or interactions); above the dashed line σ &gt; μ*.")
                    + "</p>")
        let charted = chartedOutputs.compactMap { name in outputs.first { ($0["name"] as String) == name && ($0["skipped"] as String?) == nil } }
        for output in charted {
            let name: String = output["name"], title: String = output["title"]
            let rows = try Row.fetchAll(db, sql: "SELECT factor, rank, S1, S1_conf, ST, ST_conf, mu_star, sigma FROM sensitivity_index WHERE output = ? ORDER BY rank",
                                        arguments: [name])
            let noise = (output["noise_share"] as Double?).map { "; replication noise is \(formatNumber($0 * 100, .fixed(1)))% of its variance over runs" } ?? ""
            html.append("<h3>\(escape(name)): \(escape(title))</h3>")
            html.append("<p>Ranked by \(isSobol ? "ST" : "μ*")\(escape(noise)).</p>")
            if isSobol {
                let bars = rows.prefix(barsShown).flatMap { row -> [BarChart.Bar] in
                    let factor: String = row["factor"]
                    let st: Double = row["ST"] ?? .nan, stConf: Double = row["ST_conf"] ?? 0
                    let s1: Double = row["S1"] ?? .nan, s1Conf: Double = row["S1_conf"] ?? 0
                    return [BarChart.Bar(label: "\(factor) · ST", value: st, interval: (st - stConf, st + stConf), highlighted: true),
                            BarChart.Bar(label: "\(factor) · S1", value: s1, interval: (s1 - s1Conf, s1 + s1Conf))]
                }
                html.append(BarChart(title: "Sobol' indices of \(name)", valueTitle: "share of the output's variance", bars: bars).svg().render())
            } else {
                let points = rows.map { row in
                    ScatterChart.Point(label: row["factor"], x: row["mu_star"] ?? .nan, y: row["sigma"] ?? .nan)
                }
                html.append(ScatterChart(title: "Morris μ* and σ of \(name)", xTitle: "μ* (mean absolute elementary effect)",
                                         yTitle: "σ", points: points, diagonal: true).svg().render())
            }
        }
        // Every analysed output's three strongest parameters.
        let ranking = try Row.fetchAll(db, sql: """
            SELECT output, group_concat(factor, ', ') AS top FROM (SELECT output, factor FROM sensitivity_index WHERE rank <= 3 ORDER BY output, rank)
            GROUP BY output
            """)
        let tops = Dictionary(uniqueKeysWithValues: ranking.map { ($0["output"] as String, $0["top"] as String) })
        html.append("<h3>The three strongest parameters of every output</h3>")
        html.append("<div class=\"scroll\">" + table(["output", "strongest parameters (by \(isSobol ? "ST" : "μ*"))"], outputs.map { output in
            let name: String = output["name"]
            return [name, (output["skipped"] as String?).map { "not analysed: \($0)" } ?? tops[name] ?? "–"]
        }) + "</div>")
        html.append("<p>Results: <code>\(escape(path))</code> (view <code>ranking</code>); command: <code>\(escape(study["command"]))</code>.</p>")
        return ReportSection(id: id, navigation: isSobol ? "Sobol'" : "Morris", html: html.joined(separator: "\n"))
    }

    // MARK: Calibration

    static func calibration(_ db: Database, path: String, id: String) throws -> ReportSection {
        guard let calibration = try Row.fetchOne(db, sql: "SELECT * FROM calibration") else {
            throw InputError("the calibration's results hold no calibration record", at: SourceLocation(file: path))
        }
        let scenario: String = calibration["scenario_name"]
        let parameters = try Row.fetchAll(db, sql: "SELECT * FROM parameter ORDER BY position")
        guard let last = try Int.fetchOne(db, sql: "SELECT max(generation) FROM generation") else {
            throw InputError("the calibration's results hold no generation", at: SourceLocation(file: path))
        }
        let weights = try Double.fetchAll(db, sql: "SELECT weight FROM particle WHERE generation = ? ORDER BY particle", arguments: [last])
        func values(_ parameter: String) throws -> [Double] {
            try Double.fetchAll(db, sql: "SELECT value FROM particle_value WHERE generation = ? AND parameter = ? ORDER BY particle",
                                arguments: [last, parameter])
        }
        var html = ["<h2 id=\"\(id)\">Calibration (\(escape(calibration["method"]))): \(escape(scenario))</h2>"]
        let generations = try Row.fetchAll(db, sql: "SELECT * FROM generation ORDER BY generation")
        html.append("<p>\(parameters.count) parameters calibrated to the observed targets below; \(generations.count) generations, the last "
                    + "one (\(weights.count) weighted particles) is the posterior. Priors are uniform over the plausible ranges.</p>")
        html.append(table(["generation", "tolerance", "runs", "accepted", "effective sample size"], generations.map { row in
            ["\(row["generation"] as Int)", number(row["tolerance"]), "\(row["proposals"] as Int)", "\(row["accepted"] as Int)",
             number(row["effective_sample_size"])]
        }))

        html.append("<h3>Posterior marginals</h3>")
        html.append("<p>Weighted histograms of the posterior particles over each parameter's prior range; the dashed line is the default.</p>")
        html.append("<div class=\"pair\">")
        for parameter in parameters {
            let name: String = parameter["name"]
            let chart = Histogram(title: "Posterior of \(name)", xTitle: name, values: try values(name), weights: weights,
                                  range: (parameter["prior_lower"], parameter["prior_upper"]),
                                  marker: (parameter["default_value"], "default"))
            html.append("<div>" + chart.svg().render() + "</div>")
        }
        html.append("</div>")
        html.append(table(["parameter", "posterior median", "90% credible interval", "prior range", "default"], parameters.map { row in
            [row["name"], number(row["posterior_median"]), "\(number(row["posterior_q05"])) – \(number(row["posterior_q95"]))",
             "\(number(row["prior_lower"])) – \(number(row["prior_upper"]))", number(row["default_value"])]
        }))

        let shown = Array(parameters.prefix(pairsShown))
        if shown.count >= 2 {
            html.append("<h3>Pairs of posterior parameters</h3>")
            html.append("<p>Each pair of the first \(shown.count) parameters; darker points carry more posterior weight. A diagonal band means the "
                        + "observations fix a combination of the two rather than each.</p>")
            html.append("<div class=\"pair\">")
            let largest = weights.max() ?? 1
            for i in shown.indices {
                for j in shown.indices where j > i {
                    let a: String = shown[i]["name"], b: String = shown[j]["name"]
                    let xs = try values(a), ys = try values(b)
                    let points = zip(zip(xs, ys), weights).map { pair, weight in
                        ScatterChart.Point(label: "\(a) \(number(pair.0)), \(b) \(number(pair.1))", x: pair.0, y: pair.1,
                                           opacity: largest > 0 ? weight / largest : 1)
                    }
                    var chart = ScatterChart(title: "\(a) against \(b)", xTitle: a, yTitle: b, points: points, showLabels: false)
                    chart.width = 340
                    chart.height = 280
                    chart.includeZero = false
                    chart.radius = 2.5
                    html.append("<div>" + chart.svg().render() + "</div>")
                }
            }
            html.append("</div>")
        }

        let targets = try Row.fetchAll(db, sql: """
            SELECT t.output, t.lower, t.upper, t.source, t.at_defaults, p.mean, p.q05, p.q95 FROM target t LEFT JOIN predictive p ON p.output = t.output
            ORDER BY t.output
            """)
        html.append("<h3>Posterior predictive against the observed targets</h3>")
        html.append("<p>Shaded: the observed interval; dot and whiskers: the posterior predictive mean and 90% interval of the simulated output.</p>")
        html.append(IntervalChart(title: "Posterior predictive and observed targets", valueTitle: "value of the output",
                                  estimateName: "posterior predictive (90%)", referenceName: "observed",
                                  rows: targets.map { row in
                                      IntervalChart.Row(label: row["output"], estimate: row["mean"] ?? .nan,
                                                        interval: (row["q05"] as Double?).flatMap { lo in (row["q95"] as Double?).map { (lo, $0) } },
                                                        reference: (row["lower"], row["upper"]))
                                  }).svg().render())
        html.append(table(["target", "observed", "at the defaults", "posterior predictive (90%)", "source"], targets.map { row in
            [row["output"], "\(number(row["lower"])) – \(number(row["upper"]))", number(row["at_defaults"]),
             "\(number(row["q05"])) – \(number(row["q95"]))", row["source"]]
        }))
        html.append("<p>Results: <code>\(escape(path))</code>; command: <code>\(escape(calibration["command"]))</code>.</p>")
        return ReportSection(id: id, navigation: "Calibration", html: html.joined(separator: "\n"))
    }

    // MARK: Patterns

    static func patterns(path: String, id: String) throws -> ReportSection {
        let csv = try CSVTable(parsing: try readText(at: path), file: path)
        let columns = try ["pattern", "holds", "effect", "ci_low", "ci_high", "replications", "robust_share", "source"].map(csv.column)
        let rows = csv.rows.map { row in columns.map { row[$0] } }
        let passed = rows.filter { $0[1] == "PASS" }.count
        var html = ["<h2 id=\"\(id)\">Pattern checks</h2>"]
        html.append("<p>The sources' qualitative findings as paired checks (<code>verbinder patterns</code>): \(passed) of \(rows.count) hold, "
                    + "that is, the paired 95% interval of the effect lies above zero. The robust share is the share of Latin-hypercube "
                    + "samples of the parameters' plausible ranges in which the finding holds (with <code>--robust N</code>).</p>")
        html.append(table(["pattern", "result", "effect", "95% CI", "replications", "holds in (plausible space)", "source"], rows.map { row in
            let share = Double(row[6]).map { formatNumber($0 * 100, .fixed(0)) + "%" } ?? "–"
            return [row[0], row[1], number(Double(row[2])), "\(number(Double(row[3]))) – \(number(Double(row[4])))", row[5], share, row[7]]
        }))
        html.append("<p>Table: <code>\(escape(path))</code>.</p>")
        return ReportSection(id: id, navigation: "Patterns", html: html.joined(separator: "\n"))
    }
}

/// The pattern table as `verbinder patterns --format csv` writes it, which `verbinder report` reads back.
public enum PatternTable {
    /// The CSV header line.
    public static let csvHeader = "pattern,holds,effect,ci_low,ci_high,replications,robust_share,source"
}
