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
    /// `running`, `done`, `cancelled` or `failed`.
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
}

/// Sweeps started from the page: at most one runs at a time, in the background, through ``SweepRunner`` into a
/// result store in its own folder under ``directory`` (beside the server's store: nothing is written elsewhere);
/// when it is done its report (``ExperimentReport``) is written next to it. A running sweep can be cancelled.
final class SweepJobs: Sendable {
    /// The folder that holds one folder per sweep.
    let directory: String
    private let jobs = LockedBox<[Job]>([])
    /// Statuses kept for the list (older finished ones are forgotten; their files stay).
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

    init(directory: String) { self.directory = directory }

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
                                 replications: sweep.replications, weeks: sweep.weeks, finished: 0, total: sweep.runCount)
        let job = Job(status, folder: folder)
        try jobs.withLock { list in
            if let running = list.first(where: { $0.status.withLock { $0.state } == "running" }) {
                throw ApiError(.conflict, "sweep \(running.status.withLock { $0.id }) is still running: cancel it or wait until it is done",
                               headers: [.retryAfter: "10"])
            }
            list.append(job)
            if list.count > kept { list.removeFirst(list.count - kept) }
        }
        let store: ResultStore
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            store = try ResultStore.create(at: (folder as NSString).appendingPathComponent("results.sqlite"), sweep: sweep, arms: arms,
                                           command: "verbinder serve: \(kind) sweep of \(entry.id) from the mengpaneel",
                                           scenarioName: scenario.name, scenarioDescription: scenario.description)
        } catch {
            job.status.withLock { $0.state = "failed"; $0.message = "\(error)" }
            throw error
        }
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount - 1)
        DispatchQueue.global(qos: .utility).async {
            Self.run(sweep, store: store, job: job, workers: workers)
        }
        return status
    }

    /// Runs the sweep in parts of about 2% of its runs (at least 32), so that a cancelled sweep stops after the
    /// part in progress; each part is an ordinary ``SweepRunner`` run over its positions in the run order.
    private static func run(_ sweep: Sweep, store: ResultStore, job: Job, workers: Int) {
        do {
            let part = max(32, sweep.runCount / 50)
            var start = 0
            while start < sweep.runCount, !job.cancelled.withLock({ $0 }) {
                let positions = start ..< min(sweep.runCount, start + part)
                let before = start
                _ = try SweepRunner.run(sweep, store: store, jobs: workers, positions: positions,
                                        progress: { finished, _ in job.status.withLock { $0.finished = before + finished } })
                start = positions.upperBound
            }
            try store.close()
            if job.cancelled.withLock({ $0 }) {
                job.status.withLock { $0.state = "cancelled" }
                return
            }
            let report = try ExperimentReport(store: try ResultStore.open(store.path))
            try report.write(to: (job.folder as NSString).appendingPathComponent("report.html"))
            job.status.withLock { $0.state = "done"; $0.report = "/api/sweeps/\($0.id)/report" }
        } catch {
            try? store.close()
            job.status.withLock { $0.state = "failed"; $0.message = "\(error)" }
        }
    }

    /// Every sweep this server started (the latest `kept`), oldest first.
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
