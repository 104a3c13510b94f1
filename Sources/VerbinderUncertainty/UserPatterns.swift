import Foundation
import VerbinderCore
import VerbinderExperiments
import VerbinderScenario
import VerbinderSimulation
import Yams

/// A researcher's own pattern checks (`verbinder patterns SCENARIO --patterns FILE.yaml`): each a paired
/// comparison of two settings of the scenario, an output, and the expected direction or interval of the change.
///
/// ```yaml
/// patterns:
///   - name: publicity-fills-the-queue
///     finding: internal publicity makes the connector drop more requests     # optional
///     source: Buzing 2024 master thesis §4.4 (the publicity paradox)
///     baseline: residents=mid                # optional; settings as for `verbinder options --try`
///     changed: internalPublicity             # applied on top of the baseline
///     output: droppedPerYear                 # any study output (`verbinder sensitivity`)
///     expect: increase                       # increase or decrease; or interval: [lo, hi]
/// ```
///
/// With `interval: [lo, hi]` the finding is that the change (changed − baseline) lies between `lo` and `hi`.
public enum UserPatterns {
    static let keys = ["name", "finding", "source", "baseline", "changed", "output", "expect", "interval"]

    /// Reads and validates a pattern file against the scenario `scenarioText` (read from `scenarioFile`).
    /// - Parameter reserved: names already taken (the built-in catalogue).
    /// - Throws: ``InputError`` listing every problem with file:line:column.
    public static func load(path: String, scenarioText: String, scenarioFile: String, reserved: [String]) throws -> [Pattern] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw InputError("cannot read the pattern file: \(error.localizedDescription)", at: SourceLocation(file: path))
        }
        return try parse(text, file: path, scenarioText: scenarioText, scenarioFile: scenarioFile, reserved: reserved)
    }

    /// Parses and validates pattern text; `file` names it in messages.
    /// - Throws: ``InputError`` listing every problem with file:line:column.
    public static func parse(_ text: String, file: String, scenarioText: String, scenarioFile: String, reserved: [String]) throws -> [Pattern] {
        let root = try composeDocument(text, file: file)
        let scenario = try Scenario.parse(yaml: scenarioText, file: scenarioFile)
        var problems: [Diagnostic] = []
        func location(_ node: Node) -> SourceLocation {
            SourceLocation(file: file, line: node.mark.map { $0.line } ?? 0, column: node.mark.map { $0.column } ?? 0)
        }
        func problem(_ message: String, _ node: Node, _ path: String) { problems.append(Diagnostic(message, at: location(node), keyPath: path)) }
        func hint(_ word: String, _ names: [String]) -> String { closestMatch(to: word, among: names).map { " (did you mean '\($0)'?)" } ?? "" }
        guard let mapping = root.mapping else { throw InputError("expected a mapping with `patterns:`", at: location(root)) }
        for (keyNode, _) in mapping where keyNode.string != "patterns" {
            let key = keyNode.string ?? ""
            problem("unknown key '\(key)'\(hint(key, ["patterns"]))", keyNode, key)
        }
        guard let list = mapping["patterns"] else { throw InputError([Diagnostic("missing key 'patterns'", at: location(root))] + problems) }
        guard let items = list.sequence, !items.isEmpty else {
            throw InputError([Diagnostic("expected a non-empty list of patterns", at: location(list), keyPath: "patterns")] + problems)
        }
        let outputs = StudyOutput.all
        var patterns: [Pattern] = []
        var names = reserved
        for (index, item) in items.enumerated() {
            let path = "patterns[\(index)]"
            guard let fields = item.mapping else { problem("expected a mapping with name, source, changed, output and expect or interval", item, path); continue }
            var ok = true
            func string(_ key: String) -> String? {
                guard let node = fields[key] else { return nil }
                guard let value = node.string, !value.trimmingCharacters(in: .whitespaces).isEmpty else {
                    problem("expected text", node, "\(path).\(key)")
                    ok = false
                    return nil
                }
                return value
            }
            for (fieldNode, _) in fields where !keys.contains(fieldNode.string ?? "") {
                let field = fieldNode.string ?? ""
                problem("unknown key '\(field)'\(hint(field, keys))", fieldNode, "\(path).\(field)")
                ok = false
            }
            for key in ["name", "source", "changed", "output"] where fields[key] == nil {
                problem("missing key '\(key)'", item, path)
                ok = false
            }
            let name = string("name"), source = string("source"), finding = string("finding")
            if let name, let node = fields["name"] {
                if name.contains(where: { $0.isWhitespace || $0 == "," }) {
                    problem("a pattern name has no spaces or commas (lists of pattern names are separated by commas)", node, "\(path).name")
                    ok = false
                } else if names.contains(name) {
                    problem("pattern '\(name)' is defined twice (or is a built-in pattern)", node, "\(path).name")
                    ok = false
                }
                names.append(name)
            }
            // Settings: the baseline (default: the scenario as written), then the change on top of it.
            var settings = PanelSettings(scenario)
            var sides: [Scenario] = []
            for key in ["baseline", "changed"] {
                guard let node = fields[key] else {
                    if key == "baseline", ok { sides.append(scenario) }
                    continue
                }
                guard let expression = string(key) else { continue }
                do {
                    try OptionExpression(expression).apply(to: &settings, scenario: scenario)
                    sides.append(try settings.scenario(from: scenarioText, file: scenarioFile))
                } catch let error as InputError {
                    for diagnostic in error.diagnostics { problem("\(key) '\(expression)': \(diagnostic.message)", node, "\(path).\(key)") }
                    ok = false
                }
            }
            var output: StudyOutput?
            if let outputName = string("output"), let node = fields["output"] {
                output = outputs.first { $0.name == outputName }
                if output == nil {
                    problem("unknown output '\(outputName)'\(hint(outputName, outputs.map(\.name))); the outputs are: \(outputs.map(\.name).joined(separator: ", "))",
                            node, "\(path).output")
                    ok = false
                }
            }
            // The expectation: a direction, or an interval for the change.
            var score: (@Sendable (Double) -> Double)?
            var expectation = ""
            switch (fields["expect"], fields["interval"]) {
            case (nil, nil):
                problem("missing 'expect' (increase or decrease) or 'interval' ([lower, upper] of the change)", item, path)
                ok = false
            case (.some, .some):
                problem("give either 'expect' or 'interval', not both", item, path)
                ok = false
            case let (.some(node), nil):
                switch node.string {
                case "increase": score = { $0 }; expectation = "increases"
                case "decrease": score = { -$0 }; expectation = "decreases"
                default:
                    problem("expected increase or decrease\(hint(node.string ?? "", ["increase", "decrease"]))", node, "\(path).expect")
                    ok = false
                }
            case let (nil, .some(node)):
                let bounds = node.sequence?.map { $0.float ?? $0.int.map(Double.init) }
                guard let bounds, bounds.count == 2, let lower = bounds[0], let upper = bounds[1], lower.isFinite, upper.isFinite else {
                    problem("expected [lower, upper] with two numbers", node, "\(path).interval")
                    ok = false
                    break
                }
                guard lower < upper else {
                    problem("the interval's lower bound \(lower) must be below its upper bound \(upper)", node, "\(path).interval")
                    ok = false
                    break
                }
                score = { min($0 - lower, upper - $0) }
                expectation = "changes by between \(lower) and \(upper)"
            }
            guard ok, let name, let source, let output, let score, sides.count == 2 else { continue }
            let baseline = sides[0], changed = sides[1]
            let value = output.value
            let baselineLabel = fields["baseline"]?.string ?? "the scenario as written"
            let changedLabel = fields["changed"]?.string ?? ""
            let line = location(item)
            let toBaseline: @Sendable (inout Scenario) -> Void = { take(baseline, into: &$0) }
            let toChanged: @Sendable (inout Scenario) -> Void = { take(changed, into: &$0) }
            patterns.append(Pattern(
                name: name, finding: finding ?? "\(output.name) \(expectation) with \(changedLabel) (against \(baselineLabel))",
                source: source, role: "user pattern (\(line))", scenarioAsGiven: false,
                variants: [(baselineLabel, toBaseline), (changedLabel, toChanged)]
            ) { runs, weeks in
                guard let before = value(runs[0], weeks), let after = value(runs[1], weeks) else { return nil }
                return score(after - before)
            })
        }
        if !problems.isEmpty { throw InputError(problems.sorted { $0.location < $1.location }) }
        return patterns
    }

    /// Sets `scenario`'s panel settings (policies and connectors) to those of `settings`, keeping its model
    /// parameters and run: a side of a pattern evaluated at a parameter sample.
    static func take(_ settings: Scenario, into scenario: inout Scenario) {
        scenario.policies = settings.policies
        scenario.connectors = settings.connectors
    }
}
