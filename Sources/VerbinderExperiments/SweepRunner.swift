import Foundation
import VerbinderCore
import VerbinderScenario
import VerbinderSimulation

/// What a sweep did: runs in the sweep (or shard), runs already stored before, runs made now, and time.
public struct SweepOutcome: Sendable, Equatable {
    public var totalRuns: Int
    public var alreadyStored: Int
    public var executed: Int
    public var wallSeconds: Double
}

/// Runs a sweep's missing runs in parallel and streams each result into the store as it finishes.
///
/// Work is claimed in the fixed run order (arm-major), each run's numbers depend only on its arm's scenario
/// and its replication index, so the stored results are the same for any number of jobs; only wall times
/// differ. Nothing but the networks of arms in progress is held in memory.
public enum SweepRunner {
    /// Runs every run at `positions` in the run order (default: all) that `store` does not hold yet.
    /// - Parameters:
    ///   - jobs: worker threads (at least 1).
    ///   - positions: the runs of one shard (``ShardPlan/positions(of:)``), or nil for the whole sweep.
    ///   - batch: runs written per transaction (1 writes each run as soon as it finishes).
    ///   - progress: called with (finished, total) over the shard's runs, from any thread.
    /// - Throws: ``InputError`` when an arm's network cannot be built or the store cannot be written; runs
    ///   finished before the error stay stored.
    public static func run(_ sweep: Sweep, store: ResultStore, jobs: Int, positions: Range<Int>? = nil, batch: Int = 8,
                           progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> SweepOutcome {
        let start = Date()
        let stored = Set(try store.completedRuns())
        let positions = positions ?? 0 ..< sweep.runCount
        let pending = positions.map(sweep.run(at:)).filter { !stored.contains($0) }
        let state = RunnerState(pending: pending, batch: max(1, batch))
        let already = positions.count - pending.count
        progress?(already, positions.count)
        let workers = max(1, min(jobs, pending.count))
        if !pending.isEmpty {
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while let key = state.claim() {
                    do {
                        let prepared = try state.prepared(arm: key.arm) { arm in
                            let scenario = try sweep.arm(arm).scenario
                            return PreparedSimulation(scenario, network: try state.network(of: scenario))
                        }
                        let clock = Date()
                        let summary = prepared.replication(key.replication)
                        let seed = Simulator.replicationSeeds(seed: prepared.scenario.run.seed, count: key.replication + 1)[key.replication]
                        let record = RunRecord(key: key, seed: seed, wallSeconds: Date().timeIntervalSince(clock),
                                               metrics: MetricCatalog.metrics(of: summary))
                        if let ready = state.finish(record) { try store.insert(ready) }
                        state.release(arm: key.arm)
                        progress?(already + state.finishedCount, positions.count)
                    } catch {
                        state.fail(error)
                    }
                }
            }
            if let rest = state.drain(), state.error == nil {
                do { try store.insert(rest) } catch { state.fail(error) }
            }
        }
        if let error = state.error {
            if let input = error as? InputError { throw input }
            throw InputError("sweep failed: \(error)", at: SourceLocation(file: store.path))
        }
        return SweepOutcome(totalRuns: positions.count, alreadyStored: already, executed: pending.count,
                            wallSeconds: Date().timeIntervalSince(start))
    }
}

/// Shared state of the workers: the claim cursor, prepared networks of arms in progress, the write buffer.
private final class RunnerState: @unchecked Sendable {
    private let lock = NSLock()
    private let pending: [RunKey]
    private let batch: Int
    private var next = 0
    private var buffer: [RunRecord] = []
    private var prepared: [Int: PreparedSimulation] = [:]
    private var lastNetwork: (key: Data, network: ScenarioNetwork)?
    private var inFlight: [Int: Int] = [:]
    private(set) var finishedCount = 0
    private(set) var error: (any Error)?

    init(pending: [RunKey], batch: Int) {
        self.pending = pending
        self.batch = batch
    }

    /// The next run in order, or nil when all are claimed or a worker failed.
    func claim() -> RunKey? {
        lock.withLock {
            guard error == nil, next < pending.count else { return nil }
            next += 1
            let key = pending[next - 1]
            inFlight[key.arm, default: 0] += 1
            return key
        }
    }

    /// The prepared simulation of an arm, built once while any of its runs is in flight.
    func prepared(arm: Int, build: (Int) throws -> PreparedSimulation) throws -> PreparedSimulation {
        if let ready = lock.withLock({ prepared[arm] }) { return ready }
        let built = try build(arm)
        return lock.withLock {
            if let ready = prepared[arm] { return ready }
            prepared[arm] = built
            return built
        }
    }

    /// The network of `scenario`, built once for all arms that share its ``Scenario/networkKey`` (most sweeps
    /// vary policies only, so every arm shares one network).
    func network(of scenario: Scenario) throws -> ScenarioNetwork {
        let key = scenario.networkKey
        if let cached = lock.withLock({ lastNetwork?.key == key ? lastNetwork?.network : nil }) { return cached }
        let built = try NetworkGenerator.build(scenario)
        lock.withLock { lastNetwork = (key, built) }
        return built
    }

    /// Forgets an arm's network when none of its runs is in flight any more.
    func release(arm: Int) {
        lock.withLock {
            inFlight[arm, default: 1] -= 1
            if inFlight[arm] == 0 {
                inFlight[arm] = nil
                // Later runs of the same arm may still be unclaimed: keep the network if the next claim needs it.
                if next >= pending.count || pending[next].arm != arm { prepared[arm] = nil }
            }
        }
    }

    /// Buffers a finished run; returns a full batch to write, if one is ready.
    func finish(_ record: RunRecord) -> [RunRecord]? {
        lock.withLock {
            finishedCount += 1
            buffer.append(record)
            guard buffer.count >= batch else { return nil }
            defer { buffer = [] }
            return buffer
        }
    }

    /// The runs still buffered.
    func drain() -> [RunRecord]? {
        lock.withLock {
            defer { buffer = [] }
            return buffer.isEmpty ? nil : buffer
        }
    }

    func fail(_ failure: any Error) {
        lock.withLock { if error == nil { error = failure } }
    }
}
