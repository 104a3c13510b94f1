import VerbinderCore
import VerbinderScenario

extension StudyParameter {
    /// The model parameter `parameter` of ``ModelParameters/catalogue`` over its plausible range.
    public init(_ parameter: ModelParameter) {
        let name = parameter.name
        self.init(factor: UncertainFactor(name: name, lower: parameter.range.lowerBound, upper: parameter.range.upperBound),
                  unit: parameter.unit, defaultValue: parameter.defaultValue) { scenario, value in
            try scenario.model.set(name, to: value)
        }
    }

    /// The catalogue's parameters named in `names` (in the catalogue's order), or every parameter whose
    /// plausible range is not a single value when `names` is nil.
    /// - Throws: ``InputError`` naming each unknown name with the closest known one, at `location`.
    public static func catalogue(_ names: [String]? = nil, at location: SourceLocation) throws -> [StudyParameter] {
        let catalogue = ModelParameters.catalogue
        guard let names else {
            return catalogue.filter { $0.range.lowerBound < $0.range.upperBound }.map(StudyParameter.init)
        }
        let known = Set(catalogue.map(\.name))
        let diagnostics = names.filter { !known.contains($0) }.map { name in
            let suggestion = closestMatch(to: name, among: catalogue.map(\.name)).map { " (did you mean '\($0)'?)" } ?? ""
            return Diagnostic("unknown model parameter '\(name)'\(suggestion)", at: location)
        }
        if !diagnostics.isEmpty { throw InputError(diagnostics) }
        var seen = Set<String>()
        let duplicates = names.filter { !seen.insert($0).inserted }
        if let first = duplicates.first { throw InputError("model parameter '\(first)' is named twice", at: location) }
        let chosen = Set(names)
        let selected = catalogue.filter { chosen.contains($0.name) }
        if let fixed = selected.first(where: { $0.range.lowerBound >= $0.range.upperBound }) {
            throw InputError("model parameter '\(fixed.name)' has no range to vary (\(fixed.range.lowerBound)...\(fixed.range.upperBound))", at: location)
        }
        return selected.map(StudyParameter.init)
    }
}
