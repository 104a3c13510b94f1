import VerbinderCore
import VerbinderScenario
import VerbinderSupport

/// One cell of the praatplaat (Buzing 2024, figure 11): a role in one direction, over all replications.
public struct PraatplaatCell: Sendable, Codable, Equatable {
    /// Connection attempts in which the connector took part, summed over replications.
    public var attempts: Int
    /// Of those, the ones that ended connected (resolved, with or without escalation).
    public var successes: Int
    /// `successes / attempts` pooled over replications; nil when there were no attempts.
    public var rate: Double?
    /// Mean of the per-replication rates (replications without attempts left out); nil when none had attempts.
    public var mean: Double?
    /// 95% confidence interval of ``mean`` (Student's t over replications); nil with fewer than two rates.
    public var ci95: [Double]?
    /// Requests of this cell still open at a connector when the run ended (censored; not in ``attempts``),
    /// summed over replications.
    public var open: Int = 0
}

extension PraatplaatCell {
    private enum CodingKeys: String, CodingKey { case attempts, successes, rate, mean, ci95, open }

    /// Reads a cell; `open` is 0 in results written before it existed.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        attempts = try container.decode(Int.self, forKey: .attempts)
        successes = try container.decode(Int.self, forKey: .successes)
        rate = try container.decodeIfPresent(Double.self, forKey: .rate)
        mean = try container.decodeIfPresent(Double.self, forKey: .mean)
        ci95 = try container.decodeIfPresent([Double].self, forKey: .ci95)
        open = try container.decodeIfPresent(Int.self, forKey: .open) ?? 0
    }
}

/// The 8 praatplaat cells, one per ``PraatplaatCellKey``; encoded as `{role: {direction: cell}}`.
public struct Praatplaat: Sendable, Equatable {
    private var cells: [PraatplaatCell]

    /// Every cell without attempts.
    public init() {
        cells = Array(repeating: PraatplaatCell(attempts: 0, successes: 0, rate: nil, mean: nil, ci95: nil),
                      count: PraatplaatCellKey.allCases.count)
    }

    /// The cell of `key`.
    public subscript(key: PraatplaatCellKey) -> PraatplaatCell {
        get { cells[key.index] }
        set { cells[key.index] = newValue }
    }

    /// The cell of `role` in `direction`.
    public subscript(role: ConnectorRole, direction: RequestDirection) -> PraatplaatCell {
        get { self[PraatplaatCellKey(role, direction)] }
        set { self[PraatplaatCellKey(role, direction)] = newValue }
    }
}

extension Praatplaat: Codable {
    private typealias Key = NamedCodingKey

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for role in ConnectorRole.allCases {
            var row = container.nestedContainer(keyedBy: Key.self, forKey: Key(role.name))
            for direction in RequestDirection.allCases { try row.encode(self[role, direction], forKey: Key(direction.name)) }
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        self.init()
        for role in ConnectorRole.allCases {
            let row = try container.nestedContainer(keyedBy: Key.self, forKey: Key(role.name))
            for direction in RequestDirection.allCases {
                self[role, direction] = try row.decode(PraatplaatCell.self, forKey: Key(direction.name))
            }
        }
    }
}

/// Latency percentiles of one role.
public struct LatencyRow: Sendable, Codable, Equatable {
    public var role: String
    public var p50: Double?
    public var p90: Double?
}

/// One connector's workload, averaged over replications.
public struct ConnectorStatistics: Sendable, Codable, Equatable {
    public var name: String
    /// Hours worked on requests divided by hours available for them.
    public var utilisation: Double
    /// Weeks in which the request work that arrived exceeded the hours available.
    public var overloadWeeks: Double
    /// Mean number of requests waiting, sampled at the end of each week.
    public var meanQueueLength: Double
    public var maxQueueLength: Double
    public var escalations: Double
    /// Mean number of requests still open at this connector when the run ended (queued, in service, at a
    /// department or in an escalation); nil in results written before it existed.
    public var open: Double?
}

/// How the network changed during the run, averaged over replications.
public struct NetworkChange: Sendable, Codable, Equatable {
    /// Direct ties created (bridges built), by arena pair, e.g. "municipal–lifeworld".
    public var tiesCreated: [ArenaPairCount]
    /// Mean trust of departments in the connectors at the start and the end.
    public var trustBefore: Double
    public var trustAfter: Double
    /// Mean trust of departments that were escalated against, at the start and the end.
    public var escalatedTrustBefore: Double?
    public var escalatedTrustAfter: Double?
    /// Mean familiarity of departments with the connectors at the start and the end.
    public var familiarityBefore: Double
    public var familiarityAfter: Double
    /// Mean trust of residents in the municipality (per neighbourhood) at the start and the end.
    public var residentTrustBefore: Double
    public var residentTrustAfter: Double
    /// Mean knowledge of the organisation of the connectors at the start and the end (the chance to answer
    /// a single-domain question alone); nil in results written before it existed.
    public var knowledgeBefore: Double?
    public var knowledgeAfter: Double?
    /// Summed strength of the bridges at the end (each 1 when built or used, fading without use).
    public var bridgeStrength: Double?
}

/// A count for a pair of arenas.
public struct ArenaPairCount: Sendable, Codable, Equatable {
    public var arenas: String
    public var count: Double
}

/// Everything needed to reproduce a result.
public struct Reproduction: Sendable, Codable, Equatable {
    public var version: String
    public var seed: UInt64
    public var replications: Int
    /// The seed of each replication's random streams, derived from ``seed``.
    public var replicationSeeds: [UInt64]
    public var weeks: Int
}

/// The summary of a simulation over all replications: the JSON contract of `verbinder simulate`.
public struct SimulationSummary: Sendable, Codable, Equatable {
    public var scenario: String
    public var praatplaat: Praatplaat
    public var outcomes: OutcomeCounts
    public var connectors: [ConnectorStatistics]
    public var network: NetworkChange
    public var reproduction: Reproduction
    /// The scenario exactly as simulated (defaults filled in).
    public var resolvedScenario: Scenario
    /// Per praatplaat cell: requests that arose (by any route) and how each ended or that it is still open,
    /// summed over replications; arrivals = Σ outcomes in every cell. Nil in results written before it existed.
    public var accounting: [CellAccounting]?
}

/// The books of one praatplaat cell: every request that arose, and where it went.
public struct CellAccounting: Sendable, Codable, Equatable {
    /// `role.direction`, e.g. `fixer.fromResidents`.
    public var cell: String
    public var arrivals: Int
    /// Requests per ``Outcome`` name (``Outcome/open`` included).
    public var outcomes: [String: Int]
}

/// What an edge of the outcome graph stands for: an interaction during the run, or a structural relation.
public enum InteractionKind: UInt8, Sendable, CaseIterable, Comparable {
    /// Origin → connector or department.
    case request
    /// Connector → department or residents.
    case referral
    /// Connector → manager or alderman.
    case escalation
    /// A direct tie built during the run (the connector steps out).
    case bridge
    case membership
    case reportsTo
    case assignedTo
    case portfolio
    case tie
    /// A kind this version does not know (read from a newer file); treated as structure.
    case other

    /// The name in `outcome-graph.json`.
    public var name: String {
        switch self {
        case .request: "request"
        case .referral: "referral"
        case .escalation: "escalation"
        case .bridge: "bridge"
        case .membership: "membership"
        case .reportsTo: "reportsTo"
        case .assignedTo: "assignedTo"
        case .portfolio: "portfolio"
        case .tie: "tie"
        case .other: "other"
        }
    }

    /// The kind named `name` in `outcome-graph.json`; unknown names read as ``other``.
    public init(name: String) {
        self = Self.allCases.first { $0.name == name } ?? .other
    }

    /// The kind of a structural edge of the scenario network.
    public init(_ kind: EdgeKind) {
        switch kind {
        case .membership: self = .membership
        case .reportsTo: self = .reportsTo
        case .assignedTo: self = .assignedTo
        case .portfolio: self = .portfolio
        case .tie: self = .tie
        }
    }

    /// True for relations that exist regardless of the run (drawn grey).
    public var isStructural: Bool { rawValue >= InteractionKind.membership.rawValue }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// The network of interactions during a run (replication 0): who tried to connect with whom, how often,
/// and with what success; written to `outcome-graph.json` for rendering and analysis.
public struct OutcomeGraph: Sendable, Codable, Equatable {
    /// A node that took part (all named nodes are included, plus every generated actor with an edge).
    public struct Node: Sendable, Codable, Equatable {
        public var id: String
        public var kind: String
        public var arena: String
        public var neighbourhood: String?
        public var department: String?
    }

    /// Interactions from one node to another, aggregated.
    public struct Edge: Sendable, Codable, Equatable {
        public var source: String
        public var target: String
        /// `request` (origin → connector or department), `referral` (connector → department or residents),
        /// `escalation` (connector → manager or alderman), `bridge` (a direct tie created during the run),
        /// or a structural kind from the scenario (`membership`, `assignedTo`, ...).
        public var kind: String
        public var attempts: Int
        public var successes: Int
        /// An explicit tie strength, for graphs written by hand or by other tools; the simulation leaves it out.
        public var weight: Double?
        /// True for ties that did not exist before the run. (Last, so an edge takes 80 bytes, not 88.)
        public var created: Bool

        public init(source: String, target: String, kind: String, attempts: Int, successes: Int, created: Bool,
                    weight: Double? = nil) {
            (self.source, self.target, self.kind) = (source, target, kind)
            (self.attempts, self.successes, self.created, self.weight) = (attempts, successes, created, weight)
        }
    }

    public var scenario: String
    public var nodes: [Node]
    public var edges: [Edge]
}
