import VerbinderCore
import VerbinderSupport

/// How a request ended. Every request that arises ends in exactly one outcome, or is counted ``open`` when
/// the run ends before it does (censored): arrivals = Σ outcomes, per praatplaat cell.
///
/// This is the results contract: `summary.json`, `summary.csv`, sweep metrics, the report and the outcome
/// graph iterate ``allCases`` (through ``OutcomeMeasure``), so a new case appears in every output; the
/// exhaustive switches below make whoever adds one decide its name, title and meaning.
public enum Outcome: Int, NamedCase, Comparable {
    case resolved, resolvedAfterEscalation, stranded, noOwner, droppedCapacity, timedOut, escalationFailed
    case directResolved, directFailed, unvoiced
    /// Still waiting, in service, at a department, in an escalation or on the direct route when the run ended.
    case open

    /// The field name in every output.
    public var name: String {
        switch self {
        case .resolved: "resolved"
        case .resolvedAfterEscalation: "resolvedAfterEscalation"
        case .stranded: "stranded"
        case .noOwner: "noOwner"
        case .droppedCapacity: "droppedCapacity"
        case .timedOut: "timedOut"
        case .escalationFailed: "escalationFailed"
        case .directResolved: "directResolved"
        case .directFailed: "directFailed"
        case .unvoiced: "unvoiced"
        case .open: "open"
        }
    }

    /// A short description for tables and the report.
    public var title: String {
        switch self {
        case .resolved: "resolved through the connector without escalation"
        case .resolvedAfterEscalation: "resolved after the connector escalated a refusal"
        case .stranded: "refused by the department and left there (stranded)"
        case .noOwner: "problems nobody took ownership of"
        case .droppedCapacity: "waited too long in a connector's queue (dropped for lack of capacity)"
        case .timedOut: "conflicts not mediated in time"
        case .escalationFailed: "escalations that did not change the answer"
        case .directResolved: "handled without the connector, successfully"
        case .directFailed: "handled without the connector, unsuccessfully"
        case .unvoiced: "requests of hard-to-reach residents that never reached anyone"
        case .open: "still open when the run ended (censored: not yet ended either way)"
        }
    }

    /// Whether the request ended connected.
    public var isSuccess: Bool {
        switch self {
        case .resolved, .resolvedAfterEscalation, .directResolved: true
        case .stranded, .noOwner, .droppedCapacity, .timedOut, .escalationFailed, .directFailed, .unvoiced, .open: false
        }
    }

    /// Whether the request bypassed the connector (went to the department directly).
    public var isDirect: Bool {
        switch self {
        case .directResolved, .directFailed: true
        case .resolved, .resolvedAfterEscalation, .stranded, .noOwner, .droppedCapacity, .timedOut, .escalationFailed,
             .unvoiced, .open: false
        }
    }

    /// Whether the request was a finished connection attempt through a connector (a praatplaat attempt;
    /// open requests are counted apart, in ``PraatplaatCell/open``).
    public var isThroughConnector: Bool {
        switch self {
        case .resolved, .resolvedAfterEscalation, .stranded, .noOwner, .droppedCapacity, .timedOut, .escalationFailed: true
        case .directResolved, .directFailed, .unvoiced, .open: false
        }
    }

    public static func < (a: Outcome, b: Outcome) -> Bool { a.rawValue < b.rawValue }
}

/// A number reported about how requests ended: the count of each ``Outcome``, and the tallies derived from
/// them or counted beside them. Outputs iterate ``allCases``.
public enum OutcomeMeasure: Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// Requests that ended in `outcome`.
    case count(Outcome)
    /// Requests handled without the connector (every ``Outcome/isDirect`` outcome).
    case direct
    /// The share of ``direct`` requests that succeeded; nil when none went direct.
    case directRate
    /// Work brought to a connector that was not the connector's job (not a request; costs effort).
    case misdirected
    /// Requests settled by the connector's own budget, without a department (counted in ``Outcome/resolved``).
    case settledByBudget
    /// Initiatives and problems residents settled themselves or with partners once the connector brought
    /// them together (co-production; counted in ``Outcome/resolved``).
    case coProduced
    /// Residents' questions the connector answered from its own knowledge (counted in ``Outcome/resolved``).
    case answeredFromKnowledge

    /// Every outcome's count, then the derived tallies.
    public static var allCases: [OutcomeMeasure] {
        Outcome.allCases.map(OutcomeMeasure.count) + [.direct, .directRate, .misdirected, .settledByBudget, .coProduced, .answeredFromKnowledge]
    }

    /// The field name in every output (`summary.json`, `summary.csv`, sweep metrics).
    public var name: String {
        switch self {
        case .count(let outcome): outcome.name
        case .direct: "direct"
        case .directRate: "directRate"
        case .misdirected: "misdirected"
        case .settledByBudget: "settledByBudget"
        case .coProduced: "coProduced"
        case .answeredFromKnowledge: "answeredFromKnowledge"
        }
    }

    public var description: String { name }

    /// A short description for tables and the report.
    public var title: String {
        switch self {
        case .count(let outcome): outcome.title
        case .direct: "requests handled without the connector"
        case .directRate: "share of direct requests that succeeded"
        case .misdirected: "misdirected work brought to a connector"
        case .settledByBudget: "requests settled by the connector's own budget"
        case .coProduced: "initiatives and problems residents settled themselves or with partners"
        case .answeredFromKnowledge: "residents' questions answered from the connector's own knowledge"
        }
    }

    /// Whether the value is a share between 0 and 1 (the others are counts).
    public var isShare: Bool { self == .directRate }

    /// Whether more is better, for ranking; nil when neither.
    public var higherIsBetter: Bool? {
        switch self {
        case .count(.open): nil
        case .count(let outcome): outcome.isDirect && !outcome.isSuccess ? nil : outcome.isSuccess
        case .direct, .settledByBudget, .coProduced, .answeredFromKnowledge: nil
        case .directRate: true
        case .misdirected: false
        }
    }

    /// The measure named `name`.
    public init?(name: String) {
        guard let found = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = found
    }
}

/// How requests ended, summed over the replications counted: a count per ``Outcome`` plus the tallies of
/// ``OutcomeMeasure``. Encoded as one object with a key per measure (and `latencyDays`).
public struct OutcomeCounts: Sendable, Equatable {
    /// Requests per outcome, indexed by ``Outcome/rawValue``.
    private var counts: [Int]
    /// Work brought to a connector that was not the connector's job.
    public var misdirected: Int
    /// Requests settled by the connector's own budget (counted in ``Outcome/resolved``).
    public var settledByBudget: Int
    /// Requests residents settled with partners (co-production), and questions answered from the connector's
    /// own knowledge (both counted in ``Outcome/resolved``).
    public var coProduced: Int
    public var answeredFromKnowledge: Int
    /// Latency from arrival to final state, in working days, per role.
    public var latencyDays: [LatencyRow]

    /// No requests.
    public init() {
        counts = Array(repeating: 0, count: Outcome.allCases.count)
        misdirected = 0
        settledByBudget = 0
        coProduced = 0
        answeredFromKnowledge = 0
        latencyDays = []
    }

    /// The requests that ended in `outcome`.
    public subscript(outcome: Outcome) -> Int {
        get { counts[outcome.rawValue] }
        set { counts[outcome.rawValue] = newValue }
    }

    /// The value of `measure`; nil for a rate without requests.
    public subscript(measure: OutcomeMeasure) -> Double? {
        switch measure {
        case .count(let outcome): Double(self[outcome])
        case .direct: Double(direct)
        case .directRate: directRate
        case .misdirected: Double(misdirected)
        case .settledByBudget: Double(settledByBudget)
        case .coProduced: Double(coProduced)
        case .answeredFromKnowledge: Double(answeredFromKnowledge)
        }
    }

    /// Requests handled without the connector.
    public var direct: Int { total(where: \.isDirect) }

    /// `directResolved / direct`; nil when none went direct.
    public var directRate: Double? {
        let direct = direct
        return direct > 0 ? Double(total { $0.isDirect && $0.isSuccess }) / Double(direct) : nil
    }

    /// The requests whose outcome satisfies `condition`.
    public func total(where condition: (Outcome) -> Bool) -> Int {
        Outcome.allCases.reduce(0) { condition($1) ? $0 + self[$1] : $0 }
    }

    /// Adds another count (latencies are left as they are).
    public static func += (a: inout OutcomeCounts, b: OutcomeCounts) {
        for outcome in Outcome.allCases { a[outcome] += b[outcome] }
        a.misdirected += b.misdirected
        a.settledByBudget += b.settledByBudget
        a.coProduced += b.coProduced
        a.answeredFromKnowledge += b.answeredFromKnowledge
    }
}

extension OutcomeCounts: Codable {
    private typealias Key = NamedCodingKey

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for measure in OutcomeMeasure.allCases {
            switch measure {
            case .directRate: try container.encodeIfPresent(directRate, forKey: Key(measure.name))
            default: try container.encode(Int(self[measure] ?? 0), forKey: Key(measure.name))
            }
        }
        try container.encode(latencyDays, forKey: Key("latencyDays"))
    }

    /// Reads the counts; an outcome missing from the file (written before it existed) counts 0.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        self.init()
        for outcome in Outcome.allCases {
            self[outcome] = try container.decodeIfPresent(Int.self, forKey: Key(outcome.name)) ?? 0
        }
        misdirected = try container.decode(Int.self, forKey: Key(OutcomeMeasure.misdirected.name))
        settledByBudget = try container.decode(Int.self, forKey: Key(OutcomeMeasure.settledByBudget.name))
        coProduced = try container.decodeIfPresent(Int.self, forKey: Key(OutcomeMeasure.coProduced.name)) ?? 0
        answeredFromKnowledge = try container.decodeIfPresent(Int.self, forKey: Key(OutcomeMeasure.answeredFromKnowledge.name)) ?? 0
        latencyDays = try container.decode([LatencyRow].self, forKey: Key("latencyDays"))
    }
}

/// One cell of the praatplaat: a connector role in one request direction (the praatplaat of the Buzing 2024
/// master thesis, figure 11). Outputs iterate ``allCases``: roles in order, each in both directions.
public struct PraatplaatCellKey: Hashable, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    public var role: ConnectorRole
    public var direction: RequestDirection

    public init(_ role: ConnectorRole, _ direction: RequestDirection) {
        self.role = role
        self.direction = direction
    }

    /// The eight cells, role by role.
    public static let allCases: [PraatplaatCellKey] = ConnectorRole.allCases.flatMap { role in
        RequestDirection.allCases.map { PraatplaatCellKey(role, $0) }
    }

    /// Position in ``allCases`` (0 ..< 8).
    public var index: Int { Int(role.rawValue) * RequestDirection.allCases.count + Int(direction.rawValue) }

    /// `role.direction`, e.g. `fixer.fromResidents`: the cell name in CSV and sweep metrics.
    public var name: String { "\(role.name).\(direction.name)" }

    public var description: String { name }

    /// The cell named `role.direction`.
    public init?(name: String) {
        guard let found = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = found
    }

    public static func < (a: PraatplaatCellKey, b: PraatplaatCellKey) -> Bool { a.index < b.index }
}
