import Foundation
import VerbinderCore
import VerbinderExperiments
import VerbinderScenario

/// A sweep the page asks for: which factors, on which scenario and settings, and its run settings.
struct SweepRequest: Codable {
    /// `sliders` (all five over low/mid/high: 3^5 = 243 arms), `profiles` (the five Platform31 profiles) or
    /// `interventions` (none, and each intervention alone from week 0).
    var kind: String
    var scenario: String
    /// The base of every arm (default: the scenario as written).
    var settings: PanelSettings?
    var replications: Int?
    var weeks: Int?
}

/// A sweep started from the page and how far it is.
struct SweepStatus: Codable, Sendable {
    var id: String
    var kind: String
    var scenario: String
    /// `running`, `done`, `cancelled`, `failed`, or `interrupted` (the server stopped while it ran).
    var state: String
    var arms: Int
    var replications: Int
    var weeks: Int
    /// Runs (arm × replication) finished, of `total`.
    var finished: Int
    var total: Int
    /// Why it failed, when it did.
    var message: String?
    /// The address of its report, once done.
    var report: String?
    /// When it started and when it ended (ISO 8601, UTC).
    var started: String
    var ended: String?
}

/// Sweeps started from the page: at most one runs at a time, in the background, through ``SweepRunner`` into a
/// result store in its own folder under ``directory`` (beside the server's store: nothing is written elsewhere);
/// when it is done its report (``ExperimentReport``) is written next to it. A running sweep can be cancelled.
///
/// The list of sweeps (id, what, state, runs finished, when, report) is kept in the server's ``OptionStore``, so a
/// restarted server lists the sweeps of earlier runs and serves their reports; a sweep that was running when the
/// server stopped is listed as `interrupted`, with the runs it had finished.
final class SweepJobs: Sendable {
    /// The folder that holds one folder per sweep.
    let directory: String
    private let store: OptionStore
    private let jobs = LockedBox<[Job]>([])
    /// Sweeps listed (older ones stay in the store and their files stay, but are no longer listed or served).
    private let kept = 50

    private final class Job: Sendable {
        let status: LockedBox<SweepStatus>
        let cancelled = LockedBox(false)
        let folder: String
        init(_ status: SweepStatus, folder: String) {
            self.status = LockedBox(status)
            self.folder = folder
        }
    }

    /// The sweeps recorded in `store`; those still marked running were cut off by a stop of the server and are
    /// recorded as interrupted.
    /// - Throws: when the store cannot be read or written.
    init(directory: String, store: OptionStore) throws {
        self.directory = directory
        self.store = store
        var recorded = try store.sweeps(limit: kept)
        for index in recorded.indices where recorded[index].state == "running" {
            recorded[index].state = "interrupted"
            recorded[index].message = "the server stopped while this sweep ran; the runs it finished are in its result store"
            try store.updateSweep(recorded[index])
        }
        jobs.withLock { list in
            list = recorded.map { Job($0, folder: (directory as NSString).appendingPathComponent($0.id)) }
        }
    }

    /// The factors of a sweep kind.
    /// - Throws: ``ApiError`` 400 for an unknown kind.
    static func factors(_ kind: String) throws -> [Factor] {
        switch kind {
        case "sliders": try Factor.sliders(["all"])
        case "profiles": [try Factor.profiles(["all"])]
        case "interventions": [try Factor.interventions(["none"] + InterventionKind.allNames)]
        default: throw ApiError(.badRequest, "kind must be sliders, profiles or interventions (got '\(kind)')")
        }
    }

    /// Starts a sweep of `kind` over `scenario` (the base arm, written as `yaml`) in the background.
    /// - Throws: ``ApiError`` 400 over `maxRuns` runs, 409 while another sweep runs, ``InputError`` for a sweep that does not resolve or
    ///   a store that cannot be written.
    func start(kind: String, entry: ScenarioEntry, yaml: String, scenario: Scenario, maxRuns: Int) throws -> SweepStatus {
        let factors = try Self.factors(kind)
        let definition = SweepDefinition(scenarioPath: entry.file, scenarioText: yaml, factors: factors,
                                         replications: scenario.run.replications, weeks: scenario.run.weeks)
        let sweep = try Sweep(definition)
        guard sweep.runCount <= maxRuns else {
            throw ApiError(.badRequest, "this sweep has \(sweep.armCount) arms × \(sweep.replications) replications = \(sweep.runCount) runs; this server runs at most \(maxRuns) per sweep")
        }
        let arms = try (0 ..< sweep.armCount).map { try sweep.arm($0) }
        let id = "sweep-" + String(UUID().uuidString.lowercased().filter { $0 != "-" }.prefix(12))
        let folder = (directory as NSString).appendingPathComponent(id)
        let status = SweepStatus(id: id, kind: kind, scenario: entry.id, state: "running", arms: sweep.armCount,
                                 replications: sweep.replications, weeks: sweep.weeks, finished: 0, total: sweep.runCount,
                                 started: Self.now())
        let job = Job(status, folder: folder)
        try jobs.withLock { list in
            if let running = list.first(where: { $0.status.withLock { $0.state } == "running" }) {
                throw ApiError(.conflict, "sweep \(running.status.withLock { $0.id }) is still running: cancel it or wait until it is done",
                               headers: [.retryAfter: "10"])
            }
            try store.addSweep(status)
            list.append(job)
            if list.count > kept { list.removeFirst(list.count - kept) }
        }
        let results: ResultStore
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            results = try ResultStore.create(at: (folder as NSString).appendingPathComponent("results.sqlite"), sweep: sweep, arms: arms,
                                           command: "verbinder serve: \(kind) sweep of \(entry.id) from the mengpaneel",
                                           scenarioName: scenario.name, scenarioDescription: scenario.description)
        } catch {
            finish(job) { $0.state = "failed"; $0.message = "\(error)" }
            throw error
        }
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount - 1)
        DispatchQueue.global(qos: .utility).async {
            self.run(sweep, results: results, job: job, workers: workers)
        }
        return status
    }

    /// Changes a job's status with `change` and records it in the store (a store that cannot be written only
    /// loses the record: the sweep itself goes on).
    private func record(_ job: Job, _ change: (inout SweepStatus) -> Void) {
        let status = job.status.withLock { status in
            change(&status)
            return status
        }
        try? store.updateSweep(status)
    }

    /// Ends a job: `change` sets its final state; the end time is added.
    private func finish(_ job: Job, _ change: (inout SweepStatus) -> Void) {
        record(job) { status in
            change(&status)
            status.ended = Self.now()
        }
    }

    private static func now() -> String { ISO8601DateFormatter().string(from: Date()) }

    /// Runs the sweep in parts of about 2% of its runs (at least 32), so that a cancelled sweep stops after the
    /// part in progress; each part is an ordinary ``SweepRunner`` run over its positions in the run order.
    /// Each finished part's progress is recorded in the store.
    private func run(_ sweep: Sweep, results: ResultStore, job: Job, workers: Int) {
        do {
            let part = max(32, sweep.runCount / 50)
            var start = 0
            while start < sweep.runCount, !job.cancelled.withLock({ $0 }) {
                let positions = start ..< min(sweep.runCount, start + part)
                let before = start
                _ = try SweepRunner.run(sweep, store: results, jobs: workers, positions: positions,
                                        progress: { finished, _ in job.status.withLock { $0.finished = before + finished } })
                start = positions.upperBound
                record(job) { $0.finished = start }
            }
            try results.close()
            if job.cancelled.withLock({ $0 }) {
                finish(job) { $0.state = "cancelled" }
                return
            }
            let report = try ExperimentReport(store: try ResultStore.open(results.path))
            try report.write(to: (job.folder as NSString).appendingPathComponent("report.html"))
            finish(job) { $0.state = "done"; $0.report = "/api/sweeps/\($0.id)/report" }
        } catch {
            try? results.close()
            finish(job) { $0.state = "failed"; $0.message = "\(error)" }
        }
    }

    /// The latest `kept` sweeps started from the page, by this server or an earlier run of it on the same store,
    /// oldest first.
    func list() -> [SweepStatus] { jobs.withLock { $0.map { $0.status.withLock { $0 } } } }

    /// The status of sweep `id`.
    /// - Throws: ``ApiError`` 404 for an unknown id.
    func status(_ id: String) throws -> SweepStatus { try job(id).status.withLock { $0 } }

    /// Asks sweep `id` to stop: the part in progress finishes and stays stored, no further part starts.
    /// - Throws: ``ApiError`` 404 for an unknown id.
    func cancel(_ id: String) throws -> SweepStatus {
        let job = try job(id)
        job.cancelled.withLock { $0 = true }
        return job.status.withLock { $0 }
    }

    /// The HTML report of a finished sweep.
    /// - Throws: ``ApiError`` 404 for an unknown id, 409 while it is not done.
    func report(_ id: String) throws -> String {
        let job = try job(id)
        let state = job.status.withLock { $0.state }
        guard state == "done" else { throw ApiError(.conflict, "sweep \(id) is \(state): its report exists once it is done") }
        return try readText(at: (job.folder as NSString).appendingPathComponent("report.html"))
    }

    private func job(_ id: String) throws -> Job {
        guard let job = jobs.withLock({ $0.first { $0.status.withLock { $0.id } == id } }) else {
            throw ApiError(.notFound, "no sweep '\(id)' on this server")
        }
        return job
    }
}
