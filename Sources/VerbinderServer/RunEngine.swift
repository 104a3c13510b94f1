import Foundation
import VerbinderCore
import VerbinderExperiments
import VerbinderScenario
import VerbinderSimulation

/// What the page shows after some replications: the praatplaat, the headline metrics and, with a pinned
/// baseline, the decision table.
public struct Estimate: Sendable, Codable {
    /// Replications finished, of `total`.
    public var done: Int
    public var total: Int
    public var praatplaat: [PraatplaatEstimate]
    /// The option's own decision metrics (means and 95% CIs over replications).
    public var metrics: [MetricEstimate]
    /// Against the pinned baseline, when one was given.
    public var table: DecisionTable?
    /// Weekly means over the replications so far.
    public var weekly: [WeeklyPoint]
    /// The weeks (0-based) in which the option's interventions start.
    public var interventionWeeks: [Int]
}

/// One week of the time series: means over replications of the option (and the baseline, when pinned).
public struct WeeklyPoint: Sendable, Codable {
    /// 1-based.
    public var week: Int
    public var arrivals: Double
    public var connected: Double
    public var baselineConnected: Double?
}

/// A decision metric's mean over the replications so far, with its 95% confidence interval.
public struct MetricEstimate: Sendable, Codable {
    public var metric: String
    public var cell: String
    public var title: String
    public var unit: String
    public var mean: Double
    public var ci95: [Double]?
}

/// Runs simulations for requests: replications are cached per (scenario, settings, index), networks per
/// scenario, so a slider move back to an earlier position costs nothing, and a pinned baseline is simulated once.
/// At most ``ServerConfiguration/Limits/concurrentRuns`` run at once; a newer run of the same session stops an
/// older one between replications.
final class RunEngine: Sendable {
    private let simulator = OptionSimulator(capacity: 8)
    private let results = LockedBox<(values: [String: [Int: ReplicationSummary]], order: [String])>(([:], []))
    private let running = LockedBox<Int>(0)
    private let sessions = LockedBox<[String: Int]>([:])
    private let maxRuns: Int
    private let cachedArms = 256

    init(maxRuns: Int) { self.maxRuns = maxRuns }

    /// Takes a run slot; false when all are busy (the caller answers 429).
    func acquire() -> Bool {
        running.withLock { count in
            guard count < maxRuns else { return false }
            count += 1
            return true
        }
    }

    func release() { running.withLock { $0 -= 1 } }

    /// Starts a run for `session`, superseding its previous one; returns the generation to check with ``isCurrent``.
    func begin(session: String) -> Int {
        sessions.withLock { table in
            if table.count > 10_000 { table.removeAll() }
            let generation = (table[session] ?? 0) + 1
            table[session] = generation
            return generation
        }
    }

    /// Whether `generation` is still the newest run of `session`.
    func isCurrent(session: String, generation: Int) -> Bool { sessions.withLock { $0[session] == generation } }

    /// The network of `scenario`, built once per ``Scenario/networkKey``.
    func network(of scenario: Scenario) throws -> ScenarioNetwork { try simulator.network(of: scenario) }

    /// Replications `indices` of `scenario` (identified by `key`), from the cache or simulated on all cores.
    func replications(_ scenario: Scenario, key: String, indices: Range<Int>) async throws -> [ReplicationSummary] {
        let cached = results.withLock { $0.values[key] ?? [:] }
        let missing = indices.filter { cached[$0] == nil }
        var found = cached
        if !missing.isEmpty {
            let simulator = self.simulator
            let computed: [(Int, ReplicationSummary)] = try await withCheckedThrowingContinuation { continuation in
                DispatchQueue.global().async {
                    do {
                        let prepared = try simulator.prepare(scenario)
                        let slots = LockedBox<[Int: ReplicationSummary]>([:])
                        DispatchQueue.concurrentPerform(iterations: missing.count) { position in
                            let summary = prepared.replication(missing[position])
                            slots.withLock { $0[missing[position]] = summary }
                        }
                        continuation.resume(returning: slots.withLock { $0 }.sorted { $0.key < $1.key })
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }
            }
            for (index, summary) in computed { found[index] = summary }
            results.withLock { state in
                if state.values[key] == nil {
                    state.order.append(key)
                    if state.order.count > cachedArms { state.values[state.order.removeFirst()] = nil }
                }
                state.values[key, default: [:]].merge(computed) { old, _ in old }
            }
        }
        return indices.map { found[$0]! }
    }

    /// The estimate after `done` replications of the option (and of the baseline, when pinned).
    static func estimate(option: [ReplicationSummary], scenario: Scenario, baseline: (runs: [ReplicationSummary], scenario: Scenario)?,
                         total: Int, language: TableLanguage) -> Estimate {
        let values = option.map { DecisionMetrics.values(of: $0, scenario: scenario) }
        let keys = Set(values.flatMap(\.keys))
        let ordered = keys.sorted { a, b in
            let ra = DecisionMetrics.entries.firstIndex { $0.name == a.metric } ?? 99
            let rb = DecisionMetrics.entries.firstIndex { $0.name == b.metric } ?? 99
            if ra != rb { return ra < rb }
            let names = scenario.connectors.map(\.name)
            return (names.firstIndex(of: a.cell) ?? -1) < (names.firstIndex(of: b.cell) ?? -1)
        }
        let metrics: [MetricEstimate] = ordered.compactMap { key in
            let sample = values.compactMap { $0[key] }
            guard let mean = Statistics.mean(sample), let entry = DecisionMetrics.entry(key.metric) else { return nil }
            let title = language == .nl ? entry.dutch : entry.english
            return MetricEstimate(metric: key.metric, cell: key.cell, title: key.cell.isEmpty ? title : "\(title): \(key.cell)",
                                  unit: entry.unit, mean: mean, ci95: Statistics.confidenceInterval95(sample))
        }
        let table = baseline.map { base in
            DecisionTable(baseline: base.runs, baselineScenario: base.scenario,
                          baselineLabel: language == .nl ? "vastgezette basis" : "pinned baseline",
                          option: option, optionScenario: scenario,
                          optionLabel: language == .nl ? "huidige instellingen" : "current settings", language: language)
        }
        func mean(_ runs: [ReplicationSummary], _ week: Int, _ value: (ReplicationSummary) -> [Int]) -> Double? {
            Statistics.mean(runs.compactMap { week < value($0).count ? Double(value($0)[week]) : nil })
        }
        let weekly = (0 ..< scenario.run.weeks).map { week in
            WeeklyPoint(week: week + 1, arrivals: mean(option, week, \.weeklyArrivals) ?? 0, connected: mean(option, week, \.weeklyConnected) ?? 0,
                        baselineConnected: baseline.flatMap { mean($0.runs, week, \.weeklyConnected) })
        }
        return Estimate(done: option.count, total: total, praatplaat: PraatplaatEstimate.cells(option), metrics: metrics, table: table,
                        weekly: weekly, interventionWeeks: scenario.policies.interventions.map(\.startWeek).sorted())
    }
}
