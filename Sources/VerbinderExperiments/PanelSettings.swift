import Foundation
import VerbinderCore
import VerbinderScenario
import VerbinderSimulation
import VerbinderSupport
import Yams

/// The levers of the mengpaneel (Platform31's mixing panel) as a transition manager sets them on a scenario:
/// the five sliders, interventions, each connector's hours and neighbourhoods, escalation and triage.
///
/// Settings are applied to the scenario's YAML document and the result is validated like any scenario file,
/// so what the panel simulates is exactly what ``exportYAML(scenarioText:file:)`` writes.
public struct PanelSettings: Sendable, Codable, Hashable {
    /// Slider positions by name (`low`, `mid`, `high`), in panel order.
    public struct SliderSettings: Sendable, Codable, Hashable {
        public var internalPositioning: String
        public var internalProcess: String
        public var residents: String
        public var politics: String
        public var communication: String

        public init(_ sliders: Sliders) {
            internalPositioning = sliders.internalPositioning.name
            internalProcess = sliders.internalProcess.name
            residents = sliders.residents.name
            politics = sliders.politics.name
            communication = sliders.communication.name
        }

        /// The positions in panel order (``Sliders/names``).
        public var values: [String] { [internalPositioning, internalProcess, residents, politics, communication] }

        /// Sets the slider called `name`; false for an unknown name.
        public mutating func set(_ name: String, to level: String) -> Bool {
            switch name {
            case "internalPositioning": internalPositioning = level
            case "internalProcess": internalProcess = level
            case "residents": residents = level
            case "politics": politics = level
            case "communication": communication = level
            default: return false
            }
            return true
        }
    }

    /// An intervention switched on, from a week (0-based).
    public struct InterventionSetting: Sendable, Codable, Hashable {
        public var kind: String
        public var startWeek: Int

        public init(kind: String, startWeek: Int) {
            self.kind = kind
            self.startWeek = startWeek
        }
    }

    /// A connector: an existing one (by name) or a new one, with its hours and neighbourhoods.
    public struct ConnectorSetting: Sendable, Codable, Hashable {
        public var name: String
        /// The home department; a new connector without one gets the first connector's.
        public var homeDepartment: String?
        public var neighbourhoods: [String]
        public var hoursPerWeek: Double

        public init(name: String, homeDepartment: String? = nil, neighbourhoods: [String], hoursPerWeek: Double) {
            self.name = name
            self.homeDepartment = homeDepartment
            self.neighbourhoods = neighbourhoods
            self.hoursPerWeek = hoursPerWeek
        }
    }

    /// Where refusals are escalated, when, and how reluctantly.
    public struct EscalationSetting: Sendable, Codable, Hashable {
        public var route: String
        public var trigger: String
        /// Probability (0–1) that a connector forgoes an escalation it could make.
        public var reluctance: Double

        public init(route: String, trigger: String, reluctance: Double) {
            self.route = route
            self.trigger = trigger
            self.reluctance = reluctance
        }
    }

    public var sliders: SliderSettings
    public var interventions: [InterventionSetting]
    public var connectors: [ConnectorSetting]
    public var escalation: EscalationSetting
    /// The triage policy's name (`firstCome`, `byRole`, `byUrgency`).
    public var triage: String

    /// The settings a scenario has as written.
    public init(_ scenario: Scenario) {
        sliders = SliderSettings(scenario.policies.sliders)
        interventions = scenario.policies.interventions.map { InterventionSetting(kind: $0.kind.name, startWeek: $0.startWeek) }
        connectors = scenario.connectors.map {
            ConnectorSetting(name: $0.name, homeDepartment: $0.homeDepartment, neighbourhoods: $0.neighbourhoods, hoursPerWeek: $0.hoursPerWeek)
        }
        escalation = EscalationSetting(route: scenario.policies.escalation.route.name, trigger: scenario.policies.escalation.trigger.name,
                                       reluctance: scenario.policies.escalation.reluctance)
        triage = scenario.policies.capacity.triage.name
    }

    /// Canonical JSON of the settings (sorted keys): the identity of an option in caches, links and the store.
    public var canonical: String {
        // Encoding the package's own Codable types cannot fail; a failure is a programming error.
        try! CanonicalJSON.compact(self)
    }

    /// Checks names and ranges before the settings touch a document, so messages name the setting.
    /// - Throws: ``InputError`` at `settings.…` for every bad value.
    public func check() throws {
        var diagnostics: [Diagnostic] = []
        func fail(_ path: String, _ message: String) {
            diagnostics.append(Diagnostic(message, at: SourceLocation(file: "settings"), keyPath: path))
        }
        for (name, level) in zip(Sliders.names, sliders.values) where SliderLevel(name: level) == nil {
            fail("sliders.\(name)", "unknown level '\(level)': expected one of \(SliderLevel.allNames.joined(separator: ", "))")
        }
        var seenKinds: Set<String> = []
        for (index, intervention) in interventions.enumerated() {
            if InterventionKind(name: intervention.kind) == nil {
                let hint = closestMatch(to: intervention.kind, among: InterventionKind.allNames).map { " (did you mean '\($0)'?)" } ?? ""
                fail("interventions[\(index)].kind", "unknown intervention '\(intervention.kind)'\(hint): expected one of \(InterventionKind.allNames.joined(separator: ", "))")
            }
            if !seenKinds.insert(intervention.kind).inserted {
                fail("interventions[\(index)].kind", "intervention '\(intervention.kind)' is switched on twice")
            }
        }
        var seenNames: Set<String> = []
        for (index, connector) in connectors.enumerated() {
            if connector.name.trimmingCharacters(in: .whitespaces).isEmpty { fail("connectors[\(index)].name", "a connector needs a name") }
            if !seenNames.insert(connector.name).inserted { fail("connectors[\(index)].name", "two connectors are called '\(connector.name)'") }
            if !connector.hoursPerWeek.isFinite { fail("connectors[\(index)].hoursPerWeek", "expected a number of hours") }
        }
        if EscalationRoute(name: escalation.route) == nil {
            fail("escalation.route", "unknown route '\(escalation.route)': expected one of \(EscalationRoute.allNames.joined(separator: ", "))")
        }
        if EscalationTrigger(name: escalation.trigger) == nil {
            fail("escalation.trigger", "unknown trigger '\(escalation.trigger)': expected one of \(EscalationTrigger.allNames.joined(separator: ", "))")
        }
        if !(0 ... 1).contains(escalation.reluctance) { fail("escalation.reluctance", "expected a probability between 0 and 1") }
        if TriagePolicy(name: triage) == nil {
            fail("triage", "unknown triage '\(triage)': expected one of \(TriagePolicy.allNames.joined(separator: ", "))")
        }
        if !diagnostics.isEmpty { throw InputError(diagnostics) }
    }

    /// Writes the settings into a scenario document: explicit sliders (the profile removed), the interventions,
    /// the connectors (existing ones keep their other keys; new ones copy the first connector's department and
    /// role emphasis; connectors left out are removed), escalation route, trigger and reluctance, and triage.
    /// - Throws: ``InputError`` when the settings are invalid or the document has no connector to copy from.
    public func apply(to document: inout Node, file: String) throws {
        try check()
        let location = SourceLocation(file: file)
        func set(_ path: String, _ value: Node) throws {
            try KeyPathExpression(path, location: location).set(value, in: &document, location: location)
        }
        try KeyPathExpression("policies.profile", location: location).remove(from: &document)
        try set("policies.sliders", Node(zip(Sliders.names, sliders.values).map { (Node($0), Node($1)) }))
        let list = interventions.map { Node([(Node("kind"), Node($0.kind)), (Node("startWeek"), Node(String($0.startWeek)))]) }
        try set("policies.interventions", Node(list))
        try set("policies.escalation.route", Node(escalation.route))
        try set("policies.escalation.trigger", Node(escalation.trigger))
        try set("policies.escalation.reluctance", Node(formatNumber(escalation.reluctance, .significant)))
        try set("policies.capacity.triage", Node(triage))

        let existing = document.mapping?["connectors"]?.sequence.map(Array.init) ?? []
        guard let template = existing.first?.mapping else {
            throw InputError("the scenario has no connector to copy a new connector from", at: location, keyPath: "connectors")
        }
        let entries: [Node] = connectors.map { setting in
            var entry = existing.first { $0.mapping?["name"]?.string == setting.name }?.mapping
                ?? Node.Mapping([(Node("name"), Node(setting.name))])
            if entry["homeDepartment"] == nil || setting.homeDepartment != nil {
                entry["homeDepartment"] = Node(setting.homeDepartment ?? template["homeDepartment"]?.string ?? "")
            }
            if entry["roleEmphasis"] == nil, let emphasis = template["roleEmphasis"] { entry["roleEmphasis"] = emphasis }
            entry["neighbourhoods"] = Node(setting.neighbourhoods.map { Node($0) }, .implicit, .flow)
            entry["hoursPerWeek"] = Node(formatNumber(setting.hoursPerWeek, .significant))
            return .mapping(entry)
        }
        try set("connectors", Node(entries))
    }

    /// The scenario these settings make of `scenarioText`, validated like a scenario file.
    /// - Throws: ``InputError`` with file, line and key path when the text or the combination is invalid.
    public func scenario(from scenarioText: String, file: String) throws -> Scenario {
        var document = try composeDocument(scenarioText, file: file)
        try apply(to: &document, file: file)
        return try Scenario.decode(document, file: file)
    }

    /// The scenario YAML of these settings applied to `scenarioText`: it validates, and `verbinder simulate`
    /// gives the same numbers as the panel.
    /// - Throws: ``InputError`` when the settings make an invalid scenario (nothing is returned then).
    public func exportYAML(scenarioText: String, file: String) throws -> String {
        var document = try composeDocument(scenarioText, file: file)
        try apply(to: &document, file: file)
        _ = try Scenario.decode(document, file: file)
        do {
            return try Yams.serialize(node: document, width: -1, allowUnicode: true, sortKeys: false)
        } catch {
            throw InputError("cannot write the scenario as YAML: \(error)", at: SourceLocation(file: file))
        }
    }
}
