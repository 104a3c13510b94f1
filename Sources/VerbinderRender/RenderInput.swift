import Foundation
import VerbinderAnalysis
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

    /// Reads a scenario file (YAML), a network (an edge list in CSV or in sheet `sheet` of an Excel workbook,
    /// with node attributes from `nodes`, or GraphML) or a simulation result directory (`summary.json` and
    /// `outcome-graph.json`).
    /// A result directory without an outcome graph is drawn from its resolved scenario's network.
    /// - Throws: ``InputError`` for a missing, unreadable or malformed input.
    public static func load(path: String, nodes: String? = nil, sheet: String? = nil) throws -> RenderInput {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError("no such file or directory: expected a scenario file or a simulation result directory",
                             at: SourceLocation(file: path))
        }
        guard isDirectory.boolValue else {
            if let format = NetworkData.Format(path: path), [.csv, .spreadsheet, .graphml].contains(format) || nodes != nil || sheet != nil {
                return RenderInput(imported: try NetworkData.load(path: path, nodes: nodes, sheet: sheet), path: path)
            }
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
        if let summary { try checkNumbers(summary, file: summaryPath) }
        if hasOutcome {
            return try RenderInput(summary: summary, outcome: try OutcomeGraph.read(path: outcomePath), path: path)
        }
        let scenario = summary!.resolvedScenario
        var input = RenderInput(scenario: scenario, network: try NetworkGenerator.build(scenario), path: path)
        input.summary = summary
        return input
    }

    /// Decodes a JSON file, turning decoding errors into ``InputError`` with the key path.
    public static func decode<T: Decodable>(_ type: T.Type, from path: String) throws -> T {
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

    /// Checks the numbers of a summary read back from a file as strictly as a scenario's: counts are whole,
    /// non-negative and at most ``largestCount``, successes at most attempts, rates and trust in 0…1, every
    /// number finite, the reproduction record within the simulator's bounds.
    /// - Throws: ``InputError`` naming the file and the key path of the first bad number.
    public static func checkNumbers(_ summary: SimulationSummary, file: String) throws {
        func fail(_ keyPath: String, _ what: String) -> InputError {
            InputError(what, at: SourceLocation(file: file), keyPath: keyPath)
        }
        func count(_ value: Int, _ keyPath: String) throws {
            guard (0 ... largestCount).contains(value) else {
                throw fail(keyPath, "\(value) is not a count: expected a whole number from 0 to \(largestCount)")
            }
        }
        func share(_ value: Double?, _ keyPath: String) throws {
            guard let value else { return }
            guard value.isFinite, (0 ... 1).contains(value) else {
                throw fail(keyPath, "\(value) is out of range: expected a share from 0 to 1")
            }
        }
        func amount(_ value: Double?, _ keyPath: String, upTo limit: Double = Double(largestCount)) throws {
            guard let value else { return }
            guard value.isFinite, (0 ... limit).contains(value) else {
                throw fail(keyPath, "\(value) is out of range: expected a number from 0 to \(limit)")
            }
        }
        for role in ConnectorRole.allCases {
            for direction in RequestDirection.allCases {
                let cell = summary.praatplaat[role, direction]
                let path = "praatplaat.\(role.name).\(direction.name)"
                try count(cell.attempts, path + ".attempts")
                try count(cell.successes, path + ".successes")
                guard cell.successes <= cell.attempts else {
                    throw fail(path + ".successes", "\(cell.successes) successes exceed the \(cell.attempts) attempts")
                }
                try share(cell.rate, path + ".rate")
                try share(cell.mean, path + ".mean")
                if let interval = cell.ci95 {
                    guard interval.count == 2 else { throw fail(path + ".ci95", "expected two bounds, found \(interval.count)") }
                    try share(interval[0], path + ".ci95[0]")
                    try share(interval[1], path + ".ci95[1]")
                    guard interval[0] <= interval[1] else { throw fail(path + ".ci95", "the lower bound exceeds the upper bound") }
                }
            }
        }
        let outcomes = summary.outcomes
        for outcome in Outcome.allCases { try count(outcomes[outcome], "outcomes.\(outcome.name)") }
        try count(outcomes.misdirected, "outcomes.misdirected")
        try count(outcomes.settledByBudget, "outcomes.settledByBudget")
        for (index, row) in outcomes.latencyDays.enumerated() {
            try amount(row.p50, "outcomes.latencyDays[\(index)].p50")
            try amount(row.p90, "outcomes.latencyDays[\(index)].p90")
        }
        for (index, connector) in summary.connectors.enumerated() {
            let path = "connectors[\(index)]"
            try amount(connector.utilisation, path + ".utilisation", upTo: 1_000)
            try amount(connector.overloadWeeks, path + ".overloadWeeks")
            try amount(connector.meanQueueLength, path + ".meanQueueLength")
            try amount(connector.maxQueueLength, path + ".maxQueueLength")
            try amount(connector.escalations, path + ".escalations")
        }
        let network = summary.network
        for (index, ties) in network.tiesCreated.enumerated() { try amount(ties.count, "network.tiesCreated[\(index)].count") }
        for (name, value) in [("trustBefore", network.trustBefore), ("trustAfter", network.trustAfter),
                              ("escalatedTrustBefore", network.escalatedTrustBefore), ("escalatedTrustAfter", network.escalatedTrustAfter),
                              ("familiarityBefore", network.familiarityBefore), ("familiarityAfter", network.familiarityAfter),
                              ("residentTrustBefore", network.residentTrustBefore), ("residentTrustAfter", network.residentTrustAfter)] {
            try share(value, "network.\(name)")
        }
        let reproduction = summary.reproduction
        guard (1 ... 10_000).contains(reproduction.replications) else {
            throw fail("reproduction.replications", "\(reproduction.replications) is out of range: expected 1 to 10000")
        }
        guard (1 ... 520).contains(reproduction.weeks) else {
            throw fail("reproduction.weeks", "\(reproduction.weeks) is out of range: expected 1 to 520")
        }
    }

    /// The largest count a result file may hold (2^53: every larger whole number loses precision as a double).
    public static let largestCount = 1 << 53

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
