import VerbinderCore
import VerbinderScenario

/// One cell of the praatplaat (seed 003 figure 11): a role in one direction, over all replications.
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
}

/// The 8 praatplaat cells: role × direction.
public struct Praatplaat: Sendable, Codable, Equatable {
    public var fixer: Row
    public var entrepreneur: Row
    public var bridgeBuilder: Row
    public var mediator: Row

    /// One role's two directions.
    public struct Row: Sendable, Codable, Equatable {
        public var fromResidents: PraatplaatCell
        public var fromOfficials: PraatplaatCell

        public subscript(direction: RequestDirection) -> PraatplaatCell {
            get { direction == .fromResidents ? fromResidents : fromOfficials }
            set { if direction == .fromResidents { fromResidents = newValue } else { fromOfficials = newValue } }
        }
    }

    /// The cell of `role` in `direction`.
    public subscript(role: ConnectorRole, direction: RequestDirection) -> PraatplaatCell {
        get {
            switch role {
            case .fixer: fixer[direction]
            case .entrepreneur: entrepreneur[direction]
            case .bridgeBuilder: bridgeBuilder[direction]
            case .mediator: mediator[direction]
            }
        }
        set {
            switch role {
            case .fixer: fixer[direction] = newValue
            case .entrepreneur: entrepreneur[direction] = newValue
            case .bridgeBuilder: bridgeBuilder[direction] = newValue
            case .mediator: mediator[direction] = newValue
            }
        }
    }
}

/// How requests ended, summed over replications.
public struct OutcomeCounts: Sendable, Codable, Equatable {
    /// Connected through the connector without escalation.
    public var resolved: Int
    /// Connected after the connector escalated a refusal.
    public var resolvedAfterEscalation: Int
    /// Refused by the department and left there.
    public var stranded: Int
    /// A problem nobody took ownership of (bridge builder requests refused).
    public var noOwner: Int
    /// Waited in a connector's queue longer than the policy allows: the untouched questions (seed 003 §5.2).
    public var droppedCapacity: Int
    /// A conflict not mediated in time, which escalated in the neighbourhood.
    public var timedOut: Int
    /// Escalated, and the escalation did not change the answer.
    public var escalationFailed: Int
    /// Handled without the connector (bypassing it).
    public var direct: Int
    /// Of the direct ones, those that succeeded.
    public var directResolved: Int
    /// `directResolved / direct`; nil when none went direct.
    public var directRate: Double?
    /// Requests of hard-to-reach residents that never reached anyone (the connector did not come to them).
    public var unvoiced: Int
    /// Requests brought to a connector that were not the connector's job (misdirected).
    public var misdirected: Int
    /// Requests settled by the connector's own budget, without a department (counted in ``resolved``).
    public var settledByBudget: Int
    /// Latency from arrival to final state, in working days, per role.
    public var latencyDays: [LatencyRow]
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
        /// True for ties that did not exist before the run.
        public var created: Bool
    }

    public var scenario: String
    public var nodes: [Node]
    public var edges: [Edge]
}
