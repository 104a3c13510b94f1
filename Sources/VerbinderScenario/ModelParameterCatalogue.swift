import VerbinderCore

/// One number of the simulation model: its name in a scenario's `model:` section, what it means, its
/// default, a plausible range for sensitivity analysis and calibration, the values it may take at all,
/// and where the default comes from.
/// (`@unchecked`: it holds a key path, which is immutable but not declared `Sendable`.)
public struct ModelParameter: @unchecked Sendable {
    /// The key in a scenario's `model:` section; per-role and per-level values are `group.member`,
    /// e.g. `cooperationBase.fixer` or `escalationEffect.alderman`.
    public let name: String
    /// What the number means, in one sentence.
    public let summary: String
    /// The unit: `probability`, `factor`, `hours`, `working days`, `per 1,000 residents per week`, ...
    public let unit: String
    /// The value the model uses when a scenario does not set it.
    public let defaultValue: Double
    /// The plausible values: what a sensitivity analysis or calibration should explore.
    public let range: ClosedRange<Double>
    /// The values a scenario may set at all (a scenario outside it is rejected).
    public let domain: ClosedRange<Double>
    /// The publication and section the default rests on, or "assumption" with the reasoning.
    public let provenance: String
    /// Where the value lives in ``ModelParameters``.
    let keyPath: WritableKeyPath<ModelParameters, Double>

    /// The group (`cooperationBase` for `cooperationBase.fixer`), or nil for a plain parameter.
    public var group: String? { name.firstIndex(of: ".").map { String(name[..<$0]) } }
    /// The member within the group (`fixer`), or the whole name for a plain parameter.
    public var member: String { name.firstIndex(of: ".").map { String(name[name.index(after: $0)...]) } ?? name }
}

/// A parameter name or value a scenario or command cannot use.
public struct ModelParameterError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

extension ModelParameters {
    /// Every number of the model, in the order of `docs/model.md`.
    public static let catalogue: [ModelParameter] = buildCatalogue()

    /// Catalogue position by name.
    static let catalogueIndex: [String: Int] = Dictionary(uniqueKeysWithValues: catalogue.enumerated().map { ($1.name, $0) })

    /// The catalogue entry called `name`, if any.
    public static func parameter(named name: String) -> ModelParameter? { catalogueIndex[name].map { catalogue[$0] } }

    /// The value of the parameter called `name` (see ``catalogue``), or nil for an unknown name.
    public subscript(parameter name: String) -> Double? {
        Self.parameter(named: name).map { self[keyPath: $0.keyPath] }
    }

    /// Sets the parameter called `name`.
    /// - Throws: ``ModelParameterError`` for an unknown name or a value outside the parameter's domain.
    public mutating func set(_ name: String, to value: Double) throws {
        guard let parameter = Self.parameter(named: name) else {
            let suggestion = closestMatch(to: name, among: Self.catalogue.map(\.name)).map { " (did you mean '\($0)'?)" } ?? ""
            throw ModelParameterError(description: "unknown model parameter '\(name)'\(suggestion)")
        }
        guard value.isFinite, parameter.domain.contains(value) else {
            throw ModelParameterError(description: "model parameter '\(name)' is \(value): expected a number in "
                + "\(parameter.domain.lowerBound)...\(parameter.domain.upperBound)")
        }
        self[keyPath: parameter.keyPath] = value
    }
}

// MARK: - Building the catalogue

private typealias Path = WritableKeyPath<ModelParameters, Double>

private let probability = 0.0 ... 1.0
private let roleNames = ["fixer", "entrepreneur", "bridgeBuilder", "mediator"]
private let levelNames = ["teamManager", "clusterManager", "alderman"]
private let thesis = "Buzing 2024 master thesis"
private let platform31 = "the Platform31 publication"

private func entry(_ name: String, _ keyPath: Path, _ summary: String, unit: String, range: ClosedRange<Double>,
                   domain: ClosedRange<Double>, _ provenance: String) -> ModelParameter {
    ModelParameter(name: name, summary: summary, unit: unit, defaultValue: ModelParameters()[keyPath: keyPath],
                   range: range, domain: domain, provenance: provenance, keyPath: keyPath)
}

/// Four entries `name.fixer` ... `name.mediator`, with one plausible range per role.
private func perRole(_ name: String, _ keyPath: WritableKeyPath<ModelParameters, PerRole>, _ summary: String,
                     unit: String, ranges: [ClosedRange<Double>], domain: ClosedRange<Double>, _ provenance: String) -> [ModelParameter] {
    let members: [WritableKeyPath<PerRole, Double>] = [\.fixer, \.entrepreneur, \.bridgeBuilder, \.mediator]
    return members.indices.map { index in
        entry("\(name).\(roleNames[index])", keyPath.appending(path: members[index]), "\(summary) (\(roleNames[index]))",
              unit: unit, range: ranges[index], domain: domain, provenance)
    }
}

/// Three entries `name.teamManager`, `name.clusterManager`, `name.alderman`.
private func perLevel(_ name: String, _ keyPath: WritableKeyPath<ModelParameters, [Double]>, _ summary: String,
                      unit: String, ranges: [ClosedRange<Double>], domain: ClosedRange<Double>, _ provenance: String) -> [ModelParameter] {
    levelNames.indices.map { index in
        entry("\(name).\(levelNames[index])", keyPath.appending(path: \[Double].[index]), "\(summary) (\(levelNames[index]))",
              unit: unit, range: ranges[index], domain: domain, provenance)
    }
}

/// A range of ± `share` around a default, clipped to `domain`: for assumptions without a better bound.
private func around(_ value: Double, _ share: Double, in domain: ClosedRange<Double> = 0 ... .greatestFiniteMagnitude) -> ClosedRange<Double> {
    max(domain.lowerBound, value * (1 - share)) ... min(domain.upperBound, value * (1 + share))
}

private func buildCatalogue() -> [ModelParameter] {
    let d = ModelParameters()
    var all: [ModelParameter] = []
    // Requests
    all += perRole("residentRequestRate", \.residentRequestRate, "Requests residents raise", unit: "per 1,000 residents per week",
                   ranges: roleNames.indices.map { around(d.residentRequestRate[ConnectorRole.allCases[$0]], 0.5) }, domain: 0 ... 1000,
                   "assumption: questions far outnumber initiatives, problems and conflicts (\(thesis) §4.2)")
    all += perRole("officialRequestRate", \.officialRequestRate, "Requests officials raise about a neighbourhood", unit: "per 100 officials per week",
                   ranges: roleNames.indices.map { around(d.officialRequestRate[ConnectorRole.allCases[$0]], 0.5) }, domain: 0 ... 1000,
                   "assumption (\(thesis) §4.2: officials' questions, plans, problems and conflicts concerning the neighbourhood)")
    all.append(entry("integralShare", \.integralShare, "Chance a request concerns one more policy domain (repeatedly)", unit: "probability",
                     range: 0.1 ... 0.5, domain: 0 ... 0.95, "assumption; integral requests need several departments (\(thesis) Table 12, function-specific barrier)"))
    all += perRole("effortHours", \.effortHours, "Connector hours per request", unit: "hours",
                   ranges: [0.5 ... 3, 4 ... 16, 2 ... 10, 4 ... 16], domain: 0.01 ... 200,
                   "assumption: a question is quick, initiatives and conflicts take days of work (\(thesis) §4.2)")
    // Routing
    all.append(entry("residentAwareness", \.residentAwareness, "Residents' awareness of the connector with all levers low", unit: "probability",
                     range: 0.1 ... 0.5, domain: probability, "assumption: the connector's added value is unknown (\(thesis) §4.4)"))
    all.append(entry("hardToReachReach", \.hardToReachReach, "Share of hard-to-reach residents' requests the connector picks up with all levers low",
                     unit: "probability", range: 0.1 ... 0.5, domain: probability,
                     "assumption (\(platform31) §2.1, process with residents: hard-to-reach groups need outreach)"))
    all.append(entry("officialInitiative", \.officialInitiative, "Chance an official brings a request to the connector unprompted, levers low",
                     unit: "probability", range: 0.02 ... 0.15, domain: probability,
                     "\(thesis) §4.2.2: twelve respondents say officials do not initiate contact"))
    all.append(entry("familiarityPull", \.familiarityPull, "Extra chance an official comes to the connector per unit of familiarity",
                     unit: "probability per unit familiarity", range: 0.1 ... 0.6, domain: probability,
                     "\(thesis) §5.6.2: positive experiences make officials seek the connector more"))
    all.append(entry("publicityEffect", \.publicityEffect, "Extra chance an official comes to the connector under internal publicity",
                     unit: "probability", range: 0.1 ... 0.4, domain: probability, "assumption for \(thesis) §5.6.2 (intranet posts, campaign, training)"))
    all.append(entry("misdirectedShare", \.misdirectedShare, "Share of requests reaching a connector that are not the connector's job",
                     unit: "probability", range: 0.1 ... 0.4, domain: 0 ... 0.95,
                     "assumption for \(thesis) §4.4 (\"heel vaak verzoeken krijgen, die eigenlijk niet voor hen zijn\")"))
    all.append(entry("misdirectedEffortHours", \.misdirectedEffortHours, "Connector hours lost on a misdirected request", unit: "hours",
                     range: 0.25 ... 2, domain: 0 ... 40, "assumption"))
    // Connector work
    all.append(entry("overheadShare", \.overheadShare, "Share of a connector's hours taken by presence in the neighbourhood and meetings",
                     unit: "share of hours", range: 0.15 ... 0.5, domain: 0 ... 0.95,
                     "assumption (\(thesis) §4.3: weekly team meetings; presence in the neighbourhood)"))
    all.append(entry("connectorKnowledge", \.connectorKnowledge, "Chance the connector answers a resident's question from own knowledge",
                     unit: "probability", range: 0.3 ... 0.8, domain: probability,
                     "\(thesis) §4.2.1: \"door hun parate kennis van de organisatie\" (the fixer role toward residents is the one fully realised)"))
    all.append(entry("smallShare", \.smallShare, "Share of questions and initiatives small enough for an own budget", unit: "probability",
                     range: 0.1 ... 0.5, domain: probability, "assumption (\(platform31) §2.1, Apeldoorn: small area budgets for 'laaghangend fruit')"))
    all.append(entry("mediationDeadlineDays", \.mediationDeadlineDays, "Working days within which a conflict must be taken up before it escalates",
                     unit: "working days", range: 5 ... 20, domain: 0 ... 365,
                     "assumption (\(thesis) §4.2.4: connectors can mediate only when called in on time)"))
    // Department response
    all += perRole("cooperationBase", \.cooperationBase, "Base chance a department cooperates with a connector's request", unit: "probability",
                   ranges: [0.85 ... 0.99, 0.7 ... 0.95, 0.7 ... 0.95, 0.7 ... 0.95], domain: probability,
                   "assumption: before barriers and positioning most officials would help (\(thesis) §4.5)")
    all.append(entry("otherClusterFactor", \.otherClusterFactor, "Cooperation factor for a department outside the connector's home cluster",
                     unit: "factor", range: 0.6 ... 0.95, domain: probability,
                     "\(thesis) §4.4: \"Binnen ons cluster vinden we het volgens mij heel fijn werken [...] met andere clusters nog wel eens een uitdaging\""))
    all.append(entry("responseDays", \.responseDays, "Mean working days a department takes to answer at internal orientation 0",
                     unit: "working days", range: 1 ... 5, domain: 0 ... 365, "assumption"))
    all.append(entry("slowResponseDays", \.slowResponseDays, "Mean working days a department takes to answer at internal orientation 1",
                     unit: "working days", range: 4 ... 15, domain: 0 ... 365,
                     "assumption for the internally oriented barrier (slow answers; \(thesis) Table 12, Nederhand et al. 2019)"))
    all.append(entry("departmentRequestCapacity", \.departmentRequestCapacity, "Open connector requests per official before workload lowers cooperation",
                     unit: "requests per official", range: 0.02 ... 0.2, domain: 0.0001 ... 100,
                     "assumption for \(thesis) §4.4: requests are seen as 'extra werk'"))
    all += perRole("lifeworldBase", \.lifeworldBase, "Base chance residents engage with an official's request through the connector", unit: "probability",
                   ranges: [0.6 ... 0.95, 0.5 ... 0.85, 0.55 ... 0.9, 0.5 ... 0.85], domain: probability, "assumption")
    all += perRole("directResidentBase", \.directResidentBase, "Base success of a resident's request without the connector", unit: "probability",
                   ranges: [0.6 ... 0.9, 0.2 ... 0.5, 0.2 ... 0.5, 0.15 ... 0.45], domain: probability,
                   "assumption: questions find an answer at the desk, initiatives and problems strand (\(thesis) §5.1.2)")
    all += perRole("directOfficialBase", \.directOfficialBase, "Base success of an official's request into the neighbourhood without the connector",
                   unit: "probability", ranges: [0.35 ... 0.7, 0.2 ... 0.5, 0.25 ... 0.55, 0.15 ... 0.45], domain: probability,
                   "assumption: officials who do not consult the connector act on assumptions about the neighbourhood (\(thesis) §5.1.1)")
    // Escalation
    all += perLevel("escalationEffect", \.escalationEffect, "Chance an escalation changes the answer", unit: "probability",
                    ranges: [0.3 ... 0.6, 0.4 ... 0.7, 0.5 ... 0.85], domain: probability,
                    "\(thesis) §4.3: escalation \"tot andere prioriteitstelling bij een leidinggevende leidt\"; higher up weighs more (assumption)")
    all += perLevel("escalationDays", \.escalationDays, "Mean working days an escalation takes", unit: "working days",
                    ranges: [1 ... 5, 3 ... 10, 5 ... 15], domain: 0 ... 365, "assumption")
    all.append(entry("escalationTrustCost", \.escalationTrustCost, "Loss of the escalated department's trust per escalation", unit: "trust (0-1)",
                     range: 0.02 ... 0.12, domain: probability,
                     "\(thesis) §4.3: escalation is felt as \"verraad, iemand naaien, de vuile was buiten hangen\" (size: assumption)"))
    // Feedback
    all.append(entry("trustGain", \.trustGain, "Share of the gap to full trust gained per successful cooperation", unit: "share",
                     range: 0.01 ... 0.06, domain: probability, "assumption for \(thesis) §5.6.2 (positive experiences)"))
    all.append(entry("familiarityGain", \.familiarityGain, "Share of the gap to full familiarity gained per successful cooperation", unit: "share",
                     range: 0.02 ... 0.1, domain: probability, "assumption for \(thesis) §5.6.2 (positive experiences)"))
    all.append(entry("conflictTrustLoss", \.conflictTrustLoss, "Loss of residents' trust when a conflict is not mediated in time",
                     unit: "trust per 1,000 residents", range: 0.05 ... 0.2, domain: probability,
                     "assumption (\(thesis) §4.2.4: unmediated conflicts escalate)"))
    return all
}
