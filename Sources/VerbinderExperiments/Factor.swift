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
                                 at: .value("sliders"))
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
                             at: .value("profiles"))
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
                                 at: .value("interventions"))
            }
        }
        return Factor(name: "interventions", keyPath: "policies.interventions", kind: .interventions, levels: levels)
    }

    /// Parses `KEY=V1,V2,…` (commas inside brackets or braces do not split).
    /// - Throws: ``InputError`` when there is no `=`, no key or no value.
    public static func vary(_ argument: String) throws -> Factor {
        let location = SourceLocation.value("vary \(argument)")
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
