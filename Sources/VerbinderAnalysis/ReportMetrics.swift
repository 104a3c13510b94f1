import Foundation
import VerbinderCore

/// A per-node output column; the raw value is the column name in CSV and JSON output.
public enum Metric: String, CaseIterable, Sendable {
    case degree
    case inDegree = "in_degree"
    case outDegree = "out_degree"
    case betweenness
    case betweennessWeighted = "betweenness_weighted"
    case closeness
    case eigenvector
    case pagerank
    case constraint
    case effectiveSize = "effective_size"
    case efficiency
    case hierarchy
    case brokerageCoordinator = "brokerage_coordinator"
    case brokerageItinerant = "brokerage_itinerant"
    case brokerageRepresentative = "brokerage_representative"
    case brokerageGatekeeper = "brokerage_gatekeeper"
    case brokerageLiaison = "brokerage_liaison"
    case brokerageTotal = "brokerage_total"
    case community
    case power
    case interest
    case quadrant

    /// Every metric but hierarchy (which is asked for by name), in column order.
    public static let defaults: [Metric] = allCases.filter { $0 != .hierarchy }

    /// Families usable in `--metrics` besides single names.
    public static let families: [(name: String, metrics: [Metric])] = [
        ("all", allCases),
        ("centrality", [.degree, .inDegree, .outDegree, .betweenness, .betweennessWeighted, .closeness, .eigenvector, .pagerank]),
        ("holes", [.constraint, .effectiveSize, .efficiency, .hierarchy]),
        ("brokerage", [.brokerageCoordinator, .brokerageItinerant, .brokerageRepresentative, .brokerageGatekeeper,
                       .brokerageLiaison, .brokerageTotal]),
        ("grid", [.power, .interest, .quadrant]),
    ]

    /// Parses a comma-separated list of metric names and families into metrics in column order.
    /// - Throws: ``InputError`` naming an unknown entry (with a suggestion).
    public static func parseList(_ text: String) throws -> [Metric] {
        var chosen = Set<Metric>()
        for entry in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            if let metric = Metric(rawValue: entry) {
                chosen.insert(metric)
            } else if let family = families.first(where: { $0.name == entry }) {
                chosen.formUnion(family.metrics)
            } else {
                let names = allCases.map(\.rawValue) + families.map(\.name)
                let hint = closestMatch(to: entry, among: names).map { " (did you mean '\($0)'?)" } ?? ""
                throw InputError("unknown metric '\(entry)'\(hint); known: \(names.joined(separator: ", "))",
                                 at: .value("metrics"))
            }
        }
        return allCases.filter(chosen.contains)
    }

    /// Whether the metric is one of the brokerage columns.
    public var isBrokerage: Bool { rawValue.hasPrefix("brokerage_") }
    /// Whether values are whole numbers (printed without decimals).
    var isCount: Bool { [.degree, .inDegree, .outDegree, .community].contains(self) }
}

/// What to compute and how.
public struct AnalysisOptions: Sendable {
    /// Read ties with direction (`true`) or without.
    public var directed = false
    public var metrics: [Metric] = Metric.defaults
    /// The node attribute whose values are the groups for brokerage and the E–I index.
    public var groupAttribute = "arena"
    /// When set, `metrics` came from the defaults and brokerage is dropped quietly if the groups are missing.
    public var metricsAreDefault = true
    /// Betweenness from this many sampled sources (NetworkX's `k`); nil for exact.
    public var sample: Int?
    /// Seed for sampling and Louvain.
    public var seed: UInt64 = 0
    /// Worker threads for betweenness and closeness; nil for all cores.
    public var threads: Int?
    /// UCINET's partial credit for brokerage.
    public var partialCredit = false
    public var powerInterest = PowerInterest.Settings()
    /// Called as the exact shortest-path metrics (betweenness, closeness) advance: the step's name, searches
    /// done and searches in all; from worker threads.
    public var progress: AnalysisProgress?

    public init() {}
}

/// The results of one analysis, ready to write as text, CSV or JSON.
public struct AnalysisReport: Sendable {
    public var source: String
    public var directed: Bool
    public var ids: [String]
    /// What the nodes are called in tables, when the input gives a `label` column (nil otherwise).
    public var labels: [String]?
    public var tieCount: Int
    public var metrics: [Metric]
    /// Values per metric (quadrant excluded); look up by metric, output iterates ``metrics``.
    public var values: [Metric: [Double]] = [:]
    public var quadrants: [PowerInterest.Quadrant]?
    public var powerInterest: PowerInterest.Result?
    public var groupAttribute: String?
    public var groupNames: [String] = []
    public var eiGroups: [EIIndex.Group] = []
    public var eiNetwork: Double = .nan
    public var brokerage: Brokerage.Result?
    public var communityCount: Int?
    public var modularity: Double?
    /// Things a reader should know: dropped self-loops, merged edges, sampling, missing groups.
    public var notes: [String] = []
    /// Seconds spent per step, in the order run.
    public var timings: [(step: String, seconds: Double)] = []

    /// The number of nodes.
    public var nodeCount: Int { ids.count }
}
