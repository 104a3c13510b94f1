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

    /// All run-wide and per-cell metrics, headline ones first.
    public static let entries: [Entry] = [
        Entry(name: "successRate", title: "success rate of connection attempts through the connector", isShare: true, higherIsBetter: true),
        Entry(name: "connectedShare", title: "share of all requests that ended connected (via the connector or direct)", isShare: true, higherIsBetter: true),
        Entry(name: "droppedShare", title: "share of requests through the connector dropped for lack of capacity", isShare: true, higherIsBetter: false),
        Entry(name: "stranded", title: "requests refused and left (stranded)", isShare: false, higherIsBetter: false),
        Entry(name: "noOwner", title: "problems nobody took ownership of", isShare: false, higherIsBetter: false),
        Entry(name: "droppedCapacity", title: "requests dropped for lack of connector capacity", isShare: false, higherIsBetter: false),
        Entry(name: "utilisation", title: "connector utilisation (mean over connectors)", isShare: true, higherIsBetter: nil),
        Entry(name: "trustAfter", title: "departments' trust in the connectors at the end", isShare: false, higherIsBetter: true),
        Entry(name: "escalations", title: "escalations", isShare: false, higherIsBetter: nil),
        Entry(name: "rate", title: "praatplaat cell success rate", isShare: true, higherIsBetter: true),
        Entry(name: "attempts", title: "praatplaat cell attempts", isShare: false, higherIsBetter: nil),
        Entry(name: "successes", title: "praatplaat cell successes", isShare: false, higherIsBetter: true),
        Entry(name: "requests", title: "requests that arose", isShare: false, higherIsBetter: nil),
        Entry(name: "viaConnector", title: "requests through the connector", isShare: false, higherIsBetter: nil),
        Entry(name: "resolved", title: "resolved without escalation", isShare: false, higherIsBetter: true),
        Entry(name: "resolvedAfterEscalation", title: "resolved after escalation", isShare: false, higherIsBetter: true),
        Entry(name: "timedOut", title: "conflicts not mediated in time", isShare: false, higherIsBetter: false),
        Entry(name: "escalationFailed", title: "escalations that changed nothing", isShare: false, higherIsBetter: false),
        Entry(name: "direct", title: "requests handled without the connector", isShare: false, higherIsBetter: nil),
        Entry(name: "directResolved", title: "direct requests that succeeded", isShare: false, higherIsBetter: true),
        Entry(name: "bridgesBuilt", title: "direct ties created (bridges built)", isShare: false, higherIsBetter: true),
        Entry(name: "trustBefore", title: "departments' trust in the connectors at the start", isShare: false, higherIsBetter: nil),
        Entry(name: "escalatedTrustBefore", title: "trust of escalated departments at the start", isShare: false, higherIsBetter: nil),
        Entry(name: "escalatedTrustAfter", title: "trust of escalated departments at the end", isShare: false, higherIsBetter: true),
    ]

    /// The headline metrics: the ones the report ranks arms by and runs sensitivity on.
    public static let headline: [String] = ["successRate", "connectedShare", "droppedShare", "stranded", "noOwner",
                                            "droppedCapacity", "utilisation", "trustAfter"]

    /// The entry of a metric name.
    public static func entry(_ name: String) -> Entry? { entries.first { $0.name == name } }

    static func rank(_ name: String) -> Int { entries.firstIndex { $0.name == name } ?? entries.count }

    static func cellRank(_ cell: String) -> Int {
        if cell.isEmpty { return -1 }
        return praatplaatCells.firstIndex(of: cell) ?? RequestDirection.allNames.firstIndex(of: cell).map { 100 + $0 } ?? 1000
    }

    /// The eight praatplaat cells `role.direction`, in role then direction order.
    public static let praatplaatCells: [String] = ConnectorRole.allCases.flatMap { role in
        RequestDirection.allCases.map { "\(role.name).\($0.name)" }
    }

    /// The tidy metrics of one replication, in a fixed order. Rates are left out when there were no attempts.
    public static func metrics(of run: ReplicationSummary) -> [(key: MetricKey, value: Double)] {
        var rows: [(key: MetricKey, value: Double)] = []
        var attempts = 0, successes = 0
        for role in ConnectorRole.allCases {
            for direction in RequestDirection.allCases {
                let cell = "\(role.name).\(direction.name)"
                let tried = run.attempts[role]?[direction] ?? 0
                let succeeded = run.successes[role]?[direction] ?? 0
                attempts += tried
                successes += succeeded
                rows.append((MetricKey("attempts", cell), Double(tried)))
                rows.append((MetricKey("successes", cell), Double(succeeded)))
                if let rate = run.rate(role, direction) { rows.append((MetricKey("rate", cell), rate)) }
            }
        }
        var requests = 0, viaConnector = 0
        for direction in RequestDirection.allCases {
            let arose = run.requests[direction] ?? 0, via = run.viaConnector[direction] ?? 0
            requests += arose
            viaConnector += via
            rows.append((MetricKey("requests", direction.name), Double(arose)))
            rows.append((MetricKey("viaConnector", direction.name), Double(via)))
        }
        if attempts > 0 { rows.append((MetricKey("successRate"), Double(successes) / Double(attempts))) }
        if requests > 0 {
            let connected = run.resolved + run.resolvedAfterEscalation + run.directResolved
            rows.append((MetricKey("connectedShare"), Double(connected) / Double(requests)))
        }
        if viaConnector > 0 { rows.append((MetricKey("droppedShare"), Double(run.droppedCapacity) / Double(viaConnector))) }
        let counts: [(String, Int)] = [
            ("resolved", run.resolved), ("resolvedAfterEscalation", run.resolvedAfterEscalation), ("stranded", run.stranded),
            ("noOwner", run.noOwner), ("droppedCapacity", run.droppedCapacity), ("timedOut", run.timedOut),
            ("escalationFailed", run.escalationFailed), ("direct", run.direct), ("directResolved", run.directResolved),
            ("escalations", run.escalations), ("bridgesBuilt", run.bridgesBuilt),
        ]
        rows += counts.map { (MetricKey($0.0), Double($0.1)) }
        rows.append((MetricKey("utilisation"), run.utilisation))
        rows.append((MetricKey("trustBefore"), run.trustBefore))
        rows.append((MetricKey("trustAfter"), run.trustAfter))
        if let value = run.escalatedTrustBefore { rows.append((MetricKey("escalatedTrustBefore"), value)) }
        if let value = run.escalatedTrustAfter { rows.append((MetricKey("escalatedTrustAfter"), value)) }
        return rows.filter { $0.value.isFinite }
    }
}
