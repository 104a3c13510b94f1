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
    func add(_ name: String, _ keyPath: Path, _ summary: String, _ unit: String, _ range: ClosedRange<Double>,
             _ domain: ClosedRange<Double>, _ provenance: String) {
        all.append(entry(name, keyPath, summary, unit: unit, range: range, domain: domain, provenance))
    }
    let weight = "weight"
    let assumption = "assumption"
    // Requests
    all += perRole("residentRequestRate", \.residentRequestRate, "Requests residents raise", unit: "per 1,000 residents per week",
                   ranges: ConnectorRole.allCases.map { around(d.residentRequestRate[$0], 0.5) }, domain: 0 ... 1000,
                   "assumption: questions far outnumber initiatives, problems and conflicts (\(thesis) §4.2)")
    all += perRole("officialRequestRate", \.officialRequestRate, "Requests officials raise about a neighbourhood", unit: "per 100 officials per week",
                   ranges: ConnectorRole.allCases.map { around(d.officialRequestRate[$0], 0.5) }, domain: 0 ... 1000,
                   "assumption (\(thesis) §4.2: officials' questions, plans, problems and conflicts concerning the neighbourhood)")
    add("integralShare", \.integralShare, "Chance a request concerns one more policy domain (repeatedly)", "probability", 0.1 ... 0.5, 0 ... 0.95,
        "assumption; integral requests need several departments (\(thesis) Table 12, function-specific barrier)")
    add("maxExtraDomains", \.maxExtraDomains, "Most extra policy domains one request concerns", "domains", 2 ... 6, 0 ... 20, assumption)
    all += perRole("effortHours", \.effortHours, "Connector hours per request", unit: "hours",
                   ranges: [0.5 ... 3, 4 ... 16, 2 ... 10, 4 ... 16], domain: 0.01 ... 200,
                   "assumption: a question is quick, initiatives and conflicts take days of work (\(thesis) §4.2)")
    add("integralEffort", \.integralEffort, "Extra connector effort per extra domain, as a share of the request's effort", "share", 0.25 ... 1, 0 ... 5, assumption)
    add("conflictUrgency", \.conflictUrgency, "Lowest urgency of a conflict (others start at 0)", "urgency (0-1)", 0.3 ... 0.7, probability,
        "assumption: conflicts are urgent (\(thesis) §4.2.4, \"tijdig\")")
    // Routing: residents
    add("residentAwareness", \.residentAwareness, "Residents' awareness of the connector with all levers low", "probability", 0.1 ... 0.5, probability,
        "assumption: the connector's added value is unknown (\(thesis) §4.4)")
    add("awarenessCommunication", \.awarenessCommunication, "Residents' awareness added at communication high", "probability", 0.1 ... 0.4, probability,
        "assumption for \(platform31) §2.1 (communication: structural area-oriented communication, wijkkrant, spreekuren)")
    add("awarenessParticipation", \.awarenessParticipation, "Residents' awareness added at residents slider high", "probability", 0 ... 0.2, probability,
        "assumption for \(platform31) §2.1 (process with residents)")
    add("awarenessPublicity", \.awarenessPublicity, "Residents' awareness added by internal publicity", "probability", 0 ... 0.1, probability, assumption)
    add("awarenessTrust", \.awarenessTrust, "Residents' awareness added per unit of residents' trust above neutral", "probability per unit trust", 0.1 ... 0.3, probability, assumption)
    add("usualSuspectUse", \.usualSuspectUse, "Usual suspects' use of the connector as a share of the awareness", "factor", 0.3 ... 0.7, probability,
        "\(platform31) §2.1: usual suspects find the town hall themselves (size: assumption)")
    add("hardToReachReach", \.hardToReachReach, "Share of hard-to-reach residents' requests the connector picks up with all levers low",
        "probability", 0.1 ... 0.5, probability, "assumption (\(platform31) §2.1, process with residents: hard-to-reach groups need outreach)")
    add("reachParticipation", \.reachParticipation, "Reach of hard-to-reach residents added at residents slider high", "probability", 0.15 ... 0.45, probability, assumption)
    add("reachCommunication", \.reachCommunication, "Reach of hard-to-reach residents added at communication high", "probability", 0.05 ... 0.25, probability, assumption)
    // Routing: officials
    add("officialInitiative", \.officialInitiative, "Chance an official brings a request to the connector unprompted, levers low",
        "probability", 0.02 ... 0.15, probability, "\(thesis) §4.2.2: twelve respondents say officials do not initiate contact")
    add("familiarityPull", \.familiarityPull, "Extra chance an official comes to the connector per unit of familiarity",
        "probability per unit familiarity", 0.1 ... 0.6, probability, "\(thesis) §5.6.2: positive experiences make officials seek the connector more")
    add("pullCommunication", \.pullCommunication, "Officials' routing added at communication high", "probability", 0.05 ... 0.2, probability,
        "assumption for \(platform31) §2.1 (internal communication: is information from the neighbourhoods passed on)")
    add("pullProcess", \.pullProcess, "Officials' routing added at internal process high (area cycle, integral teams)", "probability", 0.05 ... 0.2, probability,
        "assumption for \(platform31) §2.1 (process within the municipality)")
    add("publicityEffect", \.publicityEffect, "Extra chance an official comes to the connector under internal publicity",
        "probability", 0.1 ... 0.4, probability, "assumption for \(thesis) §5.6.2 (intranet posts, campaign, training)")
    add("pullDocumentedRole", \.pullDocumentedRole, "Officials' routing added by a documented role", "probability", 0 ... 0.1, probability,
        "\(thesis) §5.6.3: a role description clarifies what connectors can be asked for (size: assumption)")
    add("pullConsultation", \.pullConsultation, "Officials' routing added by inclusion in consultation structures", "probability", 0.05 ... 0.2, probability,
        "\(thesis) §5.6.3: included in consultation structures, connectors become findable for officials (size: assumption)")
    add("pullTransitionManager", \.pullTransitionManager, "Officials' routing added by a transition manager", "probability", 0 ... 0.1, probability,
        "\(thesis) §5.6.1 (size: assumption)")
    add("routingTrustWeight", \.routingTrustWeight, "How strongly a department's trust steers its officials' routing to the connector",
        weight, 0.5 ... 1.5, 0 ... 5, "assumption for \(thesis) §5.6.2 (positive experiences bring officials back; escalation drives them away)")
    add("misdirectedShare", \.misdirectedShare, "Share of requests reaching a connector that are not the connector's job",
        "probability", 0.1 ... 0.4, 0 ... 0.95, "assumption for \(thesis) §4.4 (\"heel vaak verzoeken krijgen, die eigenlijk niet voor hen zijn\")")
    add("documentedMisdirectedFactor", \.documentedMisdirectedFactor, "Factor on misdirected requests once the role is documented", "factor",
        0.15 ... 0.6, probability, "\(thesis) §5.6.3 (size: assumption)")
    add("communicationTargeting", \.communicationTargeting, "Share of misdirected requests structural communication prevents at communication high",
        "share", 0.2 ... 0.7, probability, "assumption for \(platform31) §2.1 (communication) and \(thesis) §4.4 (unclear role)")
    add("misdirectedEffortHours", \.misdirectedEffortHours, "Connector hours lost on a misdirected request", "hours", 0.25 ... 2, 0 ... 40, assumption)
    // Connector work
    add("overheadShare", \.overheadShare, "Share of a connector's hours taken by presence in the neighbourhood and meetings",
        "share of hours", 0.15 ... 0.5, 0 ... 0.95, "assumption (\(thesis) §4.3: weekly team meetings; presence in the neighbourhood)")
    add("connectorKnowledge", \.connectorKnowledge, "A connector's starting knowledge of the organisation without ties into departments",
        "probability", 0.1 ... 0.5, probability, "\(thesis) §4.2.1: answers \"door hun parate kennis van de organisatie\" (size: assumption)")
    add("knowledgeFromTies", \.knowledgeFromTies, "Starting knowledge added by ties into every department", "probability", 0.1 ... 0.5, probability,
        "assumption for \(thesis) §4.2.1 (knowledge of the organisation comes from colleagues)")
    add("knowledgeLearning", \.knowledgeLearning, "Share of the gap to full knowledge learnt per answer fetched from a department", "share",
        0.005 ... 0.05, probability, "\(thesis) §4.2.1: lacking knowledge, the connector fetches it from colleagues to pass on (rate: assumption)")
    add("informationExtraWork", \.informationExtraWork, "Share of the 'extra work' barriers that apply to a request for information", "share",
        0 ... 0.5, probability, "assumption for \(thesis) §4.4: requests to act are 'extra werk'; passing on information is not")
    add("emphasisEffect", \.emphasisEffect, "How strongly role emphasis shapes each role's proactive work", weight, 0.1 ... 0.4, 0 ... 1,
        "assumption for \(thesis) Tables 3 and 4 (municipalities differ in role emphasis)")
    add("smallShare", \.smallShare, "Share of questions and initiatives small enough for an own budget", "probability",
        0.1 ... 0.5, probability, "assumption (\(platform31) §2.1, Apeldoorn: small area budgets for 'laaghangend fruit')")
    add("budgetPerWeek", \.budgetPerWeek, "Small requests an own budget settles per connector per week at full budget", "requests per week",
        0.5 ... 5, 0 ... 100, "\(platform31) §2.1 (Apeldoorn: small area budgets; 'met een dergelijk budget komt vaak mandaat'); size: assumption")
    add("coProduction", \.coProduction, "Chance at residents slider high that residents settle an initiative or problem themselves or with partners",
        "probability", 0.05 ... 0.35, probability, "assumption for \(platform31) §2.1 (residents challenged to take initiative) and \(thesis) §4.2.4")
    add("mediationDeadlineDays", \.mediationDeadlineDays, "Working days within which a conflict must be taken up before it escalates",
        "working days", 5 ... 20, 0 ... 365, "assumption (\(thesis) §4.2.4: connectors can mediate only when called in on time)")
    // Department response
    all += perRole("cooperationBase", \.cooperationBase, "Base chance a department cooperates with a connector's request", unit: "probability",
                   ranges: [0.85 ... 0.99, 0.7 ... 0.95, 0.7 ... 0.95, 0.7 ... 0.95], domain: probability,
                   "assumption: before barriers and positioning most officials would help (\(thesis) §4.5)")
    add("otherClusterFactor", \.otherClusterFactor, "Cooperation factor for a department outside the connector's home cluster", "factor",
        0.6 ... 0.95, probability,
        "\(thesis) §4.4: \"Binnen ons cluster vinden we het volgens mij heel fijn werken [...] met andere clusters nog wel eens een uitdaging\"")
    add("positioningClusterLift", \.positioningClusterLift, "Share of the other-cluster gap closed at internal positioning high", "share",
        0.25 ... 0.75, probability, "assumption for \(platform31) §2.1 (generalist, domain-crossing positioning)")
    add("repositionedClusterFactor", \.repositionedClusterFactor, "Other-cluster factor at least this after repositioning", "factor",
        0.8 ... 1, probability, "\(thesis) §5.6.4: an own department at the level of the others connects more naturally (size: assumption)")
    add("transitionClusterLift", \.transitionClusterLift, "Other-cluster factor added by a transition manager", "factor", 0 ... 0.2, probability,
        "\(thesis) §5.6.1 (size: assumption)")
    add("mandateFloor", \.mandateFloor, "Mandate factor at internal positioning low", "factor", 0.7 ... 0.95, probability,
        "\(thesis) §4.3: \"geen doorzettingsmacht of budgetten\" (size: assumption)")
    add("processFloor", \.processFloor, "Process factor at internal process low", "factor", 0.8 ... 1, probability,
        "assumption for \(platform31) §2.1 (structured processes bring neighbourhood tasks into the sectors)")
    add("transitionProcessLift", \.transitionProcessLift, "Internal-process slider added by a transition manager", "slider steps (0-1)", 0.25 ... 0.75, probability,
        "\(thesis) §5.6.1 (size: assumption)")
    add("relationBase", \.relationBase, "Relation factor at reference trust and familiarity", "factor", 0.7 ... 0.9, 0 ... 2, assumption)
    add("relationTrustWeight", \.relationTrustWeight, "Relation factor per unit of trust above the reference", weight, 0.2 ... 0.8, 0 ... 5,
        "assumption for \(thesis) §5.6.2 and §4.3 (relations carry cooperation; escalation damages them)")
    add("relationFamiliarityWeight", \.relationFamiliarityWeight, "Relation factor per unit of familiarity above the reference", weight, 0.1 ... 0.4, 0 ... 5, assumption)
    add("trustReference", \.trustReference, "Trust and familiarity at which relations neither help nor hinder", "trust (0-1)", 0.3 ... 0.5, probability, assumption)
    add("standardisationWeight", \.standardisationWeight, "Cooperation lost at full standardisation barrier", weight, 0.1 ... 0.4, probability,
        "\(thesis) Table 12 (Nederhand et al. 2019: reasoning from rules; size: assumption)")
    add("internalOrientationWeight", \.internalOrientationWeight, "Cooperation lost at full internal-orientation barrier", weight, 0.05 ... 0.2, probability,
        "\(thesis) Table 12 (slow answers, bureaucratic language; size: assumption)")
    add("functionSpecificWeight", \.functionSpecificWeight, "Cooperation lost per extra domain at full function-specific barrier", weight, 0.2 ... 0.5, probability,
        "\(thesis) Table 12 (fragmented budgets and responsibilities; size: assumption)")
    add("resultOrientationWeight", \.resultOrientationWeight, "Cooperation lost at full result-orientation barrier", weight, 0.1 ... 0.4, probability,
        "\(thesis) Table 12 and §5.3 ('extra werk'; size: assumption)")
    add("processBuffer", \.processBuffer, "Share of the result-orientation barrier a structured process (high) takes away", "share", 0.25 ... 0.75, probability,
        "assumption for \(platform31) §2.1")
    add("participationProcess", \.participationProcess, "Participation × internal process interaction on cooperation", weight, 0.1 ... 0.5, 0 ... 2,
        "\(platform31): external cooperation only works when internal cooperation works too (size: assumption)")
    add("workloadPenalty", \.workloadPenalty, "Most cooperation lost to a department's workload of open connector requests", "share", 0.1 ... 0.5, probability,
        "assumption for \(thesis) §4.4 ('extra werk')")
    add("ownRequestLift", \.ownRequestLift, "Cooperation lift on an official's own request", "factor", 0.1 ... 0.5, 0 ... 2, "assumption: the department asked for it")
    add("politicalPriority", \.politicalPriority, "Cooperation lift at politics high: departments give the connector's requests priority", "factor",
        0.05 ... 0.3, 0 ... 2, "\(thesis) §4.4 (political backing as a condition) and \(platform31) §2.1 (administration and politics); size: assumption")
    add("minimumChance", \.minimumChance, "Smallest chance of any single decision", "probability", 0.001 ... 0.05, 0 ... 0.5, "assumption: nothing is certain")
    add("maximumChance", \.maximumChance, "Largest chance of any single decision", "probability", 0.95 ... 0.999, 0.5 ... 1, "assumption: nothing is certain")
    add("responseDays", \.responseDays, "Mean working days a department takes to answer at internal orientation 0", "working days", 1 ... 5, 0 ... 365, assumption)
    add("slowResponseDays", \.slowResponseDays, "Mean working days a department takes to answer at internal orientation 1", "working days", 4 ... 15, 0 ... 365,
        "assumption for the internally oriented barrier (slow answers; \(thesis) Table 12, Nederhand et al. 2019)")
    add("departmentRequestCapacity", \.departmentRequestCapacity, "Open connector requests per official before workload lowers cooperation",
        "requests per official", 0.02 ... 0.2, 0.0001 ... 100, "assumption for \(thesis) §4.4: requests are seen as 'extra werk'")
    all += perRole("lifeworldBase", \.lifeworldBase, "Share of an official's shortfall on the lifeworld side the connector makes up", unit: "share",
                   ranges: [0.6 ... 0.95, 0.5 ... 0.85, 0.55 ... 0.9, 0.5 ... 0.85], domain: probability,
                   "\(thesis) §4.2.1 and §5.1.1: officials who do not consult the connector act on assumptions about the neighbourhood (size: assumption)")
    add("lifeworldParticipation", \.lifeworldParticipation, "Lifeworld engagement per step of the residents slider around its middle", weight, 0.1 ... 0.5, 0 ... 2,
        "assumption for \(platform31) §2.1 (process with residents)")
    add("lateConflictFactor", \.lateConflictFactor, "Factor on the connector's added value for a conflict it is called into late", "factor", 0.5 ... 0.9, probability,
        "\(thesis) §4.2.4: officials seldom call the connector in when conflicts threaten (size: assumption)")
    all += perRole("directResidentBase", \.directResidentBase, "Base success of a resident's request without the connector", unit: "probability",
                   ranges: [0.6 ... 0.9, 0.2 ... 0.5, 0.2 ... 0.5, 0.15 ... 0.45], domain: probability,
                   "assumption: questions find an answer at the desk, initiatives and problems strand (\(thesis) §5.1.2)")
    add("directStandardisationWeight", \.directStandardisationWeight, "Direct success lost at full standardisation barrier", weight, 0.3 ... 0.7, probability,
        "assumption: residents face the barriers without help (\(thesis) Table 12)")
    add("directInternalOrientationWeight", \.directInternalOrientationWeight, "Direct success lost at full internal-orientation barrier", weight, 0.1 ... 0.5, probability, assumption)
    add("directFunctionSpecificWeight", \.directFunctionSpecificWeight, "Direct success lost per extra domain at full function-specific barrier", weight, 0.4 ... 0.8, probability, assumption)
    add("directResultOrientationWeight", \.directResultOrientationWeight, "Direct success lost at full result-orientation barrier", weight, 0.2 ... 0.6, probability, assumption)
    add("directInitiativeParticipation", \.directInitiativeParticipation, "Direct success lift for initiatives at residents slider high", "factor", 0.1 ... 0.3, 0 ... 2,
        "assumption for \(platform31) §2.1 (support for initiatives)")
    add("usualSuspectDirectLift", \.usualSuspectDirectLift, "Direct success lift for usual suspects", "factor", 0 ... 0.2, 0 ... 2,
        "\(platform31): usual suspects find the way to the town hall (size: assumption)")
    add("directCommunication", \.directCommunication, "Residents' direct success lift at communication high (they know where to go)", "factor", 0 ... 0.2, 0 ... 2,
        "assumption for \(platform31) §2.1 (communication)")
    all += perRole("directOfficialBase", \.directOfficialBase, "Base success of an official's request into the neighbourhood without the connector",
                   unit: "probability", ranges: [0.35 ... 0.7, 0.2 ... 0.5, 0.25 ... 0.55, 0.15 ... 0.45], domain: probability,
                   "assumption: officials who do not consult the connector act on assumptions about the neighbourhood (\(thesis) §5.1.1)")
    // Escalation
    all += perLevel("escalationEffect", \.escalationEffect, "Chance an escalation changes the answer", unit: "probability",
                    ranges: [0.3 ... 0.6, 0.4 ... 0.7, 0.5 ... 0.85], domain: probability,
                    "\(thesis) §4.3: escalation \"tot andere prioriteitstelling bij een leidinggevende leidt\"; higher up weighs more (assumption)")
    all += perLevel("escalationDays", \.escalationDays, "Mean working days an escalation takes", unit: "working days",
                    ranges: [1 ... 5, 3 ... 10, 5 ... 15], domain: 0 ... 365, assumption)
    add("escalationTrustCost", \.escalationTrustCost, "Loss of the escalated department's trust per escalation", "trust (0-1)", 0.02 ... 0.12, probability,
        "\(thesis) §4.3: escalation is felt as \"verraad, iemand naaien, de vuile was buiten hangen\" (size: assumption)")
    add("politicsWillingness", \.politicsWillingness, "Extra willingness to escalate at politics high", "factor", 0.25 ... 0.75, 0 ... 2,
        "\(thesis) §4.3: \"je moet rugdekking hebben van iemand hoog in de boom\" (size: assumption)")
    add("repositionedReluctance", \.repositionedReluctance, "Factor on reluctance after repositioning", "factor", 0.25 ... 0.75, probability,
        "\(thesis) §5.6.4: political-administrative backing gives connectors 'slagkracht' (size: assumption)")
    add("implicitPortfolioWeight", \.implicitPortfolioWeight, "Weight of an implicit portfolio holder relative to an explicit one", "factor", 0.5 ... 0.9, probability,
        "\(thesis) §4.3 and §5.6.4: only Katwijk names an explicit portfolio holder (size: assumption)")
    add("politicsAldermanLift", \.politicsAldermanLift, "Alderman's extra escalation effect at politics high", "probability", 0.05 ... 0.25, probability, assumption)
    add("escalationWear", \.escalationWear, "Wear of escalation: effect divided by 1 + wear × recent escalations against the department", weight,
        0.02 ... 0.3, 0 ... 5, "assumption for \(thesis) §4.3 (escalation is felt as betrayal; overuse wears its weight out)")
    add("escalationMemoryDecay", \.escalationMemoryDecay, "Share of the recent-escalation count forgotten each week", "share per week", 0.02 ... 0.1, probability, assumption)
    // Bridges
    add("bridgeChance", \.bridgeChance, "Chance a solved problem leaves a direct official–resident tie, at balanced emphasis", "probability", 0.25 ... 0.75, probability,
        "\(thesis) §4.2.3: \"soms [...] komt dat contact tot stand en dan kan je er tussenuit\" (size: assumption)")
    add("bridgeStepOut", \.bridgeStepOut, "Share of the connector's traffic that goes direct over a full-strength bridge", "share", 0.25 ... 0.75, probability,
        "\(thesis) §4.2.3: \"eigenlijk wil je jezelf overbodig maken\" (size: assumption)")
    add("bridgeDirectLift", \.bridgeDirectLift, "Direct success lift over a full-strength bridge", "factor", 0.1 ... 0.5, 0 ... 2, assumption)
    add("bridgeDecay", \.bridgeDecay, "Share of a bridge's strength lost each week without use", "share per week", 0.005 ... 0.05, probability,
        "assumption: ties fade without use (\(thesis) §4.2.3: nobody sees themselves as owner to keep the connections)")
    // Feedback
    add("initialTrust", \.initialTrust, "Initial trust of a department without the connectors' ties into it", "trust (0-1)", 0.2 ... 0.4, probability, assumption)
    add("initialFamiliarity", \.initialFamiliarity, "Initial familiarity of a department without the connectors' ties into it", "familiarity (0-1)", 0.1 ... 0.3, probability,
        "assumption for \(thesis) §4.4 (the added value is unknown)")
    add("trustGain", \.trustGain, "Share of the gap to full trust gained per successful cooperation", "share", 0.01 ... 0.06, probability,
        "assumption for \(thesis) §5.6.2 (positive experiences)")
    add("familiarityGain", \.familiarityGain, "Share of the gap to full familiarity gained per successful cooperation", "share", 0.02 ... 0.1, probability,
        "assumption for \(thesis) §5.6.2 (positive experiences)")
    add("consultationFamiliarityLift", \.consultationFamiliarityLift, "Extra familiarity gain with inclusion in consultation structures", "share of the gain",
        0.25 ... 1, 0 ... 5, "\(thesis) §5.5 and §5.6.3 (inclusion makes connectors findable; size: assumption)")
    add("conflictTrustLoss", \.conflictTrustLoss, "Loss of residents' trust when a conflict is not mediated in time", "trust per 1,000 residents",
        0.05 ... 0.2, probability, "assumption (\(thesis) §4.2.4: unmediated conflicts escalate)")
    add("officialSuccessTrustShare", \.officialSuccessTrustShare, "Residents' trust gained per connected official's request, as a share of the conflict loss",
        "share", 0.1 ... 0.5, 0 ... 2, "assumption (\(thesis) §4.2.4: lasting relationships)")
    add("directConflictTrustShare", \.directConflictTrustShare, "Residents' trust lost per failed direct conflict, as a share of the conflict loss",
        "share", 0.25 ... 0.75, 0 ... 2, assumption)
    add("residentTrustDrift", \.residentTrustDrift, "Share of the gap to neutral residents' trust closed each week", "share per week", 0.01 ... 0.05, probability,
        "assumption: memories fade")
    return all
}
