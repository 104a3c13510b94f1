import Foundation
import Hummingbird
import NIOCore
import VerbinderCore
import VerbinderExperiments
import VerbinderRender
import VerbinderScenario
import VerbinderSimulation

/// A scenario in the list the page offers.
struct ScenarioListing: Codable {
    var id: String
    var name: String
    var residents: Int
    var connectors: Int
    /// False when the scenario is over this server's limits or does not validate; `problem` says why.
    var available: Bool
    var problem: String?
}

/// Everything the panel needs about one scenario.
struct ScenarioDetail: Codable {
    struct Place: Codable { var name: String; var residents: Int }
    var id: String
    var name: String
    var description: String?
    var connectorTitle: String
    var weeks: Int
    var replications: Int
    var neighbourhoods: [Place]
    var departments: [String]
    var settings: PanelSettings
    /// The five Platform31 profiles as slider presets.
    var profiles: [String: PanelSettings.SliderSettings]
    var interventions: [String]
    var routes: [String]
    var triggers: [String]
    var triage: [String]
}

/// A request to evaluate settings (and a baseline) of a scenario.
struct EvaluationRequest: Codable {
    var scenario: String
    var settings: PanelSettings?
    var baseline: PanelSettings?
    var replications: Int?
    var language: String?
}

/// A request to save an option.
struct SaveRequest: Codable {
    var name: String
    var scenario: String
    var settings: PanelSettings
}

/// The routes of the mengpaneel: thin adapters from HTTP to the scenario, simulation and experiment libraries.
struct Routes: Sendable {
    let configuration: ServerConfiguration
    let library: ScenarioLibrary
    let store: OptionStore
    let engine: RunEngine
    let pictures: NetworkPictures
    let sweeps: SweepJobs

    func add(to router: Router<BasicRequestContext>) {
        router.get("/") { _, _ in Self.asset(Assets.page, type: "text/html; charset=utf-8") }
        router.get("/assets/app.js") { _, _ in Self.asset(Assets.script, type: "text/javascript; charset=utf-8") }
        router.get("/assets/app.css") { _, _ in Self.asset(Assets.style, type: "text/css; charset=utf-8") }
        router.get("/favicon.svg") { _, _ in Self.asset(Assets.icon, type: "image/svg+xml") }
        router.get("/favicon.ico") { _, _ in Self.asset(Assets.icon, type: "image/svg+xml") }
        router.get("/openapi.json") { _, _ in Self.asset(OpenAPIDocument.json, type: "application/json") }
        router.get("/api/scenarios") { _, _ in json(listScenarios()) }
        router.get("/api/scenario") { request, _ in json(try detail(try query(request, "id"))) }
        router.post("/api/scenarios") { request, _ in try await upload(request) }
        router.post("/api/evaluate") { request, _ in try await evaluate(request) }
        router.get("/api/stream") { request, _ in try stream(request) }
        router.get("/api/export") { request, _ in try export(request) }
        router.get("/api/table") { request, _ in try await tableCSV(request) }
        router.get("/api/options") { _, _ in json(try store.options()) }
        router.post("/api/options") { request, _ in try await save(request) }
        router.get("/api/options/:id") { _, context in json(try option(context)) }
        router.delete("/api/options/:id") { _, context in
            guard try store.delete(try optionID(context)) else { throw ApiError(.notFound, "no such saved option") }
            return Response(status: .noContent)
        }
        router.get("/api/compare") { request, _ in try await compare(request) }
        router.get("/api/network.svg") { request, _ in try await network(request) }
        router.get("/api/sweeps") { _, _ in json(sweeps.list()) }
        router.post("/api/sweeps") { request, _ in try await startSweep(request) }
        router.get("/api/sweeps/:id") { _, context in json(try sweeps.status(try sweepID(context))) }
        router.delete("/api/sweeps/:id") { _, context in json(try sweeps.cancel(try sweepID(context))) }
        router.get("/api/sweeps/:id/report") { _, context in
            var headers: HTTPFields = [.contentType: "text/html; charset=utf-8"]
            // The report is one self-contained page: inline style and SVG, no script at all.
            headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: try sweeps.report(try sweepID(context)))))
        }
    }

    // MARK: Scenarios

    func listScenarios() -> [ScenarioListing] {
        library.shipped.map { item in
            do {
                let entry = try library.entry(item.id)
                return ScenarioListing(id: item.id, name: entry.scenario.name, residents: entry.scenario.residentCount,
                                       connectors: entry.scenario.connectors.count, available: true, problem: nil)
            } catch let error as ApiError {
                return ScenarioListing(id: item.id, name: item.id, residents: 0, connectors: 0, available: false, problem: error.message)
            } catch {
                return ScenarioListing(id: item.id, name: item.id, residents: 0, connectors: 0, available: false, problem: "\(error)")
            }
        }
    }

    func detail(_ id: String) throws -> ScenarioDetail {
        let entry = try library.entry(id)
        let scenario = entry.scenario
        return ScenarioDetail(
            id: entry.id, name: scenario.name, description: scenario.description, connectorTitle: scenario.connectorTitle,
            weeks: scenario.run.weeks, replications: scenario.run.replications,
            neighbourhoods: scenario.neighbourhoods.map { .init(name: $0.name, residents: $0.residents) },
            departments: scenario.departments.map(\.name), settings: entry.settings,
            profiles: Dictionary(uniqueKeysWithValues: Profile.allCases.map { ($0.name, PanelSettings.SliderSettings($0.sliders)) }),
            interventions: InterventionKind.allNames, routes: EscalationRoute.allNames, triggers: EscalationTrigger.allNames,
            triage: TriagePolicy.allNames)
    }

    /// Uploads a scenario: the body is its YAML text; `?name=` names the file in messages (default upload.yaml).
    func upload(_ request: Request) async throws -> Response {
        let text = try await bodyText(request)
        let requested = formValue(request, "name") ?? "upload.yaml"
        let name = String(requested.filter { $0.isLetter || $0.isNumber || "._-".contains($0) }.prefix(80))
        let entry = try library.upload(text: text, file: name.isEmpty ? "upload.yaml" : name)
        return json(try detail(entry.id), status: .created)
    }

    // MARK: Evaluation

    /// Settings, baseline and run length of a request, resolved into scenarios.
    struct Resolved {
        var entry: ScenarioEntry
        var settings: PanelSettings
        var scenario: Scenario
        var baseline: (settings: PanelSettings, scenario: Scenario)?
        var language: TableLanguage
        var key: String { entry.id + "\n" + settings.canonical }
        var baselineKey: String? { baseline.map { entry.id + "\n" + $0.settings.canonical } }
    }

    func resolve(_ evaluation: EvaluationRequest) throws -> Resolved {
        let entry = try library.entry(evaluation.scenario)
        let settings = evaluation.settings ?? entry.settings
        if let replications = evaluation.replications, !(2 ... configuration.limits.replications).contains(replications) {
            throw ApiError(.badRequest, "replications must be between 2 and \(configuration.limits.replications) on this server")
        }
        guard let language = TableLanguage(rawValue: evaluation.language ?? "nl") else {
            throw ApiError(.badRequest, "language must be nl or en")
        }
        let scenario = try library.scenario(entry, settings: settings, replications: evaluation.replications)
        let baseline = try evaluation.baseline.map { ($0, try library.scenario(entry, settings: $0, replications: evaluation.replications)) }
        return Resolved(entry: entry, settings: settings, scenario: scenario, baseline: baseline, language: language)
    }

    /// Reads an evaluation from query parameters (`scenario`, `settings` and `baseline` as JSON, `replications`, `lang`).
    func evaluation(from request: Request) throws -> EvaluationRequest {
        func settings(_ name: String) throws -> PanelSettings? {
            guard let text = formValue(request, name), !text.isEmpty else { return nil }
            return try decodeJSON(PanelSettings.self, from: Data(text.utf8), what: name)
        }
        var replications: Int?
        if let text = formValue(request, "replications") {
            guard let value = Int(text) else { throw ApiError(.badRequest, "replications must be a whole number") }
            replications = value
        }
        return EvaluationRequest(scenario: try query(request, "scenario"), settings: try settings("settings"),
                                 baseline: try settings("baseline"), replications: replications, language: formValue(request, "lang"))
    }

    func evaluate(_ request: Request) async throws -> Response {
        let body = try await bodyData(request)
        let resolved = try resolve(try decodeJSON(EvaluationRequest.self, from: body, what: "the request"))
        guard engine.acquire() else { throw busy() }
        defer { engine.release() }
        return json(try await run(resolved, count: resolved.scenario.run.replications))
    }

    /// All `count` replications of the option and the baseline, as one estimate.
    func run(_ resolved: Resolved, count: Int) async throws -> Estimate {
        let option = try await engine.replications(resolved.scenario, key: resolved.key, indices: 0 ..< count)
        var baseline: (runs: [ReplicationSummary], scenario: Scenario)?
        if let pinned = resolved.baseline, let key = resolved.baselineKey {
            baseline = (try await engine.replications(pinned.scenario, key: key, indices: 0 ..< count), pinned.scenario)
        }
        return RunEngine.estimate(option: option, scenario: resolved.scenario, baseline: baseline, total: count, language: resolved.language)
    }

    /// Server-sent events: an `estimate` after the first two replications and after every further batch (of
    /// twice the cores, at least 6: few enough estimates that computing and sending them costs little), then
    /// `done`. A newer stream of the same `session` stops this one between batches; so does the client leaving.
    func stream(_ request: Request) throws -> Response {
        let resolved = try resolve(try evaluation(from: request))
        let session = String((formValue(request, "session") ?? UUID().uuidString).prefix(64))
        guard engine.acquire() else { throw busy() }
        let slot = RunSlot(engine: engine)
        let generation = engine.begin(session: session)
        let engine = self.engine
        let total = resolved.scenario.run.replications
        let batch = max(6, 2 * ProcessInfo.processInfo.activeProcessorCount)
        var headers: HTTPFields = [.contentType: "text/event-stream; charset=utf-8"]
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            _ = slot
            var option: [ReplicationSummary] = [], baseline: [ReplicationSummary] = []
            var done = 0
            while done < total {
                guard engine.isCurrent(session: session, generation: generation), !Task.isCancelled else {
                    try await writer.write(ByteBuffer(string: "event: superseded\ndata: {}\n\n"))
                    try await writer.finish(nil)
                    return
                }
                let next = min(total, done + (done == 0 ? 2 : batch))
                option += try await engine.replications(resolved.scenario, key: resolved.key, indices: done ..< next)
                if let pinned = resolved.baseline, let key = resolved.baselineKey {
                    baseline += try await engine.replications(pinned.scenario, key: key, indices: done ..< next)
                }
                done = next
                let estimate = RunEngine.estimate(option: option, scenario: resolved.scenario,
                                                  baseline: resolved.baseline.map { (baseline, $0.scenario) },
                                                  total: total, language: resolved.language)
                var buffer = ByteBuffer(string: "event: estimate\ndata: ")
                buffer.writeBytes(jsonBytes(estimate))
                buffer.writeString("\n\n")
                try await writer.write(buffer)
            }
            try await writer.write(ByteBuffer(string: "event: done\ndata: {}\n\n"))
            try await writer.finish(nil)
        })
    }

    /// The scenario YAML of the settings (it validates and simulates to the same numbers).
    func export(_ request: Request) throws -> Response {
        let evaluation = try evaluation(from: request)
        let entry = try library.entry(evaluation.scenario)
        let settings = evaluation.settings ?? entry.settings
        let yaml = try settings.exportYAML(scenarioText: entry.text, file: entry.file)
        var headers: HTTPFields = [.contentType: "application/yaml; charset=utf-8"]
        let base = (entry.scenario.name.lowercased().filter { $0.isLetter || $0.isNumber || $0 == "-" }).prefix(40)
        headers[.contentDisposition] = "attachment; filename=\"\(base.isEmpty ? "scenario" : String(base))-option.yaml\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: yaml)))
    }

    /// The decision table against the baseline as CSV.
    func tableCSV(_ request: Request) async throws -> Response {
        let resolved = try resolve(try evaluation(from: request))
        guard resolved.baseline != nil else { throw ApiError(.badRequest, "give a baseline: the table compares the settings with it") }
        guard engine.acquire() else { throw busy() }
        defer { engine.release() }
        let estimate = try await run(resolved, count: resolved.scenario.run.replications)
        var headers: HTTPFields = [.contentType: "text/csv; charset=utf-8"]
        headers[.contentDisposition] = "attachment; filename=\"decision-table.csv\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: estimate.table?.csv ?? "")))
    }

    // MARK: Outcome network

    /// The outcome network of the settings (replication 0 as a flow picture, the arenas as clusters) as SVG, in `lang`.
    func network(_ request: Request) async throws -> Response {
        let evaluation = try evaluation(from: request)
        let entry = try library.entry(evaluation.scenario)
        let settings = evaluation.settings ?? entry.settings
        let scenario = try library.scenario(entry, settings: settings, replications: nil)
        guard engine.acquire() else { throw busy() }
        defer { engine.release() }
        guard let language = PictureLanguage(rawValue: evaluation.language ?? "nl") else { throw ApiError(.badRequest, "lang must be nl or en") }
        let svg = try await pictures.svg(scenario, key: entry.id + "\n" + settings.canonical, language: language, engine: engine)
        var headers: HTTPFields = [.contentType: "image/svg+xml"]
        headers[.contentDisposition] = "inline; filename=\"outcome-network.svg\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: svg)))
    }

    // MARK: Sweeps

    /// Starts a sweep in the background (one at a time); its progress is polled at `/api/sweeps/{id}`.
    func startSweep(_ request: Request) async throws -> Response {
        let body = try await bodyData(request)
        let asked = try decodeJSON(SweepRequest.self, from: body, what: "the sweep")
        let entry = try library.entry(asked.scenario)
        if let replications = asked.replications, !(2 ... configuration.limits.replications).contains(replications) {
            throw ApiError(.badRequest, "replications must be between 2 and \(configuration.limits.replications) on this server")
        }
        let settings = asked.settings ?? entry.settings
        var scenario = try library.scenario(entry, settings: settings, replications: asked.replications)
        if let weeks = asked.weeks {
            guard (1 ... configuration.limits.weeks).contains(weeks) else {
                throw ApiError(.badRequest, "weeks must be between 1 and \(configuration.limits.weeks) on this server")
            }
            scenario.run.weeks = weeks
        }
        let yaml = try settings.exportYAML(scenarioText: entry.text, file: entry.file)
        return json(try sweeps.start(kind: asked.kind, entry: entry, yaml: yaml, scenario: scenario,
                                     maxRuns: configuration.limits.sweepRuns), status: .accepted)
    }

    func sweepID(_ context: BasicRequestContext) throws -> String {
        guard let id = context.parameters.get("id") else { throw ApiError(.notFound, "no such sweep") }
        return id
    }

    // MARK: Saved options

    func save(_ request: Request) async throws -> Response {
        let body = try await bodyData(request)
        let save = try decodeJSON(SaveRequest.self, from: body, what: "the option")
        let name = save.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 120 else { throw ApiError(.badRequest, "an option needs a name of 1 to 120 characters") }
        let entry = try library.entry(save.scenario)
        _ = try library.scenario(entry, settings: save.settings, replications: nil)
        return json(try store.save(name: name, scenario: entry.id, settings: save.settings, limit: configuration.limits.savedOptions),
                    status: .created)
    }

    func optionID(_ context: BasicRequestContext) throws -> Int64 {
        guard let id = context.parameters.get("id", as: Int64.self) else { throw ApiError(.notFound, "no such saved option") }
        return id
    }

    func option(_ context: BasicRequestContext) throws -> SavedOption {
        guard let option = try store.option(try optionID(context)) else { throw ApiError(.notFound, "no such saved option") }
        return option
    }

    /// Two saved options of one scenario side by side: the decision table of `b` against `a`.
    func compare(_ request: Request) async throws -> Response {
        func saved(_ name: String) throws -> SavedOption {
            guard let id = Int64(try query(request, name)), let option = try store.option(id) else {
                throw ApiError(.notFound, "no saved option with id \(formValue(request, name) ?? "")")
            }
            return option
        }
        let a = try saved("a"), b = try saved("b")
        guard a.scenario == b.scenario else { throw ApiError(.badRequest, "the two options belong to different scenarios") }
        let resolved = try resolve(EvaluationRequest(scenario: b.scenario, settings: b.settings, baseline: a.settings,
                                                     replications: nil, language: formValue(request, "lang")))
        guard engine.acquire() else { throw busy() }
        defer { engine.release() }
        var estimate = try await run(resolved, count: resolved.scenario.run.replications)
        estimate.table?.baselineLabel = a.name
        estimate.table?.optionLabel = b.name
        return json(estimate)
    }

    // MARK: Helpers

    func busy() -> ApiError {
        ApiError(.tooManyRequests, "all \(configuration.limits.concurrentRuns) simulation slots are busy: try again in a moment",
                 headers: [.retryAfter: "1"])
    }

    func query(_ request: Request, _ name: String) throws -> String {
        guard let value = formValue(request, name), !value.isEmpty else {
            throw ApiError(.badRequest, "missing query parameter '\(name)'")
        }
        return value
    }

    func bodyData(_ request: Request) async throws -> Data {
        let limit = configuration.limits.uploadBytes
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw ApiError(.contentTooLarge, "the body has \(length) bytes; this server accepts at most \(limit)")
        }
        let buffer = try await request.body.collect(upTo: limit)
        return Data(buffer.readableBytesView)
    }

    func bodyText(_ request: Request) async throws -> String {
        guard let text = String(data: try await bodyData(request), encoding: .utf8) else {
            throw ApiError(.badRequest, "the scenario is not UTF-8 text")
        }
        return text
    }

    static func asset(_ text: String, type: String) -> Response {
        var headers: HTTPFields = [.contentType: type]
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// A query parameter, decoded as a browser encodes a form (`+` is a space, then percent-decoding); the first
/// one of that name, or nil.
func formValue(_ request: Request, _ name: String) -> String? {
    guard let query = request.uri.query else { return nil }
    func decode(_ text: Substring) -> String? { String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding }
    for pair in query.split(separator: "&") {
        let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        if decode(parts[0]) == name { return parts.count > 1 ? decode(parts[1]) : "" }
    }
    return nil
}

/// A JSON response.
func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
    Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
             body: .init(byteBuffer: ByteBuffer(bytes: jsonBytes(value))))
}

/// Decodes JSON, turning decoding errors into a 400 that says what was wrong where.
func decodeJSON<T: Decodable>(_ type: T.Type, from data: Data, what: String) throws -> T {
    do {
        return try JSONDecoder().decode(type, from: data)
    } catch let DecodingError.keyNotFound(key, context) {
        throw ApiError(.badRequest, "\(what): missing \(path(context.codingPath + [key]))")
    } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
        throw ApiError(.badRequest, "\(what): wrong type at \(path(context.codingPath)): \(context.debugDescription)")
    } catch let DecodingError.dataCorrupted(context) {
        throw ApiError(.badRequest, "\(what): not valid JSON\(context.codingPath.isEmpty ? "" : " at " + path(context.codingPath))")
    } catch {
        throw ApiError(.badRequest, "\(what): not valid JSON")
    }
}

private func path(_ keys: [any CodingKey]) -> String {
    keys.isEmpty ? "the top level" : keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: ["."])
}

/// A run slot held for as long as a streamed response lives.
final class RunSlot: Sendable {
    let engine: RunEngine
    init(engine: RunEngine) { self.engine = engine }
    deinit { engine.release() }
}
