import VerbinderCore
import VerbinderSimulation

/// A metric of one run in tidy form: a name and a cell (a praatplaat cell `role.direction`, a direction, or
/// empty for a run-wide number).
public struct MetricKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var metric: String
    public var cell: String

    public init(_ metric: String, _ cell: String = "") {
        self.metric = metric
        self.cell = cell
    }

    /// `metric` or `metric[cell]`.
    public var description: String { cell.isEmpty ? metric : "\(metric)[\(cell)]" }

    /// Parses `metric` or `metric[cell]`.
    public init(parsing text: String) {
        if let open = text.firstIndex(of: "["), text.hasSuffix("]") {
            self.init(String(text[..<open]), String(text[text.index(after: open) ..< text.index(before: text.endIndex)]))
        } else {
            self.init(text)
        }
    }

    /// Catalogue order (headline metrics first), then by name.
    public static func < (a: MetricKey, b: MetricKey) -> Bool {
        let (ra, rb) = (MetricCatalog.rank(a.metric), MetricCatalog.rank(b.metric))
        if ra != rb { return ra < rb }
        if a.metric != b.metric { return a.metric < b.metric }
        return MetricCatalog.cellRank(a.cell) < MetricCatalog.cellRank(b.cell)
            || (MetricCatalog.cellRank(a.cell) == MetricCatalog.cellRank(b.cell) && a.cell < b.cell)
    }
}

/// The metrics a sweep stores per run, their meaning, and which are headline numbers.
public enum MetricCatalog {
    /// A metric's description.
    public struct Entry: Sendable {
        public var name: String
        public var title: String
        /// A share between 0 and 1 (shown as a percentage).
        public var isShare: Bool
        /// Whether more is better (for ranking arms); nil when neither.
        public var higherIsBetter: Bool?
    }

    /// All run-wide and per-cell metrics: the headline ones first, then every ``OutcomeMeasure``.
    public static let entries: [Entry] = {
        let leading = [
            Entry(name: "successRate", title: "success rate of connection attempts through the connector", isShare: true, higherIsBetter: true),
            Entry(name: "connectedShare", title: "share of all requests that ended connected (via the connector or direct)", isShare: true, higherIsBetter: true),
            Entry(name: "droppedShare", title: "share of requests through the connector dropped for lack of capacity", isShare: true, higherIsBetter: false),
            Entry(name: "utilisation", title: "connector utilisation (mean over connectors)", isShare: true, higherIsBetter: nil),
            Entry(name: "trustAfter", title: "departments' trust in the connectors at the end", isShare: false, higherIsBetter: true),
            Entry(name: "escalations", title: "escalations", isShare: false, higherIsBetter: nil),
            Entry(name: "rate", title: "praatplaat cell success rate", isShare: true, higherIsBetter: true),
            Entry(name: "attempts", title: "praatplaat cell attempts", isShare: false, higherIsBetter: nil),
            Entry(name: "successes", title: "praatplaat cell successes", isShare: false, higherIsBetter: true),
            Entry(name: "requests", title: "requests that arose", isShare: false, higherIsBetter: nil),
            Entry(name: "viaConnector", title: "requests through the connector", isShare: false, higherIsBetter: nil),
        ]
        let outcomes = OutcomeMeasure.allCases.map {
            Entry(name: $0.name, title: $0.title, isShare: $0.isShare, higherIsBetter: $0.higherIsBetter)
        }
        let trailing = [
            Entry(name: "bridgesBuilt", title: "direct ties created (bridges built)", isShare: false, higherIsBetter: true),
            Entry(name: "trustBefore", title: "departments' trust in the connectors at the start", isShare: false, higherIsBetter: nil),
            Entry(name: "escalatedTrustBefore", title: "trust of escalated departments at the start", isShare: false, higherIsBetter: nil),
            Entry(name: "escalatedTrustAfter", title: "trust of escalated departments at the end", isShare: false, higherIsBetter: true),
        ]
        return leading + outcomes + trailing
    }()

    /// The headline metrics: the ones the report ranks arms by and runs sensitivity on.
    public static let headline: [String] = ["connectedShare", "successRate", "droppedShare", Outcome.stranded.name,
                                            Outcome.noOwner.name, Outcome.droppedCapacity.name, "utilisation", "trustAfter"]

    /// The entry of a metric name.
    public static func entry(_ name: String) -> Entry? { entries.first { $0.name == name } }

    /// Headline metrics first (in ``headline`` order), then catalogue order, then unknown names.
    static func rank(_ name: String) -> Int {
        if let position = headline.firstIndex(of: name) { return position }
        return headline.count + (entries.firstIndex { $0.name == name } ?? entries.count)
    }

    static func cellRank(_ cell: String) -> Int {
        if cell.isEmpty { return -1 }
        return PraatplaatCellKey(name: cell)?.index ?? RequestDirection.allNames.firstIndex(of: cell).map { 100 + $0 } ?? 1000
    }

    /// The tidy metrics of one replication, in a fixed order: every praatplaat cell, every direction, the
    /// headline shares, every ``OutcomeMeasure``, then workload and trust. Rates are left out when there were
    /// no attempts.
    public static func metrics(of run: ReplicationSummary) -> [(key: MetricKey, value: Double)] {
        var rows: [(key: MetricKey, value: Double)] = []
        for cell in PraatplaatCellKey.allCases {
            let tried = run.attempts[cell] ?? 0
            let succeeded = run.successes[cell] ?? 0
            rows.append((MetricKey("attempts", cell.name), Double(tried)))
            rows.append((MetricKey("successes", cell.name), Double(succeeded)))
            if let rate = run.rate(cell) { rows.append((MetricKey("rate", cell.name), rate)) }
        }
        for direction in RequestDirection.allCases {
            rows.append((MetricKey("requests", direction.name), Double(run.requests[direction] ?? 0)))
            rows.append((MetricKey("viaConnector", direction.name), Double(run.viaConnector[direction] ?? 0)))
        }
        if let rate = run.successRate { rows.append((MetricKey("successRate"), rate)) }
        if let share = run.connectedShare { rows.append((MetricKey("connectedShare"), share)) }
        if let share = run.droppedShare { rows.append((MetricKey("droppedShare"), share)) }
        for measure in OutcomeMeasure.allCases {
            if let value = run.outcomes[measure] { rows.append((MetricKey(measure.name), value)) }
        }
        rows.append((MetricKey("escalations"), Double(run.escalations)))
        rows.append((MetricKey("bridgesBuilt"), Double(run.bridgesBuilt)))
        rows.append((MetricKey("utilisation"), run.utilisation))
        rows.append((MetricKey("trustBefore"), run.trustBefore))
        rows.append((MetricKey("trustAfter"), run.trustAfter))
        if let value = run.escalatedTrustBefore { rows.append((MetricKey("escalatedTrustBefore"), value)) }
        if let value = run.escalatedTrustAfter { rows.append((MetricKey("escalatedTrustAfter"), value)) }
        return rows.filter { $0.value.isFinite }
    }
}
