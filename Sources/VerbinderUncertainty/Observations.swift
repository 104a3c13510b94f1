import Foundation
import VerbinderCore
import VerbinderScenario
import Yams

/// One observed target: an output of the model and the interval the observations allow for it.
public struct ObservedTarget: Sendable, Equatable {
    /// A ``StudyOutput`` name, e.g. `rate[fixer.fromResidents]` or `utilisation`.
    public var output: String
    public var lower: Double
    public var upper: Double
    /// Where the observation comes from (publication and section).
    public var source: String
    /// What in the target is assumption rather than observation; nil when nothing is.
    public var assumption: String?
    /// Where the target is written (file:line).
    public var location: SourceLocation

    public var centre: Double { (lower + upper) / 2 }
    public var halfWidth: Double { (upper - lower) / 2 }

    /// The target's distance of a simulated value: |value − centre| / half-width, so 1 is the interval's edge;
    /// infinity for an undefined value.
    public func distance(_ value: Double?) -> Double {
        guard let value, value.isFinite else { return .infinity }
        return abs(value - centre) / halfWidth
    }
}

/// An observation file (`OBS.yaml`): the targets a calibration fits and, optionally, the parameters it varies.
///
/// ```yaml
/// parameters: [overheadShare, officialInitiative]   # optional; default: every parameter with a range
/// targets:
///   - output: utilisation
///     interval: [0.85, 1.0]          # or: value: 0.9 with tolerance: 0.05
///     source: Buzing 2024 master thesis §5.2 (nine respondents: no capacity for all requests)
///     assumption: the thesis gives no number; "no capacity" read as at least 85% utilisation
/// ```
public struct Observations: Sendable {
    public var file: String
    public var parameters: [String]?
    public var targets: [ObservedTarget]
    /// Where the `parameters` key is, for messages about its names.
    public var parametersLocation: SourceLocation

    /// Reads and validates an observation file.
    /// - Throws: ``InputError`` listing every problem with file:line:column.
    public static func load(path: String) throws -> Observations {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw InputError("cannot read the observation file: \(error.localizedDescription)", at: SourceLocation(file: path))
        }
        return try parse(text, file: path)
    }

    /// Parses and validates observation text; `file` names it in messages.
    public static func parse(_ text: String, file: String) throws -> Observations {
        let root = try composeDocument(text, file: file)
        var problems: [Diagnostic] = []
        func location(_ node: Node) -> SourceLocation {
            SourceLocation(file: file, line: node.mark.map { $0.line } ?? 0, column: node.mark.map { $0.column } ?? 0)
        }
        func problem(_ message: String, _ node: Node, _ path: String) { problems.append(Diagnostic(message, at: location(node), keyPath: path)) }
        guard let mapping = root.mapping else {
            throw InputError("expected a mapping with `targets:` (and optionally `parameters:`)", at: location(root))
        }
        var result = Observations(file: file, parameters: nil, targets: [], parametersLocation: SourceLocation(file: file))
        let outputNames = StudyOutput.all.map(\.name)
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            switch key {
            case "parameters":
                result.parametersLocation = location(value)
                guard let names = value.sequence?.map({ $0.string }), names.allSatisfy({ $0 != nil }) else {
                    problem("expected a list of model parameter names", value, "parameters")
                    continue
                }
                result.parameters = names.compactMap { $0 }
            case "targets":
                guard let items = value.sequence, !items.isEmpty else {
                    problem("expected a non-empty list of targets", value, "targets")
                    continue
                }
                for (index, item) in items.enumerated() {
                    let path = "targets[\(index)]"
                    guard let fields = item.mapping else { problem("expected a mapping with output, interval or value and tolerance, source", item, path); continue }
                    var output: String?, lower: Double?, upper: Double?, value: Double?, tolerance: Double?
                    var source: String?, assumption: String?
                    for (fieldNode, fieldValue) in fields {
                        let field = fieldNode.string ?? ""
                        let fieldPath = "\(path).\(field)"
                        func number(_ node: Node) -> Double? {
                            guard let x = node.float ?? node.int.map(Double.init), x.isFinite else {
                                problem("expected a number, got '\(node.string ?? "?")'", node, fieldPath)
                                return nil
                            }
                            return x
                        }
                        switch field {
                        case "output":
                            guard let name = fieldValue.string, outputNames.contains(name) else {
                                let name = fieldValue.string ?? ""
                                let hint = closestMatch(to: name, among: outputNames).map { " (did you mean '\($0)'?)" } ?? ""
                                problem("unknown output '\(name)'\(hint); the outputs are: \(outputNames.joined(separator: ", "))", fieldValue, fieldPath)
                                continue
                            }
                            output = name
                        case "interval":
                            guard let pair = fieldValue.sequence, pair.count == 2 else {
                                problem("expected [lower, upper]", fieldValue, fieldPath)
                                continue
                            }
                            lower = number(pair[0])
                            upper = number(pair[1])
                        case "value": value = number(fieldValue)
                        case "tolerance": tolerance = number(fieldValue)
                        case "source": source = fieldValue.string
                        case "assumption": assumption = fieldValue.string
                        default:
                            let hint = closestMatch(to: field, among: ["output", "interval", "value", "tolerance", "source", "assumption"])
                                .map { " (did you mean '\($0)'?)" } ?? ""
                            problem("unknown key '\(field)'\(hint)", fieldNode, fieldPath)
                        }
                    }
                    if let value, let tolerance {
                        if tolerance <= 0 { problem("tolerance must be positive", item, path) }
                        if lower != nil { problem("give either interval or value with tolerance, not both", item, path) }
                        lower = value - tolerance
                        upper = value + tolerance
                    } else if value != nil || tolerance != nil {
                        problem("value and tolerance go together", item, path)
                    }
                    if fields["output"] == nil { problem("missing key 'output'", item, path) }
                    if source?.isEmpty ?? true { problem("missing key 'source': say where the observation comes from", item, path) }
                    guard let output, let lower, let upper else {
                        if fields["interval"] == nil && fields["value"] == nil { problem("missing 'interval' (or 'value' with 'tolerance')", item, path) }
                        continue
                    }
                    guard lower < upper else { problem("the interval's lower bound \(lower) must be below its upper bound \(upper)", item, path); continue }
                    if result.targets.contains(where: { $0.output == output }) { problem("output '\(output)' is targeted twice", item, path) }
                    result.targets.append(ObservedTarget(output: output, lower: lower, upper: upper, source: source ?? "",
                                                         assumption: assumption, location: location(item)))
                }
            default:
                let hint = closestMatch(to: key, among: ["parameters", "targets"]).map { " (did you mean '\($0)'?)" } ?? ""
                problem("unknown key '\(key)'\(hint)", keyNode, key)
            }
        }
        if mapping["targets"] == nil { problems.append(Diagnostic("missing key 'targets'", at: location(root))) }
        if !problems.isEmpty { throw InputError(problems.sorted { $0.location < $1.location }) }
        return result
    }
}
