import Foundation
import VerbinderCore
import VerbinderExperiments
import VerbinderScenario
import VerbinderSimulation

/// A scenario the server offers: shipped under `--scenarios`, or uploaded.
struct ScenarioEntry: Sendable {
    /// The path relative to the scenarios folder, or `upload-<hash>`.
    var id: String
    /// The name used in messages (as `verbinder validate` would print it).
    var file: String
    var text: String
    var scenario: Scenario
    /// The settings the scenario has as written.
    var settings: PanelSettings
}

/// The scenarios the server may read: the files under `--scenarios` (listed at start; a request names one by
/// its listed id and never by a path) and uploads kept in the store.
final class ScenarioLibrary: Sendable {
    let directory: String
    /// Listed ids → absolute paths, all inside ``directory``.
    let shipped: [(id: String, path: String)]
    private let store: OptionStore
    private let limits: ServerConfiguration.Limits
    private let cache = LockedBox<[String: ScenarioEntry]>([:])

    init(directory: String, store: OptionStore, limits: ServerConfiguration.Limits) throws {
        let root = URL(fileURLWithPath: directory).resolvingSymlinksInPath().standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputError("no such folder of scenarios", at: SourceLocation(file: directory))
        }
        self.directory = directory
        self.store = store
        self.limits = limits
        var found: [(String, String)] = []
        let prefix = root.path.hasSuffix("/") ? root.path : root.path + "/"
        if let walker = FileManager.default.enumerator(atPath: root.path) {
            while let relative = walker.nextObject() as? String {
                guard relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") else { continue }
                let resolved = root.appendingPathComponent(relative).resolvingSymlinksInPath().path
                if resolved.hasPrefix(prefix) { found.append((relative, resolved)) }
            }
        }
        shipped = found.sorted { $0.0 < $1.0 }
        self.root = prefix
    }

    private let root: String

    /// The entry of a listed or uploaded scenario.
    /// - Throws: ``ApiError`` 404 for an unknown id; ``InputError`` when the file does not validate.
    func entry(_ id: String) throws -> ScenarioEntry {
        if let cached = cache.withLock({ $0[id] }) { return cached }
        let file: String, text: String
        if let listed = shipped.first(where: { $0.id == id }) {
            file = (directory as NSString).appendingPathComponent(id)
            text = try readText(at: listed.path)
        } else if id.hasPrefix("upload-"), let upload = try store.upload(id) {
            (file, text) = upload
        } else {
            throw ApiError(.notFound, "no scenario '\(id)': expected one listed by GET /api/scenarios or returned by an upload")
        }
        let entry = try makeEntry(id: id, file: file, text: text, uploaded: !shipped.contains { $0.id == id })
        cache.withLock { $0[id] = entry }
        return entry
    }

    /// Validates and keeps an uploaded scenario; its id is derived from its text.
    /// - Throws: ``InputError`` with file:line messages when it does not validate, ``ApiError`` over a limit.
    func upload(text: String, file: String) throws -> ScenarioEntry {
        let id = "upload-" + String(sha256Hex(file + "\n" + text).prefix(16))
        let entry = try makeEntry(id: id, file: file, text: text, uploaded: true)
        try store.keepUpload(id: id, file: file, text: text, limit: limits.uploads)
        cache.withLock { $0[id] = entry }
        return entry
    }

    /// The scenario of `settings` on `entry`, checked against the limits.
    func scenario(_ entry: ScenarioEntry, settings: PanelSettings, replications: Int?) throws -> Scenario {
        var scenario = try settings.scenario(from: entry.text, file: entry.file)
        if let replications { scenario.run.replications = replications }
        try checkLimits(scenario, file: entry.file)
        return scenario
    }

    private func makeEntry(id: String, file: String, text: String, uploaded: Bool) throws -> ScenarioEntry {
        let scenario = try Scenario.parse(yaml: text, file: file)
        if let network = scenario.network {
            if uploaded {
                throw InputError("an uploaded scenario cannot refer to network files: remove the network section",
                                 at: SourceLocation(file: file), keyPath: "network")
            }
            for path in [network.nodes, network.edges].compactMap({ $0 }) {
                let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
                guard resolved.hasPrefix(root) else {
                    throw InputError("network file \(path) is outside the scenarios folder", at: SourceLocation(file: file), keyPath: "network")
                }
            }
        }
        try checkLimits(scenario, file: file)
        return ScenarioEntry(id: id, file: file, text: text, scenario: scenario, settings: PanelSettings(scenario))
    }

    private func checkLimits(_ scenario: Scenario, file: String) throws {
        let location = SourceLocation(file: file)
        if scenario.residentCount > limits.residents {
            throw ApiError(.badRequest, "\(location): error: the scenario has \(scenario.residentCount) residents; this server simulates at most \(limits.residents) per request")
        }
        if scenario.run.weeks > limits.weeks {
            throw ApiError(.badRequest, "\(location): error: run.weeks is \(scenario.run.weeks); this server simulates at most \(limits.weeks) weeks per request")
        }
        if scenario.run.replications > limits.replications || scenario.run.replications < 2 {
            throw ApiError(.badRequest, "\(location): error: replications must be between 2 and \(limits.replications) on this server (got \(scenario.run.replications))")
        }
    }
}

/// A value behind a lock.
final class LockedBox<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
