import Foundation
import VerbinderCore
import VerbinderScenario
import VerbinderSimulation
import Yams

/// One dimension of a sweep: a scenario key and the values it takes.
public struct Factor: Sendable, Codable, Equatable {
    /// How a level is written into the scenario.
    public enum Kind: String, Sendable, Codable {
        /// The level (YAML text) replaces the value at ``Factor/keyPath``.
        case keyPath
        /// The level names a profile: it sets `policies.profile` and removes explicit `policies.sliders`.
        case profile
        /// The level is `none` or intervention kinds joined by `+`: they replace `policies.interventions`
        /// (each from week 0).
        case interventions
    }

    /// The name shown in tables and charts (the last key for sliders, else the key path).
    public var name: String
    /// The key path the factor sets, e.g. `policies.escalation.route` or `connectors[*].hoursPerWeek`.
    public var keyPath: String
    public var kind: Kind
    /// The levels in the order given; each is YAML text (a scalar, `[a, b]` or `{k: v}`).
    public var levels: [String]

    public init(name: String, keyPath: String, kind: Kind = .keyPath, levels: [String]) {
        self.name = name
        self.keyPath = keyPath
        self.kind = kind
        self.levels = levels
    }

    /// The five sliders (all, or those named), each low / mid / high.
    /// - Throws: ``InputError`` for an unknown slider name.
    public static func sliders(_ names: [String]) throws -> [Factor] {
        let chosen = names == ["all"] ? Sliders.names : names
        return try chosen.map { name in
            guard Sliders.names.contains(name) else {
                let hint = closestMatch(to: name, among: Sliders.names).map { " (did you mean '\($0)'?)" } ?? ""
                throw InputError("unknown slider '\(name)'\(hint): expected all or some of \(Sliders.names.joined(separator: ", "))",
                                 at: SourceLocation(file: "--sliders"))
            }
            return Factor(name: name, keyPath: "policies.sliders.\(name)", levels: SliderLevel.allNames)
        }
    }

    /// The five profiles (all, or those named) as one factor.
    /// - Throws: ``InputError`` for an unknown profile name.
    public static func profiles(_ names: [String]) throws -> Factor {
        let chosen = names == ["all"] ? Profile.allNames : names
        for name in chosen where Profile(name: name) == nil {
            let hint = closestMatch(to: name, among: Profile.allNames).map { " (did you mean '\($0)'?)" } ?? ""
            throw InputError("unknown profile '\(name)'\(hint): expected all or some of \(Profile.allNames.joined(separator: ", "))",
                             at: SourceLocation(file: "--profiles"))
        }
        return Factor(name: "profile", keyPath: "policies.profile", kind: .profile, levels: chosen)
    }

    /// Interventions as one factor: each level is `none` or kinds joined by `+`.
    /// - Throws: ``InputError`` for an unknown intervention kind.
    public static func interventions(_ levels: [String]) throws -> Factor {
        for level in levels where level != "none" {
            for kind in level.split(separator: "+").map(String.init) where InterventionKind(name: kind) == nil {
                let hint = closestMatch(to: kind, among: InterventionKind.allNames).map { " (did you mean '\($0)'?)" } ?? ""
                throw InputError("unknown intervention '\(kind)'\(hint): expected none or \(InterventionKind.allNames.joined(separator: ", ")) joined by +",
                                 at: SourceLocation(file: "--interventions"))
            }
        }
        return Factor(name: "interventions", keyPath: "policies.interventions", kind: .interventions, levels: levels)
    }

    /// Parses `KEY=V1,V2,…` (commas inside brackets or braces do not split).
    /// - Throws: ``InputError`` when there is no `=`, no key or no value.
    public static func vary(_ argument: String) throws -> Factor {
        let location = SourceLocation(file: "--vary \(argument)")
        guard let equals = argument.firstIndex(of: "=") else {
            throw InputError("expected KEY=V1,V2,… (e.g. policies.escalation.route=none,alderman)", at: location)
        }
        let key = String(argument[..<equals]).trimmingCharacters(in: .whitespaces)
        let values = splitTopLevel(String(argument[argument.index(after: equals)...]))
        guard !key.isEmpty else { throw InputError("expected a key path before '='", at: location) }
        _ = try KeyPathExpression(key, location: location)
        guard !values.isEmpty, !values.contains(where: \.isEmpty) else {
            throw InputError("expected at least one value after '=' and no empty values", at: location)
        }
        return Factor(name: key, keyPath: key, levels: values)
    }

    /// Splits on commas that are not inside `[]`, `{}` or quotes, trimming spaces.
    static func splitTopLevel(_ text: String) -> [String] {
        var parts: [String] = [], current = "", depth = 0, quote: Character?
        for character in text {
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "[" || character == "{" {
                depth += 1
            } else if character == "]" || character == "}" {
                depth -= 1
            } else if character == ",", depth == 0 {
                parts.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
                continue
            }
            current.append(character)
        }
        if !current.isEmpty || !parts.isEmpty { parts.append(current.trimmingCharacters(in: .whitespaces)) }
        return parts
    }
}

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
    public var hash: String { sha256Hex(canonicalJSON(self)) }
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

/// One part of a sweep split over processes or machines: shard `index` (0-based) of `count`.
///
/// Which runs a shard holds is decided by the sweep's ``ShardPlan``, the same on every machine.
public struct Shard: Sendable, Equatable {
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Reads `I/N` as written on the command line (`--shard 2/4`); nil unless 0 ≤ I < N.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, (0 ..< count).contains(index) else {
            return nil
        }
        self.init(index: index, count: count)
    }

    /// The whole sweep as one shard.
    public static let whole = Shard(index: 0, count: 1)

    public var isWhole: Bool { count == 1 }

    /// The store's file name inside a sweep's output directory: `results.sqlite` for the whole sweep,
    /// `results-I-of-N.sqlite` for a shard.
    public var storeFileName: String { isWhole ? "results.sqlite" : "results-\(index)-of-\(count).sqlite" }

    public var description: String { "shard \(index) of \(count)" }
}

/// How a sweep's runs are divided over shards: each shard takes a contiguous stretch of the run order whose
/// expected cost (``VerbinderScenario/Scenario/expectedRequestsPerRun`` of the arm) is as near 1/N of the total as
/// whole runs allow. Every run is in exactly one shard, and the plan depends only on the sweep definition, so
/// every machine computes the same one. Contiguous stretches keep an arm's replications together, so a shard
/// prepares few arms.
public struct ShardPlan: Sendable {
    /// The expected cost of one run of each arm.
    public let armCosts: [Double]
    public let replications: Int
    /// Cost of all runs of the arms before each arm (one more entry than arms: the last is the total).
    private let costBefore: [Double]

    /// A plan from the cost of one run of each arm.
    public init(armCosts: [Double], replications: Int) {
        // A run costs at least a little, so shards of costless arms still split evenly by run count.
        let costs = armCosts.map { max($0, 1) }
        self.armCosts = costs
        self.replications = replications
        var before = [0.0]
        before.reserveCapacity(costs.count + 1)
        for cost in costs { before.append(before[before.count - 1] + cost * Double(replications)) }
        costBefore = before
    }

    /// The plan of a sweep from all its arms, in index order.
    public init(arms: [Arm], replications: Int) {
        self.init(armCosts: arms.map(\.scenario.expectedRequestsPerRun), replications: replications)
    }

    /// The plan of `sweep`, which resolves every arm to estimate its cost.
    /// - Throws: ``InputError`` when an arm does not resolve.
    public init(_ sweep: Sweep) throws {
        self.init(arms: try (0 ..< sweep.armCount).map(sweep.arm), replications: sweep.replications)
    }

    public var runCount: Int { armCosts.count * replications }
    public var totalCost: Double { costBefore[costBefore.count - 1] }

    /// The shard (of `count`) that holds the run at `position`: the one its cost midpoint falls in.
    public func shard(ofRun position: Int, count: Int) -> Int {
        let arm = position / replications
        let midpoint = costBefore[arm] + (Double(position % replications) + 0.5) * armCosts[arm]
        return min(count - 1, Int(midpoint / totalCost * Double(count)))
    }

    /// The run positions of `shard`, a contiguous stretch of the run order.
    public func positions(of shard: Shard) -> Range<Int> {
        guard !shard.isWhole else { return 0 ..< runCount }
        return firstPosition(inShardAtLeast: shard.index, count: shard.count) ..< firstPosition(inShardAtLeast: shard.index + 1, count: shard.count)
    }

    /// The expected cost of the runs of `shard`.
    public func cost(of shard: Shard) -> Double {
        positions(of: shard).reduce(0) { $0 + armCosts[$1 / replications] }
    }

    /// The first run position whose shard is at least `index` (``shard(ofRun:count:)`` never decreases along the run order).
    private func firstPosition(inShardAtLeast index: Int, count: Int) -> Int {
        var low = 0, high = runCount
        while low < high {
            let middle = (low + high) / 2
            if shard(ofRun: middle, count: count) >= index { high = middle } else { low = middle + 1 }
        }
        return low
    }
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
            throw InputError("empty sweep: nothing to vary; give --sliders, --profiles, --vary or --interventions", at: location)
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
        let json = canonicalJSON(scenario)
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
            throw InputError("the value '\(text)' is not valid YAML", at: SourceLocation(file: "--vary \(factor.keyPath)"))
        }
    }
}

/// A key path into a scenario document: keys separated by dots, each optionally indexed: `a.b[2].c`,
/// `connectors[*].hoursPerWeek` (every element).
struct KeyPathExpression {
    enum Index: Equatable { case position(Int), all }
    struct Component { var key: String; var indices: [Index] }
    let text: String
    let components: [Component]

    init(_ text: String, location: SourceLocation) throws {
        self.text = text
        var components: [Component] = []
        for part in text.split(separator: ".", omittingEmptySubsequences: false) {
            var rest = Substring(part)
            let keyEnd = rest.firstIndex(of: "[") ?? rest.endIndex
            let key = String(rest[..<keyEnd])
            rest = rest[keyEnd...]
            var indices: [Index] = []
            while rest.hasPrefix("[") {
                guard let close = rest.firstIndex(of: "]") else { break }
                let inner = rest[rest.index(after: rest.startIndex) ..< close]
                if inner == "*" {
                    indices.append(.all)
                } else if let position = Int(inner), position >= 0 {
                    indices.append(.position(position))
                } else {
                    throw InputError("bad index [\(inner)] in key path '\(text)': expected a number or *", at: location)
                }
                rest = rest[rest.index(after: close)...]
            }
            guard !key.isEmpty, rest.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw InputError("bad key path '\(text)': expected keys separated by dots, e.g. policies.escalation.route or connectors[0].hoursPerWeek",
                                 at: location)
            }
            components.append(Component(key: key, indices: indices))
        }
        self.components = components
    }

    /// Sets the value at this path, creating missing mappings on the way (the scenario decoder then reports a
    /// key it does not know, with a suggestion). The new value keeps the position of the value it replaces.
    func set(_ value: Node, in document: inout Node, location: SourceLocation) throws {
        try update(&document, components[...], location: location, trail: "") { existing in
            var replaced = value
            if let mark = existing?.mark, case .scalar(var scalar) = replaced {
                scalar.mark = mark
                replaced = .scalar(scalar)
            }
            return replaced
        }
    }

    /// Removes the key at this path, if present.
    func remove(from document: inout Node) throws {
        try update(&document, components[...], location: SourceLocation(file: ""), trail: "") { _ in nil }
    }

    private func update(_ node: inout Node, _ rest: ArraySlice<Component>, location: SourceLocation, trail: String,
                        _ change: (Node?) -> Node?) throws {
        guard let component = rest.first else { return }
        let here = trail.isEmpty ? component.key : trail + "." + component.key
        guard case .mapping(var mapping) = node else {
            throw InputError("cannot set \(text): \(trail.isEmpty ? "the document" : trail) is not a mapping", at: location)
        }
        let last = rest.count == 1
        if component.indices.isEmpty {
            if last {
                let new = change(mapping[component.key])
                if new == nil && mapping[component.key] == nil { return }
                mapping[component.key] = new
            } else {
                var child = mapping[component.key] ?? Node.mapping(Node.Mapping([]))
                if mapping[component.key] == nil && change(nil) == nil { return }
                try update(&child, rest.dropFirst(), location: location, trail: here, change)
                mapping[component.key] = child
            }
        } else {
            guard var child = mapping[component.key] else {
                throw InputError("cannot set \(text): the scenario has no \(here)", at: location)
            }
            try updateIndexed(&child, component.indices[...], rest: rest.dropFirst(), location: location, trail: here, change)
            mapping[component.key] = child
        }
        node = .mapping(mapping)
    }

    private func updateIndexed(_ node: inout Node, _ indices: ArraySlice<Index>, rest: ArraySlice<Component>,
                               location: SourceLocation, trail: String, _ change: (Node?) -> Node?) throws {
        guard let index = indices.first else {
            if rest.isEmpty {
                if let new = change(node) { node = new }
            } else {
                try update(&node, rest, location: location, trail: trail, change)
            }
            return
        }
        guard case .sequence(let sequence) = node else {
            throw InputError("cannot set \(text): \(trail) is not a list", at: location)
        }
        var items = Array(sequence)
        let positions: [Int]
        switch index {
        case .all: positions = Array(items.indices)
        case .position(let position):
            guard position < items.count else {
                throw InputError("cannot set \(text): \(trail) has \(items.count) entries (indices 0 to \(items.count - 1))", at: location)
            }
            positions = [position]
        }
        for position in positions {
            try updateIndexed(&items[position], indices.dropFirst(), rest: rest, location: location,
                              trail: "\(trail)[\(position)]", change)
        }
        node = .sequence(Node.Sequence(items, sequence.tag, sequence.style, sequence.mark))
    }
}

/// Canonical JSON (sorted keys, no whitespace) of a value, as text.
func canonicalJSON(_ value: some Encodable) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    // Encoding the package's own Codable types cannot fail; a failure is a programming error.
    let data = try! encoder.encode(value)
    return String(decoding: data, as: UTF8.self)
}
