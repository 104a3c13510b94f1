import Foundation
import VerbinderCore
import VerbinderScenario
import VerbinderSimulation

/// What a picture is drawn from: a scenario (the network before any run) or a simulation result.
public struct RenderInput: Sendable {
    /// The file or directory it was read from.
    public var path: String
    /// The scenario's name.
    public var scenarioName: String
    /// The actors and their edges (for the network, aggregate and arenas views).
    public var network: ActorNetwork
    /// The result's summary (for titles, the praatplaat and compare views); nil for a scenario.
    public var summary: SimulationSummary?
    /// The scenario, when the input is one (or a result's resolved scenario).
    public var scenario: Scenario?

    /// The file name of a result's summary.
    public static let summaryFile = "summary.json"
    /// The file name of a result's outcome graph.
    public static let outcomeGraphFile = "outcome-graph.json"

    /// A scenario, before any run.
    public init(scenario: Scenario, network: ScenarioNetwork, path: String = "") {
        self.path = path
        self.scenarioName = scenario.name
        self.network = ActorNetwork(scenario: scenario, network: network)
        self.summary = nil
        self.scenario = scenario
    }

    /// A simulation result: its summary and its outcome graph.
    /// - Throws: ``InputError`` when the outcome graph is inconsistent.
    public init(summary: SimulationSummary?, outcome: OutcomeGraph, path: String = "") throws {
        self.path = path
        self.scenarioName = summary?.scenario ?? outcome.scenario
        self.network = try ActorNetwork(outcome: outcome, file: (path as NSString).appendingPathComponent(Self.outcomeGraphFile))
        self.summary = summary
        self.scenario = summary?.resolvedScenario
    }

    /// Reads a scenario file (YAML) or a simulation result directory (`summary.json` and `outcome-graph.json`).
    /// A result directory without an outcome graph is drawn from its resolved scenario's network.
    /// - Throws: ``InputError`` for a missing, unreadable or malformed input.
    public static func load(path: String) throws -> RenderInput {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError("no such file or directory: expected a scenario file or a simulation result directory",
                             at: SourceLocation(file: path))
        }
        guard isDirectory.boolValue else {
            let scenario = try Scenario.load(path: path)
            return RenderInput(scenario: scenario, network: try NetworkGenerator.build(scenario), path: path)
        }
        let summaryPath = (path as NSString).appendingPathComponent(summaryFile)
        let outcomePath = (path as NSString).appendingPathComponent(outcomeGraphFile)
        let hasSummary = FileManager.default.fileExists(atPath: summaryPath)
        let hasOutcome = FileManager.default.fileExists(atPath: outcomePath)
        guard hasSummary || hasOutcome else {
            throw InputError("not a simulation result directory: expected \(summaryFile) and \(outcomeGraphFile) in it",
                             at: SourceLocation(file: path))
        }
        let summary = hasSummary ? try decode(SimulationSummary.self, from: summaryPath) : nil
        if hasOutcome {
            return try RenderInput(summary: summary, outcome: try decode(OutcomeGraph.self, from: outcomePath), path: path)
        }
        let scenario = summary!.resolvedScenario
        var input = RenderInput(scenario: scenario, network: try NetworkGenerator.build(scenario), path: path)
        input.summary = summary
        return input
    }

    /// Decodes a JSON file, turning decoding errors into ``InputError`` with the key path.
    static func decode<T: Decodable>(_ type: T.Type, from path: String) throws -> T {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw InputError("cannot read file: \(error.localizedDescription)", at: SourceLocation(file: path))
        }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw InputError(describe(error), at: SourceLocation(file: path), keyPath: keyPath(of: error))
        } catch {
            throw InputError("invalid JSON: \(error)", at: SourceLocation(file: path))
        }
    }

    private static func keyPath(of error: DecodingError) -> String {
        let path: [any CodingKey]
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            path = context.codingPath
        case .keyNotFound(let key, let context):
            path = context.codingPath + [key]
        @unknown default:
            path = []
        }
        return path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            .trimmingCharacters(in: CharacterSet(charactersIn: "."))
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .typeMismatch(let type, _): "expected a value of type \(type)"
        case .valueNotFound(let type, _): "expected a value of type \(type), found null"
        case .keyNotFound: "missing key"
        case .dataCorrupted(let context): "invalid JSON: \(context.debugDescription)"
        @unknown default: "invalid JSON"
        }
    }
}
