import VerbinderCore
import VerbinderScenario
import VerbinderSimulation

/// An option written on the command line (`verbinder options … --try TEXT`): changes to a scenario's panel
/// settings, joined by `+`. Each change is one of
///
/// - `KIND` or `KIND@WEEK`: switch an intervention on (from week 0, or from `WEEK`), e.g. `repositioning@26`;
/// - `SLIDER=LEVEL`: set one slider, e.g. `residents=high`;
/// - `profile:NAME`: set all five sliders to a Platform31 profile, e.g. `profile:tilted`;
/// - `connector:NEIGHBOURHOOD[,NEIGHBOURHOOD…]:HOURS`: add a connector serving those neighbourhoods;
/// - `hours:CONNECTOR=HOURS`: change a connector's hours; `remove:CONNECTOR`: take a connector away;
/// - `escalation:ROUTE`, `trigger:TRIGGER`, `reluctance:P`, `triage:POLICY`.
public struct OptionExpression: Sendable {
    /// The text as given: the option's label.
    public let text: String

    public init(_ text: String) { self.text = text }

    /// Applies every change, in order, to `settings` of `scenario`.
    /// - Throws: ``InputError`` at `--try TEXT` naming what was expected, with a suggestion for a misspelt name.
    public func apply(to settings: inout PanelSettings, scenario: Scenario) throws {
        let location = SourceLocation.value("try \(text)")
        func fail(_ message: String) -> InputError { InputError(message, at: location) }
        func suggestion(_ word: String, _ names: [String]) -> String {
            closestMatch(to: word, among: names).map { " (did you mean '\($0)'?)" } ?? ""
        }
        let parts = text.split(separator: "+", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard !parts.isEmpty, !parts.contains(where: \.isEmpty) else {
            throw fail("expected one or more changes joined by +, e.g. repositioning or residents=high+internalPublicity")
        }
        for part in parts {
            if let colon = part.firstIndex(of: ":") {
                let head = String(part[..<colon]), rest = String(part[part.index(after: colon)...])
                switch head {
                case "profile":
                    guard let profile = Profile(name: rest) else {
                        throw fail("unknown profile '\(rest)'\(suggestion(rest, Profile.allNames)): expected one of \(Profile.allNames.joined(separator: ", "))")
                    }
                    settings.sliders = .init(profile.sliders)
                case "connector":
                    guard let last = rest.lastIndex(of: ":"), let hours = Double(rest[rest.index(after: last)...]), hours > 0, hours <= 80 else {
                        throw fail("expected connector:NEIGHBOURHOOD[,NEIGHBOURHOOD…]:HOURS with hours above 0 and at most 80, e.g. connector:Katwijk-Noord:36")
                    }
                    let places = rest[..<last].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                    let known = scenario.neighbourhoods.map(\.name)
                    for place in places where !known.contains(place) {
                        throw fail("unknown neighbourhood '\(place)'\(suggestion(place, known)): expected one of \(known.joined(separator: ", "))")
                    }
                    guard !places.isEmpty else { throw fail("a new connector needs at least one neighbourhood") }
                    var number = settings.connectors.count + 1
                    while settings.connectors.contains(where: { $0.name == "Extra \(scenario.connectorTitle) \(number)" }) { number += 1 }
                    settings.connectors.append(.init(name: "Extra \(scenario.connectorTitle) \(number)", neighbourhoods: places, hoursPerWeek: hours))
                case "hours":
                    guard let equals = rest.lastIndex(of: "="), let hours = Double(rest[rest.index(after: equals)...]), hours > 0, hours <= 80 else {
                        throw fail("expected hours:CONNECTOR=HOURS with hours above 0 and at most 80")
                    }
                    let name = String(rest[..<equals])
                    guard let index = settings.connectors.firstIndex(where: { $0.name == name }) else {
                        throw fail("unknown connector '\(name)'\(suggestion(name, settings.connectors.map(\.name))): expected one of \(settings.connectors.map(\.name).joined(separator: ", "))")
                    }
                    settings.connectors[index].hoursPerWeek = hours
                case "remove":
                    guard let index = settings.connectors.firstIndex(where: { $0.name == rest }) else {
                        throw fail("unknown connector '\(rest)'\(suggestion(rest, settings.connectors.map(\.name))): expected one of \(settings.connectors.map(\.name).joined(separator: ", "))")
                    }
                    guard settings.connectors.count > 1 else { throw fail("cannot remove the last connector") }
                    settings.connectors.remove(at: index)
                case "escalation": settings.escalation.route = rest
                case "trigger": settings.escalation.trigger = rest
                case "triage": settings.triage = rest
                case "reluctance":
                    guard let value = Double(rest), (0 ... 1).contains(value) else { throw fail("expected reluctance:P with P between 0 and 1") }
                    settings.escalation.reluctance = value
                default:
                    let heads = ["profile", "connector", "hours", "remove", "escalation", "trigger", "reluctance", "triage"]
                    throw fail("unknown change '\(head):'\(suggestion(head, heads)): expected one of \(heads.map { $0 + ":" }.joined(separator: ", "))")
                }
            } else if let equals = part.firstIndex(of: "=") {
                let name = String(part[..<equals]), level = String(part[part.index(after: equals)...])
                guard SliderLevel(name: level) != nil else { throw fail("unknown slider level '\(level)': expected low, mid or high") }
                guard settings.sliders.set(name, to: level) else {
                    throw fail("unknown slider '\(name)'\(suggestion(name, Sliders.names)): expected one of \(Sliders.names.joined(separator: ", "))")
                }
            } else {
                let pieces = part.split(separator: "@", maxSplits: 1).map(String.init)
                let kind = pieces[0]
                guard InterventionKind(name: kind) != nil else {
                    let names = InterventionKind.allNames
                    throw fail("unknown change '\(kind)'\(suggestion(kind, names)): expected an intervention (\(names.joined(separator: ", "))), SLIDER=LEVEL, or one of profile:, connector:, hours:, remove:, escalation:, trigger:, reluctance:, triage:")
                }
                var week = 0
                if pieces.count == 2 {
                    guard let start = Int(pieces[1]), start >= 0, start < scenario.run.weeks else {
                        throw fail("expected \(kind)@WEEK with a week from 0 to \(scenario.run.weeks - 1)")
                    }
                    week = start
                }
                settings.interventions.removeAll { $0.kind == kind }
                settings.interventions.append(.init(kind: kind, startWeek: week))
            }
        }
        try settings.check()
    }
}

/// The decision tables of options against a scenario as it is: what `verbinder options` prints and the
/// mengpaneel shows.
public enum OptionComparison {
    /// Simulates the baseline and every option on the same replication seeds and compares each with the baseline.
    /// - Throws: ``InputError`` when an option does not make a valid scenario.
    public static func tables(scenarioText: String, file: String, options: [OptionExpression], replications: Int? = nil,
                              language: TableLanguage = .en, simulator: OptionSimulator = OptionSimulator()) throws -> [DecisionTable] {
        let base = try Scenario.parse(yaml: scenarioText, file: file)
        let baseSettings = PanelSettings(base)
        var baseline = try baseSettings.scenario(from: scenarioText, file: file)
        if let replications { baseline.run.replications = replications }
        var scenarios: [(String, Scenario)] = []
        for option in options {
            var settings = baseSettings
            try option.apply(to: &settings, scenario: base)
            var scenario = try settings.scenario(from: scenarioText, file: file)
            if let replications { scenario.run.replications = replications }
            scenarios.append((option.text, scenario))
        }
        let count = baseline.run.replications
        let baseRuns = try simulator.replications(of: baseline, count: count)
        let baselineLabel = language == .nl ? "de basis (\(base.name) zoals beschreven)" : "the baseline (\(base.name) as written)"
        return try scenarios.map { label, scenario in
            let runs = try simulator.replications(of: scenario, count: count)
            return DecisionTable(baseline: baseRuns, baselineScenario: baseline, baselineLabel: baselineLabel,
                                 option: runs, optionScenario: scenario, optionLabel: label, language: language)
        }
    }
}
