import Foundation
import VerbinderCore
import VerbinderScenario
import VerbinderSimulation
import VerbinderSupport

/// The languages the decision table and its verdict are written in.
public enum TableLanguage: String, Sendable, Codable, CaseIterable {
    case nl
    case en
}

/// The numbers a transition manager weighs an option by, per replication: residents helped first, then what
/// stays unresolved or unheard, capacity, workload, escalations and trust.
public enum DecisionMetrics {
    /// A row of the decision table.
    public struct Entry: Sendable {
        public var name: String
        public var english: String
        public var dutch: String
        /// `perYear` (counts scaled to 52 weeks), `share` (0–1), `hoursPerWeek`, or `level` (0–1 scale).
        public var unit: String
        /// Whether more is better; nil when neither (a cost or an activity).
        public var higherIsBetter: Bool?
    }

    /// The rows in table order; `workload` has one row per connector (its cell is the connector's name).
    public static let entries: [Entry] = [
        Entry(name: "connectedPerYear", english: "requests connected per year (residents helped)",
              dutch: "verzoeken per jaar verbonden (inwoners geholpen)", unit: "perYear", higherIsBetter: true),
        Entry(name: "connectedShare", english: "share of all requests connected (via the connector or direct)",
              dutch: "aandeel van alle verzoeken verbonden (via de verbinder of direct)", unit: "share", higherIsBetter: true),
        Entry(name: "successRate", english: "success rate of the connector's own attempts",
              dutch: "slagingskans van de pogingen van de verbinder zelf", unit: "share", higherIsBetter: true),
        Entry(name: "unresolvedPerYear", english: "requests voiced but not connected, per year",
              dutch: "verzoeken geuit maar niet verbonden, per jaar", unit: "perYear", higherIsBetter: false),
        Entry(name: "neverVoicedPerYear", english: "requests never voiced (hard-to-reach residents), per year",
              dutch: "verzoeken nooit geuit (moeilijk bereikbare inwoners), per jaar", unit: "perYear", higherIsBetter: false),
        Entry(name: "droppedPerYear", english: "requests dropped for lack of connector capacity, per year",
              dutch: "verzoeken blijven liggen door gebrek aan capaciteit, per jaar", unit: "perYear", higherIsBetter: false),
        Entry(name: "contractedHours", english: "connector hours contracted per week (all connectors)",
              dutch: "uren verbinders per week in dienst (alle verbinders)", unit: "hoursPerWeek", higherIsBetter: nil),
        Entry(name: "connectorHours", english: "connector hours spent on requests per week (all connectors)",
              dutch: "uren verbinders per week besteed aan verzoeken (alle verbinders)", unit: "hoursPerWeek", higherIsBetter: nil),
        Entry(name: "workload", english: "workload (hours used of hours available)",
              dutch: "werkdruk (gebruikte uren van beschikbare uren)", unit: "share", higherIsBetter: nil),
        Entry(name: "escalationsPerYear", english: "escalations per year", dutch: "escalaties per jaar", unit: "perYear", higherIsBetter: nil),
        Entry(name: "trustAfter", english: "departments' trust in the connectors at the end (0–1)",
              dutch: "vertrouwen van afdelingen in de verbinders aan het eind (0–1)", unit: "level", higherIsBetter: true),
    ]

    /// The entry of a metric name.
    public static func entry(_ name: String) -> Entry? { entries.first { $0.name == name } }

    /// The decision metrics of one replication of a scenario.
    public static func values(of run: ReplicationSummary, scenario: Scenario) -> [MetricKey: Double] {
        let perYear = 52.0 / Double(max(1, scenario.run.weeks))
        let weeks = Double(max(1, scenario.run.weeks))
        let requests = RequestDirection.allCases.reduce(0) { $0 + (run.requests[$1] ?? 0) }
        let connected = run.connected
        let unvoiced = run.outcomes[.unvoiced]
        var values: [MetricKey: Double] = [
            MetricKey("connectedPerYear"): Double(connected) * perYear,
            MetricKey("unresolvedPerYear"): Double(max(0, requests - connected - unvoiced)) * perYear,
            MetricKey("neverVoicedPerYear"): Double(unvoiced) * perYear,
            MetricKey("droppedPerYear"): Double(run.outcomes[.droppedCapacity]) * perYear,
            MetricKey("contractedHours"): scenario.connectors.reduce(0) { $0 + $1.hoursPerWeek },
            MetricKey("connectorHours"): run.connectorBusyHours.reduce(0, +) / weeks,
            MetricKey("escalationsPerYear"): Double(run.escalations) * perYear,
            MetricKey("trustAfter"): run.trustAfter,
        ]
        values[MetricKey("connectedShare")] = run.connectedShare
        values[MetricKey("successRate")] = run.successRate
        for (index, connector) in scenario.connectors.enumerated()
        where index < run.connectorBusyHours.count && run.connectorAvailableHours[index] > 0 {
            values[MetricKey("workload", connector.name)] = run.connectorBusyHours[index] / run.connectorAvailableHours[index]
        }
        return values.filter { $0.value.isFinite }
    }

    /// The row order of `keys`: catalogue order, a metric's cells in the order given by `cellOrder`.
    static func order(_ keys: some Sequence<MetricKey>, cellOrder: [String]) -> [MetricKey] {
        keys.sorted { a, b in
            let ra = entries.firstIndex { $0.name == a.metric } ?? entries.count
            let rb = entries.firstIndex { $0.name == b.metric } ?? entries.count
            if ra != rb { return ra < rb }
            return (cellOrder.firstIndex(of: a.cell) ?? cellOrder.count, a.cell) < (cellOrder.firstIndex(of: b.cell) ?? cellOrder.count, b.cell)
        }
    }
}

/// One row of a decision table: the baseline and the option, and their paired difference.
public struct DecisionRow: Sendable, Codable, Equatable {
    public var metric: String
    /// A connector's name for `workload`, else empty.
    public var cell: String
    public var title: String
    public var unit: String
    public var higherIsBetter: Bool?
    /// Means over replications; nil where the arm has no value (e.g. a connector it lacks).
    public var baseline: Double?
    public var option: Double?
    /// Mean paired difference option − baseline and its 95% confidence interval (Student's t over pairs).
    public var difference: Double?
    public var ci95: [Double]?
    /// Whether the interval excludes zero.
    public var significant: Bool
}

/// An option against a pinned baseline, both simulated on the same replication seeds (common random numbers),
/// so each difference is paired replication by replication.
public struct DecisionTable: Sendable, Codable, Equatable {
    public var baselineLabel: String
    public var optionLabel: String
    /// Replications paired so far.
    public var replications: Int
    public var language: TableLanguage
    public var rows: [DecisionRow]
    /// One plain-language sentence: does the option help more residents, and at what cost in hours.
    public var verdict: String

    /// Compares the first replications both lists have, by index.
    public init(baseline: [ReplicationSummary], baselineScenario: Scenario, baselineLabel: String,
                option: [ReplicationSummary], optionScenario: Scenario, optionLabel: String,
                language: TableLanguage = .en) {
        let count = min(baseline.count, option.count)
        func sample(_ runs: [ReplicationSummary], _ scenario: Scenario, _ label: String) -> ArmSample {
            ArmSample(label: label, replications: Dictionary(uniqueKeysWithValues: runs.prefix(count).enumerated().map {
                ($0.offset, DecisionMetrics.values(of: $0.element, scenario: scenario))
            }))
        }
        let a = sample(baseline, baselineScenario, baselineLabel), b = sample(option, optionScenario, optionLabel)
        let paired = Dictionary(Comparison.paired(a, b).map { (MetricKey($0.metric, $0.cell), $0) }, uniquingKeysWith: { x, _ in x })
        func mean(_ sample: ArmSample, _ key: MetricKey) -> Double? {
            Statistics.mean((0 ..< count).compactMap { sample.replications[$0]?[key] })
        }
        let keys = Set(a.replications.values.flatMap(\.keys)).union(b.replications.values.flatMap(\.keys))
        let cellOrder = baselineScenario.connectors.map(\.name) + optionScenario.connectors.map(\.name)
        rows = DecisionMetrics.order(keys, cellOrder: cellOrder).map { key in
            let entry = DecisionMetrics.entry(key.metric)
            let title = (language == .nl ? entry?.dutch : entry?.english) ?? key.metric
            let difference = paired[key]
            return DecisionRow(metric: key.metric, cell: key.cell, title: key.cell.isEmpty ? title : "\(title): \(key.cell)",
                               unit: entry?.unit ?? "", higherIsBetter: entry?.higherIsBetter,
                               baseline: mean(a, key), option: mean(b, key), difference: difference?.difference,
                               ci95: difference?.ci95, significant: difference?.significant ?? false)
        }
        self.baselineLabel = baselineLabel
        self.optionLabel = optionLabel
        replications = count
        self.language = language
        verdict = ""
        verdict = Self.verdict(rows: rows, language: language)
    }

    /// The sentence on residents helped (requests connected per year) and the hours it takes.
    static func verdict(rows: [DecisionRow], language: TableLanguage) -> String {
        let nl = language == .nl
        guard let helped = rows.first(where: { $0.metric == "connectedPerYear" }), let difference = helped.difference else {
            return nl ? "Nog geen vergelijking: er zijn nog geen herhalingen." : "No comparison yet: no replications have finished."
        }
        let amount = formatSigned(difference, decimals: 0, language: language)
        let interval = helped.ci95.map { ci in
            nl ? " (95%-BI \(formatFixed(ci[0], decimals: 0, language: language)) tot \(formatFixed(ci[1], decimals: 0, language: language)))"
               : " (95% CI \(formatFixed(ci[0], decimals: 0, language: language)) to \(formatFixed(ci[1], decimals: 0, language: language)))"
        } ?? ""
        let opening: String
        if helped.significant && difference > 0 {
            opening = nl ? "Helpt meer inwoners: \(amount) verzoeken per jaar verbonden\(interval)"
                         : "Helps more residents: \(amount) requests connected per year\(interval)"
        } else if helped.significant {
            opening = nl ? "Helpt minder inwoners: \(amount) verzoeken per jaar verbonden\(interval)"
                         : "Helps fewer residents: \(amount) requests connected per year\(interval)"
        } else {
            opening = nl ? "Geen duidelijk verschil in geholpen inwoners: \(amount) verzoeken per jaar verbonden\(interval)"
                         : "No clear difference in residents helped: \(amount) requests connected per year\(interval)"
        }
        var costs: [String] = []
        if let contracted = rows.first(where: { $0.metric == "contractedHours" })?.difference, abs(contracted) >= 0.05 {
            let hours = formatFixed(abs(contracted), decimals: 1, language: language)
            costs.append(nl ? "\(hours) uur per week \(contracted > 0 ? "meer" : "minder") verbindersuren in dienst"
                            : "\(hours) \(contracted > 0 ? "more" : "fewer") contracted connector hours per week")
        }
        if let spent = rows.first(where: { $0.metric == "connectorHours" }), let change = spent.difference, spent.significant, abs(change) >= 0.05 {
            let hours = formatFixed(abs(change), decimals: 1, language: language)
            costs.append(nl ? "\(hours) uur per week \(change > 0 ? "meer" : "minder") besteed aan verzoeken"
                            : "\(hours) \(change > 0 ? "more" : "fewer") hours per week spent on requests")
        }
        if costs.isEmpty {
            return opening + (nl ? ", zonder duidelijk verschil in verbindersuren." : ", with no clear change in connector hours.")
        }
        return opening + (nl ? ", bij " : ", at ") + costs.joined(separator: nl ? " en " : " and ") + "."
    }

    /// The table as CSV (one row per metric, numbers unrounded).
    public var csv: String {
        var lines = ["metric,cell,title,baseline,option,difference,ci_low,ci_high,significant"]
        for row in rows {
            let fields = [row.metric, row.cell, row.title,
                          formatNumber(row.baseline, .significant, missing: ""), formatNumber(row.option, .significant, missing: ""),
                          formatNumber(row.difference, .significant, missing: ""), formatNumber(row.ci95?[0], .significant, missing: ""),
                          formatNumber(row.ci95?[1], .significant, missing: ""), row.significant ? "true" : "false"]
            lines.append(fields.map(csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The table as aligned text, with the verdict underneath.
    public var text: String {
        let nl = language == .nl
        let header = [nl ? "maat" : "metric", nl ? "basis" : "baseline", nl ? "optie" : "option",
                      nl ? "verschil (95%-BI)" : "difference (95% CI)"]
        var table = [header]
        for row in rows {
            let decimals = row.unit == "share" ? 1 : (row.unit == "perYear" ? 0 : 2)
            func value(_ x: Double?) -> String {
                guard let x else { return "—" }
                return row.unit == "share" ? formatFixed(x * 100, decimals: 1, language: language) + "%" : formatFixed(x, decimals: decimals, language: language)
            }
            var change = "—"
            if let difference = row.difference {
                let scale = row.unit == "share" ? 100.0 : 1.0
                let suffix = row.unit == "share" ? (nl ? " pp" : " pp") : ""
                change = formatSigned(difference * scale, decimals: decimals, language: language) + suffix
                if let ci = row.ci95 {
                    change += " [\(formatFixed(ci[0] * scale, decimals: decimals, language: language)), \(formatFixed(ci[1] * scale, decimals: decimals, language: language))]"
                }
                if row.significant { change += " *" }
            }
            table.append([row.title, value(row.baseline), value(row.option), change])
        }
        let widths = (0 ..< 4).map { column in table.map { $0[column].count }.max() ?? 0 }
        let lines = table.map { cells in
            cells.enumerated().map { column, cell in
                column == 0 ? cell.padding(toLength: widths[0], withPad: " ", startingAt: 0)
                            : String(repeating: " ", count: widths[column] - cell.count) + cell
            }.joined(separator: "  ")
        }
        let title = nl ? "\(optionLabel) tegenover \(baselineLabel) (\(replications) gepaarde herhalingen; * = 95%-BI zonder 0)"
                       : "\(optionLabel) against \(baselineLabel) (\(replications) paired replications; * = 95% CI excludes 0)"
        return ([title] + lines + [verdict]).joined(separator: "\n") + "\n"
    }
}

/// A praatplaat cell estimated from the replications finished so far.
public struct PraatplaatEstimate: Sendable, Codable, Equatable {
    public var role: String
    public var direction: String
    public var attempts: Int
    public var successes: Int
    /// Mean of the per-replication success rates, and its 95% confidence interval; nil without attempts.
    public var mean: Double?
    public var ci95: [Double]?

    /// The eight cells (role-major, as ``MetricCatalog/praatplaatCells``) from the replications given.
    public static func cells(_ runs: [ReplicationSummary]) -> [PraatplaatEstimate] {
        ConnectorRole.allCases.flatMap { role in
            RequestDirection.allCases.map { direction in
                let rates = runs.compactMap { $0.rate(role, direction) }
                return PraatplaatEstimate(
                    role: role.name, direction: direction.name,
                    attempts: runs.reduce(0) { $0 + ($1.attempts[PraatplaatCellKey(role, direction)] ?? 0) },
                    successes: runs.reduce(0) { $0 + ($1.successes[PraatplaatCellKey(role, direction)] ?? 0) },
                    mean: Statistics.mean(rates), ci95: Statistics.proportionInterval95(rates))
            }
        }
    }
}

/// Simulates replications of options of a scenario, building each distinct network once (networks depend on
/// who serves where, not on hours or policies) and keeping the last few in memory.
public final class OptionSimulator: @unchecked Sendable {
    private let lock = NSLock()
    private var networks: [Data: ScenarioNetwork] = [:]
    private var order: [Data] = []
    private let capacity: Int

    /// Keeps up to `capacity` networks.
    public init(capacity: Int = 8) { self.capacity = max(1, capacity) }

    /// The scenario ready to run single replications, its network from the cache when possible.
    /// - Throws: ``InputError`` when the scenario's network files are malformed.
    public func prepare(_ scenario: Scenario) throws -> PreparedSimulation {
        PreparedSimulation(scenario, network: try network(of: scenario))
    }

    /// The network of `scenario`, from the cache when a scenario with the same ``Scenario/networkKey`` was seen.
    /// - Throws: ``InputError`` when the scenario's network files are malformed.
    public func network(of scenario: Scenario) throws -> ScenarioNetwork {
        let key = scenario.networkKey
        if let network = lock.withLock({ networks[key] }) { return network }
        let network = try NetworkGenerator.build(scenario)
        lock.withLock {
            if networks[key] == nil {
                networks[key] = network
                order.append(key)
                if order.count > capacity { networks[order.removeFirst()] = nil }
            }
        }
        return network
    }

    /// Replications 0 ..< `count` of `scenario` in order, on up to `threads` threads.
    /// - Throws: ``InputError`` when the scenario's network cannot be built.
    public func replications(of scenario: Scenario, count: Int, threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> [ReplicationSummary] {
        let prepared = try prepare(scenario)
        return parallelMap(count, threads: threads) { prepared.replication($0) }
    }
}

/// A decimal number with a fixed number of decimals and a true minus sign (no "-0"), with a decimal comma in Dutch.
public func formatFixed(_ value: Double, decimals: Int, language: TableLanguage) -> String {
    var text = formatNumber(value, .fixed(decimals))
    if text.hasPrefix("-") { text = Double(text) == 0 ? String(text.dropFirst()) : "−" + text.dropFirst() }
    return language == .nl ? text.replacingOccurrences(of: ".", with: ",") : text
}

/// ``formatFixed(_:decimals:language:)`` with an explicit `+` for positive values.
func formatSigned(_ value: Double, decimals: Int, language: TableLanguage) -> String {
    let text = formatFixed(value, decimals: decimals, language: language)
    return text.hasPrefix("−") || text.allSatisfy({ "0,.".contains($0) }) ? text : "+" + text
}
