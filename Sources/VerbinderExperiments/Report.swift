import Foundation
import Mustache
import VerbinderCharts
import VerbinderCore
import VerbinderSimulation
import VerbinderSupport

/// A ranked arm: its mean of the report's metric over replications, with a 95% interval.
public struct RankedArm: Sendable, Equatable {
    public var arm: ArmRecord
    public var mean: Double
    public var ci95: [Double]?
    public var replications: Int
}

/// The self-contained HTML report of a sweep: text and tables through a Mustache template (escaped), charts
/// as inline SVG from ``VerbinderCharts``; no scripts, no external resources.
public struct ExperimentReport {
    public let store: ResultStore
    /// The metric arms are ranked by and the heatmap and tornado show.
    public let metric: MetricKey
    /// Sections of other studies shown after the sweep's own (before the reproducibility table).
    public var extraSections: [ReportSection] = []

    /// A report of `store` on `metric`.
    /// - Throws: ``InputError`` when the metric is not in the store.
    public init(store: ResultStore, metric: MetricKey = MetricKey("connectedShare")) throws {
        self.store = store
        self.metric = metric
        let keys = try store.metricKeys()
        guard keys.contains(metric) || keys.isEmpty else {
            let names = keys.filter { $0.cell.isEmpty }.map(\.description)
            throw InputError("the store has no metric \(metric): expected one of \(names.joined(separator: ", ")) or metric[cell]",
                             at: SourceLocation(file: store.path))
        }
    }

    /// Arms ranked by the metric's mean (best first where the metric has a direction; else highest first).
    public func rankedArms() throws -> [RankedArm] {
        let arms = try store.arms()
        let values = try store.values(metric)
        let higherIsBetter = MetricCatalog.entry(metric.metric)?.higherIsBetter ?? true
        let ranked = arms.compactMap { arm -> RankedArm? in
            let present = values[arm.index].compactMap { $0 }
            guard let mean = Statistics.mean(present) else { return nil }
            let isShare = MetricCatalog.entry(metric.metric)?.isShare ?? (metric.metric == "rate")
            let interval = isShare ? Statistics.proportionInterval95(present) : Statistics.confidenceInterval95(present)
            return RankedArm(arm: arm, mean: mean, ci95: interval, replications: present.count)
        }
        return ranked.sorted { higherIsBetter ? ($0.mean, -$0.arm.index) > ($1.mean, -$1.arm.index) : ($0.mean, $0.arm.index) < ($1.mean, $1.arm.index) }
    }

    /// The whole HTML page.
    /// - Throws: ``InputError`` when the store cannot be read.
    public func html() throws -> String {
        let experiment = try store.experiment()
        let arms = try store.arms()
        let factors = experiment.definition.factors
        let ranked = try rankedArms()
        let share = MetricCatalog.entry(metric.metric)?.isShare ?? false
        let metricTitle = MetricCatalog.entry(metric.metric)?.title ?? metric.description
        let stored = try store.runCount()
        let expected = experiment.armCount * experiment.replications

        var page = Page()
        page.title = "Verbinder experiment: \(experiment.scenarioName)"
        page.scenarioName = experiment.scenarioName
        page.scenarioDescription = experiment.scenarioDescription ?? ""
        page.question = question(factors: factors, metricTitle: metricTitle)
        page.metricTitle = metricTitle
        page.metricName = metric.description
        page.factors = factors.map { FactorView(name: $0.name, keyPath: $0.keyPath, levels: $0.levels.joined(separator: ", ")) }
        page.armCount = experiment.armCount
        page.replications = experiment.replications
        page.weeks = experiment.weeks
        page.runsStored = stored
        page.runsExpected = expected
        page.incomplete = stored < expected

        // Ranked arms: a chart of the top ones and a full table.
        let shown = Array(ranked.prefix(30))
        page.rankChart = BarChart(title: "Arms ranked by \(metricTitle)", valueTitle: metricTitle, bars: shown.enumerated().map {
            BarChart.Bar(label: "#\($0.element.arm.index)  " + $0.element.arm.levels.joined(separator: " / "), value: $0.element.mean,
                         interval: $0.element.ci95.map { ($0[0], $0[1]) }, highlighted: $0.offset == 0)
        }, percent: share).svg().render()
        page.rankNote = "Bars are labelled with the arm number and its levels of " + factors.map(\.name).joined(separator: " / ") + "."
            + (ranked.count > shown.count ? " The chart shows the best \(shown.count) of \(ranked.count) arms; the table lists all." : "")
        page.ranked = ranked.enumerated().map { position, item in
            RankView(rank: position + 1, arm: item.arm.index, label: item.arm.label, mean: display(item.mean, share),
                     interval: item.ci95.map { "\(display($0[0], share)) – \(display($0[1], share))" } ?? "–",
                     replications: item.replications, hash: String(item.arm.scenarioHash.prefix(12)))
        }

        // The praatplaat of every arm (rows in rank order), and the 4 × 2 matrix of the best and worst arms.
        let cellValues = try PraatplaatCellKey.allCases.map { try store.values(MetricKey("rate", $0.name)) }
        let order = ranked.map(\.arm.index)
        func cellMean(_ arm: Int, _ cell: Int) -> Double? { Statistics.mean(cellValues[cell][arm].compactMap { $0 }) }
        var praatplaat = Heatmap(title: "Praatplaat per arm: success rate of each role and direction",
                                 rowLabels: order.map { "#\($0)  " + arms[$0].levels.joined(separator: " / ") },
                                 columnLabels: PraatplaatCellKey.allCases.map(\.name),
                                 values: order.map { arm in PraatplaatCellKey.allCases.map { cellMean(arm, $0.index) } },
                                 colors: .sequential(lower: 0, upper: 1), percent: true, showValues: order.count <= 40)
        praatplaat.cellWidth = 46
        praatplaat.cellHeight = order.count > 60 ? 7 : order.count > 40 ? 10 : 18
        praatplaat.rowLabelWidth = order.count > 60 ? 240 : 300
        page.praatplaatAll = praatplaat.svg().render()
        page.praatplaatArms = Array(Set([order.first, order.last].compactMap { $0 })).sorted { order.firstIndex(of: $0)! < order.firstIndex(of: $1)! }.map { arm in
            let rows = ConnectorRole.allCases.map { role in
                RequestDirection.allCases.map { cellMean(arm, PraatplaatCellKey(role, $0).index) }
            }
            var matrix = Heatmap(title: "Praatplaat of arm \(arm)", rowLabels: ConnectorRole.allNames,
                                 columnLabels: ["residents → municipality", "officials → neighbourhood"], values: rows,
                                 colors: .sequential(lower: 0, upper: 1), percent: true, showValues: true)
            matrix.cellWidth = 110
            matrix.cellHeight = 30
            matrix.rowLabelWidth = 110
            matrix.columnLabelHeight = 100
            return PraatplaatView(heading: "\(arm == order.first ? "Best" : "Worst") arm: #\(arm) \(arms[arm].label)",
                                  svg: matrix.svg().render())
        }

        // How requests ended in each arm: the mean per run of every outcome measure, rows in rank order.
        let measures = OutcomeMeasure.allCases
        let measureValues = try measures.map { try store.values(MetricKey($0.name)) }
        page.outcomeHeader = measures.map { OutcomeHeader(name: $0.name, title: $0.title) }
        page.outcomes = order.map { arm in
            OutcomeRowView(arm: arm, label: arms[arm].label, cells: zip(measures, measureValues).map { measure, values in
                Statistics.mean(values[arm].compactMap { $0 }).map { display($0, measure.isShare) } ?? "–"
            })
        }

        // The factorial heatmap: first half of the factors on rows, the rest on columns.
        if factors.count >= 2 {
            let split = factors.count / 2
            let rowFactors = Array(factors[..<split]), columnFactors = Array(factors[split...])
            let columns = columnFactors.reduce(1) { $0 * $1.levels.count }
            let rows = rowFactors.reduce(1) { $0 * $1.levels.count }
            let means = try store.values(metric).map { Statistics.mean($0.compactMap { $0 }) }
            let grid = (0 ..< rows).map { row in (0 ..< columns).map { column in means[row * columns + column] } }
            func labels(_ chosen: [Factor], count: Int) -> [String] {
                (0 ..< count).map { index in
                    var remainder = index
                    var parts: [String] = []
                    for factor in chosen.reversed() {
                        parts.insert(abbreviate(factor.levels[remainder % factor.levels.count]), at: 0)
                        remainder /= factor.levels.count
                    }
                    return parts.joined(separator: "/")
                }
            }
            let present = means.compactMap { $0 }
            var heatmap = Heatmap(title: "\(metricTitle) for all \(experiment.armCount) combinations",
                                  rowLabels: labels(rowFactors, count: rows), columnLabels: labels(columnFactors, count: columns),
                                  values: grid, colors: .sequential(lower: present.min() ?? 0, upper: present.max() ?? 1),
                                  percent: share, showValues: columns <= 27 && rows <= 27)
            heatmap.cellWidth = columns > 20 ? 30 : 48
            heatmap.cellHeight = 24
            heatmap.rowLabelWidth = 120
            page.heatmap = heatmap.svg().render()
            page.heatmapAxes = "Rows: \(rowFactors.map(\.name).joined(separator: " / ")); columns: \(columnFactors.map(\.name).joined(separator: " / ")). Levels abbreviated (l = low, m = mid, h = high)."
        }

        // Sensitivity: tornado and main effects of every headline metric, then interactions.
        let armLevels = arms.map { arm in
            arm.levels.enumerated().map { position, level in factors[position].levels.firstIndex(of: level) ?? 0 }
        }
        let analysis = SensitivityAnalysis(factors: factors, armLevels: armLevels, values: try store.values(metric))
        let effects = analysis.mainEffects()
        if let overall = analysis.overallMean, !effects.isEmpty {
            page.tornado = TornadoChart(title: "Main effect of each factor on \(metricTitle)", metricTitle: metricTitle,
                                        reference: overall, items: effects.compactMap { effect in
                let present = effect.levelMeans.enumerated().compactMap { index, value in value.map { (index, $0) } }
                guard let low = present.min(by: { $0.1 < $1.1 }), let high = present.max(by: { $0.1 < $1.1 }) else { return nil }
                return TornadoChart.Item(factor: effect.factor, low: low.1, lowLevel: effect.levels[low.0], high: high.1,
                                         highLevel: effect.levels[high.0])
            }, percent: share).svg().render()
        }
        let headline = MetricCatalog.headline.map { MetricKey($0) }.filter { (try? store.metricKeys().contains($0)) ?? false }
        page.effectHeader = headline.map { MetricCatalog.entry($0.metric)?.title ?? $0.metric }
        var effectRows: [EffectRow] = []
        var headlineEffects: [[MainEffect]] = []
        for key in headline {
            headlineEffects.append(SensitivityAnalysis(factors: factors, armLevels: armLevels, values: try store.values(key)).mainEffects())
        }
        // One row per level against the factor's first level (its baseline), so a categorical factor shows
        // every level: e.g. repositioning, not only the last intervention listed.
        for factor in factors where factor.levels.count > 1 {
            for level in 1 ..< factor.levels.count {
                effectRows.append(EffectRow(factor: "\(factor.name): \(factor.levels[level]) − \(factor.levels[0])",
                                            cells: zip(headline, headlineEffects).map { key, effects in
                    let isShare = MetricCatalog.entry(key.metric)?.isShare ?? false
                    guard let effect = effects.first(where: { $0.factor == factor.name }) else { return EffectCell(text: "–", significant: false) }
                    let contrast = effect.levelContrasts[level - 1]
                    return EffectCell(text: signed(contrast.mean, isShare) + (contrast.ci95.map {
                        " [\(signed($0[0], isShare)), \(signed($0[1], isShare))]" } ?? ""), significant: contrast.significant)
                }))
            }
        }
        page.effects = effectRows
        page.interactions = analysis.topInteractions(3).map { interaction in
            var chart = LineChart(title: "Interaction of \(interaction.factorA) and \(interaction.factorB)",
                                  xTitle: interaction.factorA, yTitle: metric.metric,
                                  series: interaction.levelsB.enumerated().map { j, level in
                                      LineChart.Series(name: "\(interaction.factorB) = \(level)", points: interaction.levelsA.indices.compactMap { i in
                                          interaction.means[i][j].map { (x: Double(i), y: $0) }
                                      })
                                  }, xLabels: interaction.levelsA, yPercent: share)
            chart.includeZero = false
            let contrast = interaction.contrast
            let sentence = "Moving \(interaction.factorA) from \(interaction.levelsA.first!) to \(interaction.levelsA.last!) changes "
                + "\(metric.metric) by \(signed(interaction.effectOfAAtFirstB, share)) when \(interaction.factorB) is \(interaction.levelsB.first!), "
                + "and by \(signed(interaction.effectOfAAtLastB, share)) when it is \(interaction.levelsB.last!): an interaction of "
                + "\(signed(contrast.mean, share))"
                + (contrast.ci95.map { " (95% CI \(signed($0[0], share)) to \(signed($0[1], share)))" } ?? "")
                + (contrast.significant ? ", significant." : ", not significant at 95%.")
            return InteractionView(heading: "\(interaction.factorA) × \(interaction.factorB)", sentence: sentence,
                                   svg: chart.svg().render())
        }

        // Capacity curve: connector hours per week against dropped requests, when the sweep varies capacity.
        let capacities = Array(Set(arms.map(\.connectorHours))).sorted()
        if capacities.count >= 2 {
            let dropped = try store.values(MetricKey("droppedCapacity"))
            var points: [(x: Double, y: Double)] = [], band: [(Double, Double)] = []
            for hours in capacities {
                let members = arms.filter { $0.connectorHours == hours }.map(\.index)
                let perReplication = (0 ..< experiment.replications).compactMap { replication in
                    Statistics.mean(members.compactMap { dropped[$0][replication] })
                }
                guard let mean = Statistics.mean(perReplication) else { continue }
                let interval = Statistics.confidenceInterval95(perReplication) ?? [mean, mean]
                points.append((hours, mean))
                band.append((interval[0], interval[1]))
            }
            page.capacity = LineChart(title: "Capacity curve", xTitle: "connector hours per week (all connectors)",
                                      yTitle: "requests dropped per run",
                                      series: [LineChart.Series(name: "dropped (95% CI)", points: points, band: band)]).svg().render()
        }

        // Reproducibility.
        page.command = experiment.command
        page.version = experiment.version
        page.created = experiment.created
        page.seed = String(experiment.seed)
        page.definitionHash = experiment.definitionHash
        page.scenarioPath = experiment.scenarioPath
        page.replicationSeeds = try store.replicationSeeds().map { "\($0.replication): \($0.seed)" }.joined(separator: ", ")
        let wall = try store.wallTime()
        page.wallTime = "\(formatNumber(wall.seconds, .fixed(1))) s of simulation over \(wall.runs) runs"

        page.extraNavigation = extraSections.map { NavigationLink(id: $0.id, label: $0.navigation) }
        page.extraSections = extraSections.map(\.html).joined(separator: "\n")

        let template = try MustacheTemplate(string: Self.template)
        return template.render(page)
    }

    /// Writes the report to `path` atomically (a temporary file renamed into place).
    /// - Throws: ``InputError`` when the directory is not writable.
    public func write(to path: String) throws {
        try writeAtomically(Data(try html().utf8), to: path)
    }

    func question(factors: [Factor], metricTitle: String) -> String {
        let names = factors.map(\.name)
        let varied = names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " and " + names.last!
        return "Which setting of \(varied) gives the best \(metricTitle), which of them matters most, and with what confidence?"
    }
}

/// `low`/`mid`/`high` as `l`/`m`/`h` (the heatmap's note says so); other levels in full.
func abbreviate(_ level: String) -> String {
    switch level {
    case "low": "l"
    case "mid": "m"
    case "high": "h"
    default: level
    }
}

/// A value for the report: a percentage with one decimal for shares, else two decimals (none from 100 up).
func display(_ value: Double, _ share: Bool) -> String {
    guard value.isFinite else { return "–" }
    return formatNumber(value, share ? .percent(1) : value.magnitude >= 100 ? .fixed(0) : .fixed(2))
}

/// A signed difference: shares in percentage points; with a typographic minus.
func signed(_ value: Double, _ share: Bool) -> String {
    guard value.isFinite else { return "–" }
    return formatNumber(value, share ? .points(1) : .signed(2)).replacingOccurrences(of: "-", with: "−")
}

// MARK: The page model the template renders (Mustache reads it through reflection).

struct Page {
    var extraNavigation: [NavigationLink] = []
    var extraSections = ""
    var title = ""
    var scenarioName = ""
    var scenarioDescription = ""
    var question = ""
    var metricTitle = ""
    var metricName = ""
    var factors: [FactorView] = []
    var armCount = 0
    var replications = 0
    var weeks = 0
    var runsStored = 0
    var runsExpected = 0
    var incomplete = false
    var rankChart = ""
    var rankNote = ""
    var ranked: [RankView] = []
    var praatplaatAll = ""
    var praatplaatArms: [PraatplaatView] = []
    var outcomeHeader: [OutcomeHeader] = []
    var outcomes: [OutcomeRowView] = []
    var heatmap: String?
    var heatmapAxes = ""
    var tornado: String?
    var effectHeader: [String] = []
    var effects: [EffectRow] = []
    var interactions: [InteractionView] = []
    var capacity: String?
    var command = ""
    var version = ""
    var created = ""
    var seed = ""
    var definitionHash = ""
    var scenarioPath = ""
    var replicationSeeds = ""
    var wallTime = ""
}

struct FactorView { var name: String; var keyPath: String; var levels: String }
struct RankView { var rank: Int; var arm: Int; var label: String; var mean: String; var interval: String; var replications: Int; var hash: String }
struct PraatplaatView { var heading: String; var svg: String }
struct OutcomeHeader { var name: String; var title: String }
struct OutcomeRowView { var arm: Int; var label: String; var cells: [String] }
struct EffectCell { var text: String; var significant: Bool }
struct EffectRow { var factor: String; var cells: [EffectCell] }
struct InteractionView { var heading: String; var sentence: String; var svg: String }
