import Foundation
import VerbinderCore
import VerbinderScenario
import VerbinderSimulation
import VerbinderSupport
import Yams

/// What a sweep runs: a scenario, its factors, and run settings that override the scenario's.
///
/// The list of arms and runs is a pure function of the definition, so any process (a resumed sweep, a
/// shard on another machine) enumerates the same runs in the same order.
public struct SweepDefinition: Sendable, Codable, Equatable {
    /// The scenario file as given.
    public var scenarioPath: String
    /// Its text when the sweep was defined (a resumed sweep refuses a changed file).
    public var scenarioText: String
    /// The factors, outermost first: arm indices count through the last factor fastest.
    public var factors: [Factor]
    public var seed: UInt64?
    public var replications: Int?
    public var weeks: Int?

    public init(scenarioPath: String, scenarioText: String, factors: [Factor], seed: UInt64? = nil,
                replications: Int? = nil, weeks: Int? = nil) {
        self.scenarioPath = scenarioPath
        self.scenarioText = scenarioText
        self.factors = factors
        self.seed = seed
        self.replications = replications
        self.weeks = weeks
    }

    /// Reads the scenario file at `path`.
    /// - Throws: ``InputError`` when it cannot be read.
    public init(scenarioPath path: String, factors: [Factor], seed: UInt64? = nil, replications: Int? = nil,
                weeks: Int? = nil) throws {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw InputError("cannot read the scenario: \(error.localizedDescription)", at: SourceLocation(file: path))
        }
        self.init(scenarioPath: path, scenarioText: text, factors: factors, seed: seed, replications: replications, weeks: weeks)
    }

    /// A stable SHA-256 of the definition (its canonical JSON).
    public var hash: String {
        // Encoding the package's own Codable types cannot fail; a failure is a programming error.
        sha256Hex(try! CanonicalJSON.compact(self))
    }
}

/// One arm of a sweep: a level of every factor and the scenario they resolve to.
public struct Arm: Sendable, Equatable {
    /// Position in the sweep's enumeration (0-based).
    public var index: Int
    /// The level index of each factor, in factor order.
    public var levelIndices: [Int]
    /// The level of each factor, in factor order.
    public var levels: [String]
    /// `factor=level` pairs joined by ", ".
    public var label: String
    /// The scenario as simulated (all overrides and run settings applied).
    public var scenario: Scenario
    /// Canonical JSON of ``scenario`` and its SHA-256.
    public var scenarioJSON: String
    public var scenarioHash: String
}

/// A run: one replication of one arm, identified by its position in the fixed run order.
public struct RunKey: Sendable, Hashable, Comparable {
    public var arm: Int
    public var replication: Int

    public init(arm: Int, replication: Int) {
        self.arm = arm
        self.replication = replication
    }

    public static func < (a: RunKey, b: RunKey) -> Bool { (a.arm, a.replication) < (b.arm, b.replication) }
}

/// A validated sweep: the definition with its base document, arm count and run settings resolved.
public struct Sweep: Sendable {
    public let definition: SweepDefinition
    /// Replications per arm, seed and weeks after overrides.
    public let replications: Int
    public let seed: UInt64
    public let weeks: Int
    /// The number of arms: the product of the factors' level counts.
    public let armCount: Int

    /// Parses the scenario text and checks that every arm resolves to a valid scenario.
    /// - Throws: ``InputError`` for an empty sweep, an unknown key path, a level the scenario rejects (with
    ///   file, line and key path), duplicate factors, or settings out of range.
    public init(_ definition: SweepDefinition) throws {
        self.definition = definition
        let location = SourceLocation(file: definition.scenarioPath)
        guard !definition.factors.isEmpty else {
            throw InputError("empty sweep: no factor to vary", at: location)
        }
        for factor in definition.factors where factor.levels.isEmpty {
            throw InputError("empty sweep: factor \(factor.name) has no levels", at: location)
        }
        var seen: [String] = []
        for factor in definition.factors {
            if seen.contains(factor.keyPath) {
                throw InputError("\(factor.keyPath) is varied twice: give each key once", at: location)
            }
            seen.append(factor.keyPath)
            try Self.refuseRunSetting(factor.keyPath, at: location)
        }
        if let replications = definition.replications, !(1 ... 10_000).contains(replications) {
            throw InputError("replications must be between 1 and 10000", at: location)
        }
        if let weeks = definition.weeks, !(1 ... 520).contains(weeks) {
            throw InputError("weeks must be between 1 and 520", at: location)
        }
        let base = try composeDocument(definition.scenarioText, file: definition.scenarioPath)
        var count = 1
        for factor in definition.factors {
            count = count.multipliedReportingOverflow(by: factor.levels.count).partialValue
            if count > 1_000_000 { throw InputError("the sweep has more than 1,000,000 arms", at: location) }
        }
        armCount = count
        let plain = try Scenario.decode(base, file: definition.scenarioPath)
        replications = definition.replications ?? plain.run.replications
        seed = definition.seed ?? plain.run.seed
        weeks = definition.weeks ?? plain.run.weeks
        // Check every level of every factor once (on the base scenario), so a bad level is reported before
        // anything runs, then every arm (levels can conflict only in combination).
        for (position, factor) in definition.factors.enumerated() {
            for level in factor.levels.indices {
                var indices = [Int](repeating: 0, count: definition.factors.count)
                indices[position] = level
                _ = try resolve(indices, index: -1)
            }
        }
    }

    /// The run settings are the sweep's own, the same in every arm, so varying them in a factor would be
    /// overwritten: refuse `run` and `run.*` with the reason and what to do instead.
    static func refuseRunSetting(_ keyPath: String, at location: SourceLocation) throws {
        let key = keyPath.replacingOccurrences(of: " ", with: "")
        guard key == "run" || key.hasPrefix("run.") || key.hasPrefix("run[") else { return }
        let reason = switch key {
        case "run.weeks": "every arm runs the sweep's weeks, so arms are compared over the same horizon; sweep each horizon separately (weeks set once for the sweep)"
        case "run.seed": "every arm uses the sweep's seed, so replication k of every arm draws the same request arrivals (common random numbers); set the sweep's seed once instead"
        case "run.replications": "every arm runs the sweep's replications, so arms are compared replication by replication; set them once for the sweep"
        default: "the run settings (weeks, seed, replications) are the sweep's own, the same in every arm; set them once for the sweep"
        }
        throw InputError("\(keyPath) cannot be varied: \(reason)", at: location)
    }

    /// The total number of runs: arms × replications.
    public var runCount: Int { armCount * replications }

    /// The run at `position` in the fixed run order: arm-major, replications in order.
    public func run(at position: Int) -> RunKey { RunKey(arm: position / replications, replication: position % replications) }

    /// The level indices of arm `index` (mixed radix, last factor fastest).
    public func levelIndices(ofArm index: Int) -> [Int] {
        var remainder = index
        var indices = [Int](repeating: 0, count: definition.factors.count)
        for position in definition.factors.indices.reversed() {
            let radix = definition.factors[position].levels.count
            indices[position] = remainder % radix
            remainder /= radix
        }
        return indices
    }

    /// Resolves arm `index` into its scenario.
    /// - Throws: ``InputError`` when the combination of levels is not a valid scenario.
    public func arm(_ index: Int) throws -> Arm {
        precondition(index >= 0 && index < armCount, "arm index out of range")
        return try resolve(levelIndices(ofArm: index), index: index)
    }

    private func resolve(_ indices: [Int], index: Int) throws -> Arm {
        // The document is composed anew for each arm: Yams nodes are not Sendable, and this keeps arms independent.
        var document = try composeDocument(definition.scenarioText, file: definition.scenarioPath)
        var levels: [String] = []
        for (position, factor) in definition.factors.enumerated() {
            let level = factor.levels[indices[position]]
            levels.append(level)
            try Self.apply(factor, level: level, to: &document, file: definition.scenarioPath)
        }
        let label = zip(definition.factors, levels).map { "\($0.name)=\($1)" }.joined(separator: ", ")
        var scenario: Scenario
        do {
            scenario = try Scenario.decode(document, file: definition.scenarioPath)
        } catch let error as InputError {
            throw InputError(error.diagnostics.map { diagnostic in
                var annotated = diagnostic
                annotated.message += " (in the arm \(label))"
                return annotated
            })
        }
        scenario.run.seed = seed
        scenario.run.replications = replications
        scenario.run.weeks = weeks
        let json = try CanonicalJSON.compact(scenario)
        return Arm(index: index, levelIndices: indices, levels: levels, label: label, scenario: scenario,
                   scenarioJSON: json, scenarioHash: sha256Hex(json))
    }

    /// Writes one factor level into a document.
    static func apply(_ factor: Factor, level: String, to document: inout Node, file: String) throws {
        let location = SourceLocation(file: file)
        switch factor.kind {
        case .keyPath:
            let value = try parseValue(level, factor: factor)
            let path = try KeyPathExpression(factor.keyPath, location: location)
            try path.set(value, in: &document, location: location)
        case .profile:
            try KeyPathExpression("policies.profile", location: location).set(Node(level), in: &document, location: location)
            try KeyPathExpression("policies.sliders", location: location).remove(from: &document)
        case .interventions:
            let kinds = level == "none" ? [] : level.split(separator: "+").map(String.init)
            let list = Node.sequence(Node.Sequence(kinds.map { kind in
                Node.mapping(Node.Mapping([(Node("kind"), Node(kind)), (Node("startWeek"), Node("0"))]))
            }))
            try KeyPathExpression("policies.interventions", location: location).set(list, in: &document, location: location)
        }
    }

    static func parseValue(_ text: String, factor: Factor) throws -> Node {
        do {
            return try Yams.compose(yaml: text) ?? Node("")
        } catch {
            throw InputError("the value '\(text)' is not valid YAML", at: .value("vary \(factor.keyPath)"))
        }
    }
}
