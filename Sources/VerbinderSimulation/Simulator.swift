import Foundation
import VerbinderCore
import VerbinderScenario
import VerbinderSupport

/// Settings of a simulation run that override the scenario's `run` section.
public struct SimulationOptions: Sendable {
    public var seed: UInt64?
    public var replications: Int?
    public var weeks: Int?
    /// Worker threads for replications; results do not depend on it.
    public var threads: Int
    /// Called after each finished replication with (finished, total), from any thread.
    public var progress: (@Sendable (Int, Int) -> Void)?

    public init(seed: UInt64? = nil, replications: Int? = nil, weeks: Int? = nil,
                threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                progress: (@Sendable (Int, Int) -> Void)? = nil) {
        self.seed = seed
        self.replications = replications
        self.weeks = weeks
        self.threads = max(1, threads)
        self.progress = progress
    }
}

/// The full output of a simulation: the summary, the outcome graph and the weekly time series.
public struct SimulationRun: Sendable {
    public var summary: SimulationSummary
    /// Replication 0's outcome graph, as node numbers until asked for.
    let outcome: OutcomeRecord
    /// Replication 0's outcome graph: made anew on each use (tens of MB at a million residents), so keep it.
    public var outcomeGraph: OutcomeGraph { outcome.graph }
    /// Weekly means over replications, one row per week.
    public var timeSeries: [TimeSeriesRow]
    /// Events processed over all replications.
    public var events: Int
    /// Events processed over all replications per kind: `arrival`, `serviceDone`, `departmentResponse`,
    /// `escalationResponse`, `directResponse`, `weekEnd` (the benchmarks calibrate their limit loop with them).
    public var eventsByKind: [String: Int]
    /// The main numbers of each replication, in replication order, for paired comparisons between runs.
    public var replications: [ReplicationSummary]
}

/// The main numbers of one replication.
public struct ReplicationSummary: Sendable, Equatable {
    /// Attempts and successes per praatplaat cell.
    public var attempts: [PraatplaatCellKey: Int]
    public var successes: [PraatplaatCellKey: Int]
    /// Requests that arose, and requests that went through a connector, per direction.
    public var requests: [RequestDirection: Int]
    public var viaConnector: [RequestDirection: Int]
    /// How this replication's requests ended (latencies per role included).
    public var outcomes: OutcomeCounts
    /// Mean utilisation over connectors.
    public var utilisation: Double
    public var escalations: Int
    public var bridgesBuilt: Int
    public var trustBefore: Double
    public var trustAfter: Double
    public var escalatedTrustBefore: Double?
    public var escalatedTrustAfter: Double?
    /// Per connector (in scenario order): hours worked on requests, and hours available for them.
    public var connectorBusyHours: [Double] = []
    public var connectorAvailableHours: [Double] = []
    /// Requests that arose per cell (any route), and how they ended or that they are open: the books.
    public var cellArrivals: [PraatplaatCellKey: Int] = [:]
    public var cellOutcomes: [PraatplaatCellKey: [Outcome: Int]] = [:]
    /// Mean familiarity of departments and residents' trust at the end.
    public var familiarityAfter = 0.0
    public var residentTrustAfter = 0.0
    /// Mean knowledge of the organisation of the connectors at the start and the end.
    public var knowledgeBefore = 0.0
    public var knowledgeAfter = 0.0
    /// Summed strength of the bridges at the end.
    public var bridgeStrength = 0.0
    /// Per week: requests that arose, and requests connected (through the connector or directly).
    public var weeklyArrivals: [Int] = []
    public var weeklyConnected: [Int] = []

    /// The success rate of one praatplaat cell; nil without attempts.
    public func rate(_ cell: PraatplaatCellKey) -> Double? {
        let tried = attempts[cell] ?? 0
        return tried > 0 ? Double(successes[cell] ?? 0) / Double(tried) : nil
    }

    /// The success rate of `role` in `direction`; nil without attempts.
    public func rate(_ role: ConnectorRole, _ direction: RequestDirection) -> Double? {
        rate(PraatplaatCellKey(role, direction))
    }

    /// Requests that ended connected, through the connector or directly: residents and officials helped.
    public var connected: Int { outcomes.total(where: \.isSuccess) }

    /// The share of all requests that arose that ended connected; nil without requests.
    public var connectedShare: Double? {
        let arose = requests.values.reduce(0, +)
        return arose > 0 ? Double(connected) / Double(arose) : nil
    }

    /// The success rate of the connector's own attempts, all praatplaat cells pooled; nil without attempts.
    public var successRate: Double? {
        let tried = attempts.values.reduce(0, +)
        return tried > 0 ? Double(successes.values.reduce(0, +)) / Double(tried) : nil
    }

    /// The share of the requests through the connector dropped for lack of capacity; nil without any.
    public var droppedShare: Double? {
        let via = viaConnector.values.reduce(0, +)
        return via > 0 ? Double(outcomes[.droppedCapacity]) / Double(via) : nil
    }
}

/// One week of the time series (means over replications).
public struct TimeSeriesRow: Sendable, Equatable {
    public var week: Int
    public var arrivals: Double
    public var viaConnector: Double
    public var connected: Double
    public var droppedCapacity: Double
    public var direct: Double
    public var directResolved: Double
    public var escalations: Double
    public var queueLength: Double
    public var connectorHours: Double
    public var meanTrust: Double

    /// The CSV header matching ``csvLine``.
    public static let csvHeader = "week,arrivals,via_connector,connected,dropped_capacity,direct,direct_resolved,escalations,queue_length,connector_hours,mean_trust"

    public var csvLine: String {
        [Double(week), arrivals, viaConnector, connected, droppedCapacity, direct, directResolved, escalations,
         queueLength, connectorHours, meanTrust].map { formatNumber($0, .significant) }.joined(separator: ",")
    }
}

/// A scenario with its network built, ready to run single replications (for experiments that stream
/// replications to a store and resume).
public struct PreparedSimulation: Sendable {
    /// The scenario as simulated.
    public let scenario: Scenario
    let setup: SimulationSetup

    /// Builds the network of `scenario`.
    /// - Throws: ``InputError`` when the scenario's network files are malformed.
    public init(_ scenario: Scenario) throws {
        try self.init(scenario, network: NetworkGenerator.build(scenario))
    }

    /// Uses an already built network: that of `scenario` or of any scenario with the same ``Scenario/networkKey``.
    public init(_ scenario: Scenario, network: ScenarioNetwork) {
        self.scenario = scenario
        setup = SimulationSetup(scenario: scenario, network: network)
    }

    /// One Poisson stream of requests: from a neighbourhood's residents or a department's officials, for one role.
    public struct ArrivalSource: Sendable {
        public let direction: RequestDirection
        public let role: ConnectorRole
        /// The neighbourhood (residents) or department (officials), by index in the scenario.
        public let group: Int
        /// Requests per working hour.
        public let perHour: Double
    }

    /// The model's arrival streams, in the order the replications draw them.
    public var arrivalSources: [ArrivalSource] {
        setup.sources.map { ArrivalSource(direction: $0.direction, role: $0.role, group: Int($0.group), perHour: $0.rate) }
    }

    /// Runs replication `index` (0-based); its seed depends only on the scenario's seed and `index`.
    public func replication(_ index: Int) -> ReplicationSummary {
        let seed = Simulator.replicationSeeds(seed: scenario.run.seed, count: index + 1)[index]
        var replication = Replication(setup: setup, seed: seed, recordInteractions: false)
        return Simulator.replicationSummary(replication.run())
    }
}

extension Scenario {
    /// Equal for scenarios whose generated networks are equal: the parts ``NetworkGenerator`` reads and the seed,
    /// not the policies, model parameters or run length. Experiments use it to build a network once for many arms.
    public var networkKey: Data {
        struct Key: Encodable {
            let scenario: Scenario
            func encode(to encoder: any Encoder) throws {
                var container = encoder.unkeyedContainer()
                try container.encode(scenario.neighbourhoods)
                try container.encode(scenario.departments)
                try container.encode(scenario.themes)
                try container.encode(scenario.managers)
                try container.encode(scenario.aldermen)
                try container.encode(scenario.connectors.map { [$0.name, $0.homeDepartment] + $0.neighbourhoods })
                try container.encode(scenario.actors)
                try container.encode(scenario.ties)
                try container.encode(scenario.consultationStructures)
                try container.encode(scenario.generation)
                try container.encode(scenario.network)
                try container.encode(scenario.run.seed)
            }
        }
        return (try? jsonData(Key(scenario: self))) ?? Data()
    }
}

/// Runs a scenario's replications in parallel and aggregates them deterministically.
public enum Simulator {
    /// Simulates `scenario` (with `options` overriding its run settings).
    /// - Throws: ``InputError`` when the scenario's network files are malformed.
    /// - Complexity: O(replications × events), events ≈ a few per request.
    public static func run(_ scenario: Scenario, options: SimulationOptions = SimulationOptions()) throws -> SimulationRun {
        var resolved = scenario
        if let seed = options.seed { resolved.run.seed = seed }
        if let replications = options.replications { resolved.run.replications = max(1, replications) }
        if let weeks = options.weeks { resolved.run.weeks = max(1, weeks) }
        let network = try NetworkGenerator.build(resolved)
        return run(resolved, network: network, options: options)
    }

    /// Simulates a scenario whose network is already built (with the scenario's own run settings).
    public static func run(_ scenario: Scenario, network: ScenarioNetwork, options: SimulationOptions = SimulationOptions()) -> SimulationRun {
        let setup = SimulationSetup(scenario: scenario, network: network)
        let count = scenario.run.replications
        let seeds = replicationSeeds(seed: scenario.run.seed, count: count)
        // Each worker also summarises its replication, and the worker of replication 0 records the outcome graph,
        // while the other replications still run: less work left for the one thread that aggregates.
        let finished = parallelMap(count, threads: options.threads, progress: options.progress) { index in
            var replication = Replication(setup: setup, seed: seeds[index], recordInteractions: index == 0)
            let result = replication.run()
            return FinishedReplication(
                result: result, summary: replicationSummary(result),
                outcome: index == 0 ? OutcomeRecord(scenario: scenario.name, graph: network.graph, interactions: result.interactions) : nil)
        }
        return aggregate(finished, setup: setup, seeds: seeds)
    }

    /// A replication's result with what its worker derived from it.
    private struct FinishedReplication: Sendable {
        let result: ReplicationResult
        let summary: ReplicationSummary
        /// Replication 0's only.
        let outcome: OutcomeRecord?
    }

    /// The seed of each replication's streams: derived from the run seed and the replication number only,
    /// so replication k of every arm of an experiment draws the same arrivals (common random numbers).
    public static func replicationSeeds(seed: UInt64, count: Int) -> [UInt64] {
        (0 ..< count).map { var stream = Xoshiro256(seed: seed, stream: streamLabel("replication"), UInt64($0)); return stream.next() }
    }

    private static func aggregate(_ finished: [FinishedReplication], setup: SimulationSetup, seeds: [UInt64]) -> SimulationRun {
        let scenario = setup.scenario
        let results = finished.map(\.result)
        var praatplaat = Praatplaat()
        for key in PraatplaatCellKey.allCases {
            let cell = key.index
            let attempts = results.reduce(0) { $0 + $1.cellAttempts[cell] }
            let successes = results.reduce(0) { $0 + $1.cellSuccesses[cell] }
            let rates = results.compactMap { $0.cellAttempts[cell] > 0 ? Double($0.cellSuccesses[cell]) / Double($0.cellAttempts[cell]) : nil }
            praatplaat[key] = PraatplaatCell(
                attempts: attempts, successes: successes,
                rate: attempts > 0 ? Double(successes) / Double(attempts) : nil,
                mean: Statistics.mean(rates), ci95: Statistics.proportionInterval95(rates),
                open: results.reduce(0) { $0 + $1.cellOpen[cell] })
        }
        let outcomeKinds = Outcome.allCases.count
        let accounting = PraatplaatCellKey.allCases.map { key in
            CellAccounting(
                cell: key.name, arrivals: results.reduce(0) { $0 + $1.cellArrivals[key.index] },
                outcomes: Dictionary(uniqueKeysWithValues: Outcome.allCases.map { outcome in
                    (outcome.name, results.reduce(0) { $0 + $1.cellOutcomes[key.index * outcomeKinds + outcome.rawValue] })
                }))
        }
        var outcomes = OutcomeCounts()
        for result in results { outcomes += outcomeCounts(result) }
        let summaries = finished.map(\.summary)
        // One replication's latencies pooled are its own: its percentiles are already in its summary.
        outcomes.latencyDays = results.count == 1 ? summaries[0].outcomes.latencyDays : latencyRows(results)
        let replications = Double(results.count)
        func average(_ value: (ReplicationResult) -> Double) -> Double { results.reduce(0) { $0 + value($1) } / replications }
        let connectors = setup.connectors.indices.map { c in
            ConnectorStatistics(
                name: setup.connectors[c].name,
                utilisation: average { $0.availableHours[c] > 0 ? $0.busyHours[c] / $0.availableHours[c] : 0 },
                overloadWeeks: average { Double($0.overloadWeeks[c]) },
                meanQueueLength: average { Double($0.queueSum[c]) / Double(max(1, $0.weekly.count)) },
                maxQueueLength: average { Double($0.queueMax[c]) },
                escalations: average { Double($0.escalations[c]) },
                open: average { Double($0.openAtConnector[c]) })
        }
        let escalatedRuns = results.filter { $0.escalatedTrustBefore != nil }
        let network = NetworkChange(
            tiesCreated: [ArenaPairCount(arenas: "municipal–lifeworld", count: average { Double($0.bridgesBuilt) })],
            trustBefore: average(\.trustBefore), trustAfter: average(\.trustAfter),
            escalatedTrustBefore: Statistics.mean(escalatedRuns.compactMap(\.escalatedTrustBefore)),
            escalatedTrustAfter: Statistics.mean(escalatedRuns.compactMap(\.escalatedTrustAfter)),
            familiarityBefore: average(\.familiarityBefore), familiarityAfter: average(\.familiarityAfter),
            residentTrustBefore: average(\.residentTrustBefore), residentTrustAfter: average(\.residentTrustAfter),
            knowledgeBefore: average(\.knowledgeBefore), knowledgeAfter: average(\.knowledgeAfter),
            bridgeStrength: average(\.bridgeStrength))
        let summary = SimulationSummary(
            scenario: scenario.name, praatplaat: praatplaat, outcomes: outcomes, connectors: connectors, network: network,
            reproduction: Reproduction(version: verbinderVersion, seed: scenario.run.seed, replications: results.count,
                                       replicationSeeds: seeds, weeks: scenario.run.weeks),
            resolvedScenario: scenario, accounting: accounting)
        let timeSeries = (0 ..< setup.weeks).map { week in
            func weekly(_ value: (WeekRow) -> Double) -> Double {
                average { week < $0.weekly.count ? value($0.weekly[week]) : 0 }
            }
            return TimeSeriesRow(
                week: week + 1, arrivals: weekly { Double($0.arrivals) }, viaConnector: weekly { Double($0.viaConnector) },
                connected: weekly { Double($0.connected) }, droppedCapacity: weekly { Double($0.dropped) },
                direct: weekly { Double($0.direct) }, directResolved: weekly { Double($0.directResolved) },
                escalations: weekly { Double($0.escalations) }, queueLength: weekly { Double($0.queueLength) },
                connectorHours: weekly(\.busyHours), meanTrust: weekly(\.meanTrust))
        }
        return SimulationRun(summary: summary, outcome: finished[0].outcome
                                ?? OutcomeRecord(scenario: scenario.name, graph: setup.network.graph, interactions: []),
                             timeSeries: timeSeries, events: results.reduce(0) { $0 + $1.events },
                             eventsByKind: Dictionary(uniqueKeysWithValues: Event.Kind.allCases.map { kind in
                                 (kind.name, results.reduce(0) { $0 + $1.eventsByKind[Int(kind.rawValue)] })
                             }),
                             replications: summaries)
    }

    static func replicationSummary(_ result: ReplicationResult) -> ReplicationSummary {
        func cells(_ values: [Int]) -> [PraatplaatCellKey: Int] {
            Dictionary(uniqueKeysWithValues: PraatplaatCellKey.allCases.map { ($0, values[$0.index]) })
        }
        func perDirection(_ values: [Int]) -> [RequestDirection: Int] {
            Dictionary(uniqueKeysWithValues: RequestDirection.allCases.map { ($0, values[Int($0.rawValue)]) })
        }
        var outcomes = outcomeCounts(result)
        outcomes.latencyDays = latencyRows([result])
        let utilisation = zip(result.busyHours, result.availableHours).map { $1 > 0 ? $0 / $1 : 0 }
        return ReplicationSummary(
            attempts: cells(result.cellAttempts), successes: cells(result.cellSuccesses),
            requests: perDirection(result.requests), viaConnector: perDirection(result.viaConnector),
            outcomes: outcomes, utilisation: Statistics.mean(utilisation) ?? 0,
            escalations: result.escalations.reduce(0, +), bridgesBuilt: result.bridgesBuilt,
            trustBefore: result.trustBefore, trustAfter: result.trustAfter,
            escalatedTrustBefore: result.escalatedTrustBefore, escalatedTrustAfter: result.escalatedTrustAfter,
            connectorBusyHours: result.busyHours, connectorAvailableHours: result.availableHours,
            cellArrivals: cells(result.cellArrivals),
            cellOutcomes: Dictionary(uniqueKeysWithValues: PraatplaatCellKey.allCases.map { key in
                (key, Dictionary(uniqueKeysWithValues: Outcome.allCases.map {
                    ($0, result.cellOutcomes[key.index * Outcome.allCases.count + $0.rawValue])
                }))
            }),
            familiarityAfter: result.familiarityAfter,
            residentTrustAfter: result.residentTrustAfter, knowledgeBefore: result.knowledgeBefore,
            knowledgeAfter: result.knowledgeAfter, bridgeStrength: result.bridgeStrength,
            weeklyArrivals: result.weekly.map(\.arrivals), weeklyConnected: result.weekly.map { $0.connected + $0.directResolved })
    }

    /// The outcome counts of one replication (without latencies).
    private static func outcomeCounts(_ result: ReplicationResult) -> OutcomeCounts {
        var counts = OutcomeCounts()
        for outcome in Outcome.allCases { counts[outcome] = result.outcomes[outcome.rawValue] }
        counts.misdirected = result.misdirected
        counts.settledByBudget = result.settledByBudget
        counts.coProduced = result.coProduced
        counts.answeredFromKnowledge = result.answeredFromKnowledge
        return counts
    }

    /// Latency percentiles per role, pooled over `results`.
    private static func latencyRows(_ results: [ReplicationResult]) -> [LatencyRow] {
        ConnectorRole.allCases.map { role in
            var pooled = results.flatMap { $0.latencies[Int(role.rawValue)] }
            return LatencyRow(role: role.name, p50: Statistics.quantile(selecting: &pooled, 0.5),
                              p90: Statistics.quantile(selecting: &pooled, 0.9))
        }
    }
}
